#!/usr/bin/env bats
# --bad-rows=error|skip (segprof(1) OPTIONS, --bad-rows): customer records that break a rule are
# errors by default, or are left out of every figure with one warning.
#
#   SEGPROF=/path/to/segprof bats tests/badrows.bats     (default: build/segprof)
#
# fixtures/badrows/mixed.ndjson holds the four good records of good.ndjson (A1..A4) and eight
# bad ones; the profiles with skip must be those of good.ndjson, whose figures come from
# tests/ref/segprof_ref.py and by hand: cluster 1 = A1 120.5 + A2 80.25, avg 100.375 -> 100.38;
# cluster 2 = A3 10 + A4 5.5, avg 7.75; shares 200.75 / 216.25 = 92.83 and 7.17.

load helpers

FIX="$BATS_TEST_DIRNAME/fixtures/badrows"

GOOD='cluster_id	n_customers	avg_spend	median_spend	avg_frequency	top_categories	share_of_revenue_pct	insight
1	2	100.38	100.38	2.5	books, toys	92.83	Focus on retention & upsell
2	2	7.75	7.75	2.5	toys	7.17	Growth-potential segment'

NAN="invalid JSON: NaN is not a JSON number (pandas and Python's json write it for a missing value: write null, or leave the record out)"
WARN="segprof: warning: 8 bad customer records left out (--bad-rows=skip): mixed.ndjson:2:46, mixed.ndjson:4 /amount_spent, mixed.ndjson:5 /amount_spent, mixed.ndjson:7 /frequency, mixed.ndjson:8 /product_types, ...; the first: $NAN
segprof: warning: 6 labels name no customer in the input"

setup() {
    [ -x "$SEGPROF" ] || fail "segprof binary not found at $SEGPROF (build first, or set SEGPROF)"
    cd "$FIX"
}

@test "the reference agrees with the expected profiles of the good records" {
    assert_equal "$(python3 "$REF" -f tsv --customers good.ndjson --labels good.labels.csv)" "$GOOD"
}

@test "default (error): every bad record is an error, exit 65, nothing on stdout" {
    local every="segprof: mixed.ndjson:2:46: $NAN
segprof: mixed.ndjson:4: /amount_spent: expected a number >= 0, got -3
segprof: mixed.ndjson:5: /amount_spent: expected a number, got null
segprof: mixed.ndjson:7: /frequency: expected an integer, got 1.5
segprof: mixed.ndjson:8: /product_types: expected an array of strings, got a string
segprof: mixed.ndjson:9:44: invalid JSON: unexpected end of input
segprof: mixed.ndjson:10: expected a customer object, got an array
segprof: mixed.ndjson:12: /id: expected a string or an integer, got a boolean"
    fails 65 "$every" -f tsv --customers mixed.ndjson --labels labels.csv
    fails 65 "$every" -f tsv --customers mixed.ndjson --labels labels.csv --bad-rows=error
}

@test "skip: the profiles of the good records alone, one warning, exit 0, for -j 1 and -j 2" {
    local j
    for j in 1 2; do
        run --separate-stderr "$SEGPROF" -j "$j" -f tsv --customers mixed.ndjson \
            --labels labels.csv --bad-rows=skip
        assert_success
        assert_equal "$output" "$GOOD"
        assert_equal "$stderr" "$WARN"
    done
    run --separate-stderr "$SEGPROF" -q -f tsv --customers mixed.ndjson --labels labels.csv \
        --bad-rows skip
    assert_success
    assert_equal "$output" "$GOOD"
    assert_equal "$stderr" ""
}

@test "skip in a request document: bad customer objects are left out, the rest is exact" {
    local doc='{"customers": [' c
    for c in \
        '{"id":"A1","frequency":3,"amount_spent":120.5,"product_types":["toys","books"]}' \
        '{"id":"B1","frequency":1,"amount_spent":NaN,"product_types":[]}' \
        '{"id":"A2","frequency":2,"amount_spent":80.25,"product_types":["books"]}' \
        '7' \
        '{"id":"A3","frequency":5,"amount_spent":10,"product_types":[]}' \
        '{"id":"B2","frequency":-1,"amount_spent":1,"product_types":[]}' \
        '{"id":"A4","frequency":0,"amount_spent":5.5,"product_types":["toys"]}'; do
        doc+="$c,"
    done
    doc="${doc%,}], \"labels\": {\"A1\":1,\"A2\":1,\"A3\":2,\"A4\":2,\"B1\":1,\"B2\":2}}"
    run --separate-stderr "$SEGPROF" -f tsv --bad-rows=skip - <<<"$doc"
    assert_success
    assert_equal "$output" "$GOOD"
    assert_equal "$stderr" "segprof: warning: 3 bad customer records left out (--bad-rows=skip): <stdin>:1:136, <stdin>:1:233 /customers/3, <stdin>:1:321 /customers/5/frequency; the first: $NAN
segprof: warning: 2 labels name no customer in the input"
}

