#!/usr/bin/env bats
# -f html: the self-contained report.  Structure (parsed with Python's html.parser by
# tests/html_wellformed.py), figures, escaping of hostile input, --lang/--currency/
# --locale-numbers, the same bytes at every -j, and the report in a real browser
# (tests/browser/check_report.py drives Debian's chromium headless through the DevTools
# protocol; skipped when chromium is not installed, CI installs it).
#
#   SEGPROF=/path/to/segprof bats tests/html.bats     (default: build/segprof)
#
# Fixtures: tests/fixtures/html/ (README.md there); hostile.py writes the hostile inputs.
# SEGPROF_UPDATE_SCREENSHOT=1 rewrites docs/report.png from the browser test.

load helpers

setup() {
    FIX="$BATS_TEST_DIRNAME/fixtures/html"
    EXAMPLE="$BATS_TEST_DIRNAME/../examples/request.json"
    WELLFORMED="$BATS_TEST_DIRNAME/html_wellformed.py"
    BROWSER="$BATS_TEST_DIRNAME/browser/check_report.py"
}

# report FILE ARGS...: segprof -f html ARGS > FILE, nothing on stderr
report() {
    local file=$1
    shift
    run --separate-stderr "$SEGPROF" -f html "$@"
    assert_success
    assert_equal "$stderr" ""
    printf '%s\n' "$output" > "$file"
}

# facts FILE: the well-formedness check passes; its facts (JSON) in $facts
facts() {
    run --separate-stderr python3 "$WELLFORMED" "$1"
    [ "$status" -eq 0 ] || fail "not well formed: $stderr"
    facts=$output
}

@test "html: well formed, one card per cluster, every chart labelled, a real table" {
    report "$BATS_TEST_TMPDIR/r.html" "$EXAMPLE"
    facts "$BATS_TEST_TMPDIR/r.html"
    assert_equal "$(jq .cards <<<"$facts")" 3
    # overview, spend, one category chart per card; each checked for a labelled <title>
    assert_equal "$(jq .charts <<<"$facts")" 5
    assert_equal "$(jq .tables <<<"$facts")" 1
    assert_equal "$(jq .rows <<<"$facts")" 4
    run cat "$BATS_TEST_TMPDIR/r.html"
    assert_line --index 0 '<!DOCTYPE html>'
    refute_output --regexp '<script|<link|<img|@import|url\(|https?://[^w]'
}

@test "html: the figures of the example (hand-checked against examples/response.json)" {
    run "$SEGPROF" -f html "$EXAMPLE"
    # population: 40 customers, mean spend 45009.75 / 40 = 1125.24375 -> 1125.24
    assert_output --partial '<p class="summary">40 customers · 3 clusters · population average R$ 1125.24</p>'
    # share of customers 31/40, 7/40, 2/40; share of revenue as in response.json
    assert_output --partial 'Cluster 0: 77.5% of customers, 40.71% of revenue; Cluster 1: 17.5% of customers, 40.08% of revenue; Cluster 2: 5.0% of customers, 19.2% of revenue</title>'
    assert_output --partial 'Cluster 0: average R$ 591.11, median R$ 540.00; Cluster 1: average R$ 2577.37, median R$ 2560.00; Cluster 2: average R$ 4321.68, median R$ 4321.68</title>'
    # cluster 0: cheese and wine bought by 2 of its 31 customers (6.45 %), the others by 1 (3.23 %)
    assert_output --partial '<title id="c0-t">Top categories, Cluster 0: cheese, 6.45% of customers bought it; wine, 6.45% of customers bought it; tea, 3.23% of customers bought it;'
    assert_output --partial '<p class="portrait">31 customers · 8.8 orders · R$ 591 avg spend · 41% of revenue</p>'
    assert_output --partial '<p class="insight"><strong>Recommended:</strong> Focus on retention &amp; upsell</p>'
    # the table: the numbers of -f table
    assert_output --partial '<td class="num" data-label="median_spend">540.00</td>'
    assert_output --partial '<p>Profiled: <code>'"$EXAMPLE"'</code> · 40 customers · options: <code>--top=5 --lang=en</code> · segprof 1.0.0</p>'
    # the longest bar is the largest share (77.5 %): 220 units
    assert_output --partial '<rect class="b1" x="112" y="5.0" width="220.00" height="13" rx="2"/>'
}

