#!/usr/bin/env bats
# Input rules accepted and rejected (segprof(1) INPUT, "Limits"):
# file / standard input, id and cluster id types, ignored keys, member order, empty parts,
# duplicate slugs, integral frequencies, BOM, --unlabeled=skip, labels naming no customer,
# --top.
#
#   SEGPROF=/path/to/segprof bats tests/input.bats     (default: build/segprof)
#
# Expected outputs are written by hand; each test says how its figures follow.

load helpers
FIX="$BATS_TEST_DIRNAME/fixtures"

# Warning texts as documented in segprof(1) and segprof(1) DIAGNOSTICS.
warn_skipped() { [ "$1" = 1 ] && echo "segprof: warning: 1 unlabeled customer skipped" ||
    echo "segprof: warning: $1 unlabeled customers skipped"; }
warn_absent() { [ "$1" = 1 ] && echo "segprof: warning: 1 label names no customer in the input" ||
    echo "segprof: warning: $1 labels name no customer in the input"; }

# The three-customer request of fixtures/input/skip_base.json, as profiled:
# cluster 1 = {a: 10, freq 2, [x]; c: 30, freq 4, [x, z]}, cluster 2 = {e: 60, freq 1, [w]};
# revenue 100, pop_mean 33.33; cluster 2: 60 > 33.33 and 60 % >= 30 -> Focus.
BASE_OUT='{"cluster_profiles":[{"cluster_id":1,"n_customers":2,"avg_spend":20.0,"median_spend":20.0,"avg_frequency":3.0,"top_categories":"x, z","share_of_revenue_pct":40.0,"insight":"Growth-potential segment"},{"cluster_id":2,"n_customers":1,"avg_spend":60.0,"median_spend":60.0,"avg_frequency":1.0,"top_categories":"w","share_of_revenue_pct":60.0,"insight":"Focus on retention & upsell"}]}'

@test "reads the request from the FILE operand" {
    run --separate-stderr "$SEGPROF" "$EXAMPLE"
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$output" "$(cat "$RESPONSE")"
}

@test "reads standard input when no FILE is given (segprof < f)" {
    run --separate-stderr "$SEGPROF" <"$EXAMPLE"
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$output" "$(cat "$RESPONSE")"
}

@test "'-' reads standard input, also from a pipe (cat f | segprof -)" {
    run --separate-stderr bash -c 'cat "$1" | "$2" -' _ "$EXAMPLE" "$SEGPROF"
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$output" "$(cat "$RESPONSE")"
}

@test "the base request used below profiles as computed by hand" {
    run --separate-stderr "$SEGPROF" --compact "$FIX/input/skip_base.json"
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$output" "$BASE_OUT"
}

@test "integer customer ids are the same as their decimal text" {
    # one cluster: avg (100.5 + 300) / 2 = 200.25 = pop_mean, so not above it -> Growth;
    # tea is bought twice, cake once.
    local expected='{"cluster_profiles":[{"cluster_id":1,"n_customers":2,"avg_spend":200.25,"median_spend":200.25,"avg_frequency":5.0,"top_categories":"tea, cake","share_of_revenue_pct":100.0,"insight":"Growth-potential segment"}]}'
    req int.json <<'EOF'
{"customers": [{"id": 17, "frequency": 4, "amount_spent": 100.5, "product_types": ["tea"]},
               {"id": -5, "frequency": 6, "amount_spent": 300, "product_types": ["tea", "cake"]}],
 "labels": {"17": 1, "-5": 1}}
EOF
    req str.json <<'EOF'
{"customers": [{"id": "17", "frequency": 4, "amount_spent": 100.5, "product_types": ["tea"]},
               {"id": "-5", "frequency": 6, "amount_spent": 300, "product_types": ["tea", "cake"]}],
 "labels": {"17": 1, "-5": 1}}
EOF
    run --separate-stderr "$SEGPROF" --compact "$BATS_TEST_TMPDIR/int.json"
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$output" "$expected"
    run --separate-stderr "$SEGPROF" --compact "$BATS_TEST_TMPDIR/str.json"
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$output" "$expected"
}

