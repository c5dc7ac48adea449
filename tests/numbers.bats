#!/usr/bin/env bats
# Numbers as written (segprof(1) NUMBERS): integral reals where an integer is expected, the
# NaN/Infinity tokens pandas and Python's json write, and (below) exact decimals.
#
#   SEGPROF=/path/to/segprof bats tests/numbers.bats     (default: build/segprof)
#
# Expected figures come from tests/ref/segprof_ref.py (Decimal arithmetic) and are written
# down by hand beside each test.

load helpers

FIX="$BATS_TEST_DIRNAME/fixtures/numbers"
REF="$BATS_TEST_DIRNAME/ref/segprof_ref.py"

setup() {
    [ -x "$SEGPROF" ] || fail "segprof binary not found at $SEGPROF (build first, or set SEGPROF)"
}

# ---------------------------------------------------------------- integral reals (pandas)

@test "pandas floats as ids, cluster ids and frequencies equal the integers" {
    # pandas.json writes 12346.0, 1e3, 17.00, -0.0, cluster 1.0, 10.0, 1e1 ...; plain.json the
    # same data as integers.  Cluster 10 = customers 1000 (80.25) and 0 (5.5): avg 42.875
    # -> 42.88; cluster 2 = 17 (10) and C9 (0.30000000000000004): 5.15000000000000002 -> 5.15.
    run --separate-stderr "$SEGPROF" "$FIX/plain.json"
    assert_success
    local plain=$output
    assert_equal "$(python3 "$REF" "$FIX/plain.json")" "$plain"
    assert_equal "$(jq -c '[.cluster_profiles[] | [.cluster_id, .avg_spend]]' <<<"$plain")" \
        '[[1,120.5],[2,5.15],[10,42.88]]'
    run --separate-stderr "$SEGPROF" "$FIX/pandas.json"
    assert_success
    assert_equal "$output" "$plain"
    assert_equal "$stderr" ""
    assert_equal "$(python3 "$REF" "$FIX/pandas.json")" "$plain"
}

@test "pandas floats in NDJSON customers and CSV/TSV labels: same profiles, every -j" {
    local plain
    plain=$("$SEGPROF" "$FIX/plain.json")
    for labels in pandas.labels.csv pandas.labels.tsv; do
        for j in 1 2; do
            run --separate-stderr "$SEGPROF" -j "$j" --customers "$FIX/pandas.ndjson" \
                --labels "$FIX/$labels"
            assert_success
            assert_equal "$output" "$plain"
        done
    done
    assert_equal "$(python3 "$REF" --customers "$FIX/pandas.ndjson" \
        --labels "$FIX/pandas.labels.csv")" "$plain"
}

@test "a CSV cluster column of floats sorts as integers, not as the strings 0.0 1.0 10.0 2.0" {
    printf '{"id":%d,"frequency":1,"amount_spent":1,"product_types":[]}\n' 1 2 3 4 \
        >"$BATS_TEST_TMPDIR/c.ndjson"
    printf 'customer_id,cluster_id\n1,0.0\n2,1.0\n3,10.0\n4,2.0\n' >"$BATS_TEST_TMPDIR/l.csv"
    run --separate-stderr "$SEGPROF" --customers "$BATS_TEST_TMPDIR/c.ndjson" \
        --labels "$BATS_TEST_TMPDIR/l.csv" -f tsv
    assert_success
    assert_equal "$(cut -f1 <<<"$output" | tr '\n' ' ')" "cluster_id 0 1 2 10 "
}

@test "CSV ids and clusters that are not integral numbers stay text" {
    # 1.5 is a string cluster; 007 and 0e5 (not a JSON number / a hexadecimal-looking zero)
    # are ids as written; 1.5e1 is the integer 15.
    printf '{"id":"%s","frequency":1,"amount_spent":2,"product_types":[]}\n' 007 0e5 15 \
        >"$BATS_TEST_TMPDIR/c.ndjson"
    printf 'customer_id,cluster_id\n007,1.5\n0e5,1.5\n1.5e1,3\n' >"$BATS_TEST_TMPDIR/l.csv"
    run --separate-stderr "$SEGPROF" --customers "$BATS_TEST_TMPDIR/c.ndjson" \
        --labels "$BATS_TEST_TMPDIR/l.csv" -f tsv
    assert_success
    assert_equal "$(cut -f1,2 <<<"$output" | tr '\t\n' ': ')" "cluster_id:n_customers 3:1 1.5:2 "
}

