#!/usr/bin/env bats
# Tables as they come (segprof(1) TABLES): the cluster in the row (--cluster-field), CSV and
# TSV customers (--customers-format, --types-sep, the forms of a product-types cell), field
# names (--id-field, --frequency-field, --amount-field, --types-field), in every mode.
#
#   SEGPROF=/path/to/segprof bats tests/tables.bats     (default: build/segprof)
#
# fixtures/tables/olist.request.json is the data of every hand-written table export below,
# as a request document; olist.expected.json is its profile as computed by the independent
# reference (python3 tests/ref/segprof_ref.py olist.request.json). Each table form must give
# exactly those bytes:
#   olist.records.ndjson    df.to_json(orient="records", lines=True): \u escapes, a null
#   olist.pandas.csv        df.to_csv() with its index column, a UTF-8 BOM, CRLF line ends, the
#                           list column as Python list literals (['a', 'b'], ["it's-new"],
#                           quoted with "" inside), an empty review_score (NaN)
#   olist.joined.csv        index=False, slugs joined by ';' ("housewares;cama, mesa e banho"
#                           quoted for its comma), an empty list as an empty cell
#   olist.json-arrays.csv   slugs as JSON arrays ["a", "b"] with \u escapes
#   olist.tsv               TSV, the cluster first, slugs joined by '|' (--types-sep '|') The gen.py tests need ../shared/bench/gen.py (skipped when absent).

load helpers

FIX="$BATS_TEST_DIRNAME/fixtures/tables"
GEN="${SEGPROF_GEN:-$BATS_TEST_DIRNAME/../../shared/bench/gen.py}"
EXPECTED="$FIX/olist.expected.json"
# pandas' column names for the Olist data
NAMES=(--id-field customer_unique_id --frequency-field n_orders --amount-field payment_value
    --types-field categories)

setup_file() {
    # gen.py data, 3000 customers, as a request document, a table CSV and table NDJSON
    [ -f "$GEN" ] || return 0
    local dir="$BATS_FILE_TMPDIR/gen"
    mkdir -p "$dir"
    python3 "$GEN" -q -n 3000 -s 7 -f request -o "$dir/T" &&
        python3 "$GEN" -q -n 3000 -s 7 -f table -o "$dir/T" &&
        python3 "$GEN" -q -n 3000 -s 7 -f table-ndjson -o "$dir/T" &&
        export SEGPROF_TEST_GEN_T="$dir/T"
}

need_gen() {
    [ -n "${SEGPROF_TEST_GEN_T:-}" ] || skip "gen.py not present"
}

# same_as_expected ARGS...: segprof ARGS prints exactly olist.expected.json, nothing on stderr
same_as_expected() {
    run --separate-stderr "$SEGPROF" "$@"
    assert_equal "$stderr" ""
    assert_success
    assert_equal "$output" "$(cat "$EXPECTED")"
}

@test "the fixture's expected output is the reference's, and segprof's on the request" {
    run python3 "$REF" "$FIX/olist.request.json"
    assert_success
    assert_equal "$output" "$(cat "$EXPECTED")"
    same_as_expected "$FIX/olist.request.json"
}

# --------------------------------------------------------------------------- cluster in the row

@test "pandas to_json(orient=records, lines=True) with the cluster and real names = request" {
    same_as_expected --customers "$FIX/olist.records.ndjson" --cluster-field cluster "${NAMES[@]}"
}

@test "table NDJSON: the same bytes at -j 1, -j 2 and -j 3" {
    for j in 1 2 3; do
        same_as_expected -j "$j" --customers "$FIX/olist.records.ndjson" --cluster-field cluster \
            "${NAMES[@]}"
    done
}

@test "table NDJSON as a JSON array and as a request document without labels" {
    jq -s . "$FIX/olist.records.ndjson" >"$BATS_TEST_TMPDIR/array.json"
    same_as_expected --customers "$BATS_TEST_TMPDIR/array.json" --cluster-field cluster "${NAMES[@]}"
    jq -s '{customers: .}' "$FIX/olist.records.ndjson" >"$BATS_TEST_TMPDIR/doc.json"
    same_as_expected "$BATS_TEST_TMPDIR/doc.json" --cluster-field cluster "${NAMES[@]}"
    same_as_expected -j 2 --cluster-field cluster "${NAMES[@]}" <"$BATS_TEST_TMPDIR/doc.json"
}