@test "other keys are ignored, at the top level and inside customers" {
    # extra members, including nested "customers"/"labels" keys that must not be taken
    req <<'EOF'
{"version": 2, "meta": {"customers": [1, 2], "labels": null},
 "customers": [
  {"recency": 12, "id": "a", "frequency": 2, "amount_spent": 10, "product_types": ["x"], "tenure": {"months": [1, 2]}},
  {"id": "c", "frequency": 4, "labels": {"c": 9}, "amount_spent": 30, "product_types": ["x", "z"], "score": null},
  {"id": "e", "frequency": 1, "amount_spent": 60, "product_types": ["w"], "customers": []}
 ],
 "source": "kmeans",
 "labels": {"a": 1, "c": 1, "e": 2},
 "trailer": [[[]]]}
EOF
    run --separate-stderr "$SEGPROF" --compact "$BATS_TEST_TMPDIR/req.json"
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$output" "$BASE_OUT"
}

@test "labels may come before customers" {
    req <<'EOF'
{"labels": {"e": 2, "c": 1, "a": 1},
 "customers": [{"id": "a", "frequency": 2, "amount_spent": 10, "product_types": ["x"]},
               {"id": "c", "frequency": 4, "amount_spent": 30, "product_types": ["x", "z"]},
               {"id": "e", "frequency": 1, "amount_spent": 60, "product_types": ["w"]}]}
EOF
    run --separate-stderr "$SEGPROF" --compact "$BATS_TEST_TMPDIR/req.json"
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$output" "$BASE_OUT"
}

@test "labels before customers: the worked example still gives examples/response.json" {
    command -v jq >/dev/null || skip "jq not installed"
    jq '{labels, customers}' "$EXAMPLE" >"$BATS_TEST_TMPDIR/req.json"
    run head -c 12 "$BATS_TEST_TMPDIR/req.json"
    assert_output --partial '"labels"'
    run --separate-stderr "$SEGPROF" "$BATS_TEST_TMPDIR/req.json"
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$output" "$(cat "$RESPONSE")"
}

@test "an empty request gives no profiles" {
    echo '{"customers": [], "labels": {}}' | req
    run --separate-stderr "$SEGPROF" "$BATS_TEST_TMPDIR/req.json"
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$output" $'{\n    "cluster_profiles": []\n}'
}

@test "empty product_types are accepted; a cluster with no slugs has top_categories \"\"" {
    # cluster 1: a bought nothing, b bought "p"; cluster 2: nobody bought anything.
    req <<'EOF'
{"customers": [{"id": "a", "frequency": 1, "amount_spent": 5, "product_types": []},
               {"id": "b", "frequency": 3, "amount_spent": 15, "product_types": ["p"]},
               {"id": "c", "frequency": 2, "amount_spent": 80, "product_types": []}],
 "labels": {"a": 1, "b": 1, "c": 2}}
EOF
    run --separate-stderr "$SEGPROF" -f ndjson "$BATS_TEST_TMPDIR/req.json"
    assert_success
    assert_equal "$stderr" ""
    assert_equal "${#lines[@]}" 2
    assert_equal "${lines[0]}" '{"cluster_id":1,"n_customers":2,"avg_spend":10.0,"median_spend":10.0,"avg_frequency":2.0,"top_categories":"p","share_of_revenue_pct":20.0,"insight":"Growth-potential segment"}'
    assert_equal "${lines[1]}" '{"cluster_id":2,"n_customers":1,"avg_spend":80.0,"median_spend":80.0,"avg_frequency":2.0,"top_categories":"","share_of_revenue_pct":80.0,"insight":"Focus on retention & upsell"}'
}

@test "a slug listed twice by one customer counts once" {
    # a lists p twice and q once, b lists q: tf(q) = 2 > tf(p) = 1 -> "q, p".
    # Counting p twice would make a 2-2 tie, broken by first appearance -> "p, q".
    req <<'EOF'
{"customers": [{"id": "a", "frequency": 1, "amount_spent": 1, "product_types": ["p", "p", "q", "p"]},
               {"id": "b", "frequency": 1, "amount_spent": 1, "product_types": ["q"]}],
 "labels": {"a": 0, "b": 0}}
EOF
    run --separate-stderr "$SEGPROF" -f tsv "$BATS_TEST_TMPDIR/req.json"
    assert_success
    assert_equal "$stderr" ""
    assert_equal "${lines[1]}" $'0\t2\t1.0\t1.0\t1.0\tq, p\t100.0\tGrowth-potential segment'
}

