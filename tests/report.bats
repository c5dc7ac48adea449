#!/usr/bin/env bats
# Cluster names (--names), the order of the clusters (--sort) and the privacy guard
# (--min-size), in every output format and through --partial/merge.
#
#   SEGPROF=/path/to/segprof bats tests/report.bats     (default: build/segprof)
#
# Fixtures: tests/fixtures/report/ (README.md there).  Expected profiles are derived from
# examples/response.json with jq(1), independently of segprof.

load helpers

setup() {
    FIX="$BATS_TEST_DIRNAME/fixtures/report"
    EXAMPLE="$BATS_TEST_DIRNAME/../examples/request.json"
    RESPONSE="$BATS_TEST_DIRNAME/../examples/response.json"
}

FORMATS=(json ndjson csv tsv table markdown cards html)

# jq_equal EXPECTED: $output, read by jq, is the JSON EXPECTED (jq writes 540.0 as 540, so both
# sides go through it; the bytes of the numbers are tested in formats.bats).
jq_equal() {
    assert_equal "$(jq -c . <<<"$output")" "$1"
}

# The example's profiles with cluster_name after cluster_id (null for cluster 1), compact.
named_response() {
    jq -c '.cluster_profiles |= map({cluster_id, cluster_name: ({"0": "Casual buyers",
        "2": "Big, \"tech\" spenders"}[.cluster_id | tostring])} + .)' "$RESPONSE"
}

# ---------------------------------------------------------------- names

@test "--names CSV: cluster_name after cluster_id, null for a cluster without a name" {
    run --separate-stderr "$SEGPROF" --compact --names "$FIX/names.csv" "$EXAMPLE"
    assert_success
    assert_equal "$stderr" ""
    jq_equal "$(named_response)"
}

@test "--names: CSV with BOM, CRLF and no header, and a JSON object, give the same bytes" {
    for f in names-bom-crlf.csv names.json; do
        run --separate-stderr "$SEGPROF" --compact --names "$FIX/$f" "$EXAMPLE"
        assert_success
        jq_equal "$(named_response)"
    done
}

@test "--names in every format: the column, or the heading of cards and html" {
    run "$SEGPROF" -f csv --names "$FIX/names.csv" "$EXAMPLE"
    assert_line --index 0 --partial 'cluster_id,cluster_name,n_customers,'
    assert_line --index 1 --partial '0,Casual buyers,31,'
    assert_line --index 2 --partial '1,,7,'
    assert_line --index 3 --partial '2,"Big, ""tech"" spenders",2,'
    run "$SEGPROF" -f tsv --names "$FIX/names.csv" "$EXAMPLE"
    assert_line --index 3 --partial "$(printf '2\tBig, "tech" spenders\t2\t')"
    run "$SEGPROF" -f ndjson --names "$FIX/names.csv" "$EXAMPLE"
    assert_line --index 1 --partial '{"cluster_id":1,"cluster_name":null,"n_customers":7,'
    run "$SEGPROF" -f table --names "$FIX/names.csv" "$EXAMPLE"
    assert_line --index 0 --regexp '^cluster_id  cluster_name +n_customers'
    assert_line --index 3 --regexp '^         1  - +7 '
    run "$SEGPROF" -f markdown --names "$FIX/names.csv" "$EXAMPLE"
    assert_line --index 4 --partial '| Big, "tech" spenders |'
    run "$SEGPROF" -f cards --names "$FIX/names.csv" "$EXAMPLE"
    assert_line --index 0 '## Casual buyers (Cluster 0)'
    assert_line --index 4 '## Cluster 1'
    assert_line --index 8 '## Big, "tech" spenders (Cluster 2)'
    run "$SEGPROF" -f cards --lang es --names "$FIX/names.csv" "$EXAMPLE"
    assert_line --index 0 '## Casual buyers (Clúster 0)'
    run "$SEGPROF" -f html --names "$FIX/names.csv" "$EXAMPLE"
    assert_output --partial '<h3 id="c2"><bdi>Big, &quot;tech&quot; spenders</bdi> <span class="id">Cluster <bdi>2</bdi></span></h3>'
    assert_output --partial '<h3 id="c1">Cluster <bdi>1</bdi></h3>'
    assert_output --partial '<th scope="col">cluster_name</th>'
}

