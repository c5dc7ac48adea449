#!/usr/bin/env bats
# Output formats (segprof(1) OUTPUT FORMATS): json, --compact, ndjson, csv, tsv, table,
# markdown on the worked example, and the quoting/escaping/alignment rules of each format.
#
#   SEGPROF=/path/to/segprof bats tests/formats.bats     (default: build/segprof)
#
# The expected files under fixtures/formats/ were written by hand from the figures of
# examples/response.json and the layout rules of segprof(1) (see fixtures/formats/README.md);
# they are not captured output.

load helpers
FIX="$BATS_TEST_DIRNAME/fixtures"

# run_fmt EXPECTED_FILE ARGS... : run segprof, then compare stdout byte for byte (including
# the final newline, which $output would drop) with EXPECTED_FILE.
run_fmt() {
    local expected=$1
    shift
    run --separate-stderr "$SEGPROF" "$@"
    assert_success
    [ -z "$stderr" ] || fail "unexpected stderr: $stderr"
    "$SEGPROF" "$@" >"$BATS_TEST_TMPDIR/got" 2>/dev/null
    if ! cmp -s "$expected" "$BATS_TEST_TMPDIR/got"; then
        diff -u "$expected" "$BATS_TEST_TMPDIR/got" | head -40 >&2
        fail "output differs from $expected"
    fi
}

@test "json (default) equals examples/response.json byte for byte" {
    run_fmt "$RESPONSE" "$EXAMPLE"
}

@test "-f json is the default" {
    run_fmt "$RESPONSE" -f json "$EXAMPLE"
}

@test "--compact: one line, no spaces, like jq -c" {
    run_fmt "$FIX/formats/example.compact.json" --compact "$EXAMPLE"
    assert_equal "$(wc -l <"$BATS_TEST_TMPDIR/got")" 1
}

@test "--compact is the same document as the indented json" {
    command -v jq >/dev/null || skip "jq not installed"
    run --separate-stderr "$SEGPROF" --compact "$EXAMPLE"
    assert_success
    assert_equal "$(jq -cS . <<<"$output")" "$(jq -cS . "$RESPONSE")"
}

@test "ndjson: one compact profile per line, no wrapper" {
    run_fmt "$FIX/formats/example.ndjson" -f ndjson "$EXAMPLE"
}

@test "csv: header, RFC 4180 quoting where needed, LF line ends" {
    run_fmt "$FIX/formats/example.csv" -f csv "$EXAMPLE"
    run ! grep -q $'\r' "$BATS_TEST_TMPDIR/got"
}

@test "tsv: header, tab separated, never quoted" {
    run_fmt "$FIX/formats/example.tsv" -f tsv "$EXAMPLE"
}

@test "table: aligned, numbers right, two decimals, no trailing spaces" {
    run_fmt "$FIX/formats/example.table.txt" -f table "$EXAMPLE"
    run ! grep -q ' $' "$BATS_TEST_TMPDIR/got"
}

@test "markdown: GitHub pipe table with ---: for numbers and :--- for text" {
    run_fmt "$FIX/formats/example.md" -f markdown "$EXAMPLE"
}

@test "every format ends its last line with a newline" {
    local f
    for f in json ndjson csv tsv table markdown; do
        "$SEGPROF" -f "$f" "$EXAMPLE" >"$BATS_TEST_TMPDIR/out"
        assert_equal "$(tail -c1 "$BATS_TEST_TMPDIR/out" | od -An -c | tr -d ' ')" '\n'
    done
}