@test "html: the footer names a table input and every option that changes a figure" {
    printf 'idx,uid,n,paid,cats,seg\n0,C1,1,5,a|b,0\n1,C2,2,7,a,1\n2,C3,1,-1,a,1\n' >"$BATS_TEST_TMPDIR/pd.csv"
    run --separate-stderr "$SEGPROF" -f html -q --customers "$BATS_TEST_TMPDIR/pd.csv" \
        --cluster-field seg --id-field uid --frequency-field n --amount-field paid \
        --types-field cats --types-sep '|' --bad-rows=skip --rank=lift --min-support 1
    assert_success
    assert_output --partial "<p>Profiled: <code>--customers=$BATS_TEST_TMPDIR/pd.csv</code> · 2 customers · options: <code>--top=5 --lang=en --rank=lift --min-support=1 --bad-rows=skip --id-field=uid --frequency-field=n --amount-field=paid --types-field=cats --cluster-field=seg --types-sep=|</code> · segprof 1.0.0</p>"
    refute_output --partial "(null)"
}

@test "html: every table cell is the cell of -f table" {
    run "$SEGPROF" -f html --mean frequency "$EXAMPLE"
    local cells
    cells=$(grep -o '<t[hd] [^>]*data-label="[^"]*">[^<]*\(<bdi>[^<]*</bdi>\)\?' <<<"$output" |
        sed 's/<[^>]*>//g; s/&amp;/\&/g' | paste -sd'|')
    local expected
    expected=$("$SEGPROF" -f table --mean frequency "$EXAMPLE" | tail -n +3 |
        sed -E 's/  +/|/g; s/^\|//; s/\|$//' | paste -sd'|')
    assert_equal "$cells" "$expected"
}

@test "html --scores: the category bars are the scores (worked out by hand)" {
    run "$SEGPROF" -f html --scores "$EXAMPLE"
    assert_success
    # TF-IDF, K = 3: cheese and wine are bought by 2 of cluster 0's customers and only
    # there, 2 x (ln(4/2) + 1) = 3.386 -> 3.39; tea, coffee, jeans by 1: 1.693 -> 1.69
    assert_output --partial '<title id="c0-t">Top categories, Cluster 0: cheese, score 3.39; wine, score 3.39; tea, score 1.69; coffee, score 1.69; jeans, score 1.69</title>'
    # the best score is the longest bar (240 units); 1.69 / 3.39 x 240 = 119.65
    assert_output --partial '<text x="0" y="11.0">cheese</text><rect class="b1" x="0" y="15.0" width="240.00" height="10" rx="2"/><text class="v" x="244.0" y="24.0">3.39</text>'
    assert_output --partial '<rect class="b1" x="0" y="75.0" width="119.65" height="10" rx="2"/><text class="v" x="123.6" y="84.0">1.69</text>'
    assert_output --partial "<p class=\"note\">bar: the category's score (--scores, --rank), the cluster's best the longest</p>"
    # lift: smart-tv, 1 of cluster 1's 7 customers, 1 of all 40: (1/7) / (1/40) = 5.714 -> 5.71
    run "$SEGPROF" -f html --scores --rank lift --min-support 1 "$EXAMPLE"
    assert_output --partial '<title id="c1-t">Top categories, Cluster 1: smart-tv, score 5.71;'
    assert_output --partial '<code>--top=5 --lang=en --rank=lift --min-support=1 --scores</code>'
    run "$SEGPROF" -f html --scores --lang es "$EXAMPLE"
    assert_output --partial 'Clúster 0: cheese, puntuación 3.39;'
}