@test "--names: a name for a cluster not in the input is a warning (-q silences it)" {
    run --separate-stderr "$SEGPROF" --compact --names "$FIX/names-unknown.csv" "$EXAMPLE"
    assert_success
    assert_equal "$stderr" "segprof: warning: $FIX/names-unknown.csv: 2 names for clusters not in the input: '7', 'x'"
    assert_output --partial '"cluster_id":0,"cluster_name":"Casual buyers"'
    run --separate-stderr "$SEGPROF" -q --names "$FIX/names-unknown.csv" "$EXAMPLE"
    assert_success
    assert_equal "$stderr" ""
}

@test "--names: a name applies to the cluster whose id prints as its key (string ids too)" {
    printf '{"customers": [{"id": "a", "frequency": 1, "amount_spent": 1, "product_types": []},
      {"id": "b", "frequency": 1, "amount_spent": 3, "product_types": []}],
      "labels": {"a": "north", "b": 7}}' > "$BATS_TEST_TMPDIR/req.json"
    printf 'north,Up north\n7,Seven\n' > "$BATS_TEST_TMPDIR/names.csv"
    run --separate-stderr "$SEGPROF" -f csv --names "$BATS_TEST_TMPDIR/names.csv" "$BATS_TEST_TMPDIR/req.json"
    assert_success
    assert_equal "$stderr" ""
    assert_line --index 1 --partial '7,Seven,1,3.0,'
    assert_line --index 2 --partial 'north,Up north,1,1.0,'
}

@test "--names: gzip and zstd files are read as the plain file" {
    gzip -c "$FIX/names.csv" > "$BATS_TEST_TMPDIR/names.csv.gz"
    zstd -q -c "$FIX/names.json" > "$BATS_TEST_TMPDIR/names.json.zst"
    for f in names.csv.gz names.json.zst; do
        run --separate-stderr "$SEGPROF" --compact --names "$BATS_TEST_TMPDIR/$f" "$EXAMPLE"
        assert_success
        jq_equal "$(named_response)"
    done
    head -c 20 "$BATS_TEST_TMPDIR/names.csv.gz" > "$BATS_TEST_TMPDIR/cut.csv.gz"
    run --separate-stderr "$SEGPROF" --names "$BATS_TEST_TMPDIR/cut.csv.gz" "$EXAMPLE"
    assert_failure 65
    assert_equal "$output" ""
    assert_regex "$stderr" "^segprof: $BATS_TEST_TMPDIR/cut.csv.gz: .*gzip"
}

@test "--names: pandas' index column (header ,cluster_id,name) is skipped" {
    # what DataFrame.to_csv() writes without index=False
    printf ',cluster_id,name\n0,0,Casual buyers\n1,2,"Big, ""tech"" spenders"\n' \
        > "$BATS_TEST_TMPDIR/pandas.csv"
    run --separate-stderr "$SEGPROF" --compact --names "$BATS_TEST_TMPDIR/pandas.csv" "$EXAMPLE"
    assert_success
    jq_equal "$(named_response)"
    printf ',cluster_id,name\n0,0\n1,1,b,c\n' > "$BATS_TEST_TMPDIR/short.csv"
    fails 65 "segprof: $BATS_TEST_TMPDIR/short.csv:2:1: expected 3 fields (index,cluster_id,name), got fewer
segprof: $BATS_TEST_TMPDIR/short.csv:3:7: expected 3 fields (index,cluster_id,name), got more" \
        --names "$BATS_TEST_TMPDIR/short.csv" "$EXAMPLE"
    # without the header, a first empty field is still an empty cluster id
    printf ',0,a\n' > "$BATS_TEST_TMPDIR/noheader.csv"
    fails 65 "segprof: $BATS_TEST_TMPDIR/noheader.csv:1:4: expected 2 fields (cluster_id,name), got more" \
        --names "$BATS_TEST_TMPDIR/noheader.csv" "$EXAMPLE"
}