@test "empty result: json on three lines, ndjson nothing, others the header only" {
    echo '{"customers": [], "labels": {}}' | req
    run --separate-stderr "$SEGPROF" "$BATS_TEST_TMPDIR/req.json"
    assert_success
    assert_equal "$output" $'{\n    "cluster_profiles": []\n}'
    run --separate-stderr "$SEGPROF" --compact "$BATS_TEST_TMPDIR/req.json"
    assert_success
    assert_equal "$output" '{"cluster_profiles":[]}'
    "$SEGPROF" -f ndjson "$BATS_TEST_TMPDIR/req.json" >"$BATS_TEST_TMPDIR/nd"
    assert_file_empty "$BATS_TEST_TMPDIR/nd"
    run --separate-stderr "$SEGPROF" -f csv "$BATS_TEST_TMPDIR/req.json"
    assert_success
    assert_equal "$output" "cluster_id,n_customers,avg_spend,median_spend,avg_frequency,top_categories,share_of_revenue_pct,insight"
    run --separate-stderr "$SEGPROF" -f tsv "$BATS_TEST_TMPDIR/req.json"
    assert_success
    assert_equal "$output" $'cluster_id\tn_customers\tavg_spend\tmedian_spend\tavg_frequency\ttop_categories\tshare_of_revenue_pct\tinsight'
    run --separate-stderr "$SEGPROF" -f table "$BATS_TEST_TMPDIR/req.json"
    assert_success
    assert_equal "$output" "cluster_id  n_customers  avg_spend  median_spend  avg_frequency  top_categories  share_of_revenue_pct  insight
----------  -----------  ---------  ------------  -------------  --------------  --------------------  -------"
    run --separate-stderr "$SEGPROF" -f markdown "$BATS_TEST_TMPDIR/req.json"
    assert_success
    assert_equal "$output" "| cluster_id | n_customers | avg_spend | median_spend | avg_frequency | top_categories | share_of_revenue_pct | insight |
| ---------: | ----------: | --------: | -----------: | ------------: | :------------- | -------------------: | :------ |"
}

@test "csv: a value with a comma and a double quote is quoted, quotes doubled; LF inside quotes" {
    # cluster 7: avg 30 > pop_mean 20, share 75 -> Focus; its two slugs tie, first-seen order.
    req <<'EOF'
{"customers": [
  {"id": "a", "frequency": 1, "amount_spent": 10, "product_types": ["q\"uote"]},
  {"id": "b", "frequency": 3, "amount_spent": 30, "product_types": ["line\nbreak", "plain"]}
 ],
 "labels": {"a": "a,\"b\"", "b": 7}}
EOF
    run --separate-stderr "$SEGPROF" -f csv "$BATS_TEST_TMPDIR/req.json"
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$output" 'cluster_id,n_customers,avg_spend,median_spend,avg_frequency,top_categories,share_of_revenue_pct,insight
7,1,30.0,30.0,3.0,"line
break, plain",75.0,Focus on retention & upsell
"a,""b""",1,10.0,10.0,1.0,"q""uote",25.0,Growth-potential segment'
}

@test "csv output reads back with Python's csv module to the same values" {
    command -v python3 >/dev/null || skip "python3 not installed"
    req <<'EOF'
{"customers": [{"id": "a", "frequency": 1, "amount_spent": 10, "product_types": ["x,y", "say \"hi\"", "cr\rhere"]}],
 "labels": {"a": "a,\"b\""}}
EOF
    "$SEGPROF" -f csv "$BATS_TEST_TMPDIR/req.json" >"$BATS_TEST_TMPDIR/out.csv"
    run python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
print(len(rows)); print(repr(rows[1][0])); print(repr(rows[1][5]))' "$BATS_TEST_TMPDIR/out.csv"
    assert_success
    assert_equal "$output" "2
'a,\"b\"'
'x,y, say \"hi\", cr\\rhere'"
}

@test "tsv: tab, newline, CR and backslash inside values are escaped as \\t \\n \\r \\\\" {
    req <<'EOF'
{"customers": [{"id": "a", "frequency": 2, "amount_spent": 5,
   "product_types": ["tab\there", "nl\nhere", "cr\rhere", "back\\slash"]}],
 "labels": {"a": "t\tx"}}
EOF
    run --separate-stderr "$SEGPROF" -f tsv "$BATS_TEST_TMPDIR/req.json"
    assert_success
    assert_equal "$stderr" ""
    assert_equal "${#lines[@]}" 2
    assert_equal "${lines[1]}" 't\tx'$'\t''1'$'\t''5.0'$'\t''5.0'$'\t''2.0'$'\t''tab\there, nl\nhere, cr\rhere, back\\slash'$'\t''100.0'$'\t''Growth-potential segment'
    # and so every line has exactly 8 fields
    run awk -F'\t' 'NF != 8 { bad++ } END { print bad + 0 }' <<<"$output"
    assert_output 0
}