@test "html: hostile slugs, cluster ids and names are escaped and the page stays well formed" {
    python3 "$FIX/hostile.py" "$BATS_TEST_TMPDIR"
    report "$BATS_TEST_TMPDIR/h.html" --top 10 --names "$BATS_TEST_TMPDIR/names.json" "$BATS_TEST_TMPDIR/hostile.json"
    facts "$BATS_TEST_TMPDIR/h.html"
    assert_equal "$(jq .cards <<<"$facts")" 4
    run cat "$BATS_TEST_TMPDIR/h.html"
    refute_output --partial '<script'
    refute_output --partial '<img'
    refute_output --partial '<!--'
    assert_output --partial '&lt;/svg&gt;&lt;script&gt;alert(1)&lt;/script&gt;'
    assert_output --partial '<bdi>&lt;img src=x onerror=alert(3)&gt;</bdi> <span class="id">Cluster <bdi>&lt;/svg&gt;&lt;script&gt;alert(2)&lt;/script&gt;</bdi></span>'
    assert_output --partial 'q&quot;u&#39;o&amp;t&lt;e&gt;'
    # the control characters (BEL, tab; NEL, a C1 control) as spaces
    assert_output --partial 'bell tab here'
    assert_output --partial 'c1 nel'
    # the right-to-left override kept, inside <bdi> in HTML text
    assert_output --partial $'<bdi>\u202eRTL id</bdi>'
    # the 10,000-character slug whole in the title and the table, cut in the bars' labels
    assert_output --regexp 'x{10000}'
    assert_output --regexp '<text x="0" y="[0-9.]+">x{36}…</text>'
    # the text a reader gets: every hostile string, unescaped once
    [[ $(jq -r .text <<<"$facts") == *'</svg><script>alert(1)</script>'* ]] || fail "not in the text"
}

@test "html: 500 clusters: 500 cards, well formed, names where given" {
    python3 "$FIX/hostile.py" "$BATS_TEST_TMPDIR" 500
    report "$BATS_TEST_TMPDIR/m.html" --names "$BATS_TEST_TMPDIR/many-names.json" "$BATS_TEST_TMPDIR/many.json"
    facts "$BATS_TEST_TMPDIR/m.html"
    assert_equal "$(jq .cards <<<"$facts")" 500
    assert_equal "$(jq .charts <<<"$facts")" 502
    assert_equal "$(jq .rows <<<"$facts")" 501
    run grep -c '<h3 id="c[0-9]*"><bdi>segment [0-9]* q&quot;u&#39;o&amp;t&lt;e&gt;</bdi>' "$BATS_TEST_TMPDIR/m.html"
    assert_output 250
}

@test "html: no clusters: a report with the empty table, well formed" {
    printf '{"customers": [], "labels": {}}' > "$BATS_TEST_TMPDIR/empty.json"
    report "$BATS_TEST_TMPDIR/e.html" "$BATS_TEST_TMPDIR/empty.json"
    facts "$BATS_TEST_TMPDIR/e.html"
    assert_equal "$(jq .cards <<<"$facts")" 0
    assert_equal "$(jq .rows <<<"$facts")" 1
    assert_output --partial '0 customers'
}

@test "html: --lang, --currency (escaped) and --locale-numbers apply as for cards" {
    run "$SEGPROF" -f html --lang es --currency '€<b>' "$EXAMPLE"
    assert_output --partial '<html lang="es">'
    assert_output --partial '<h1>Segmentos de clientes</h1>'
    assert_output --partial '<p class="portrait">31 clientes · 8.8 pedidos · €&lt;b&gt; 591 gasto medio · 41% de los ingresos</p>'
    assert_output --partial 'Enfoque en retención y upselling'
    run "$SEGPROF" -f html --lang pt "$EXAMPLE"
    assert_output --partial '<html lang="pt-BR">'
    assert_output --partial 'Foco em retenção e upsell'
    use_locale de_DE.UTF-8
    run env LC_ALL=de_DE.UTF-8 "$SEGPROF" -f html --locale-numbers "$EXAMPLE"
    assert_output --partial 'population average R$ 1.125,24'
    assert_output --partial '<p class="portrait">31 customers · 8,8 orders · R$ 591 avg spend · 41% of revenue</p>'
    # the table keeps the plain numbers of -f table, to be copied
    assert_output --partial 'data-label="avg_spend">2577.37</td>'
}