@test "table NDJSON: --partial then merge = one run; partials of two halves merge too" {
    run --separate-stderr bash -c '"$1" --partial --customers "$2" --cluster-field cluster "${@:3}" |
        "$1" merge' _ "$SEGPROF" "$FIX/olist.records.ndjson" "${NAMES[@]}"
    assert_success
    assert_equal "$output" "$(cat "$EXPECTED")"
    head -n 4 "$FIX/olist.records.ndjson" >"$BATS_TEST_TMPDIR/a.ndjson"
    tail -n +5 "$FIX/olist.records.ndjson" >"$BATS_TEST_TMPDIR/b.ndjson"
    for h in a b; do
        "$SEGPROF" --partial --customers "$BATS_TEST_TMPDIR/$h.ndjson" --cluster-field cluster \
            "${NAMES[@]}" >"$BATS_TEST_TMPDIR/$h.partial"
    done
    run --separate-stderr "$SEGPROF" merge "$BATS_TEST_TMPDIR/a.partial" "$BATS_TEST_TMPDIR/b.partial"
    assert_success
    assert_equal "$output" "$(cat "$EXPECTED")"
}

@test "a partial of rows is the same at every -j, clusters in order whoever met them first" {
    # five clusters met in another order by each thread
    # (more than one batch of 8192 customers, so that -j 2 shares them out)
    awk 'BEGIN { split("e d c b a", c, " "); for (i = 1; i <= 30000; i++)
        printf "{\"id\":\"c%d\",\"frequency\":1,\"amount_spent\":%d,\"product_types\":[\"s%d\"],\"cluster\":\"%s\"}\n",
            i, i % 1000, i % 7, c[int(i / 9000) + 1] }' >"$BATS_TEST_TMPDIR/many.ndjson"
    "$SEGPROF" -j 1 --partial --customers "$BATS_TEST_TMPDIR/many.ndjson" --cluster-field cluster >"$BATS_TEST_TMPDIR/p1"
    for j in 2 3; do
        "$SEGPROF" -j "$j" --partial --customers "$BATS_TEST_TMPDIR/many.ndjson" \
            --cluster-field cluster >"$BATS_TEST_TMPDIR/p$j"
        cmp "$BATS_TEST_TMPDIR/p1" "$BATS_TEST_TMPDIR/p$j"
    done
    assert_equal "$(tail -n +2 "$BATS_TEST_TMPDIR/p1" | jq -r '.cluster_id' | paste -sd' ')" "b c d e"
}

@test "table NDJSON: --mean/--median/--sum of another column, null skipped with --missing skip" {
    # review_score by cluster: 0 = {4, 3, 4, 4} mean 3.75 median 4 sum 15;
    # 1 = {5, 5, 2} mean 4 median 5 sum 12; 2 = {null, 1}: n 1, mean 1, median 1, sum 1
    run --separate-stderr "$SEGPROF" -f csv --customers "$FIX/olist.records.ndjson" \
        --cluster-field cluster "${NAMES[@]}" --mean review_score --median review_score \
        --sum review_score --missing skip
    assert_success
    assert_equal "$(cut -d, -f1 <<<"$output" | paste -sd' ')" "cluster_id 0 1 2"
    assert_equal "$(awk -F, '{print $(NF-3), $(NF-2), $(NF-1), $NF}' <<<"$output" | paste -sd'|')" \
        "n_review_score mean_review_score median_review_score sum_review_score|4 3.75 4.0 15.0|3 4.0 5.0 12.0|1 1.0 1.0 1.0"
}

@test "cluster ids in the row keep their type: 1 and \"1\" are two clusters, integers first" {
    printf '%s\n' '{"id":"a","frequency":1,"amount_spent":10,"product_types":[],"cl":"1"}' \
        '{"id":"b","frequency":1,"amount_spent":30,"product_types":[],"cl":1}' \
        '{"id":"c","frequency":1,"amount_spent":60,"product_types":[],"cl":"gold"}' >"$BATS_TEST_TMPDIR/c.ndjson"
    run --separate-stderr "$SEGPROF" -f csv --customers "$BATS_TEST_TMPDIR/c.ndjson" --cluster-field cl
    assert_success
    assert_equal "$(cut -d, -f1,2,3 <<<"$output" | paste -sd' ')" \
        "cluster_id,n_customers,avg_spend 1,1,30.0 1,1,10.0 gold,1,60.0"
    run --separate-stderr "$SEGPROF" --compact --customers "$BATS_TEST_TMPDIR/c.ndjson" --cluster-field cl
    assert_equal "$(jq -c '[.cluster_profiles[].cluster_id]' <<<"$output")" '[1,"1","gold"]'
}

@test "CSV cluster ids small and large, negative and strings, met in any order: -j 1 = -j 2" {
    # by hand: -1 {c: 30}, 0 {d: 40}, 255 {b: 20, e: 50}, 256 {a: 10, g: 70}, gold {f: 60};
    # integers in order, then strings
    printf '%s\n' id,frequency,amount_spent,product_types,cluster a,1,10,x,256 b,1,20,x,255 \
        c,1,30,x,-1 d,1,40,x,0 e,1,50,x,255 f,1,60,x,gold g,1,70,x,256 >"$BATS_TEST_TMPDIR/k.csv"
    for j in 1 2; do
        run --separate-stderr "$SEGPROF" -j "$j" -f csv --customers "$BATS_TEST_TMPDIR/k.csv" --cluster-field cluster
        assert_success
        assert_equal "$(cut -d, -f1,2,3 <<<"$output" | paste -sd' ')" \
            "cluster_id,n_customers,avg_spend -1,1,30.0 0,1,40.0 255,2,35.0 256,2,40.0 gold,1,60.0"
    done
}