@test "table: non-ASCII slugs (Latin, Cyrillic, CJK) line up in display columns" {
    run_fmt "$FIX/formats/nonascii.table.txt" -f table "$FIX/formats/nonascii.request.json"
}

@test "table: display widths do not depend on the locale (LC_ALL=C)" {
    LC_ALL=C run_fmt "$FIX/formats/nonascii.table.txt" -f table "$FIX/formats/nonascii.request.json"
}

@test "table: a combining accent (NFD) takes no column" {
    # "cafe" + U+0301 + "-noir-long" is 14 display columns, the width of "top_categories".
    req <<'EOF'
{"customers": [{"id": "a", "frequency": 1, "amount_spent": 1, "product_types": ["cafe\u0301-noir-long"]},
               {"id": "b", "frequency": 1, "amount_spent": 1, "product_types": ["x"]}],
 "labels": {"a": 1, "b": 2}}
EOF
    run --separate-stderr "$SEGPROF" -f table "$BATS_TEST_TMPDIR/req.json"
    assert_success
    assert_equal "${lines[1]}" "----------  -----------  ---------  ------------  -------------  --------------  --------------------  ------------------------"
    assert_equal "${lines[2]}" "         1            1       1.00          1.00           1.00  $(printf 'cafe\xcc\x81')-noir-long                 50.00  Growth-potential segment"
    assert_equal "${lines[3]}" "         2            1       1.00          1.00           1.00  x                              50.00  Growth-potential segment"
}

@test "markdown: non-ASCII slugs padded in display columns" {
    run_fmt "$FIX/formats/nonascii.md" -f markdown "$FIX/formats/nonascii.request.json"
}

@test "markdown: '|' inside a value is written '\\|'" {
    req <<'EOF'
{"customers": [{"id": "a", "frequency": 1, "amount_spent": 1, "product_types": ["x|y"]}],
 "labels": {"a": "a|b"}}
EOF
    run --separate-stderr "$SEGPROF" -f markdown "$BATS_TEST_TMPDIR/req.json"
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$output" '| cluster_id | n_customers | avg_spend | median_spend | avg_frequency | top_categories | share_of_revenue_pct | insight                  |
| :--------- | ----------: | --------: | -----------: | ------------: | :------------- | -------------------: | :----------------------- |
| a\|b       |           1 |      1.00 |         1.00 |          1.00 | x\|y           |               100.00 | Growth-potential segment |'
    # every row has exactly 8 unescaped cells
    run awk '{ gsub(/\\\|/, ""); n = gsub(/\|/, "|"); if (n != 9) bad++ } END { print bad + 0 }' <<<"$output"
    assert_output 0
}

@test "json: non-ASCII written as UTF-8, not as \\u escapes" {
    run --separate-stderr "$SEGPROF" --compact "$FIX/formats/nonascii.request.json"
    assert_success
    assert_equal "$stderr" ""
    assert_output --partial '"top_categories":"café-grão-moído"'
    assert_output --partial '"top_categories":"брюки"'
    assert_output --partial '"top_categories":"靴下と帽子と手袋"'
    refute_output --partial '\u'
}