@test "frequency 12.0 (and 1.2e1, and -0) is accepted as an integer" {
    # 12 + 12 + 0 = 24 over 3 customers -> 8.0
    req <<'EOF'
{"customers": [{"id": "a", "frequency": 12.0, "amount_spent": 1, "product_types": []},
               {"id": "b", "frequency": 1.2e1, "amount_spent": 1, "product_types": []},
               {"id": "c", "frequency": -0, "amount_spent": 1, "product_types": []}],
 "labels": {"a": 0, "b": 0, "c": 0}}
EOF
    run --separate-stderr "$SEGPROF" -f csv "$BATS_TEST_TMPDIR/req.json"
    assert_success
    assert_equal "$stderr" ""
    assert_equal "${lines[1]}" '0,3,1.0,1.0,8.0,,100.0,Growth-potential segment'
}

@test "frequency 12.5 is rejected" {
    req <<'EOF'
{"customers": [{"id": "a", "frequency": 12, "amount_spent": 1, "product_types": []},
               {"id": "b", "frequency": 12.5, "amount_spent": 1, "product_types": []}],
 "labels": {"a": 0, "b": 0}}
EOF
    cd "$BATS_TEST_TMPDIR"
    run --separate-stderr "$SEGPROF" req.json
    assert_failure 65
    assert_equal "$output" ""
    assert_equal "$stderr" "segprof: req.json:2:41: /customers/1/frequency: expected an integer, got 12.5"
}

@test "a UTF-8 byte order mark at the start is skipped (file and standard input)" {
    { printf '\357\273\277'; cat "$EXAMPLE"; } >"$BATS_TEST_TMPDIR/bom.json"
    run --separate-stderr "$SEGPROF" "$BATS_TEST_TMPDIR/bom.json"
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$output" "$(cat "$RESPONSE")"
    run --separate-stderr "$SEGPROF" <"$BATS_TEST_TMPDIR/bom.json"
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$output" "$(cat "$RESPONSE")"
}

@test "a byte order mark after whitespace is not skipped" {
    printf ' \357\273\277{"customers": [], "labels": {}}' >"$BATS_TEST_TMPDIR/req.json"
    cd "$BATS_TEST_TMPDIR"
    run --separate-stderr "$SEGPROF" req.json
    assert_failure 65
    assert_equal "$output" ""
    assert_equal "$stderr" "segprof: req.json:1:2: invalid JSON: expected '{', got byte 0xef"
}

@test "cluster ids: integers and strings keep their type; integers first, numerically, then strings in byte order" {
    req <<'EOF'
{"customers": [{"id": "a", "frequency": 1, "amount_spent": 1, "product_types": []},
               {"id": "b", "frequency": 1, "amount_spent": 1, "product_types": []},
               {"id": "c", "frequency": 1, "amount_spent": 1, "product_types": []},
               {"id": "d", "frequency": 1, "amount_spent": 1, "product_types": []},
               {"id": "e", "frequency": 1, "amount_spent": 1, "product_types": []},
               {"id": "f", "frequency": 1, "amount_spent": 1, "product_types": []},
               {"id": "g", "frequency": 1, "amount_spent": 1, "product_types": []}],
 "labels": {"a": "a", "b": 10, "c": "10", "d": 2, "e": "B", "f": -3, "g": "1"}}
EOF
    run --separate-stderr "$SEGPROF" -f ndjson "$BATS_TEST_TMPDIR/req.json"
    assert_success
    assert_equal "$stderr" ""
    assert_equal "${#lines[@]}" 7
    assert_equal "${lines[0]:0:33}" '{"cluster_id":-3,"n_customers":1,'
    assert_equal "${lines[1]:0:32}" '{"cluster_id":2,"n_customers":1,'
    assert_equal "${lines[2]:0:33}" '{"cluster_id":10,"n_customers":1,'
    assert_equal "${lines[3]:0:34}" '{"cluster_id":"1","n_customers":1,'
    assert_equal "${lines[4]:0:35}" '{"cluster_id":"10","n_customers":1,'
    assert_equal "${lines[5]:0:34}" '{"cluster_id":"B","n_customers":1,'
    assert_equal "${lines[6]:0:34}" '{"cluster_id":"a","n_customers":1,'
}