@test "a cluster written as an integral real (pandas' floats: 1.0) is the integer; 1.5 is an error" {
    printf '%s\n' '{"id":"a","frequency":1,"amount_spent":10,"product_types":[],"cl":1.0}' \
        '{"id":"b","frequency":1,"amount_spent":30,"product_types":[],"cl":1}' >"$BATS_TEST_TMPDIR/r.ndjson"
    run --separate-stderr "$SEGPROF" --compact --customers "$BATS_TEST_TMPDIR/r.ndjson" --cluster-field cl
    assert_success
    assert_equal "$(jq -c '[.cluster_profiles[] | [.cluster_id, .n_customers]]' <<<"$output")" '[[1,2]]'
    printf '%s\n' '{"id":"a","frequency":1,"amount_spent":10,"product_types":[],"cl":1.5}' >"$BATS_TEST_TMPDIR/f.ndjson"
    fails 65 "segprof: $BATS_TEST_TMPDIR/f.ndjson:1: /cl: expected a cluster id (an integer or a non-empty string), got 1.5" \
        --customers "$BATS_TEST_TMPDIR/f.ndjson" --cluster-field cl
}

@test "a record without its cluster (absent or null) is unlabeled: an error, or skipped" {
    printf '%s\n' '{"id":"a","frequency":1,"amount_spent":10,"product_types":[],"cluster":0}' \
        '{"id":"b","frequency":1,"amount_spent":30,"product_types":[]}' \
        '{"id":"c","frequency":1,"amount_spent":60,"product_types":[],"cluster":null}' >"$BATS_TEST_TMPDIR/u.ndjson"
    fails 65 "segprof: $BATS_TEST_TMPDIR/u.ndjson:2: customer \"b\" has no cluster (\"cluster\" is missing or null)
segprof: $BATS_TEST_TMPDIR/u.ndjson:3: customer \"c\" has no cluster (\"cluster\" is missing or null)" \
        --customers "$BATS_TEST_TMPDIR/u.ndjson" --cluster-field cluster
    run --separate-stderr "$SEGPROF" --compact --customers "$BATS_TEST_TMPDIR/u.ndjson" \
        --cluster-field cluster --unlabeled skip
    assert_success
    assert_equal "$stderr" "segprof: warning: 2 unlabeled customers skipped"
    assert_equal "$(jq -c '[.cluster_profiles[] | [.cluster_id, .n_customers]]' <<<"$output")" '[[0,1]]'
}

@test "a duplicate id among rows is an error naming the first; -j 2 says the same" {
    printf '%s\n' '{"id":"a","frequency":1,"amount_spent":10,"product_types":[],"cluster":0}' \
        '{"id":"b","frequency":1,"amount_spent":30,"product_types":[]}' \
        '{"id":"a","frequency":1,"amount_spent":60,"product_types":[],"cluster":1}' >"$BATS_TEST_TMPDIR/d.ndjson"
    for j in 1 2; do
        fails 65 "segprof: $BATS_TEST_TMPDIR/d.ndjson:3: /id: duplicate customer id \"a\" (first at line 1)" \
            -j "$j" --customers "$BATS_TEST_TMPDIR/d.ndjson" --cluster-field cluster --unlabeled skip
    done
}

@test "a cluster of the wrong type is an error at its JSON Pointer" {
    printf '%s\n' '{"id":"a","frequency":1,"amount_spent":10,"product_types":[],"grp":true}' \
        '{"id":"b","frequency":1,"amount_spent":30,"product_types":[],"grp":""}' >"$BATS_TEST_TMPDIR/w.ndjson"
    fails 65 "segprof: $BATS_TEST_TMPDIR/w.ndjson:1: /grp: expected a cluster id (an integer or a non-empty string), got a boolean
segprof: $BATS_TEST_TMPDIR/w.ndjson:2: /grp: expected a cluster id (an integer or a non-empty string), got \"\"" \
        --customers "$BATS_TEST_TMPDIR/w.ndjson" --cluster-field grp
}

@test "rule: a request document with a labels member and --cluster-field is an error" {
    fails 65 "segprof: $FIX/olist.request.json: /labels: the customers carry their cluster (--cluster-field cluster): a labels member would be a second source of clusters; remove it or the option" \
        --cluster-field cluster "$FIX/olist.request.json"
}

