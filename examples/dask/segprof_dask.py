#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Profile customers on a Dask cluster with segprof hash shards.

Each of K tasks runs `segprof --shard I/K --partial -j 1` on the whole input
(every worker must be able to read the files named), the partials are merged
in a tree of `segprof merge --partial` tasks (FANIN at a time, on the workers),
and the last merge writes the profiles here.  See segprof(1), PARTIAL RESULTS
AND MERGE.

  segprof_dask.py --customers C --labels L [--shards K] [--fan-in F]
                  [--scheduler ADDRESS | --local-workers N] [--segprof PATH]
                  [-- MERGE OPTION...]

MERGE OPTIONs go to the last merge (e.g. -- -f csv -o profiles.csv).  Without
--scheduler a LocalCluster of N worker processes (default 2, one thread each)
is started.  Exit status: segprof's when a segprof task fails (its message is
printed), else 0."""
import argparse
import logging
import subprocess
import sys

from dask.distributed import Client, LocalCluster


class SegprofError(Exception):
    """A segprof run failed: its exit status and standard error."""

    def __init__(self, status, stderr):
        super().__init__(status, stderr)  # both in args: the error is pickled back from a worker
        self.status = status
        self.stderr = stderr


def segprof(binary, args, data=None):
    """Run segprof with args (standard input: data); its standard output."""
    p = subprocess.run([binary] + args, input=data, capture_output=True)
    if p.returncode != 0:
        raise SegprofError(p.returncode, p.stderr.decode(errors="replace"))
    return p.stdout


def shard(binary, i, k, customers, labels):
    return segprof(binary, ["--shard=%d/%d" % (i, k), "--partial", "-j", "1", "-q",
                            "--customers", customers, "--labels", labels])


def merge_partials(binary, *partials):
    return segprof(binary, ["merge", "--partial"], b"".join(partials))


def profile(client, args):
    """The merged partial of all K shards, as bytes."""
    level = client.map(shard, [args.segprof] * args.shards, range(args.shards),
                       [args.shards] * args.shards, [args.customers] * args.shards,
                       [args.labels] * args.shards, pure=False)
    while len(level) > 1:
        level = [client.submit(merge_partials, args.segprof, *level[j:j + args.fan_in], pure=False)
                 for j in range(0, len(level), args.fan_in)]
    return level[0].result()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--customers", required=True)
    ap.add_argument("--labels", required=True)
    ap.add_argument("--shards", type=int, default=4)
    ap.add_argument("--fan-in", type=int, default=4)
    ap.add_argument("--scheduler")
    ap.add_argument("--local-workers", type=int, default=2)
    ap.add_argument("--segprof", default="segprof")
    ap.add_argument("merge_options", nargs="*")
    args = ap.parse_args()
    if args.shards < 1 or args.fan_in < 2:
        ap.error("--shards must be at least 1 and --fan-in at least 2")
    cluster = None
    if args.scheduler:
        client = Client(args.scheduler)
    else:
        # the scheduler serves HTTP even without a dashboard, on 8787 unless told: ":0" takes a
        # free port, so that two local clusters at once do not collide (nor warn about it)
        cluster = LocalCluster(n_workers=args.local_workers, threads_per_worker=1,
                               processes=True, dashboard_address=":0",
                               silence_logs=logging.ERROR)
        client = Client(cluster)
    try:
        merged = profile(client, args)
        out = subprocess.run([args.segprof, "merge"] + args.merge_options, input=merged)
        return out.returncode
    except SegprofError as e:
        sys.stderr.write(e.stderr)
        return e.status
    finally:
        client.close()
        if cluster:
            cluster.close()


if __name__ == "__main__":
    sys.exit(main())
