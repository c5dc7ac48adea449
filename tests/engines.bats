#!/usr/bin/env bats
# Hash shards and tree merges run by real and imitated engines: segprof(1), PARTIAL RESULTS AND
# MERGE (Hadoop Streaming, Spark, Dask, GNU parallel).  Every run is compared byte for byte with
# one segprof run over the whole input.  The Dask test runs examples/dask/segprof_dask.py on a
# LocalCluster of 2 worker processes (needs python3-distributed and gen.py); the Hadoop and Spark
# recipes run their scripts from examples/ through local imitations of the frameworks.

load helpers

setup() {
    FIX="$BATS_TEST_DIRNAME/fixtures/shard"
    EXAMPLES="$BATS_TEST_DIRNAME/../examples"
    GEN="${SEGPROF_GEN:-$BATS_TEST_DIRNAME/../../shared/bench/gen.py}"
    cd "$BATS_TEST_TMPDIR"
    # the recipes call `segprof` by name
    mkdir -p bin
    ln -sf "$SEGPROF" bin/segprof
    PATH="$BATS_TEST_TMPDIR/bin:$PATH"
}

# mixed: the mixed-id fixture data in d/ (ids of every form, string and integer clusters)
mixed() {
    command -v python3 >/dev/null || skip "python3 not installed"
    mkdir -p d
    python3 "$FIX/mixed_ids.py" d "${1:-3000}" || fail "mixed_ids.py failed"
    "$SEGPROF" -f csv --customers d/c.ndjson --labels d/l.csv >single.csv
}

# a python3 that has dask.distributed (Debian's, even under another python3 on PATH)
dask_python() {
    local py
    for py in python3 /usr/bin/python3; do
        if command -v "$py" >/dev/null && "$py" -c 'import dask.distributed' 2>/dev/null; then
            echo "$py"
            return
        fi
    done
    return 1
}

@test "Dask: examples/dask/segprof_dask.py on a LocalCluster of 2 worker processes = one run (gen.py S)" {
    [ -z "${SEGPROF_SANITIZED:-}" ] || skip "sanitized build: the worker processes take too long"
    [ -f "$GEN" ] || skip "gen.py not found ($GEN)"
    local py
    py=$(dask_python) || skip "python3-distributed not installed"
    python3 "$GEN" -n 10000 -f split -o S -q
    "$SEGPROF" -f csv --customers S.customers.ndjson --labels S.labels.csv >single.csv
    run --separate-stderr "$py" "$EXAMPLES/dask/segprof_dask.py" --local-workers 2 --shards 5 \
        --fan-in 2 --customers S.customers.ndjson --labels S.labels.csv -- -f csv -o dask.csv
    assert_success
    cmp dask.csv single.csv
    # a failing shard fails the script with segprof's status and message
    # (the first label again at the end: only the shard of that customer fails)
    { cat S.labels.csv; sed -n 2p S.labels.csv; } >dup.csv
    local id n
    id=$(sed -n '2s/,.*//p' S.labels.csv)
    n=$(wc -l <dup.csv)
    run --separate-stderr "$py" "$EXAMPLES/dask/segprof_dask.py" --local-workers 2 --shards 2 \
        --customers S.customers.ndjson --labels dup.csv -- -f csv
    assert_failure 65
    assert_equal "$output" ""
    assert_equal "$stderr" "segprof: dup.csv:$n: duplicate label for customer \"$id\""
}

@test "GNU parallel: 4 hash shards (--shard {}/4) merged = one run; --pipepart line pieces merged = one run" {
    command -v parallel >/dev/null || skip "GNU parallel not installed"
    mixed
    parallel --will-cite -j 2 segprof --shard {}/4 -j 1 --customers d/c.ndjson --labels d/l.csv \
        -o part.{} ::: 0 1 2 3
    "$SEGPROF" merge -f csv part.0 part.1 part.2 part.3 | cmp - single.csv
    # pieces of about 20 kB of whole lines, kept in order (-k)
    parallel --will-cite -k --pipepart -a d/c.ndjson --block 20k \
        segprof --partial -j 1 -q --customers - --labels d/l.csv >pieces
    assert [ "$(grep -c segprof_partial pieces)" -gt 3 ]
    "$SEGPROF" merge -q -f csv <pieces | cmp - single.csv
}