@test "rule: with --labels, the labels decide and the customers' cluster field is not read" {
    # the rows say every customer is in cluster 7; the labels file is the one source
    jq -c '.cluster = 7' "$FIX/olist.records.ndjson" >"$BATS_TEST_TMPDIR/seven.ndjson"
    jq '.labels' "$FIX/olist.request.json" >"$BATS_TEST_TMPDIR/labels.json"
    same_as_expected --customers "$BATS_TEST_TMPDIR/seven.ndjson" --labels "$BATS_TEST_TMPDIR/labels.json" \
        --cluster-field cluster "${NAMES[@]}"
}

@test "gen.py: table NDJSON gives the bytes of the request document, at -j 1 and -j 2" {
    need_gen
    "$SEGPROF" "$SEGPROF_TEST_GEN_T.request.json" >"$BATS_TEST_TMPDIR/want"
    for j in 1 2; do
        "$SEGPROF" -j "$j" --customers "$SEGPROF_TEST_GEN_T.table.ndjson" --cluster-field cluster \
            >"$BATS_TEST_TMPDIR/got.$j"
        cmp "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got.$j"
    done
}

# --------------------------------------------------------------------------- CSV and TSV customers

@test "pandas CSV exports (index column, BOM, CRLF, list literals, JSON arrays, ';') = request" {
    for f in olist.pandas.csv olist.joined.csv olist.json-arrays.csv; do
        for j in 1 2 3; do
            same_as_expected -j "$j" --customers "$FIX/$f" --cluster-field cluster "${NAMES[@]}"
        done
    done
}

@test "TSV customers, detected from the content, slugs joined by --types-sep '|'" {
    same_as_expected --customers "$FIX/olist.tsv" --cluster-field cluster "${NAMES[@]}" --types-sep '|'
    same_as_expected --customers "$FIX/olist.tsv" --customers-format tsv --cluster-field cluster \
        "${NAMES[@]}" --types-sep '|'
}

@test "--customers-format csv reads standard input; json refuses a CSV" {
    run --separate-stderr "$SEGPROF" --customers - --customers-format csv --cluster-field cluster \
        "${NAMES[@]}" <"$FIX/olist.joined.csv"
    assert_success
    assert_equal "$output" "$(cat "$EXPECTED")"
    run --separate-stderr "$SEGPROF" --customers "$FIX/olist.joined.csv" --customers-format json \
        --cluster-field cluster "${NAMES[@]}"
    assert_failure 65
    assert_equal "$output" ""
}

@test "CSV customers with a labels file (the CSV's cluster column is not read)" {
    jq '.labels' "$FIX/olist.request.json" >"$BATS_TEST_TMPDIR/labels.json"
    sed 's/,[0-9]*\r\{0,1\}$/,7/' "$FIX/olist.joined.csv" >"$BATS_TEST_TMPDIR/seven.csv"
    same_as_expected -j 2 --customers "$BATS_TEST_TMPDIR/seven.csv" --labels "$BATS_TEST_TMPDIR/labels.json" \
        --cluster-field cluster "${NAMES[@]}"
}

@test "CSV customers: --partial then merge, and extras of a CSV column" {
    run --separate-stderr bash -c '"$1" --partial -j 2 --customers "$2" --cluster-field cluster "${@:3}" |
        "$1" merge' _ "$SEGPROF" "$FIX/olist.pandas.csv" "${NAMES[@]}"
    assert_success
    assert_equal "$output" "$(cat "$EXPECTED")"
    # the same figures as from the NDJSON form (test above): the empty cell is NaN, skipped
    run --separate-stderr "$SEGPROF" -f csv --customers "$FIX/olist.pandas.csv" --cluster-field cluster \
        "${NAMES[@]}" --mean review_score --median review_score --sum review_score --missing skip
    assert_success
    assert_equal "$(awk -F, '{print $(NF-3), $(NF-2), $(NF-1), $NF}' <<<"$output" | paste -sd'|')" \
        "n_review_score mean_review_score median_review_score sum_review_score|4 3.75 4.0 15.0|3 4.0 5.0 12.0|1 1.0 1.0 1.0"
    fails 65 "segprof: $FIX/olist.pandas.csv:4:62: column \"review_score\": expected a number, got an empty cell (--missing skip to leave such customers out of the column)" \
        --customers "$FIX/olist.pandas.csv" --cluster-field cluster "${NAMES[@]}" --mean review_score
}

