#!/bin/bash
# SPDX-License-Identifier: MIT
# segprof-map.sh K CUSTOMERS LABELS: a Hadoop Streaming mapper (segprof(1),
# Hadoop Streaming).  Each input line names a hash shard I (NLineInputFormat
# passes "offset<TAB>I"); the whole customers and labels files are read from
# HDFS and shard I of K is written as one record: "I<TAB>partial", the
# partial's lines joined by tabs (a partial line never contains a raw tab).
set -euo pipefail
k=$1 customers=$2 labels=$3
hdfs dfs -get -f "$labels" labels.local
while IFS= read -r line; do
  i=${line##*$'\t'}
  printf '%05d\t' "$i"
  hdfs dfs -cat "$customers" |
    segprof --shard "$i/$k" -j 1 -q --customers - --labels labels.local |
    paste -s -d '\t' -
done