# hdfs_stub: a fake `hdfs dfs -cat PATH` / `hdfs dfs -get [-f] PATH DEST` reading PATH under
# $BATS_TEST_TMPDIR/hdfs
hdfs_stub() {
    mkdir -p hdfs/data
    cat >bin/hdfs <<'SH'
#!/bin/bash
[ "$1" = dfs ] || exit 2
case $2 in
  -cat) cat "$FAKE_HDFS$3" ;;
  -get) src=$3; dst=$4; [ "$3" = -f ] && src=$4 dst=$5; cp "$FAKE_HDFS$src" "$dst" ;;
  *) exit 2 ;;
esac
SH
    chmod +x bin/hdfs
    export FAKE_HDFS=$BATS_TEST_TMPDIR/hdfs
}

@test "Hadoop Streaming recipe (examples/hadoop): map per shard, sort, 3 reducers, merge = one run" {
    mixed
    hdfs_stub
    cp d/c.ndjson hdfs/data/customers.ndjson
    cp d/l.csv hdfs/data/labels.csv
    local k=8 r=3 i
    # map: NLineInputFormat gives each task one line of shards.txt as "offset<TAB>I"; each task
    # runs in a directory of its own
    seq 0 $((k - 1)) >shards.txt
    for ((i = 0; i < k; i++)); do
        mkdir -p "map$i"
        (cd "map$i" && printf '%d\t%d\n' $((i * 2)) "$i" |
            "$EXAMPLES/hadoop/segprof-map.sh" $k /data/customers.ndjson /data/labels.csv >out) ||
            fail "map task $i failed"
    done
    # shuffle: sort by key, partition by key mod r
    cat map*/out | sort -t $'\t' -k1,1 >shuffled
    assert_equal "$(wc -l <shuffled)" "$k"
    for ((i = 0; i < r; i++)); do
        mkdir -p "reduce$i"
        awk -F'\t' -v r=$r -v i=$i '($1 + 0) % r == i' shuffled >"reduce$i/in"
        # streaming's text output: a tab after every line that has none
        (cd "reduce$i" && "$EXAMPLES/hadoop/segprof-reduce.sh" <in | sed 's/$/\t/' >"part-0000$i") ||
            fail "reduce task $i failed"
    done
    cat reduce*/part-* | "$SEGPROF" merge -f csv | cmp - single.csv
    # a reducer given nothing writes nothing
    (mkdir -p empty && cd empty && "$EXAMPLES/hadoop/segprof-reduce.sh" </dev/null >out && [ ! -s out ])
}

@test "Spark recipe (examples/spark): shards mapped, treeReduce of pairwise merges = one run" {
    mixed
    # a local pyspark: parallelize, map, and treeReduce as a tree of pairwise merges
    mkdir -p pyspark
    cat >pyspark/__init__.py <<'PY'
class RDD:
    def __init__(self, items):
        self.items = list(items)
    def map(self, f):
        return RDD(f(x) for x in self.items)
    def treeReduce(self, f, depth=2):
        level = self.items
        while len(level) > 1:
            level = [f(level[j], level[j + 1]) if j + 1 < len(level) else level[j]
                     for j in range(0, len(level), 2)]
        return level[0]
class SparkContext:
    def __init__(self, appName=None):
        pass
    def parallelize(self, seq, n=None):
        return RDD(seq)
    def stop(self):
        pass
PY
    PYTHONPATH=$BATS_TEST_TMPDIR python3 "$EXAMPLES/spark/segprof_spark.py" 7 d/c.ndjson d/l.csv \
        profiles.csv
    cmp profiles.csv single.csv
}