@test "--unlabeled=skip leaves unlabeled customers out of every figure, with a warning" {
    # b (1000.0) and d (5.0) have no label: skipped, the result is the base request's.
    cd "$FIX/input"
    run --separate-stderr "$SEGPROF" --compact --unlabeled=skip unlabeled.json
    assert_success
    assert_equal "$output" "$BASE_OUT"
    assert_equal "$stderr" "$(warn_skipped 2)"
}

@test "--unlabeled=skip: one skipped customer is counted in the singular" {
    cd "$FIX/input"
    run --separate-stderr "$SEGPROF" --compact --unlabeled=skip unlabeled_one.json
    assert_success
    assert_equal "$output" "$BASE_OUT"
    assert_equal "$stderr" "$(warn_skipped 1)"
}

@test "--unlabeled=skip with -q: same output, no warning" {
    run --separate-stderr "$SEGPROF" --compact -q --unlabeled=skip "$FIX/input/unlabeled.json"
    assert_success
    assert_equal "$output" "$BASE_OUT"
    assert_equal "$stderr" ""
    run --separate-stderr "$SEGPROF" --compact --quiet --unlabeled=skip "$FIX/input/unlabeled.json"
    assert_success
    assert_equal "$output" "$BASE_OUT"
    assert_equal "$stderr" ""
}

@test "without --unlabeled=skip (or with =error) the same request is an error" {
    cd "$FIX/input"
    local expected='segprof: unlabeled.json: /customers/1: customer "b" has no label
segprof: unlabeled.json: /customers/3: customer "d" has no label'
    run --separate-stderr "$SEGPROF" unlabeled.json
    assert_failure 65
    assert_equal "$output" ""
    assert_equal "$stderr" "$expected"
    run --separate-stderr "$SEGPROF" --unlabeled=error unlabeled.json
    assert_failure 65
    assert_equal "$output" ""
    assert_equal "$stderr" "$expected"
}

@test "labels naming no customer are ignored, with one warning giving the count" {
    # "ghost2" names cluster 3: no cluster 3 may appear.
    cd "$FIX/input"
    run --separate-stderr "$SEGPROF" --compact absent_labels.json
    assert_success
    assert_equal "$output" "$BASE_OUT"
    assert_equal "$stderr" "$(warn_absent 2)"
}

@test "a single label naming no customer is counted in the singular" {
    req <<'EOF'
{"customers": [{"id": "a", "frequency": 2, "amount_spent": 10, "product_types": ["x"]},
               {"id": "c", "frequency": 4, "amount_spent": 30, "product_types": ["x", "z"]},
               {"id": "e", "frequency": 1, "amount_spent": 60, "product_types": ["w"]}],
 "labels": {"a": 1, "c": 1, "zz": 5, "e": 2}}
EOF
    run --separate-stderr "$SEGPROF" --compact "$BATS_TEST_TMPDIR/req.json"
    assert_success
    assert_equal "$output" "$BASE_OUT"
    assert_equal "$stderr" "$(warn_absent 1)"
}

@test "labels naming no customer with -q: no warning" {
    run --separate-stderr "$SEGPROF" --compact -q "$FIX/input/absent_labels.json"
    assert_success
    assert_equal "$output" "$BASE_OUT"
    assert_equal "$stderr" ""
}

@test "labels naming no customer in an empty request: warning, no profiles" {
    echo '{"customers": [], "labels": {"a": 1, "b": 2, "c": "x"}}' | req
    run --separate-stderr "$SEGPROF" --compact "$BATS_TEST_TMPDIR/req.json"
    assert_success
    assert_equal "$output" '{"cluster_profiles":[]}'
    assert_equal "$stderr" "$(warn_absent 3)"
}