@test "html: the same bytes at every -j, and for a request and its split form but the footer" {
    local ref
    ref=$("$SEGPROF" -j 1 -f html --mean frequency "$EXAMPLE")
    for j in 2 3 4 8; do
        assert_equal "$("$SEGPROF" -j "$j" -f html --mean frequency "$EXAMPLE")" "$ref"
    done
    local split
    split=$("$SEGPROF" -j 2 -f html --mean frequency --customers "$BATS_TEST_DIRNAME/../examples/customers.ndjson" \
        --labels "$BATS_TEST_DIRNAME/../examples/labels.csv")
    assert_equal "$(grep -v '^<p>Profiled' <<<"$split")" "$(grep -v '^<p>Profiled' <<<"$ref")"
}

@test "browser: the example's report at 375 and 1280 px (chromium headless)" {
    command -v chromium >/dev/null || [ -n "${CHROMIUM:-}" ] || skip "chromium not installed"
    [ -z "${SEGPROF_SANITIZED:-}" ] || skip "the browser is not under test with sanitizers"
    # from the top of the tree, so that the footer shows the paths of the README's command
    cd "$BATS_TEST_DIRNAME/.."
    report "$BATS_TEST_TMPDIR/r.html" --names tests/fixtures/report/names.csv examples/request.json
    run --separate-stderr python3 "$BROWSER" "$BATS_TEST_TMPDIR/r.html" 3 --screenshot "$BATS_TEST_TMPDIR/r.png"
    [ "$status" -ne 77 ] || skip "chromium not installed"
    assert_equal "$stderr" ""
    assert_success
    assert_file_exists "$BATS_TEST_TMPDIR/r.png"
    if [ -n "${SEGPROF_UPDATE_SCREENSHOT:-}" ]; then
        cp "$BATS_TEST_TMPDIR/r.png" "$BATS_TEST_DIRNAME/../docs/report.png"
    fi
}

@test "browser: hostile strings and 500 clusters fit a phone's screen" {
    command -v chromium >/dev/null || [ -n "${CHROMIUM:-}" ] || skip "chromium not installed"
    [ -z "${SEGPROF_SANITIZED:-}" ] || skip "the browser is not under test with sanitizers"
    python3 "$FIX/hostile.py" "$BATS_TEST_TMPDIR"
    python3 "$FIX/hostile.py" "$BATS_TEST_TMPDIR" 500
    report "$BATS_TEST_TMPDIR/h.html" --top 10 --names "$BATS_TEST_TMPDIR/names.json" "$BATS_TEST_TMPDIR/hostile.json"
    run --separate-stderr python3 "$BROWSER" "$BATS_TEST_TMPDIR/h.html" 4
    assert_equal "$stderr" ""
    assert_success
    report "$BATS_TEST_TMPDIR/m.html" "$BATS_TEST_TMPDIR/many.json"
    run --separate-stderr python3 "$BROWSER" "$BATS_TEST_TMPDIR/m.html" 500
    assert_equal "$stderr" ""
    assert_success
}

@test "browser: the checker itself fails on a wide element, a script, a fetch and a wrong card count" {
    command -v chromium >/dev/null || [ -n "${CHROMIUM:-}" ] || skip "chromium not installed"
    [ -z "${SEGPROF_SANITIZED:-}" ] || skip "the browser is not under test with sanitizers"
    "$SEGPROF" -f html "$EXAMPLE" |
        sed 's#</body>#<div style="width:2000px">w</div><img src="http://192.0.2.1/x.png"><script>console.error("boom")</script></body>#' \
        > "$BATS_TEST_TMPDIR/bad.html"
    run --separate-stderr python3 "$BROWSER" "$BATS_TEST_TMPDIR/bad.html" 4
    [ "$status" -eq 1 ] || fail "status $status: $stderr"
    [[ $stderr == *"375px: 3 cards, expected 4"* ]] || fail "$stderr"
    [[ $stderr == *"375px: wider than the viewport (375)"* ]] || fail "$stderr"
    [[ $stderr == *"network request: http://192.0.2.1/x.png"* ]] || fail "$stderr"
    [[ $stderr == *"console error: [{'type': 'string', 'value': 'boom'}]"* ]] || fail "$stderr"
    [[ $stderr == *"1280px: 1 scripts in the page"* ]] || fail "$stderr"
}