@test "CSV: a quoted cell across lines, blank lines, cluster types, an empty cluster cell" {
    printf 'id,frequency,amount_spent,product_types,cluster\na,1,10,"x\ny",0\nb,1,30,x,\n\nc,1,60,"[\x27a\x27, \x27b\\u00e9\x27]",00\nd,2,5,,gold\n' >"$BATS_TEST_TMPDIR/m.csv"
    fails 65 "segprof: $BATS_TEST_TMPDIR/m.csv:4: customer \"b\" has no cluster (\"cluster\" is missing or null)" \
        --customers "$BATS_TEST_TMPDIR/m.csv" --cluster-field cluster
    run --separate-stderr "$SEGPROF" --compact --customers "$BATS_TEST_TMPDIR/m.csv" --cluster-field cluster \
        --unlabeled skip
    assert_success
    assert_equal "$stderr" "segprof: warning: 1 unlabeled customer skipped"
    # "00" is the integer 0 (only digits), "gold" a string; the slug "x\ny" holds a newline
    assert_equal "$(jq -c '[.cluster_profiles[] | [.cluster_id, .n_customers, .top_categories]]' <<<"$output")" \
        '[[0,2,"x\ny, a, bé"],["gold",1,""]]'
}

@test "CSV errors: file, line, column, the column's name, what was expected" {
    printf 'id,frequency,amount_spent,product_types,cluster\na,1,10,x;y,0\nb,-1,abc,x;;y,1\nc,2.5,1e400,"[""a"", 3]",1\nd,1,2,"[\x27a\x27]",gold,extra\n"e,1,2,x,1\n' >"$BATS_TEST_TMPDIR/e.csv"
    fails 65 "segprof: $BATS_TEST_TMPDIR/e.csv:3:3: column \"frequency\": expected an integer >= 0, got -1
segprof: $BATS_TEST_TMPDIR/e.csv:3:6: column \"amount_spent\": expected a number, got \"abc\"
segprof: $BATS_TEST_TMPDIR/e.csv:3:10: column \"product_types\": empty product type (a separator at an end, or two in a row) (at byte 3 of the cell)
segprof: $BATS_TEST_TMPDIR/e.csv:4:3: column \"frequency\": expected an integer, got 2.5
segprof: $BATS_TEST_TMPDIR/e.csv:4:7: column \"amount_spent\": out of range (beyond a double): 1e400
segprof: $BATS_TEST_TMPDIR/e.csv:4:13: column \"product_types\": expected a quoted string in the list (at byte 7 of the cell)
segprof: $BATS_TEST_TMPDIR/e.csv:5: expected 5 fields, as the header has, got 6
segprof: $BATS_TEST_TMPDIR/e.csv:6:1: unterminated quoted field" \
        --customers "$BATS_TEST_TMPDIR/e.csv" --cluster-field cluster
    # a quoted cell's line end and control bytes are escaped: the message stays one line
    printf 'id,frequency,amount_spent,product_types,cluster\nC1,"1\n2",2,x,0\nC2,"3\t\001",2,x,0\n' >"$BATS_TEST_TMPDIR/m.csv"
    fails 65 "segprof: $BATS_TEST_TMPDIR/m.csv:2:4: column \"frequency\": expected an integer >= 0, got \"1\\n2\"
segprof: $BATS_TEST_TMPDIR/m.csv:4:4: column \"frequency\": expected an integer >= 0, got \"3\\x09\\x01\"" \
        --customers "$BATS_TEST_TMPDIR/m.csv" --cluster-field cluster
    printf 'id,frequency,amount_spent,product_types,cluster\na\xff,1,10,x,0\n' >"$BATS_TEST_TMPDIR/u.csv"
    fails 65 "segprof: $BATS_TEST_TMPDIR/u.csv:2:2: invalid UTF-8" --customers "$BATS_TEST_TMPDIR/u.csv" --cluster-field cluster
}

@test "CSV header errors: a column missing or twice; data where the header should be" {
    printf 'id,freq,amount_spent,product_types,cluster,id\n' >"$BATS_TEST_TMPDIR/h.csv"
    fails 65 "segprof: $BATS_TEST_TMPDIR/h.csv:1: the header has the column \"id\" twice (columns 1 and 6)
segprof: $BATS_TEST_TMPDIR/h.csv:1: the header has no column \"frequency\" (name it with --frequency-field)" \
        --customers "$BATS_TEST_TMPDIR/h.csv" --cluster-field cluster
    # an extra feature's column twice is as ambiguous (pandas would have renamed one age.1)
    printf 'id,frequency,amount_spent,product_types,cluster,age,age\nC1,1,2,x,0,30,31\n' >"$BATS_TEST_TMPDIR/x.csv"
    fails 65 "segprof: $BATS_TEST_TMPDIR/x.csv:1: the header has the column \"age\" twice (columns 6 and 7)" \
        --customers "$BATS_TEST_TMPDIR/x.csv" --cluster-field cluster --mean age
    printf 'C1,1,2,x,0\n' >"$BATS_TEST_TMPDIR/n.csv"
    fails 65 "segprof: $BATS_TEST_TMPDIR/n.csv:1: line 1 is data, not a header: a customers CSV needs a header line naming its columns (id, frequency, amount_spent, product_types and cluster)" \
        --customers "$BATS_TEST_TMPDIR/n.csv" --cluster-field cluster
}