@test "warnings with --error-format=json are JSON lines with level warning and exit 0" {
    command -v jq >/dev/null || skip "jq not installed"
    run --separate-stderr "$SEGPROF" --compact --unlabeled=skip --error-format=json "$FIX/input/both_warnings.json"
    assert_success
    assert_equal "$output" "$BASE_OUT"
    assert_equal "$(wc -l <<<"$stderr")" 2
    local line
    while IFS= read -r line; do
        jq -e '(keys_unsorted == ["file", "line", "column", "pointer", "message", "level", "exit"])
               and .level == "warning" and .exit == 0 and (.message | type) == "string"' <<<"$line" >/dev/null ||
            fail "bad warning line: $line"
    done <<<"$stderr"
    assert_equal "$(jq -r '"segprof: warning: " + .message' <<<"$stderr" | sort)" "$(warn_skipped 1)
$(warn_absent 2)"
}

@test "--top N limits the top categories; -n 0 gives \"\"" {
    run --separate-stderr "$SEGPROF" -f tsv --top 2 "$EXAMPLE"
    assert_success
    assert_equal "$stderr" ""
    run cut -f 1,6 <<<"$output"
    assert_output $'cluster_id\ttop_categories\n0\tcheese, wine\n1\tsmart-tv, soundbar\n2\tlaptop, mouse'
    run --separate-stderr "$SEGPROF" -f tsv -n 0 "$EXAMPLE"
    assert_success
    assert_equal "$(cut -f 6 <<<"$output" | tr '\n' '|')" "top_categories||||"
}

@test "--top larger than the number of slugs gives them all" {
    run --separate-stderr "$SEGPROF" -f csv --top 1000000 "$FIX/input/skip_base.json"
    assert_success
    assert_equal "$stderr" ""
    assert_equal "${lines[1]}" '1,2,20.0,20.0,3.0,"x, z",40.0,Growth-potential segment'
    assert_equal "${lines[2]}" '2,1,60.0,60.0,1.0,w,60.0,Focus on retention & upsell'
}

@test "CSV/TSV labels: plain records and unusual ones (quotes, spaces, zeros, CRLF) = the same labels as JSON" {
    # Plain records take a one-pass path, the others the full RFC 4180 parser: both must give
    # what the JSON labels say. Clusters: 7 (from "007"), -3, " 4" (a string), 123456789012345678.
    local d=$BATS_TEST_TMPDIR
    printf '%s\n' '{"id":"C1","frequency":1,"amount_spent":10,"product_types":["a"]}' \
        '{"id":"C 2","frequency":2,"amount_spent":20,"product_types":["b"]}' \
        '{"id":"C,3","frequency":3,"amount_spent":30,"product_types":["c"]}' \
        '{"id":"C\"4","frequency":4,"amount_spent":40,"product_types":["d"]}' \
        '{"id":"C5","frequency":5,"amount_spent":50,"product_types":["e"]}' \
        '{"id":"C6","frequency":6,"amount_spent":60,"product_types":["f"]}' >"$d/c.ndjson"
    printf 'customer_id,cluster_id\r\nC1,007\r\nC 2,-3\n"C,3", 4\n"C""4",7\nC5,123456789012345678\n"C6","-3"\n' >"$d/l.csv"
    # TSV: commas and quotes are plain characters
    printf 'C1\t007\r\nC 2\t-3\nC,3\t 4\nC"4\t7\nC5\t123456789012345678\nC6\t-3\n' >"$d/l.tsv"
    printf '{"C1":7,"C 2":-3,"C,3":" 4","C\\"4":7,"C5":123456789012345678,"C6":-3}\n' >"$d/l.json"
    run --separate-stderr "$SEGPROF" -f csv --customers "$d/c.ndjson" --labels "$d/l.json"
    assert_success
    local want=$output
    # integer clusters ascending, then the string " 4"
    assert_equal "$(printf '%s\n' "$want" | cut -d, -f1 | tr '\n' ' ')" 'cluster_id -3 7 123456789012345678  4 '
    local f
    for f in l.csv l.tsv; do
        run --separate-stderr "$SEGPROF" -f csv --customers "$d/c.ndjson" --labels "$d/$f"
        assert_success
        assert_equal "$stderr" ""
        assert_equal "$output" "$want"
    done
}

