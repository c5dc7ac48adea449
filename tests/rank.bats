#!/usr/bin/env bats
# Ranking the top categories (segprof(1) "TF-IDF" and "Lift"): --rank=tfidf|lift and
# --min-support. The expected figures are worked out by hand in
# tests/fixtures/rank/README.md and checked against the independent reference
# tests/ref/segprof_ref.py.
#
#   SEGPROF=/path/to/segprof bats tests/rank.bats     (default: build/segprof)

load helpers

REF="$BATS_TEST_DIRNAME/ref/segprof_ref.py"
FIX="$BATS_TEST_DIRNAME/fixtures/rank"
# the real data sets beside the repository (../shared); SEGPROF_REAL_DATA names another place
REAL="${SEGPROF_REAL_DATA:-$BATS_TEST_DIRNAME/../../shared/data/real}"

setup() {
    export LC_ALL=C
    TMP=$BATS_TEST_TMPDIR
}

# top SEGPROF_ARGS...: "cluster<TAB>top_categories" lines of a tsv run on the fixture.
top() {
    "$SEGPROF" -q --unlabeled=skip -f tsv "$@" "$FIX/lift.request.json" | cut -f 1,6
}

@test "lift: the hand-worked order, ties in first-seen order" {
    run top --rank=lift --min-support=1
    assert_success
    # cluster 1: wine 2.5 (a1) = cheese 2.5 (a3), bread 1.0, milk 0.9375
    # cluster 2: toys 1.666..., milk 1.0416..., bread 1.0
    assert_output "$(printf 'cluster_id\ttop_categories\n1\twine, cheese, bread, milk\n2\ttoys, milk, bread')"
}

@test "tfidf stays the default and ranks otherwise on the same data" {
    run top
    assert_success
    # idf(df=2) = 1, idf(df=1) = ln(3/2) + 1: wine 4.22, milk 3, cheese 2.81, bread 2
    assert_output "$(printf 'cluster_id\ttop_categories\n1\twine, milk, cheese, bread\n2\tmilk, bread, toys')"
    cmp <("$SEGPROF" -q --unlabeled=skip "$FIX/lift.request.json") \
        <("$SEGPROF" -q --unlabeled=skip --rank=tfidf "$FIX/lift.request.json")
    # the API's worked example, unchanged
    cmp <("$SEGPROF" --rank=tfidf "$BATS_TEST_DIRNAME/fixtures/compute/example.request.json") \
        "$BATS_TEST_DIRNAME/fixtures/compute/example.expected.json"
}

@test "lift: --min-support leaves out the slugs of too few customers of the cluster" {
    run top --rank=lift --min-support=3
    assert_success
    assert_output "$(printf 'cluster_id\ttop_categories\n1\twine, milk\n2\tmilk, bread')"
    run top --rank=lift --min-support=5
    assert_output "$(printf 'cluster_id\ttop_categories\n1\t\n2\tmilk')"
    # the default, 10: no slug of this small fixture has enough customers
    run top --rank=lift
    assert_output "$(printf 'cluster_id\ttop_categories\n1\t\n2\t')"
    run top --rank=lift --min-support=10
    assert_output "$(printf 'cluster_id\ttop_categories\n1\t\n2\t')"
}

@test "lift: --top cuts the ranking" {
    run top --rank=lift --min-support=1 --top=2
    assert_output "$(printf 'cluster_id\ttop_categories\n1\twine, cheese\n2\ttoys, milk')"
    run top --rank=lift --min-support=1 -n 0
    assert_output "$(printf 'cluster_id\ttop_categories\n1\t\n2\t')"
}

@test "lift: the population is the profiled customers (u1, skipped, counts nowhere)" {
    # u1 (toys, wine) left out: T(toys) = 2 of N = 10. Were it counted, toys would have
    # lift (2/6) / (3/11) = 1.22 and milk (5/6) / (8/11) = 1.15 still below it, but wine
    # in cluster 1 (3/4) / (4/11) = 2.06 would fall below cheese (2/4) / (2/11) = 2.75.
    run top --rank=lift --min-support=1
    assert_line --index 1 "$(printf '1\twine, cheese, bread, milk')"
    # the same customers without u1 give the same bytes
    jq 'del(.customers[4])' "$FIX/lift.request.json" >"$TMP/nou1.json"
    cmp <("$SEGPROF" --rank=lift --min-support=1 "$TMP/nou1.json") \
        <("$SEGPROF" -q --unlabeled=skip --rank=lift --min-support=1 "$FIX/lift.request.json")
}

@test "lift: the reference agrees in every text format" {
    for f in json ndjson csv tsv; do
        cmp <("$SEGPROF" -q --unlabeled=skip --rank=lift --min-support=2 -f "$f" "$FIX/lift.request.json") \
            <(python3 "$REF" -q --unlabeled=skip --rank=lift --min-support=2 -f "$f" "$FIX/lift.request.json")
    done
}