@test "gen.py: table CSV gives the bytes of the request document, at -j 1 and -j 2" {
    need_gen
    "$SEGPROF" "$SEGPROF_TEST_GEN_T.request.json" >"$BATS_TEST_TMPDIR/want"
    for j in 1 2; do
        "$SEGPROF" -j "$j" --customers "$SEGPROF_TEST_GEN_T.table.csv" --cluster-field cluster \
            >"$BATS_TEST_TMPDIR/got.$j"
        cmp "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got.$j"
    done
}

@test "CSV in blocks = one record at a time: blank, CRLF, quoted, long and unended lines, -j 1 to 3" {
    # The workers get every whole line of the reader's window that holds no quote at once and
    # split it into lines themselves; SEGPROF_CSV_RECORDS=1 hands on one record at a time
    # (segprof(1) ENVIRONMENT). Lines: blank and white ones and CRLF throughout, a quoted cell
    # over two lines, a 4 MiB one (longer than a batch and than a read), broken ones late, no
    # newline at the end.
    need_gen
    local d=$BATS_TEST_TMPDIR
    awk -F, -v OFS=, 'BEGIN { big = "x"; while (length(big) < 3000000) big = big big }
        NR % 97 == 0 { print "" }
        NR % 131 == 0 { print "  \t\r" }
        NR == 1500 { $6 = "\"" $6 "\nz\"" }
        NR == 2000 { $6 = $6 ";" big }
        NR >= 2501 && NR % 100 == 1 { $2 = "-" $2 }
        NR == 2990 { $3 = "x" $3 }
        NR % 53 == 0 { printf "%s\r\n", $0; next }
        NR == 3001 { printf "%s", $0; next }
        { print }' "$SEGPROF_TEST_GEN_T.table.csv" >"$d/t.csv"
    run --separate-stderr env SEGPROF_CSV_RECORDS=1 "$SEGPROF" -j 1 --customers "$d/t.csv" \
        --cluster-field cluster
    assert_equal "$status" 65
    local want=$stderr
    # Record 2501 (file line 2501 with the header) comes after 25 blank lines (every 97th), 19
    # white ones (every 131st) and the quoted cell's second line: line 2546; its id has 7
    # characters, so its frequency starts at column 9. Record 2990: 30 and 22 more, line 3043.
    [[ $want == *"t.csv:2546:9: column \"frequency\": expected an integer >= 0, got -"* ]]
    [[ $want == *"t.csv:3043:11: column \"amount_spent\": expected a number, got \"x"* ]]
    local j
    for j in 1 2 3; do
        run --separate-stderr "$SEGPROF" -j "$j" --customers "$d/t.csv" --cluster-field cluster
        assert_equal "$status" 65
        assert_equal "$stderr" "$want"
        # skipping the broken records, the profiles too
        run --separate-stderr env SEGPROF_CSV_RECORDS=1 "$SEGPROF" -j "$j" --bad-rows=skip \
            --customers "$d/t.csv" --cluster-field cluster
        assert_success
        local want_out=$output want_err=$stderr
        run --separate-stderr "$SEGPROF" -j "$j" --bad-rows=skip --customers "$d/t.csv" \
            --cluster-field cluster
        assert_success
        assert_equal "$output" "$want_out"
        assert_equal "$stderr" "$want_err"
    done
    # TSV, never quoted: the whole window at once
    tr ',' '\t' <"$d/t.csv" >"$d/t.tsv"
    run --separate-stderr env SEGPROF_CSV_RECORDS=1 "$SEGPROF" -j 2 --bad-rows=skip \
        --customers "$d/t.tsv" --cluster-field cluster
    assert_success
    local tsv_out=$output
    run --separate-stderr "$SEGPROF" -j 2 --bad-rows=skip --customers "$d/t.tsv" --cluster-field cluster
    assert_success
    assert_equal "$output" "$tsv_out"
}

@test "usage: --types-sep takes one character" {
    fails 64 "segprof: invalid value ';;' for --types-sep (expected one printable ASCII character other than '\"' and '[')
Try 'segprof --help' for more information." --types-sep ';;' "$FIX/olist.request.json"
}

# --------------------------------------------------------------------------- labels CSV header

# labels_csv HEADER: the fixture's labels as CSV lines (id,cluster) under HEADER
labels_csv() {
    { [ -z "$1" ] || printf '%s\n' "$1"; jq -r '.labels | to_entries[] | "\(.key),\(.value)"' "$FIX/olist.request.json"; }
}

