#!/usr/bin/env bats
# Numbers as written (segprof(1) COMPUTATION, Numbers): integral reals where an integer is expected, the
# NaN/Infinity tokens pandas and Python's json write, and (below) exact decimals.
#
#   SEGPROF=/path/to/segprof bats tests/numbers.bats     (default: build/segprof)
#
# Expected figures come from tests/ref/segprof_ref.py (Decimal arithmetic) and are written
# down by hand beside each test.

load helpers

FIX="$BATS_TEST_DIRNAME/fixtures/numbers"

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
    fails 65 "segprof: <stdin>:1:21: /customers/0/id: integer id out of range (64 bits): write it as a string
segprof: <stdin>:1:83: /customers/1/id: expected a string or an integer, got 2.5
segprof: <stdin>:1:153: /labels/1: integer cluster id out of range (64 bits): write it as a string
segprof: <stdin>:1:179: /labels/2: expected a cluster id (an integer or a non-empty string), got a real number" \
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

# ---------------------------------------------------------------- exact decimals

# Expected figures of exact.json, by hand (and, for the standard columns, the reference):
#   cluster 0: 1.0049999999999999 -> 1.0 (a double would make it 1.005 -> 1.01)
#   cluster 1: amounts 9007199254740993, ...992, ...994: mean and median ...993 exactly;
#              frequencies ...993 + 2 + 3 = 9007199254740998, / 3 = 3002399751580332.67;
#              x = ...993 + ...992 - ...994 = 9007199254740991, / 3 = 3002399751580330.33,
#              median ...992
#   cluster 2: 0.30000000000000004 twice -> 0.3; x 0.1, 0.2: mean 0.15, sum 0.3
#   cluster 3: 0.015 and 0.01499999999999999: mean 0.014999999999999995 -> 0.01;
#              x -0.30000000000000004 + 1e-7 = -0.29999990000000004: sum -0.3, mean -0.15
EXACT_TSV='cluster_id	n_customers	avg_spend	median_spend	avg_frequency	top_categories	share_of_revenue_pct	insight
0	1	1.0	1.0	1.0	a	0.0	Growth-potential segment
1	3	9007199254740993.0	9007199254740993.0	3002399751580332.67	b	100.0	Focus on retention & upsell
2	2	0.3	0.3	0.0	c	0.0	Growth-potential segment
3	2	0.01	0.01	0.0	c	0.0	Growth-potential segment'
EXACT_EXTRAS='cluster_id	mean_x	median_x	sum_x	sum_frequency
0	1.0	1.0	1.0	1.0
1	3002399751580330.33	9007199254740992.0	9007199254740991.0	9007199254740998.0
2	0.15	0.15	0.3	0.0
3	-0.15	-0.15	-0.3	0.0'

@test "amounts of 16-17 significant digits are taken as written, not through a double" {
    run --separate-stderr "$SEGPROF" -f tsv "$FIX/exact.json"
    assert_success
    assert_equal "$output" "$EXACT_TSV"
    assert_equal "$(python3 "$REF" -f tsv "$FIX/exact.json")" "$EXACT_TSV"
}

@test "the issue's example: 1.0049999999999999 averages 1.0, 9007199254740993 prints as written" {
    local c='{"id":1,"frequency":1,"amount_spent":1.0049999999999999,"product_types":[]}'
    run --separate-stderr "$SEGPROF" -f tsv - <<<"{\"customers\":[$c],\"labels\":{\"1\":0}}"
    assert_success
    assert_equal "$(cut -f3,4 <<<"${lines[1]}")" "1.0	1.0"
    c='{"id":1,"frequency":1,"amount_spent":9007199254740993,"product_types":[]}'
    run --separate-stderr "$SEGPROF" --compact - <<<"{\"customers\":[$c],\"labels\":{\"1\":0}}"
    assert_success
    assert_output --partial '"avg_spend":9007199254740993.0,"median_spend":9007199254740993.0'
}

@test "--mean/--median/--sum read the decimal written, and agree with avg_frequency" {
    run --separate-stderr "$SEGPROF" -f tsv --mean x --median x --sum x --sum frequency "$FIX/exact.json"
    assert_success
    assert_equal "$(cut -f1,9- <<<"$output")" "$EXACT_EXTRAS"
    # with frequency ...993 alone, avg_frequency and sum_frequency print the same digits
    local c='{"id":1,"frequency":9007199254740993,"amount_spent":1,"product_types":[]}'
    run --separate-stderr "$SEGPROF" -f tsv --sum frequency --mean frequency - \
        <<<"{\"customers\":[$c],\"labels\":{\"1\":0}}"
    assert_equal "$(cut -f5,9,10 <<<"${lines[1]}")" \
        "9007199254740993.0	9007199254740993.0	9007199254740993.0"
}