@test "bad --rank and --min-support values are usage errors" {
    fails 64 "segprof: invalid value 'idf' for --rank (expected tfidf or lift)
Try 'segprof --help' for more information." --rank=idf "$FIX/lift.request.json"
    fails 64 "segprof: invalid value '0' for --min-support (expected an integer from 1 to 1000000000)
Try 'segprof --help' for more information." --rank=lift --min-support=0 "$FIX/lift.request.json"
    fails 64 "segprof: invalid value '-3' for --min-support (expected an integer from 1 to 1000000000)
Try 'segprof --help' for more information." --rank=lift --min-support=-3 "$FIX/lift.request.json"
    fails 64 "segprof: --min-support applies to --rank=lift only
Try 'segprof --help' for more information." --min-support=3 "$FIX/lift.request.json"
    fails 64 "segprof: --min-support applies to --rank=lift only
Try 'segprof merge --help' for more information." merge --rank=tfidf --min-support=3
}

# A larger input with many equal lifts: 6 clusters, 40 slugs, 24,000 customers.
make_big() {
    awk 'BEGIN {
        for (i = 1; i <= 24000; i++) {
            printf "{\"id\":\"K%05d\",\"frequency\":%d,\"amount_spent\":%d.%02d,\"product_types\":[\"s%d\",\"s%d\",\"s%d\"]}\n",
                i, i % 5 + 1, (i * 7919) % 900, i % 100, i % 40, (i * 7) % 40, (i * i) % 37
        }
    }' >"$TMP/c.ndjson"
    awk 'BEGIN { print "customer_id,cluster_id"; for (i = 1; i <= 24000; i++) printf "K%05d,%d\n", i, (i * 13) % 6 }' \
        >"$TMP/l.csv"
}

@test "lift: the same bytes for every -j, equal to the reference" {
    make_big
    for f in json csv; do
        "$SEGPROF" -j 1 --rank=lift --min-support=30 -f $f --customers "$TMP/c.ndjson" --labels "$TMP/l.csv" >"$TMP/j1.$f"
        for j in 2 3; do
            "$SEGPROF" -j $j --rank=lift --min-support=30 -f $f --customers "$TMP/c.ndjson" --labels "$TMP/l.csv" >"$TMP/j.$f"
            cmp "$TMP/j1.$f" "$TMP/j.$f"
        done
    done
    python3 "$REF" --rank=lift --min-support=30 -f csv --customers "$TMP/c.ndjson" --labels "$TMP/l.csv" >"$TMP/ref.csv"
    cmp "$TMP/j1.csv" "$TMP/ref.csv"
    # something to rank: every cluster has a top
    run cut -d, -f 6 "$TMP/j1.csv"
    refute_line ''
}

@test "lift: partials merged give the bytes of one run" {
    make_big
    head -n 9000 "$TMP/c.ndjson" >"$TMP/c1.ndjson"
    tail -n +9001 "$TMP/c.ndjson" >"$TMP/c2.ndjson"
    for s in 1 2; do
        "$SEGPROF" -j 2 --partial --customers "$TMP/c$s.ndjson" --labels "$TMP/l.csv" >"$TMP/p$s.ndjson"
    done
    for f in json tsv; do
        cmp <("$SEGPROF" merge --rank=lift --min-support=30 -f $f "$TMP/p1.ndjson" "$TMP/p2.ndjson") \
            <("$SEGPROF" --rank=lift --min-support=30 -f $f --customers "$TMP/c.ndjson" --labels "$TMP/l.csv")
    done
    # the rank options belong to the merge; a partial is the same with or without them
    cmp <("$SEGPROF" --partial --rank=lift --customers "$TMP/c1.ndjson" --labels "$TMP/l.csv") "$TMP/p1.ndjson"
}

# leaders DATA [ARGS...]: the distinct leading categories of DATA's clusters, one a line.
leaders() {
    local data=$1
    shift
    "$SEGPROF" -f tsv "$@" "$REAL/$data.request.json" | tail -n +2 | cut -f 6 | sed 's/,.*//' | sort -u
}

@test "real data: lift gives every cluster its own leading category, tfidf does not" {
    [ -d "$REAL" ] || skip "no real data beside the repository ($REAL)"
    for d in olist_2017_10k:4 online_retail:4 completejourney_sample:5; do
        local data=${d%:*} k=${d#*:}
        run leaders "$data"
        assert_success
        [ "${#lines[@]}" -lt "$k" ] || fail "$data: tfidf already tells the $k clusters apart: ${lines[*]}"
        run leaders "$data" --rank=lift
        assert_success
        [ "${#lines[@]}" -eq "$k" ] || fail "$data: lift leaders not distinct: ${lines[*]}"
        cmp <("$SEGPROF" -f tsv --rank=lift "$REAL/$data.request.json") \
            <(python3 "$REF" -f tsv --rank=lift "$REAL/$data.request.json")
    done
    # the leaders of the man page's "Lift" section
    run leaders olist_2017_10k --rank=lift
    assert_output "$(printf 'bed_bath_table\ncomputers\nconstruction_tools_construction\nfashion_underwear_beach')"
}