@test "labels CSV: the header picks its columns by name; a pandas index column is fine" {
    labels_csv 'customer_id,cluster_id' >"$BATS_TEST_TMPDIR/a.csv"
    same_as_expected --customers "$FIX/olist.records.ndjson" --labels "$BATS_TEST_TMPDIR/a.csv" "${NAMES[@]}"
    # df.to_csv() with its index: ",customer_unique_id,cluster" and a row number first
    { echo ',customer_unique_id,cluster'; labels_csv '' | awk '{print NR-1 "," $0}'; } >"$BATS_TEST_TMPDIR/b.csv"
    for j in 1 2; do
        same_as_expected -j "$j" --customers "$FIX/olist.records.ndjson" --labels "$BATS_TEST_TMPDIR/b.csv" \
            "${NAMES[@]}" --cluster-field cluster
    done
    # the cluster column first, in TSV
    { printf 'cluster_id\tcustomer_id\n'; labels_csv '' | awk -F, '{print $2 "\t" $1}'; } >"$BATS_TEST_TMPDIR/c.tsv"
    same_as_expected --customers "$FIX/olist.records.ndjson" --labels "$BATS_TEST_TMPDIR/c.tsv" "${NAMES[@]}"
}

@test "labels CSV: a first line that is clearly a header but names neither column is an error" {
    labels_csv 'customer_unique_id,cluster' >"$BATS_TEST_TMPDIR/h.csv"
    fails 65 "segprof: $BATS_TEST_TMPDIR/h.csv:1: line 1 looks like a header (customer_unique_id,cluster) but names neither column: the id column is \"customer_id\" or \"id\" (--id-field), the cluster column \"cluster_id\" (or --cluster-field)" \
        --customers "$FIX/olist.request.json" --labels "$BATS_TEST_TMPDIR/h.csv"
    fails 65 "segprof: $BATS_TEST_TMPDIR/h.csv:1: line 1 looks like a header (customer_unique_id,cluster) but names no cluster column: the id column is \"customer_id\" or \"customer_unique_id\" (--id-field), the cluster column \"cluster_id\" (or --cluster-field)" \
        --customers "$FIX/olist.records.ndjson" --labels "$BATS_TEST_TMPDIR/h.csv" "${NAMES[@]}"
    { echo ',a,b'; labels_csv '' | awk '{print NR-1 "," $0}'; } >"$BATS_TEST_TMPDIR/i.csv"
    fails 65 "segprof: $BATS_TEST_TMPDIR/i.csv:1: line 1 looks like a header (,a,b) but names neither column: the id column is \"customer_id\" or \"id\" (--id-field), the cluster column \"cluster_id\" (or --cluster-field)" \
        --customers "$FIX/olist.request.json" --labels "$BATS_TEST_TMPDIR/i.csv"
}

@test "labels CSV: a first line with a string cluster over string clusters is still a label" {
    printf 'x,gold\n8a1f,silver\n' >"$BATS_TEST_TMPDIR/s.csv"
    printf '%s\n' '{"id":"x","frequency":1,"amount_spent":10,"product_types":[]}' \
        '{"id":"8a1f","frequency":1,"amount_spent":30,"product_types":[]}' >"$BATS_TEST_TMPDIR/s.ndjson"
    run --separate-stderr "$SEGPROF" -f csv --customers "$BATS_TEST_TMPDIR/s.ndjson" --labels "$BATS_TEST_TMPDIR/s.csv"
    assert_success
    assert_equal "$(cut -d, -f1,2 <<<"$output" | paste -sd' ')" "cluster_id,n_customers gold,1 silver,1"
}

# --------------------------------------------------------------------------- shapes

@test "shapes: pandas' default to_json() (orient=columns) is named, with the way out" {
    jq -s 'reduce (to_entries[]) as $r ({}; reduce ($r.value | to_entries[]) as $c (.; .[$c.key][$r.key | tostring] = $c.value))' \
        "$FIX/olist.records.ndjson" >"$BATS_TEST_TMPDIR/cols.json"
    fails 65 "segprof: $BATS_TEST_TMPDIR/cols.json: this is pandas' default to_json() (orient=\"columns\": one object per column, keyed by row); write one customer per line with df.to_json(path, orient=\"records\", lines=True)" \
        --customers "$BATS_TEST_TMPDIR/cols.json" --cluster-field cluster "${NAMES[@]}"
    fails 65 "segprof: $BATS_TEST_TMPDIR/cols.json: this is pandas' default to_json() (orient=\"columns\": one object per column, keyed by row); write one customer per line with df.to_json(path, orient=\"records\", lines=True) and read it with --customers" \
        "$BATS_TEST_TMPDIR/cols.json"
}

@test "shapes: a labels array (km.labels_.tolist()) and a table given as the request FILE" {
    jq -c '[.labels[]]' "$FIX/olist.request.json" >"$BATS_TEST_TMPDIR/arr.json"
    run --separate-stderr "$SEGPROF" --customers "$FIX/olist.request.json" --labels "$BATS_TEST_TMPDIR/arr.json"
    assert_failure 65
    assert_equal "$output" ""
    assert_equal "$stderr" "segprof: $BATS_TEST_TMPDIR/arr.json: a JSON array is not labels: a list of cluster numbers (km.labels_.tolist()) has no customer ids; write an object {\"id\": cluster, ...}, a CSV customer_id,cluster_id, or put the cluster in the customers table (--cluster-field)"
    fails 65 "segprof: $FIX/olist.joined.csv: this looks like a CSV or TSV table, not a request document: read it with --customers $FIX/olist.joined.csv and --cluster-field NAME (or --labels FILE)" \
        "$FIX/olist.joined.csv"
}