@test "exact figures in every input form, for -j 1 and -j 2, and through --partial and merge" {
    local want
    want=$("$SEGPROF" -f tsv --median x --sum x "$FIX/exact.json")
    # (exact.ndjson and exact.labels.csv: exact.json's customers and labels, written by hand:
    # jq would round the numbers through doubles)
    cp "$FIX/exact.ndjson" "$BATS_TEST_TMPDIR/c.ndjson"
    cp "$FIX/exact.labels.csv" "$BATS_TEST_TMPDIR/l.csv"
    for j in 1 2; do
        run --separate-stderr "$SEGPROF" -j "$j" -f tsv --median x --sum x \
            --customers "$BATS_TEST_TMPDIR/c.ndjson" --labels "$BATS_TEST_TMPDIR/l.csv"
        assert_success
        assert_equal "$output" "$want"
    done
    # two shards, each a partial; the merge gives the same bytes
    head -n 4 "$BATS_TEST_TMPDIR/c.ndjson" >"$BATS_TEST_TMPDIR/c1.ndjson"
    tail -n +5 "$BATS_TEST_TMPDIR/c.ndjson" >"$BATS_TEST_TMPDIR/c2.ndjson"
    for k in 1 2; do
        "$SEGPROF" --partial --median x --sum x --unlabeled skip -q \
            --customers "$BATS_TEST_TMPDIR/c$k.ndjson" --labels "$BATS_TEST_TMPDIR/l.csv" \
            >"$BATS_TEST_TMPDIR/p$k.ndjson"
    done
    # the spends as written, exactly: packed lists decoded by the format of segprof(1),
    # PARTIAL RESULTS AND MERGE (scaled integers: zigzag first, then differences or runs)
    spends() {
        python3 -c '
import json, sys
from decimal import Decimal
A = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
for line in open(sys.argv[1]).read().splitlines()[1:]:
    v = json.loads(line)["spends"]
    t, x, shift = [], 0, 0
    for ch in v["vlq"]:
        d = A.index(ch); x |= (d & 31) << shift; shift += 5
        if not d & 32:
            t.append(x); x, shift = 0, 0
    m = -(t[0] >> 1) - 1 if t[0] & 1 else t[0] >> 1
    out = [m]
    for x in t[1:]:
        if x & 1: out += [m] * (x >> 1)
        else: m += x >> 1; out.append(m)
    print(" ".join(str(Decimal(m).scaleb(-v["scale"])) for m in out))' "$1"
    }
    assert_equal "$(spends "$BATS_TEST_TMPDIR/p1.ndjson")" "1.0049999999999999
9007199254740992 9007199254740993 9007199254740994"
    assert_equal "$(spends "$BATS_TEST_TMPDIR/p2.ndjson")" "0.30000000000000004 0.30000000000000004
0.01499999999999999 0.01500000000000000"
    run --separate-stderr "$SEGPROF" merge -f tsv "$BATS_TEST_TMPDIR/p1.ndjson" "$BATS_TEST_TMPDIR/p2.ndjson"
    assert_success
    assert_equal "$output" "$want"
}

@test "pandas' 17-digit floats (0.30000000000000004) work in a request and in NDJSON" {
    # 0.1 + 0.2 as a float is 0.30000000000000004; ten of them average 0.30000000000000004 -> 0.3
    local c='' i
    for i in 1 2 3 4 5 6 7 8 9 10; do
        c+="{\"id\":$i,\"frequency\":1,\"amount_spent\":0.30000000000000004,\"product_types\":[]},"
    done
    local labels='{"1":0,"2":0,"3":0,"4":0,"5":0,"6":0,"7":0,"8":0,"9":0,"10":0}'
    run --separate-stderr "$SEGPROF" --compact - <<<"{\"customers\":[${c%,}],\"labels\":$labels}"
    assert_success
    assert_output --partial '"n_customers":10,"avg_spend":0.3,"median_spend":0.3,'
}

@test "an amount of more than 19 significant digits is an error that says so" {
    local c='{"id":1,"frequency":1,"amount_spent":1.00000000000000000001,"product_types":[]}'
    fails 65 'segprof: <stdin>:1:52: /customers/0/amount_spent: more than 19 significant digits (segprof computes on the number as written and keeps 19): 1.00000000000000000001' \
        - <<<"{\"customers\":[$c],\"labels\":{\"1\":0}}"
    # trailing zeros are not significant
    c='{"id":1,"frequency":1,"amount_spent":1.50000000000000000000000,"product_types":[]}'
    run --separate-stderr "$SEGPROF" -f tsv - <<<"{\"customers\":[$c],\"labels\":{\"1\":0}}"
    assert_success
    assert_equal "$(cut -f3 <<<"${lines[1]}")" "1.5"
}

@test "tiny and huge amounts: exact within a double's range" {
    # 1e-400 is above 0 (a double would make it 0) but prints 0.0; 1e308 and 1.7976931348623157e308
    # are summed exactly: (1e308 + 1.7976931348623157e308) / 2 = 1.39884656743115785e308
    local c='{"id":1,"frequency":1,"amount_spent":1e-400,"product_types":[]},'
    c+='{"id":2,"frequency":1,"amount_spent":1e308,"product_types":[]},'
    c+='{"id":3,"frequency":1,"amount_spent":1.7976931348623157e308,"product_types":[]}'
    run --separate-stderr "$SEGPROF" -f tsv - <<<"{\"customers\":[$c],\"labels\":{\"1\":0,\"2\":1,\"3\":1}}"
    assert_success
    assert_equal "$(cut -f1,3 <<<"${lines[1]}")" "0	0.0"
    assert_equal "$(cut -f1,3 <<<"${lines[2]}")" "1	139884656743115785$(printf '0%.0s' $(seq 1 291)).0"
}
