# SPDX-License-Identifier: MIT
"""segprof on Spark (segprof(1), Spark): K tasks each run one hash shard of
the whole input, and treeReduce merges the partials pairwise on the executors
(merging hash shards is associative and commutative); the driver holds one
merged partial, not K.

  spark-submit segprof_spark.py K CUSTOMERS LABELS OUTPUT

CUSTOMERS and LABELS: paths every executor can read; OUTPUT: the profiles
(CSV), written by the driver."""
import subprocess
import sys

from pyspark import SparkContext


def run(args, data=None):
    return subprocess.run(["segprof"] + args, input=data, capture_output=True,
                          check=True).stdout


def main():
    k, customers, labels, output = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    sc = SparkContext(appName="segprof")

    def shard(i):
        return run(["--shard=%d/%d" % (i, k), "-j", "1", "-q",
                    "--customers", customers, "--labels", labels])

    def merge(a, b):
        return run(["merge", "--partial"], a + b)

    partial = sc.parallelize(range(k), k).map(shard).treeReduce(merge, depth=2)
    run(["merge", "-f", "csv", "-o", output], partial)
    sc.stop()


if __name__ == "__main__":
    main()