@test "shapes: a compressed table is named as the plain one is; a pipe is never guessed at" {
    local t=$BATS_TEST_TMPDIR/joined.csv.gz
    gzip -c "$FIX/olist.joined.csv" >"$t"
    fails 65 "segprof: $t: this looks like a CSV or TSV table, not a request document: read it with --customers $t and --cluster-field NAME (or --labels FILE)" "$t"
    # From a pipe the same bytes get the JSON parser's message, whatever the
    # pipe held when the guess would have been made.
    for _ in 1 2 3; do
        run --separate-stderr bash -c 'cat "$1" | "$2" -' _ "$FIX/olist.joined.csv" "$SEGPROF"
        assert_failure 65
        assert_equal "$output" ""
        refute_output --partial "looks like a CSV"
        [[ $stderr != *"looks like a CSV"* ]]
    done
}

@test "gen.py: the extras of the table's columns (--mean/--median/--sum) = the request's, and via merge" {
    need_gen
    local x=(-f csv --mean recency_days,tenure_months --median tenure_months --sum recency_days)
    "$SEGPROF" "${x[@]}" "$SEGPROF_TEST_GEN_T.request.json" >"$BATS_TEST_TMPDIR/want"
    assert_equal "$(head -n 1 "$BATS_TEST_TMPDIR/want" | cut -d, -f9-)" \
        "mean_recency_days,sum_recency_days,mean_tenure_months,median_tenure_months"
    for t in table.csv table.ndjson; do
        "$SEGPROF" -j 2 "${x[@]}" --customers "$SEGPROF_TEST_GEN_T.$t" --cluster-field cluster \
            >"$BATS_TEST_TMPDIR/got"
        cmp "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
    done
    "$SEGPROF" --partial "${x[@]}" --customers "$SEGPROF_TEST_GEN_T.table.csv" --cluster-field cluster |
        "$SEGPROF" merge -f csv >"$BATS_TEST_TMPDIR/merged"
    cmp "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/merged"
}

# --------------------------------------------------------------------------- field names

@test "field names: a missing field is named as given, at the record" {
    printf '%s\n' '{"customer_unique_id":"a","n_orders":1,"categories":[],"cluster":0}' >"$BATS_TEST_TMPDIR/m.ndjson"
    fails 65 "segprof: $BATS_TEST_TMPDIR/m.ndjson:1: missing key \"payment_value\"" \
        --customers "$BATS_TEST_TMPDIR/m.ndjson" --cluster-field cluster "${NAMES[@]}"
}

@test "field names: a bad value is reported at the pointer of the named field" {
    printf '%s\n' '{"customer_unique_id":"a","n_orders":-1,"payment_value":"x","categories":["ok",""],"cluster":0}' >"$BATS_TEST_TMPDIR/b.ndjson"
    fails 65 "segprof: $BATS_TEST_TMPDIR/b.ndjson:1: /n_orders: expected an integer >= 0, got -1
segprof: $BATS_TEST_TMPDIR/b.ndjson:1: /payment_value: expected a number, got a string
segprof: $BATS_TEST_TMPDIR/b.ndjson:1: /categories/1: expected a non-empty string, got \"\"" \
        --customers "$BATS_TEST_TMPDIR/b.ndjson" --cluster-field cluster "${NAMES[@]}"
}

@test "field names apply to request documents and their default names are then plain keys" {
    # with --id-field key, "id" is just another member, ignored
    jq '.customers |= map(.key = .id | .id = 0)' "$FIX/olist.request.json" >"$BATS_TEST_TMPDIR/k.json"
    same_as_expected --id-field key "$BATS_TEST_TMPDIR/k.json"
}

@test "usage: two fields under one name, an empty name, --customers alone" {
    fails 64 "segprof: --id-field and --cluster-field name the same field 'id'
Try 'segprof --help' for more information." --id-field id --cluster-field id "$FIX/olist.request.json"
    fails 64 "segprof: --amount-field and --types-field name the same field 'x'
Try 'segprof --help' for more information." --amount-field x --types-field x "$FIX/olist.request.json"
    fails 64 "segprof: --types-field needs a field name
Try 'segprof --help' for more information." --types-field= "$FIX/olist.request.json"
    fails 64 "segprof: --customers needs --labels, or --cluster-field when the customers carry their cluster
Try 'segprof --help' for more information." --customers "$FIX/olist.records.ndjson"
    fails 64 "segprof: --labels needs --customers
Try 'segprof --help' for more information." --labels "$FIX/olist.records.ndjson"
}