@test "skip: duplicated ids, unlabeled customers and a broken document stay errors" {
    local a='{"id":"A1","frequency":1,"amount_spent":1,"product_types":[]}'
    local b='{"id":"A1","frequency":1,"amount_spent":NaN,"product_types":[]}'
    fails 65 'segprof: <stdin>: /customers/1/id: duplicate customer id "A1" (first at /customers/0)' \
        --bad-rows=skip - <<<"{\"customers\":[$a,$a],\"labels\":{\"A1\":0}}"
    fails 65 'segprof: <stdin>: /customers/0: customer "A1" has no label' \
        --bad-rows=skip - <<<"{\"customers\":[$a],\"labels\":{}}"
    fails 65 "segprof: <stdin>:1:79: invalid JSON: expected ',' or ']' after a customer, got '{'" \
        --bad-rows=skip - <<<"{\"customers\":[$b $a],\"labels\":{\"A1\":0}}"
    fails 65 "segprof: <stdin>:1:107: duplicate key \"labels\"" \
        --bad-rows=skip - <<<"{\"customers\":[$b],\"labels\":{\"A1\":0},\"labels\":{}}"
}

@test "skip with --partial: the merge gives the same profiles" {
    "$SEGPROF" --partial -q --customers mixed.ndjson --labels labels.csv --bad-rows=skip \
        >"$BATS_TEST_TMPDIR/p.ndjson"
    run --separate-stderr "$SEGPROF" merge -f tsv "$BATS_TEST_TMPDIR/p.ndjson"
    assert_success
    assert_equal "$output" "$GOOD"
}

@test "skip: an extra feature missing or not a number leaves the record out (without --missing skip)" {
    printf '%s\n' '{"id":"A1","frequency":1,"amount_spent":1,"product_types":[],"r":2}' \
        '{"id":"A2","frequency":1,"amount_spent":3,"product_types":[]}' \
        '{"id":"A3","frequency":1,"amount_spent":5,"product_types":[],"r":"x"}' \
        '{"id":"A4","frequency":1,"amount_spent":7,"product_types":[],"r":4}' \
        >"$BATS_TEST_TMPDIR/c.ndjson"
    printf 'A1,0\nA2,0\nA3,0\nA4,0\n' >"$BATS_TEST_TMPDIR/l.csv"
    cd "$BATS_TEST_TMPDIR"
    run --separate-stderr "$SEGPROF" -f tsv --mean r --bad-rows=skip --customers c.ndjson --labels l.csv
    assert_success
    # A1 and A4: amounts 1 and 7 (avg 4.0), r 2 and 4 (mean 3.0)
    assert_equal "$(cut -f2,3,9 <<<"${lines[1]}")" "2	4.0	3.0"
    assert_equal "${stderr%%;*}" "segprof: warning: 2 bad customer records left out (--bad-rows=skip): c.ndjson:2, c.ndjson:3 /r"
}

@test "skip: many bad records across batches and workers: the count and the first five in order" {
    local i
    for ((i = 1; i <= 30000; i++)); do
        if ((i % 1000 == 7)); then
            printf '{"id":%d,"frequency":1,"amount_spent":-1,"product_types":[]}\n' "$i"
        else
            printf '{"id":%d,"frequency":1,"amount_spent":2.5,"product_types":["a"]}\n' "$i"
        fi
    done >"$BATS_TEST_TMPDIR/c.ndjson"
    for ((i = 1; i <= 30000; i++)); do printf '%d,%d\n' "$i" $((i % 3)); done >"$BATS_TEST_TMPDIR/l.csv"
    cd "$BATS_TEST_TMPDIR"
    local want="segprof: warning: 30 bad customer records left out (--bad-rows=skip): c.ndjson:7 /amount_spent, c.ndjson:1007 /amount_spent, c.ndjson:2007 /amount_spent, c.ndjson:3007 /amount_spent, c.ndjson:4007 /amount_spent, ...; the first: expected a number >= 0, got -1
segprof: warning: 30 labels name no customer in the input"
    local j out1
    for j in 1 2 3; do
        run --separate-stderr "$SEGPROF" -j "$j" -f tsv --bad-rows=skip --customers c.ndjson --labels l.csv
        assert_success
        assert_equal "$stderr" "$want"
        [ "$j" = 1 ] && out1=$output
        assert_equal "$output" "$out1"
    done
    # 29970 customers left, 9990 in each cluster
    assert_equal "$(cut -f2 <<<"$output" | tail -n +2 | tr '\n' ' ')" "9990 9990 9990 "
}