@test "CSV/TSV labels: a duplicate is found between plain lines and unusual ones, in file order" {
    # Plain lines are inserted straight from the input, the others after the full parser: the
    # second label of an id is the duplicate whichever path each took. Line 4's id 12.0 is the
    # customer 12 (an integral real), so line 7's plain 12 repeats it; line 8's id is longer
    # than sixteen bytes. Duplicates: lines 5 (C2 of line 3), 6 (C1 of 2), 7, 9 (of 8).
    local d=$BATS_TEST_TMPDIR
    printf '%s\n' '{"id":"C1","frequency":1,"amount_spent":10,"product_types":["a"]}' >"$d/c.ndjson"
    printf 'customer_id,cluster_id\nC1,1\n"C2",1\n12.0,2\nC2,2\n"C1",3\n12,1\na-customer-id-longer-than-sixteen,1\na-customer-id-longer-than-sixteen,2\n' >"$d/l.csv"
    local f want
    for f in l.csv l.tsv; do
        [ "$f" = l.csv ] || tr , '\t' <"$d/l.csv" | tr -d '"' >"$d/l.tsv"
        want="segprof: $d/$f:5: duplicate label for customer \"C2\"
segprof: $d/$f:6: duplicate label for customer \"C1\"
segprof: $d/$f:7: duplicate label for customer \"12\"
segprof: $d/$f:9: duplicate label for customer \"a-customer-id-longer-than-sixteen\""
        fails 65 "$want" --customers "$d/c.ndjson" --labels "$d/$f"
    done
}

@test "JSON labels: plain pairs and unusual ones (escapes, spacing, strings, -0, 19 digits, INT64_MIN) = the same labels as CSV" {
    # Plain pairs ("id": 123) take a one-pass path, the others the general one; both must
    # agree with the CSV parser. C6's -0 is the integer 0.
    local d=$BATS_TEST_TMPDIR
    printf '%s\n' '{"id":"C1","frequency":1,"amount_spent":10,"product_types":["a"]}' \
        '{"id":"C 2","frequency":2,"amount_spent":20,"product_types":["b"]}' \
        '{"id":"C,3","frequency":3,"amount_spent":30,"product_types":["c"]}' \
        '{"id":"C\"4","frequency":4,"amount_spent":40,"product_types":["d"]}' \
        '{"id":"C5","frequency":5,"amount_spent":50,"product_types":["e"]}' \
        '{"id":"C6","frequency":6,"amount_spent":60,"product_types":["f"]}' \
        '{"id":"C7","frequency":7,"amount_spent":70,"product_types":["g"]}' \
        '{"id":"C8","frequency":8,"amount_spent":80,"product_types":["h"]}' >"$d/c.ndjson"
    printf 'C1,7\nC 2,-3\n"C,3", 4\n"C""4",7\nC5,123456789012345678\nC6,0\nC7,1234567890123456789\nC8,-9223372036854775808\n' >"$d/l.csv"
    printf '{ "C1" :\t7 ,\n"C\\u00202":-3,"C,3":" 4","C\\"4":7,"C5":123456789012345678,"C6":-0,\r\n"C7":1234567890123456789,"C8":-9223372036854775808}' \
        >"$d/l.json"
    run --separate-stderr "$SEGPROF" -f csv --customers "$d/c.ndjson" --labels "$d/l.csv"
    assert_success
    local want=$output
    assert_equal "$(printf '%s\n' "$want" | cut -d, -f1 | tr '\n' ' ')" 'cluster_id -9223372036854775808 -3 0 7 123456789012345678 1234567890123456789  4 '
    run --separate-stderr "$SEGPROF" -f csv --customers "$d/c.ndjson" --labels "$d/l.json"
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$output" "$want"
    # and inside a request document, after the customers
    { printf '{"customers":['; paste -sd, "$d/c.ndjson"; printf '],"labels":'; cat "$d/l.json"; printf '}'; } >"$d/req.json"
    run --separate-stderr "$SEGPROF" -f csv "$d/req.json"
    assert_success
    assert_equal "$output" "$want"
}