@test "json: control characters, quote and backslash escaped; DEL and U+2028 as is" {
    req <<'EOF'
{"customers": [{"id": "a", "frequency": 1, "amount_spent": 1,
   "product_types": ["a\u0001b", "t\tx", "n\ny", "q\"z", "b\\w", "s/l", "d\u007fe", "u\u2028v", "e\u001f"]}],
 "labels": {"a": "id\u0002x"}}
EOF
    run --separate-stderr "$SEGPROF" --top 10 "$BATS_TEST_TMPDIR/req.json"
    assert_success
    assert_equal "$stderr" ""
    assert_line --index 3 '            "cluster_id": "id\u0002x",'
    assert_line --index 8 "            \"top_categories\": \"a\\u0001b, t\\tx, n\\ny, q\\\"z, b\\\\w, s/l, d$(printf '\177')e, u$(printf '\342\200\250')v, e\\u001f\","
    command -v jq >/dev/null || skip "jq not installed"
    # and the document reads back to the original strings
    "$SEGPROF" --top 10 "$BATS_TEST_TMPDIR/req.json" >"$BATS_TEST_TMPDIR/out.json"
    run jq -e '.cluster_profiles[0].top_categories == "a\u0001b, t\tx, n\ny, q\"z, b\\w, s/l, d\u007fe, u\u2028v, e\u001f"
               and .cluster_profiles[0].cluster_id == "id\u0002x"' "$BATS_TEST_TMPDIR/out.json"
    assert_success
}

# One rule for the text formats (segprof(1) OUTPUT FORMATS): C0 controls, DEL, C1 controls
# (U+0080..U+009F), U+2028 and U+2029 are invisible or break a line, so table and markdown
# write them as \n \t \r \xHH (below U+0080) or \uHHHH, and cards as one space each — in
# cluster ids, slugs and extra column names alike.
control_request() {
    req <<'EOF2'
{"customers":[{"id":"a","frequency":1,"amount_spent":1,"x\u007fy":2,
  "product_types":["a\u0001b","d\u007fe","c\u0085d","u\u2028v","p\u2029q","n\ny"]}],
 "labels":{"a":"i\u009fd"}}
EOF2
}

@test "table and markdown: C0, DEL, C1, U+2028 and U+2029 escaped alike" {
    control_request
    local cats='a\x01b, d\x7fe, c\u0085d, u\u2028v, p\u2029q, n\ny'
    run --separate-stderr "$SEGPROF" -f table --top 10 --mean $'x\x7fy' "$BATS_TEST_TMPDIR/req.json"
    assert_success
    assert_equal "$stderr" ""
    assert_equal "${#lines[@]}" 3
    [[ ${lines[0]} == *'  mean_x\x7fy' ]] || fail "header: ${lines[0]}"
    assert_equal "${lines[2]}" "i\\u009fd              1       1.00          1.00           1.00  $cats                100.00  Growth-potential segment         2.00"
    run --separate-stderr "$SEGPROF" -f markdown --top 10 --mean $'x\x7fy' "$BATS_TEST_TMPDIR/req.json"
    assert_success
    [[ ${lines[0]} == *' | mean_x\x7fy |' ]] || fail "header: ${lines[0]}"
    assert_equal "${lines[2]}" "| i\\u009fd   |           1 |      1.00 |         1.00 |          1.00 | $cats |               100.00 | Growth-potential segment |        2.00 |"
    # nothing raw is left: no C0 but the line ends, no DEL, no C1, no U+2028/2029
    for f in table markdown; do
        "$SEGPROF" -f $f --top 10 --mean $'x\x7fy' "$BATS_TEST_TMPDIR/req.json" >"$BATS_TEST_TMPDIR/out"
        run env LC_ALL=C grep -c -P '[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xa8\xa9]' "$BATS_TEST_TMPDIR/out"
        assert_output 0
    done
}

@test "cards: C0, DEL, C1, U+2028 and U+2029 each shown as one space" {
    control_request
    run --separate-stderr "$SEGPROF" -f cards --top 10 --mean $'x\x7fy' "$BATS_TEST_TMPDIR/req.json"
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$output" "## Cluster i d

1 customer · 1 order · R\$ 1 avg spend · 100% of revenue

**Top categories:** a b, d e, c d, u v, p q, n y

**Recommended:** Growth-potential segment

- mean_x y: 2.0"
}
