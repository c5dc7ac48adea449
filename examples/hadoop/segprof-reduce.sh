#!/bin/bash
# SPDX-License-Identifier: MIT
# segprof-reduce.sh: a Hadoop Streaming reducer (segprof(1), Hadoop
# Streaming): merges the shards it is given into one partial, the first level
# of the merge tree.  A reducer given no shard writes nothing.
set -euo pipefail
cut -f 2- | tr '\t' '\n' > shards.ndjson
[ -s shards.ndjson ] || exit 0
segprof merge --partial shards.ndjson