@test "skip covers CSV customer records (one table with the cluster column)" {
    # mixed.csv: the records of mixed.ndjson as a table, good and bad alike
    run --separate-stderr "$SEGPROF" -f tsv --customers mixed.csv --cluster-field cluster --bad-rows=skip
    assert_success
    assert_equal "$output" "$GOOD"
    assert_equal "$stderr" "segprof: warning: 5 bad customer records left out (--bad-rows=skip): mixed.csv:3:6, mixed.csv:5:6, mixed.csv:6:6, mixed.csv:8:4, mixed.csv:9:8; the first: column \"amount_spent\": expected a number, got \"NaN\""
    run --separate-stderr "$SEGPROF" -f tsv --customers mixed.csv --cluster-field cluster
    assert_failure 65
    assert_equal "$output" ""
    assert_equal "${#stderr_lines[@]}" 5
}

@test "skip: a bad CSV record over several lines stays an error (a stray quote may have joined records)" {
    # the stray quote in line 3 makes lines 3-6 one record, which ends unterminated
    printf 'id,frequency,amount_spent,product_types,cluster\nA1,3,120.5,toys;books,1\nB6,"1,1,,2\nA2,2,80.25,books,1\nA3,5,10,,2\nA4,0,5.5,toys,2\n' \
        >"$BATS_TEST_TMPDIR/t.csv"
    cd "$BATS_TEST_TMPDIR"
    fails 65 "segprof: t.csv:3:4: unterminated quoted field" \
        --customers t.csv --cluster-field cluster --bad-rows=skip
    # a quoted line break in a bad record: an error too; in a good record: fine
    printf 'id,frequency,amount_spent,product_types,cluster\nA1,3,120.5,"toys;\nbooks",1\nB1,1,-1,"a\nb",1\n' \
        >"$BATS_TEST_TMPDIR/t.csv"
    fails 65 'segprof: t.csv:4:6: column "amount_spent": expected a number >= 0, got -1' \
        --customers t.csv --cluster-field cluster --bad-rows=skip
}

@test "skip: a CSV quote never closed stays an error, also on the last line" {
    printf 'id,frequency,amount_spent,product_types,cluster\nC1,1,2,a,0\nC2,1,"2,a,0\n' >"$BATS_TEST_TMPDIR/open.csv"
    fails 65 "segprof: $BATS_TEST_TMPDIR/open.csv:3:6: unterminated quoted field" \
        --customers "$BATS_TEST_TMPDIR/open.csv" --cluster-field cluster --bad-rows=skip
    # a closed quote around a bad value is one bad record, skipped
    printf 'id,frequency,amount_spent,product_types,cluster\nC1,1,2,a,0\nC2,1,"-2",a,0\n' >"$BATS_TEST_TMPDIR/closed.csv"
    run --separate-stderr "$SEGPROF" -f csv --customers "$BATS_TEST_TMPDIR/closed.csv" --cluster-field cluster --bad-rows=skip
    assert_success
    assert_equal "$(sed -n 2p <<<"$output")" "0,1,2.0,2.0,1.0,a,100.0,Growth-potential segment"
}

@test "skip: a skipped record's id is not checked for duplicates (only kept records are)" {
    printf '%s\n' '{"id":"C1","frequency":1,"amount_spent":-5,"product_types":[],"cluster":0}' \
        '{"id":"C1","frequency":1,"amount_spent":5,"product_types":[],"cluster":0}' >"$BATS_TEST_TMPDIR/dup.ndjson"
    run --separate-stderr "$SEGPROF" -f csv --customers "$BATS_TEST_TMPDIR/dup.ndjson" --cluster-field cluster --bad-rows=skip
    assert_success
    assert_equal "$(sed -n 2p <<<"$output")" "0,1,5.0,5.0,1.0,,100.0,Growth-potential segment"
    assert_equal "$stderr" "segprof: warning: 1 bad customer record left out (--bad-rows=skip): $BATS_TEST_TMPDIR/dup.ndjson:1 /amount_spent; the first: expected a number >= 0, got -5"
}