@test "--names: bad files are data errors with the place (exit 65, nothing on stdout)" {
    local d=$BATS_TEST_TMPDIR
    printf '0,a\n1\n0,b\n"2,c\n' > "$d/bad.csv"
    fails 65 "segprof: $d/bad.csv:2:1: expected 2 fields (cluster_id,name), got 1
segprof: $d/bad.csv:3:1: cluster '0' named again (first on line 1)
segprof: $d/bad.csv:4:1: unterminated quoted field" --names "$d/bad.csv" "$EXAMPLE"
    printf '0,a,b\n,x\n1,\n' > "$d/bad2.csv"
    fails 65 "segprof: $d/bad2.csv:1:5: expected 2 fields (cluster_id,name), got more
segprof: $d/bad2.csv:2:1: expected a cluster id, got an empty field
segprof: $d/bad2.csv:3:3: expected a name, got an empty field" --names "$d/bad2.csv" "$EXAMPLE"
    printf '{"0": "a", "1": 2, "2": ""}' > "$d/bad.json"
    fails 65 "segprof: $d/bad.json: /1: expected a name (a string)
segprof: $d/bad.json: /2: expected a name, got an empty string" --names "$d/bad.json" "$EXAMPLE"
    printf '{"0": "a", "0": "b"}' > "$d/dup.json"
    run --separate-stderr "$SEGPROF" --names "$d/dup.json" "$EXAMPLE"
    assert_failure 65
    assert_equal "$output" ""
    assert_equal "$stderr" "segprof: $d/dup.json:1:14: duplicate object key near '\"0\"'"
    printf '["a"]' > "$d/arr.json"
    fails 65 "segprof: $d/arr.json: expected an object of cluster_id: name, got an array" \
        --names "$d/arr.json" "$EXAMPLE"
    printf '0,\xff\n' > "$d/utf8.csv"
    fails 65 "segprof: $d/utf8.csv:1:1: invalid UTF-8" --names "$d/utf8.csv" "$EXAMPLE"
    printf '0,a\0b\n' > "$d/nul.csv"
    fails 65 "segprof: $d/nul.csv:1:1: NUL character in a field" --names "$d/nul.csv" "$EXAMPLE"
}

@test "--names: a file that cannot be opened -> 66, before the input is read; -o untouched" {
    echo old > "$BATS_TEST_TMPDIR/out"
    run --separate-stderr "$SEGPROF" --names /nonexistent/names.csv -o "$BATS_TEST_TMPDIR/out" /nonexistent/input.json
    assert_failure 66
    assert_equal "$stderr" "segprof: /nonexistent/names.csv: cannot open: No such file or directory"
    assert_equal "$(cat "$BATS_TEST_TMPDIR/out")" old
    # a directory, as for every other input
    fails 66 "segprof: $BATS_TEST_TMPDIR: cannot open: Is a directory" --names "$BATS_TEST_TMPDIR" "$EXAMPLE"
}

# ---------------------------------------------------------------- sort

# ids_in_order ARGS...: the cluster ids of segprof -f csv ARGS, in output order, on one line
ids_in_order() {
    "$SEGPROF" -f csv "$@" | tail -n +2 | cut -d, -f1 | paste -sd' '
}

@test "--sort: numbers compare as numbers, -FIELD and FIELD:desc descend, FIELD:asc ascends" {
    # avg_spend 591.11, 2577.37, 4321.68: bytewise "591.11" would sort last
    assert_equal "$(ids_in_order --sort avg_spend "$EXAMPLE")" "0 1 2"
    assert_equal "$(ids_in_order --sort=-avg_spend "$EXAMPLE")" "2 1 0"
    assert_equal "$(ids_in_order --sort=avg_spend:desc "$EXAMPLE")" "2 1 0"
    assert_equal "$(ids_in_order --sort=share_of_revenue_pct:asc "$EXAMPLE")" "2 1 0"
    assert_equal "$(ids_in_order --sort=-n_customers "$EXAMPLE")" "0 1 2"
    assert_equal "$(ids_in_order --sort=-cluster_id "$EXAMPLE")" "2 1 0"
    assert_equal "$(ids_in_order --sort=top_categories "$EXAMPLE")" "0 2 1"
    # an extra column (median_frequency: 8, 25, 29)
    assert_equal "$(ids_in_order --median frequency --sort=-median_frequency "$EXAMPLE")" "2 1 0"
}