@test "integral reals beyond 64 bits and fractions: errors at their pointer" {
    local doc='{"customers":[{"id":1e19,"frequency":1,"amount_spent":1,"product_types":[]},'
    doc+='{"id":2.5,"frequency":1,"amount_spent":1,"product_types":[]}],'
    doc+='"labels":{"1":9223372036854775808.0,"2":1.5}}'
    fails 65 "segprof: <stdin>: /customers/0/id: integer id out of range (64 bits): write it as a string
segprof: <stdin>: /customers/1/id: expected a string or an integer, got 2.5
segprof: <stdin>: /labels/1: integer cluster id out of range (64 bits): write it as a string
segprof: <stdin>: /labels/2: expected a cluster id (an integer or a non-empty string), got a real number" \
        - <<<"$doc"
}

@test "the largest integers written as reals are exact" {
    # 9223372036854775807.0 is 2^63 - 1 and -9223372036854775808.0 is -2^63: the cluster ids
    # as integers; 9007199254740993.0 is not rounded to the double 9007199254740992.
    local doc='{"customers":[{"id":-9223372036854775808.0,"frequency":9007199254740993.0,'
    doc+='"amount_spent":1,"product_types":[]},{"id":9223372036854775807e0,'
    doc+='"frequency":9223372036854775807.0,"amount_spent":1,"product_types":[]}],'
    doc+='"labels":{"-9223372036854775808":-9223372036854775808.0,"9223372036854775807":92233720368547758.07e2}}'
    run --separate-stderr "$SEGPROF" -f tsv - <<<"$doc"
    assert_success
    assert_equal "$(cut -f1,5 <<<"$output" | tr '\t\n' ': ')" \
        "cluster_id:avg_frequency -9223372036854775808:9007199254740993.0 9223372036854775807:9223372036854775807.0 "
}

# ---------------------------------------------------------------- NaN and Infinity tokens

@test "NaN, Infinity and -Infinity: a precise error at their line and column" {
    local nan="invalid JSON: NaN is not a JSON number (pandas and Python's json write it for a missing value: write null, or leave the record out)"
    local inf="is not a JSON number (Python's json writes it for an infinite float; segprof reads finite decimals only)"
    printf '%s\n' '{"id":1,"frequency":1,"amount_spent":1,"product_types":[]}' \
        '{"id":2,"frequency":1,"amount_spent":NaN,"product_types":[]}' \
        '{"id":3,"frequency":Infinity,"amount_spent":1,"product_types":[]}' \
        '{"id":4, "frequency":1,"amount_spent":-Infinity,"product_types":[]}' \
        >"$BATS_TEST_TMPDIR/c.ndjson"
    printf '1,0\n2,0\n3,0\n4,0\n' >"$BATS_TEST_TMPDIR/l.csv"
    fails 65 "segprof: $BATS_TEST_TMPDIR/c.ndjson:2:38: $nan
segprof: $BATS_TEST_TMPDIR/c.ndjson:3:21: invalid JSON: Infinity $inf
segprof: $BATS_TEST_TMPDIR/c.ndjson:4:39: invalid JSON: -Infinity $inf" \
        --customers "$BATS_TEST_TMPDIR/c.ndjson" --labels "$BATS_TEST_TMPDIR/l.csv"
}

@test "NaN as a cluster id in a request document and in a JSON labels file" {
    local nan="invalid JSON: NaN is not a JSON number (pandas and Python's json write it for a missing value: write null, or leave the record out)"
    fails 65 "segprof: <stdin>:1:89: $nan" - \
        <<<'{"customers":[{"id":1,"frequency":1,"amount_spent":1,"product_types":[]}],"labels":{"1":NaN}}'
    printf '{"id":1,"frequency":1,"amount_spent":1,"product_types":[]}\n' >"$BATS_TEST_TMPDIR/c.ndjson"
    printf '{\n  "1": NaN\n}\n' >"$BATS_TEST_TMPDIR/l.json"
    fails 65 "segprof: $BATS_TEST_TMPDIR/l.json:2:8: $nan" \
        --customers "$BATS_TEST_TMPDIR/c.ndjson" --labels "$BATS_TEST_TMPDIR/l.json"
}
