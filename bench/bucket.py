#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""bench/bucket.py — split customers (NDJSON) and labels (CSV) into K hash buckets.

    bench/bucket.py K CUSTOMERS.ndjson LABELS.csv OUTDIR

writes OUTDIR/customers.I.ndjson and OUTDIR/labels.I.csv for I in 0..K-1: each customer and
label goes to bucket FNV-1a-64(id) mod K, the shard function of segprof(1) (Hash shards), so
`segprof --shard I/K` over bucket I keeps every record it reads.  This is the layout a table
bucketed by id (Hive CLUSTERED BY, Spark repartition on the id) hands to its tasks; bench/shard.sh
times hash shards over it beside shards that each read the whole files.  String ids and integer
ids only (their canonical text is the string's bytes or the integer's decimal text); the hash is
computed here from the man page's definition, not by segprof.
"""
import csv
import json
import sys

FNV_OFFSET = 14695981039346656037
FNV_PRIME = 1099511628211
MASK = (1 << 64) - 1


def fnv1a64(data: bytes) -> int:
    h = FNV_OFFSET
    for byte in data:
        h = ((h ^ byte) * FNV_PRIME) & MASK
    return h


def canonical(id_value) -> bytes:
    if isinstance(id_value, bool) or not isinstance(id_value, (str, int)):
        raise SystemExit(f"bucket.py: id {id_value!r}: only string and integer ids")
    return str(id_value).encode()


def main() -> None:
    if len(sys.argv) != 5:
        raise SystemExit("usage: bucket.py K CUSTOMERS.ndjson LABELS.csv OUTDIR")
    k = int(sys.argv[1])
    customers, labels, outdir = sys.argv[2:]
    outs = [open(f"{outdir}/customers.{i}.ndjson", "wb") for i in range(k)]
    with open(customers, "rb") as f:
        for line in f:
            if line.strip():
                outs[fnv1a64(canonical(json.loads(line)["id"])) % k].write(line)
    for out in outs:
        out.close()
    outs = [open(f"{outdir}/labels.{i}.csv", "w", newline="") for i in range(k)]
    with open(labels, newline="") as f:
        rows = csv.reader(f)
        header = next(rows)
        writers = [csv.writer(out, lineterminator="\n") for out in outs]
        for w in writers:
            w.writerow(header)
        for row in rows:
            writers[fnv1a64(row[0].encode()) % k].writerow(row)
    for out in outs:
        out.close()


if __name__ == "__main__":
    main()