@test "--sort is stable: ties keep the cluster order in both directions" {
    # insight: 0 and 2 "Growth-potential segment", 1 "Focus on retention & upsell"
    assert_equal "$(ids_in_order --sort insight "$EXAMPLE")" "1 0 2"
    assert_equal "$(ids_in_order --sort -insight "$EXAMPLE")" "0 2 1"
}

@test "--sort cluster_name: names by bytes, clusters without a name last either way" {
    assert_equal "$(ids_in_order --names "$FIX/names.csv" --sort cluster_name "$EXAMPLE")" "2 0 1"
    assert_equal "$(ids_in_order --names "$FIX/names.csv" --sort -cluster_name "$EXAMPLE")" "0 2 1"
}

@test "--sort in every format: the same order (json against jq's sort of the example)" {
    run --separate-stderr "$SEGPROF" --compact --sort=-avg_spend "$EXAMPLE"
    jq_equal "$(jq -c '.cluster_profiles |= (sort_by(.avg_spend) | reverse)' "$RESPONSE")"
    # the top category of each cluster shows where it went: 2 laptop, 1 smart-tv, 0 cheese
    for f in "${FORMATS[@]}"; do
        run "$SEGPROF" -f "$f" --sort=-avg_spend "$EXAMPLE"
        assert_success
        local a=${output%%laptop*} b=${output%%smart-tv*} c=${output%%cheese*}
        (( ${#a} < ${#b} && ${#b} < ${#c} )) || fail "$f: not in the order 2 1 0"
    done
}

@test "--sort: a field not in the output is a usage error naming the fields" {
    fails 64 "segprof: --sort: no field 'cluster_name' in the output (the fields are: cluster_id, n_customers, avg_spend, median_spend, avg_frequency, top_categories, share_of_revenue_pct, insight)" \
        --sort cluster_name "$EXAMPLE"
    fails 64 "segprof: invalid value '-' for --sort (expected FIELD, -FIELD, FIELD:asc or FIELD:desc)
$TRY" --sort=- "$EXAMPLE"
}

# ---------------------------------------------------------------- min-size

@test "--min-size: a cluster of fewer customers is left out; the others are unchanged" {
    run --separate-stderr "$SEGPROF" --compact --min-size 3 "$EXAMPLE"
    assert_success
    assert_equal "$stderr" "segprof: warning: 1 cluster withheld: fewer than 3 customers (--min-size)"
    # the shares stay computed over every customer: 40.71 + 40.08, not 100
    jq_equal "$(jq -c '.cluster_profiles |= map(select(.n_customers >= 3))
        | .min_size = 3 | .withheld_clusters = 1' "$RESPONSE")"
    run --separate-stderr "$SEGPROF" --compact --min-size 8 "$EXAMPLE"
    assert_equal "$stderr" "segprof: warning: 2 clusters withheld: fewer than 8 customers (--min-size)"
    jq_equal "$(jq -c '.cluster_profiles |= map(select(.cluster_id == 0))
        | .min_size = 8 | .withheld_clusters = 2' "$RESPONSE")"
    # a guard that withholds nothing: said in the document, not on stderr
    run --separate-stderr "$SEGPROF" --compact --min-size 2 "$EXAMPLE"
    assert_equal "$stderr" ""
    assert_output --partial '],"min_size":2,"withheld_clusters":0}'
}

@test "--min-size: no figure of the withheld cluster in any format; the count in the report ones" {
    # cluster 2: 2 customers, 4321.68, 29.0, 19.2 %, laptop ... gaming-pc, named "Big ..."
    for f in "${FORMATS[@]}"; do
        run --separate-stderr "$SEGPROF" -f "$f" --min-size 3 --names "$FIX/names.csv" --median frequency "$EXAMPLE"
        assert_success
        # html: its text (charts' titles included) and its attributes apart from geometry
        [ "$f" = html ] && output=$(python3 "$BATS_TEST_DIRNAME/html_wellformed.py" <(echo "$output") |
            jq -r .text; grep -o '[a-z-]*="[^"]*"' <<<"$output" | grep -v '^[xy][12]\?=\|^width=\|^height=\|^viewBox=')
        for secret in 4321 laptop mouse keyboard monitor gaming-pc 19.2 tech 29.0; do
            refute_output --partial "$secret"
        done
        # cluster 0's share, unchanged (the cards round it to the percent)
        if [ "$f" = cards ]; then assert_output --partial "41% of revenue"; else assert_output --partial "40.71"; fi
        assert_output --partial "Casual buyers"
    done
    run "$SEGPROF" -f table --min-size 3 "$EXAMPLE"
    assert_line --index 4 "clusters of fewer than 3 customers withheld: 1"
    run "$SEGPROF" -f markdown --min-size 3 "$EXAMPLE"
    assert_line --index 4 "clusters of fewer than 3 customers withheld: 1"
    run "$SEGPROF" -f cards --min-size 3 "$EXAMPLE"
    assert_line --index 8 "_Clusters of fewer than 3 customers withheld: 1_"
    run "$SEGPROF" -f html --min-size 3 "$EXAMPLE"
    # bars: 2 clusters x 2 in each of the two charts, 5 + 5 top categories
    assert_equal "$(grep -o '<rect' <<<"$output" | wc -l)" 18
    assert_output --partial '<p class="guard">Clusters of fewer than 3 customers withheld: 1.</p>'
    assert_output --partial '<code>--top=5 --lang=en --min-size=3</code>'
    # csv, tsv, ndjson keep their shape: the count only on standard error
    run --separate-stderr "$SEGPROF" -f csv --min-size 3 "$EXAMPLE"
    assert_equal "${#lines[@]}" 3
}

@test "--min-size applies at merge time: a cluster small in each partial but big in all is kept" {
    local d=$BATS_TEST_TMPDIR
    # cluster 1 (7 customers) split 4 + 3: below 5 in each partial, 7 after the merge
    jq '.customers |= .[0:20]' "$EXAMPLE" > "$d/a.json"
    jq '.customers |= .[20:]' "$EXAMPLE" > "$d/b.json"
    "$SEGPROF" -q --partial "$d/a.json" > "$d/a.partial"
    "$SEGPROF" -q --partial "$d/b.json" > "$d/b.partial"
    run --separate-stderr "$SEGPROF" merge --compact --min-size 5 --sort -cluster_id \
        --names "$FIX/names.csv" "$d/a.partial" "$d/b.partial"
    assert_success
    assert_equal "$stderr" "segprof: warning: the partials are not hash shards (--shard): a customer in two of them would be counted twice unseen
segprof: warning: 1 cluster withheld: fewer than 5 customers (--min-size)"
    jq_equal "$(named_response | jq -c '.cluster_profiles |= (map(select(.n_customers >= 5)) | reverse)
        | .min_size = 5 | .withheld_clusters = 1')"
}

@test "--names, --sort and --min-size with --partial are usage errors (they belong to merge)" {
    for opt in --names=x --sort=avg_spend --min-size=5; do
        fails 64 "segprof: --names, --sort and --min-size apply to profiles: give them to 'segprof merge', not to --partial
$TRY" --partial "$opt" "$EXAMPLE"
    done
    fails 64 "segprof: invalid value '0' for --min-size (expected a number of customers from 1 to 10^18)
$TRY" --min-size 0 "$EXAMPLE"
}

@test "names, sort and min-size: the same bytes at every -j and for the split input form" {
    local args=(--names "$FIX/names.csv" --sort=-share_of_revenue_pct --min-size 3)
    for f in "${FORMATS[@]}"; do
        local ref
        ref=$("$SEGPROF" -q -j 1 -f "$f" "${args[@]}" "$EXAMPLE")
        for j in 2 3 4; do
            assert_equal "$("$SEGPROF" -q -j "$j" -f "$f" "${args[@]}" "$EXAMPLE")" "$ref"
        done
        [ "$f" = html ] && continue # the footer names the inputs
        assert_equal "$("$SEGPROF" -q -j 2 -f "$f" "${args[@]}" \
            --customers "$BATS_TEST_DIRNAME/../examples/customers.ndjson" \
            --labels "$BATS_TEST_DIRNAME/../examples/labels.csv")" "$ref"
    done
}
