#!/usr/bin/env bats
# Extra per-cluster features (--mean/--median/--sum, --missing), persona cards (-f cards,
# --currency, --lang, --locale-numbers) and partial results (--partial, segprof merge).
#
#   SEGPROF=/path/to/segprof bats tests/extras.bats     (default: build/segprof)
#
# Fixtures: tests/fixtures/extras/, every expected output derived by hand (README.md there).
# The gen.py test needs ../shared/bench/gen.py (SEGPROF_GEN overrides the path) and is skipped
# without it; the others generate their data with python3 (random.seed) and are skipped when
# python3 is missing.  The locale tests compile de_DE.UTF-8 with localedef(1) into
# ${XDG_CACHE_HOME:-~/.cache}/segprof-tests/locale when `locale -a` lacks it (use_locale
# of helpers.bash) and are skipped when that is impossible.

load helpers

setup() {
    FIX="$BATS_TEST_DIRNAME/fixtures/extras"
    EXAMPLE="$BATS_TEST_DIRNAME/../examples/request.json"
    RESPONSE="$BATS_TEST_DIRNAME/../examples/response.json"
    GEN="${SEGPROF_GEN:-$BATS_TEST_DIRNAME/../../shared/bench/gen.py}"
}

MERGE_TRY="Try 'segprof merge --help' for more information."
MISSING_HINT='(--mean/--median/--sum; --missing skip to leave such customers out of the column)'

# options of the two extras fixtures (README.md)
FEAT=(--median age,clv --mean clv,age --sum clv)
MISS=(--sum score --mean clv --median clv,score --missing skip)

# ok_equal EXPECTED_FILE ARGS...: segprof ARGS succeeds, prints EXPECTED_FILE's content, no stderr
ok_equal() {
    local expected=$1
    shift
    run --separate-stderr "$SEGPROF" "$@"
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$output" "$(cat "$expected")"
}

# same_output ARGS_A -- ARGS_B: segprof ARGS_A and segprof ARGS_B both succeed with the same
# standard output byte for byte (compared through files, so trailing newlines count)
same_output() {
    local a=() b=()
    while [ "$1" != -- ]; do a+=("$1"); shift; done
    shift
    b=("$@")
    "$SEGPROF" "${a[@]}" >"$BATS_TEST_TMPDIR/same.a" || fail "segprof ${a[*]} failed"
    "$SEGPROF" "${b[@]}" >"$BATS_TEST_TMPDIR/same.b" || fail "segprof ${b[*]} failed"
    [ -s "$BATS_TEST_TMPDIR/same.a" ] || fail "segprof ${a[*]} printed nothing"
    cmp "$BATS_TEST_TMPDIR/same.a" "$BATS_TEST_TMPDIR/same.b" ||
        fail "outputs differ: segprof ${a[*]}  vs  segprof ${b[*]}"
}

# ---------------------------------------------------------------------------------------------
# 1. Extra features
# ---------------------------------------------------------------------------------------------

@test "extras: json columns after the standard 8, per field mean, median, sum (fixture features)" {
    ok_equal "$FIX/features.expected.json" "${FEAT[@]}" "$FIX/features.request.json"
    assert_output --partial '"insight": "Growth-potential segment",
            "mean_age": 39.0,
            "median_age": 35.5,
            "mean_clv": 2.0,
            "median_clv": 2.01,
            "sum_clv": 8.01
        },'
}

@test "extras: exact decimal rounding, negatives, no -0.0 (-1.005 and 0 -> -0.5; sum -1.01)" {
    run --separate-stderr "$SEGPROF" -f ndjson "${FEAT[@]}" "$FIX/features.request.json"
    assert_success
    assert_line --index 1 --partial '"mean_clv":-0.5,"median_clv":-0.5,"sum_clv":-1.01}'
    assert_line --index 2 --partial '"mean_clv":0.0,"median_clv":0.0,"sum_clv":0.0}'
    refute_output --partial -- '-0.0'
}

@test "extras: the column order does not depend on the option order, only on first naming" {
    local f="$FIX/features.request.json"
    same_output "${FEAT[@]}" "$f" -- --mean age --sum clv --median clv --mean clv --median age "$f"
    same_output "${FEAT[@]}" "$f" -- --median=age,clv --sum=clv --mean=clv,age "$f"
    same_output "${FEAT[@]}" "$f" -- --median age --mean clv --mean age --median clv --sum clv "$f"
    # a field named twice gives its columns once
    same_output "${FEAT[@]}" "$f" -- "${FEAT[@]}" --mean clv --sum clv,clv "$f"
    # naming clv first puts its columns first
    run --separate-stderr "$SEGPROF" -f csv --sum clv --mean age,clv --median clv,age "$f"
    assert_success
    assert_line --index 0 "cluster_id,n_customers,avg_spend,median_spend,avg_frequency,top_categories,share_of_revenue_pct,insight,mean_clv,median_clv,sum_clv,mean_age,median_age"
}

@test "extras: every format shows the extra columns (ndjson, csv, tsv, table, markdown, cards)" {
    local f="$FIX/features.request.json"
    ok_equal "$FIX/features.expected.ndjson" -f ndjson "${FEAT[@]}" "$f"
    ok_equal "$FIX/features.expected.csv" -f csv "${FEAT[@]}" "$f"
    ok_equal "$FIX/features.expected.tsv" -f tsv "${FEAT[@]}" "$f"
    ok_equal "$FIX/features.expected.table.txt" -f table "${FEAT[@]}" "$f"
    ok_equal "$FIX/features.expected.md" -f markdown "${FEAT[@]}" "$f"
    ok_equal "$FIX/features.expected.cards.md" -f cards "${FEAT[@]}" "$f"
}

@test "extras: --compact is the indented document on one line" {
    command -v python3 >/dev/null || skip "python3 not installed"
    run --separate-stderr "$SEGPROF" --compact "${FEAT[@]}" "$FIX/features.request.json"
    assert_success
    assert_equal "$output" "$(python3 -c 'import json, sys
print(json.dumps(json.load(open(sys.argv[1])), separators=(",", ":"), ensure_ascii=False))' "$FIX/features.expected.json")"
}

@test "extras: --mean/--median of amount_spent and --sum of frequency agree with the standard columns" {
    run --separate-stderr "$SEGPROF" -f csv --mean amount_spent --median amount_spent --sum frequency "$EXAMPLE"
    assert_success
    assert_equal "$stderr" ""
    # 273, 162 and 58 are the frequency sums of the three clusters (fixtures/extras/README.md)
    assert_line --index 1 '0,31,591.11,540.0,8.81,"cheese, wine, tea, coffee, jeans",40.71,Growth-potential segment,591.11,540.0,273.0'
    assert_line --index 2 '1,7,2577.37,2560.0,23.14,"smart-tv, soundbar, hdmi-cable, tablet, stylus",40.08,Focus on retention & upsell,2577.37,2560.0,162.0'
    assert_line --index 3 '2,2,4321.68,4321.68,29.0,"laptop, mouse, keyboard, monitor, gaming-pc",19.2,Growth-potential segment,4321.68,4321.68,58.0'
}

@test "extras without extras options: output unchanged (8 columns), --missing skip alone changes nothing" {
    ok_equal "$RESPONSE" "$EXAMPLE"
    ok_equal "$RESPONSE" --missing skip "$EXAMPLE"
}

@test "--missing skip: n_FIELD, customers without a number left out of that field only (all formats)" {
    local f="$FIX/missing.request.json"
    ok_equal "$FIX/missing.expected.json" "${MISS[@]}" "$f"
    ok_equal "$FIX/missing.expected.ndjson" -f ndjson "${MISS[@]}" "$f"
    ok_equal "$FIX/missing.expected.csv" -f csv "${MISS[@]}" "$f"
    ok_equal "$FIX/missing.expected.tsv" -f tsv "${MISS[@]}" "$f"
    ok_equal "$FIX/missing.expected.table.txt" -f table "${MISS[@]}" "$f"
    ok_equal "$FIX/missing.expected.md" -f markdown "${MISS[@]}" "$f"
    ok_equal "$FIX/missing.expected.cards.md" -f cards "${MISS[@]}" "$f"
}

@test "--missing skip: a cluster where nobody has the field: null / empty / '-' for mean and median, 0.0 for sum" {
    local f="$FIX/missing.request.json"
    run --separate-stderr "$SEGPROF" -f ndjson "${MISS[@]}" "$f"
    assert_line --index 1 --partial '"n_score":0,"median_score":null,"sum_score":0.0,"n_clv":0,"mean_clv":null,"median_clv":null}'
    run --separate-stderr "$SEGPROF" -f csv "${MISS[@]}" "$f"
    assert_line --index 2 '2,2,0.0,0.0,0.0,,0.0,Growth-potential segment,0,,0.0,0,,'
    run --separate-stderr "$SEGPROF" -f table "${MISS[@]}" "$f"
    assert_line --index 3 --regexp ' 0 +- +0\.00 +0 +- +-$'
}

@test "extras, default --missing error: every missing/null/non-number value reported, exit 65, nothing on stdout" {
    cd "$FIX"
    local m="segprof: missing.request.json:"
    fails 65 "${m}3:86: /customers/0/score: expected a number, got a string
${m}4:96: /customers/1/clv: expected a number, got null
${m}5:5: /customers/2: missing key \"clv\" $MISSING_HINT
${m}7:5: /customers/4: missing key \"score\" $MISSING_HINT
${m}7:5: /customers/4: missing key \"clv\" $MISSING_HINT
${m}8:83: /customers/5/score: expected a number, got null
${m}8:96: /customers/5/clv: expected a number, got a string
${m}10:5: /customers/7: missing key \"clv\" $MISSING_HINT" --sum score --mean clv --median clv,score missing.request.json
    run --separate-stderr "$SEGPROF" --missing=error "${MISS[@]:0:6}" missing.request.json
    assert_failure 65
    assert_equal "$output" ""
}

@test "extras errors: booleans, objects, arrays are not numbers; a '/' in the key is escaped ~1" {
    cd "$BATS_TEST_TMPDIR"
    printf '%s\n' '{"customers": [' \
        '{"id": "a", "frequency": 1, "amount_spent": 1, "product_types": [], "k": true, "a/b": 1},' \
        '{"id": "b", "frequency": 1, "amount_spent": 1, "product_types": [], "k": {}, "a/b": "1"},' \
        '{"id": "c", "frequency": 1, "amount_spent": 1, "product_types": [], "k": [1], "t~x": "1"}' \
        '], "labels": {"a": 1, "b": 1, "c": 2}}' >req.json
    fails 65 "segprof: req.json:2:74: /customers/0/k: expected a number, got a boolean
segprof: req.json:3:74: /customers/1/k: expected a number, got an object
segprof: req.json:3:85: /customers/1/a~1b: expected a number, got a string
segprof: req.json:4:74: /customers/2/k: expected a number, got an array
segprof: req.json:4:1: /customers/2: missing key \"a/b\" $MISSING_HINT" --mean k,a/b req.json
    # RFC 6901: '~' is written ~0 (also in --error-format=json)
    fails 65 "segprof: req.json:2:1: /customers/0: missing key \"t~x\" $MISSING_HINT
segprof: req.json:3:1: /customers/1: missing key \"t~x\" $MISSING_HINT
segprof: req.json:4:86: /customers/2/t~0x: expected a number, got a string" --sum t~x req.json
    run --separate-stderr "$SEGPROF" --error-format=json --mean a/b req.json
    assert_failure 65
    assert_equal "$(head -n1 <<<"$stderr")" '{"file":"req.json","line":3,"column":85,"pointer":"/customers/1/a~1b","message":"expected a number, got a string","level":"error","exit":65}'
    # with --missing skip all of them are left out
    run --separate-stderr "$SEGPROF" -f csv --missing skip --mean k,a/b req.json
    assert_success
    assert_equal "$stderr" ""
    assert_line --index 0 --partial ',insight,n_k,mean_k,n_a/b,mean_a/b'
    assert_line --index 1 --partial ',0,,1,1.0'
    assert_line --index 2 --partial ',0,,0,'
}

@test "extras errors: --error-format=json gives the JSON Pointer" {
    cd "$FIX"
    run --separate-stderr "$SEGPROF" --error-format=json --mean clv missing.request.json
    assert_failure 65
    assert_equal "$output" ""
    assert_equal "$(head -n1 <<<"$stderr")" '{"file":"missing.request.json","line":4,"column":96,"pointer":"/customers/1/clv","message":"expected a number, got null","level":"error","exit":65}'
    assert_equal "$(sed -n 2p <<<"$stderr")" '{"file":"missing.request.json","line":5,"column":5,"pointer":"/customers/2","message":"missing key \"clv\" '"$MISSING_HINT"'","level":"error","exit":65}'
}

@test "extras errors: more than 20: the first 20, then '… and N more errors'" {
    command -v python3 >/dev/null || skip "python3 not installed"
    cd "$BATS_TEST_TMPDIR"
    python3 -c 'import json
n = 25
print(json.dumps({"customers": [{"id": "c%d" % i, "frequency": 1, "amount_spent": 1, "product_types": []} for i in range(n)],
                  "labels": {"c%d" % i: 1 for i in range(n)}}))' >req.json
    run --separate-stderr "$SEGPROF" --sum k req.json
    assert_failure 65
    # json.dumps on one line: customer i starts at column 16 + 70 i, two-digit ids (i >= 10) at 716 + 71 (i - 10)
    local expected="" i
    for i in $(seq 0 19); do
        expected+="segprof: req.json:1:$((i < 10 ? 16 + 70 * i : 716 + 71 * (i - 10))): /customers/$i: missing key \"k\" $MISSING_HINT"$'\n'
    done
    expected+="segprof: … and 5 more errors"
    assert_equal "$stderr" "$expected"
}

@test "--missing skip does not excuse the standard keys (amount_spent still checked)" {
    cd "$BATS_TEST_TMPDIR"
    printf '%s\n' '{"customers": [{"id": "a", "frequency": 1, "amount_spent": "x", "product_types": []}], "labels": {"a": 1}}' >req.json
    fails 65 "segprof: req.json:1:60: /customers/0/amount_spent: expected a number, got a string" --missing skip --mean k req.json
}

@test "extras over split input: the customers' file and line in messages" {
    cd "$BATS_TEST_TMPDIR"
    printf '%s\n' '{"id": "a", "frequency": 1, "amount_spent": 1, "product_types": []}' \
        '{"id": "b", "frequency": 1, "amount_spent": 1, "product_types": [], "k": "s"}' >c.ndjson
    printf 'a,1\nb,2\n' >l.csv
    fails 65 "segprof: c.ndjson:1: missing key \"k\" $MISSING_HINT
segprof: c.ndjson:2: /k: expected a number, got a string" --customers c.ndjson --labels l.csv --mean k
    fails 65 "segprof: c.ndjson:1: missing key \"k\" $MISSING_HINT
segprof: c.ndjson:2: /k: expected a number, got a string" -j 1 --customers c.ndjson --labels l.csv --mean k
}

@test "usage: --mean '' / bad --missing / no argument -> 64" {
    fails 64 "segprof: --mean needs field names (FIELD[,FIELD]...), got ''
$TRY" --mean '' "$EXAMPLE"
    fails 64 "segprof: invalid value 'maybe' for --missing (expected error or skip)
$TRY" --missing maybe "$EXAMPLE"
    run --separate-stderr "$SEGPROF" "$EXAMPLE" --median
    assert_failure 64
    assert_equal "$output" ""
}

# an empty name inside a comma list is as meaningless as --mean '' (today: silently dropped)
@test "usage: an empty field name inside a comma list (clv,,age / , / clv,) -> 64" {
    run --separate-stderr "$SEGPROF" --mean clv,,age "$FIX/features.request.json"
    assert_failure 64
    assert_equal "$output" ""
    run --separate-stderr "$SEGPROF" --median , "$FIX/features.request.json"
    assert_failure 64
    run --separate-stderr "$SEGPROF" --sum clv, "$FIX/features.request.json"
    assert_failure 64
    assert_equal "$output" ""
}

# n_FIELD for FIELD "customers" would be a second "n_customers" member in every profile (a
# duplicate JSON key, two CSV columns of the same name): the command line is refused.
@test "usage: --missing skip with a field named 'customers' (n_customers twice) -> 64" {
    run --separate-stderr "$SEGPROF" --missing skip --mean customers "$EXAMPLE"
    assert_failure 64
    assert_equal "$output" ""
    assert_equal "$(tail -n1 <<<"$stderr")" "$TRY"
}

@test "extras: split input (--customers NDJSON --labels CSV) = request document, every format" {
    local f
    for f in json ndjson csv tsv table markdown cards; do
        same_output -f "$f" "${FEAT[@]}" "$FIX/features.request.json" -- \
            -f "$f" "${FEAT[@]}" --customers "$FIX/features.customers.ndjson" --labels "$FIX/features.labels.csv"
    done
    ok_equal "$FIX/features.expected.json" "${FEAT[@]}" --labels "$FIX/features.labels.csv" --customers - <"$FIX/features.customers.ndjson"
}

# gen_small DIR: a self-contained data set of 2000 customers with python3 (seeded): DIR/c.ndjson
# (customers, one per line; string and integer ids; amounts with 2 or 3 decimals; duplicate
# and non-ASCII slugs; an extra key "score" absent, null, a string, an integer or a decimal),
# DIR/l.csv (labels, header, integer and string cluster ids, in id order) and DIR/r.json
# (the same as one request document).
gen_small() {
    command -v python3 >/dev/null || skip "python3 not installed"
    mkdir -p "$1"
    python3 - "$1" <<'EOF'
import json, random, sys
random.seed(20240601)
out = sys.argv[1]
vocab = ["tea", "coffee", "mug", "pen", "book", "lamp", "sock", "hat", "gin", "rum",
         "jalapeño", "açaí", "crème-brûlée", "靴下"]
clusters = [0, 1, 2, 7, -1, "gold", "silver"]
weights = [30, 20, 15, 10, 5, 12, 8]
lines, labels = [], []
for i in range(2000):
    cid = ("C%05d" % i) if i % 50 else i
    f = random.randint(0, 60)
    r = random.random()
    if r < 0.02:
        amt = "0"
    elif r < 0.25:
        amt = "%d.%02d5" % (random.randint(0, 999), random.randint(0, 99))
    else:
        amt = "%d.%02d" % (random.randint(0, 5000), random.randint(0, 99))
    slugs = random.sample(vocab, random.randint(0, 4))
    if slugs and random.random() < 0.1:
        slugs.append(slugs[0])
    r = random.random()
    if r < 0.05:
        extra = ""
    elif r < 0.10:
        extra = ', "score": null'
    elif r < 0.12:
        extra = ', "score": "n/a"'
    elif r < 0.20:
        extra = ', "score": %d' % random.randint(-100, 100)
    else:
        extra = ', "score": %s%d.%03d' % (random.choice(["", "-"]), random.randint(0, 99), random.randint(0, 999))
    lines.append('{"id": %s, "frequency": %d, "amount_spent": %s, "product_types": %s, "tenure": %d%s}'
                 % (json.dumps(cid), f, amt, json.dumps(slugs, ensure_ascii=False), random.randint(0, 120), extra))
    labels.append((str(cid), random.choices(clusters, weights)[0]))
with open(out + "/c.ndjson", "w", encoding="utf-8") as fh:
    fh.write("\n".join(lines) + "\n")
labels.sort()
with open(out + "/l.csv", "w", encoding="utf-8") as fh:
    fh.write("customer_id,cluster_id\n" + "".join("%s,%s\n" % kv for kv in labels))
with open(out + "/r.json", "w", encoding="utf-8") as fh:
    fh.write('{"customers": [\n' + ",\n".join(lines) + '\n], "labels": '
             + json.dumps(dict(labels), ensure_ascii=False) + "}\n")
EOF
}

GEN_EXTRAS=(--mean score,tenure --median score --sum score,frequency --missing skip)

@test "extras: split input = request document and -j 1 = -j 2 (2000 generated customers)" {
    local d="$BATS_TEST_TMPDIR/small"
    gen_small "$d"
    local split_in=(--customers "$d/c.ndjson" --labels "$d/l.csv")
    same_output -j 1 "${GEN_EXTRAS[@]}" "$d/r.json" -- -j 2 "${GEN_EXTRAS[@]}" "$d/r.json"
    same_output -j 1 "${GEN_EXTRAS[@]}" "$d/r.json" -- -j 2 "${GEN_EXTRAS[@]}" "${split_in[@]}"
    same_output -j 1 "${GEN_EXTRAS[@]}" "${split_in[@]}" -- -j 2 "${GEN_EXTRAS[@]}" "${split_in[@]}"
    same_output -j 2 -f csv "${GEN_EXTRAS[@]}" "$d/r.json" -- -j 1 -f csv "${GEN_EXTRAS[@]}" "${split_in[@]}"
    same_output -j 1 -f cards "${GEN_EXTRAS[@]}" "$d/r.json" -- -j 2 -f cards "${GEN_EXTRAS[@]}" "${split_in[@]}"
    # and the data exercises what it should: some customers left out, several clusters
    run --separate-stderr "$SEGPROF" -f csv "${GEN_EXTRAS[@]}" "$d/r.json"
    assert_success
    assert_equal "${#lines[@]}" 8
    assert_line --index 0 --partial ',insight,n_score,mean_score,median_score,sum_score,n_tenure,mean_tenure,n_frequency,sum_frequency'
}

# ---------------------------------------------------------------------------------------------
# 2. Persona cards
# ---------------------------------------------------------------------------------------------

EXAMPLE_CARDS='## Cluster 0

31 customers · 8.8 orders · R$ 591 avg spend · 41% of revenue

**Top categories:** cheese, wine, tea, coffee, jeans

**Recommended:** Growth-potential segment

## Cluster 1

7 customers · 23.1 orders · R$ 2577 avg spend · 40% of revenue

**Top categories:** smart-tv, soundbar, hdmi-cable, tablet, stylus

**Recommended:** Focus on retention & upsell

## Cluster 2

2 customers · 29 orders · R$ 4322 avg spend · 19% of revenue

**Top categories:** laptop, mouse, keyboard, monitor, gaming-pc

**Recommended:** Growth-potential segment'

@test "cards: the worked example" {
    run --separate-stderr "$SEGPROF" -f cards "$EXAMPLE"
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$output" "$EXAMPLE_CARDS"
    # one trailing newline, no blank line at the end
    cmp <("$SEGPROF" -f cards "$EXAMPLE") <(printf '%s\n' "$EXAMPLE_CARDS")
}

@test "cards: orders, spend and share rounded half away from zero from the exact figures" {
    ok_equal "$FIX/cards.expected.md" -f cards "$FIX/cards.request.json"
}

@test "cards: --lang es with --currency €, --lang pt" {
    ok_equal "$FIX/cards.es.expected.md" -f cards --lang es --currency € "$FIX/cards.request.json"
    ok_equal "$FIX/cards.pt.expected.md" -f cards --lang=pt "$FIX/cards.request.json"
}

@test "cards: --lang es / pt labels on the worked example" {
    run --separate-stderr "$SEGPROF" -f cards --lang es "$EXAMPLE"
    assert_success
    assert_line --index 0 "## Clúster 0"
    assert_line --index 1 "31 clientes · 8.8 pedidos · R\$ 591 gasto medio · 41% de los ingresos"
    assert_line --index 2 "**Categorías principales:** cheese, wine, tea, coffee, jeans"
    assert_line --index 3 "**Recomendación:** Segmento con potencial de crecimiento"
    assert_line --index 7 "**Recomendación:** Enfoque en retención y upselling"
    run --separate-stderr "$SEGPROF" -f cards --lang pt "$EXAMPLE"
    assert_success
    assert_line --index 0 "## Cluster 0"
    assert_line --index 1 "31 clientes · 8.8 pedidos · R\$ 591 gasto médio · 41% da receita"
    assert_line --index 2 "**Categorias principais:** cheese, wine, tea, coffee, jeans"
    assert_line --index 3 "**Recomendação:** Segmento com potencial de crescimento"
    assert_line --index 7 "**Recomendação:** Foco em retenção e upsell"
}

@test "cards: --currency changes the symbol only" {
    run --separate-stderr "$SEGPROF" -f cards --currency '$' "$EXAMPLE"
    assert_success
    assert_equal "$output" "${EXAMPLE_CARDS//R\$/\$}"
    run --separate-stderr "$SEGPROF" -f cards --currency=€ "$EXAMPLE"
    assert_success
    assert_equal "$output" "${EXAMPLE_CARDS//R\$/€}"
}

@test "cards: one customer and one order are singular (en, es, pt)" {
    cd "$BATS_TEST_TMPDIR"
    printf '%s\n' '{"customers": [{"id": "a", "frequency": 1, "amount_spent": 5, "product_types": ["tea"]}], "labels": {"a": 1}}' >req.json
    run --separate-stderr "$SEGPROF" -f cards req.json
    assert_success
    assert_line --index 1 "1 customer · 1 order · R\$ 5 avg spend · 100% of revenue"
    run --separate-stderr "$SEGPROF" -f cards --lang es req.json
    assert_line --index 1 "1 cliente · 1 pedido · R\$ 5 gasto medio · 100% de los ingresos"
    run --separate-stderr "$SEGPROF" -f cards --lang pt req.json
    assert_line --index 1 "1 cliente · 1 pedido · R\$ 5 gasto médio · 100% da receita"
}

@test "cards: no clusters print nothing; extras follow each card (missing values as —)" {
    run --separate-stderr "$SEGPROF" -f cards <<<'{"customers": [], "labels": {}}'
    assert_success
    assert_equal "$output" ""
    assert_equal "$stderr" ""
    run --separate-stderr "$SEGPROF" -f cards "${MISS[@]}" "$FIX/missing.request.json"
    assert_success
    assert_output --partial '**Recommended:** Growth-potential segment

- n_score: 0
- median_score: —
- sum_score: 0.0
- n_clv: 0
- mean_clv: —
- median_clv: —

## Cluster 3'
}

# use_locale NAME (helpers.bash) makes NAME usable; assert_grouping_locale NAME: skip the test
# unless NAME is in effect with de_DE's number format (printf "%'.1f" 1234.5 gives 1.234,5).
assert_grouping_locale() {
    local name=$1 got
    got=$(LC_ALL=$name /usr/bin/printf "%'.1f" 1234.5 2>/dev/null)
    [ "$got" = "1.234,5" ] || skip "locale $name not in effect (printf gives '$got')"
}

@test "cards --locale-numbers, LC_ALL=de_DE.UTF-8: R\$ 2.577, 23,1 orders" {
    use_locale de_DE.UTF-8
    assert_grouping_locale de_DE.UTF-8
    LC_ALL=de_DE.UTF-8 run --separate-stderr "$SEGPROF" -f cards --locale-numbers "$EXAMPLE"
    assert_success
    assert_equal "$stderr" ""
    local expected=${EXAMPLE_CARDS/8.8 orders/8,8 orders}
    expected=${expected/23.1 orders · R\$ 2577/23,1 orders · R\$ 2.577}
    expected=${expected/R\$ 4322/R\$ 4.322}
    assert_equal "$output" "$expected"
    # LC_NUMERIC alone is enough; the language of the labels still comes from --lang only
    run --separate-stderr env -u LC_ALL LANG=C.UTF-8 LC_NUMERIC=de_DE.UTF-8 "$SEGPROF" -f cards --locale-numbers --lang pt "$EXAMPLE"
    assert_success
    assert_line --index 5 "7 clientes · 23,1 pedidos · R\$ 2.577 gasto médio · 40% da receita"
}

@test "cards --locale-numbers: grouping of large figures (de_DE.UTF-8)" {
    use_locale de_DE.UTF-8
    assert_grouping_locale de_DE.UTF-8
    cd "$BATS_TEST_TMPDIR"
    printf '%s\n' '{"customers": [' \
        '{"id": "a", "frequency": 1234, "amount_spent": 1234567.5, "product_types": []},' \
        '{"id": "b", "frequency": 1235, "amount_spent": 1234567.5, "product_types": []}' \
        '], "labels": {"a": 1, "b": 1}}' >req.json
    LC_ALL=de_DE.UTF-8 run --separate-stderr "$SEGPROF" -f cards --locale-numbers req.json
    assert_success
    assert_line --index 1 "2 customers · 1.234,5 orders · R\$ 1.234.568 avg spend · 100% of revenue"
    run --separate-stderr "$SEGPROF" -f cards req.json
    assert_line --index 1 "2 customers · 1234.5 orders · R\$ 1234568 avg spend · 100% of revenue"
}

@test "cards without --locale-numbers are the same in every locale; --locale-numbers in C is plain" {
    run --separate-stderr env LC_ALL=C "$SEGPROF" -f cards --locale-numbers "$EXAMPLE"
    assert_success
    assert_equal "$output" "$EXAMPLE_CARDS"
    run --separate-stderr env LC_ALL=C.UTF-8 "$SEGPROF" -f cards "$EXAMPLE"
    assert_equal "$output" "$EXAMPLE_CARDS"
    use_locale de_DE.UTF-8
    assert_grouping_locale de_DE.UTF-8
    LC_ALL=de_DE.UTF-8 run --separate-stderr "$SEGPROF" -f cards "$EXAMPLE"
    assert_success
    assert_equal "$output" "$EXAMPLE_CARDS"
    LC_ALL=de_DE.UTF-8 run --separate-stderr "$SEGPROF" -f cards "${MISS[@]}" "$FIX/missing.request.json"
    assert_equal "$output" "$(cat "$FIX/missing.expected.cards.md")"
    # and --locale-numbers touches the cards only
    LC_ALL=de_DE.UTF-8 run --separate-stderr "$SEGPROF" -f csv --locale-numbers "$EXAMPLE"
    assert_success
    assert_equal "$output" "$(cat "$BATS_TEST_DIRNAME/fixtures/formats/example.csv")"
}

# ---------------------------------------------------------------------------------------------
# 3. Partial results and merge
# ---------------------------------------------------------------------------------------------

TIES_X=(--mean x --median x --sum x --missing skip)

# ties_partials: DIR/p1 and DIR/p2 from the two ties shards (labels of both shards in each run)
ties_partials() {
    cd "$BATS_TEST_TMPDIR"
    run --separate-stderr "$SEGPROF" --partial "${TIES_X[@]}" --customers "$FIX/ties.shard1.ndjson" --labels "$FIX/ties.labels.csv" -o p1
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$output" ""
    run --separate-stderr "$SEGPROF" --partial "${TIES_X[@]}" --customers "$FIX/ties.shard2.ndjson" --labels "$FIX/ties.labels.csv" -o p2
    assert_success
    assert_equal "$stderr" ""
}

@test "--partial: NDJSON state, a header line then one line per cluster; quiet about labels of other shards" {
    ties_partials
    assert_equal "$(head -c 19 p1)" '{"segprof_partial":'
    head -n1 p1 | grep -q '^{"segprof_partial":2,.*}$' || fail "header: $(head -n1 p1)"
    assert_equal "$(wc -l <p1)" 3    # header, clusters 1 and 2
    assert_equal "$(wc -l <p2)" 4    # header, clusters 1, 2 and 3
    # to standard output when there is no -o
    run --separate-stderr "$SEGPROF" --partial "${TIES_X[@]}" --customers "$FIX/ties.shard1.ndjson" --labels "$FIX/ties.labels.csv"
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$output" "$(cat p1)"
}

@test "merge: ties across shards keep the first appearance over the concatenated input" {
    ties_partials
    ok_equal "$FIX/ties.expected.json" merge -q p1 p2
    ok_equal "$FIX/ties.reversed.expected.csv" merge -q -f csv p2 p1
    # the single runs give the same
    cat "$FIX/ties.shard1.ndjson" "$FIX/ties.shard2.ndjson" >c12.ndjson
    ok_equal "$FIX/ties.expected.json" "${TIES_X[@]}" --customers c12.ndjson --labels "$FIX/ties.labels.csv"
    cat "$FIX/ties.shard2.ndjson" "$FIX/ties.shard1.ndjson" >c21.ndjson
    ok_equal "$FIX/ties.reversed.expected.csv" -f csv "${TIES_X[@]}" --customers c21.ndjson --labels "$FIX/ties.labels.csv"
}

@test "merge: no operand or '-' reads the partials concatenated on standard input" {
    ties_partials
    run --separate-stderr "$SEGPROF" merge -q < <(cat p1 p2)
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$output" "$(cat "$FIX/ties.expected.json")"
    run --separate-stderr "$SEGPROF" merge -f csv - < <(cat p2 p1)
    assert_success
    assert_equal "$output" "$(cat "$FIX/ties.reversed.expected.csv")"
    # a file and standard input mixed, in operand order
    run --separate-stderr "$SEGPROF" merge p1 - <p2
    assert_success
    assert_equal "$output" "$(cat "$FIX/ties.expected.json")"
}

@test "merge: the worked example as one partial gives examples/response.json byte for byte" {
    cd "$BATS_TEST_TMPDIR"
    "$SEGPROF" --partial "$EXAMPLE" >p
    "$SEGPROF" merge p >got
    cmp got "$RESPONSE"
    "$SEGPROF" --partial --customers "$BATS_TEST_DIRNAME/../examples/customers.ndjson" --labels "$BATS_TEST_DIRNAME/../examples/labels.csv" >p2
    "$SEGPROF" merge -f cards p2 >cards
    assert_equal "$(cat cards)" "$EXAMPLE_CARDS"
}

# shard_run DIR CUSTOMERS LABELS [OPTION]...: split CUSTOMERS into 4 shards of whole lines
# (split -n l/4) DIR/x??, run 4 `segprof --partial OPTION... --customers SHARD --labels LABELS
# -o SHARD.partial` in parallel (xargs -P 4); their standard error goes to DIR/partial.err
shard_run() {
    local dir=$1 cust=$2 lab=$3
    shift 3
    mkdir -p "$dir"
    split -n l/4 "$cust" "$dir/x"
    printf '%s\n' "$dir"/x?? | xargs -P 4 -I{} "$SEGPROF" --partial "$@" --customers {} --labels "$lab" -o {}.partial \
        2>"$dir/partial.err" || fail "a --partial run failed: $(cat "$dir/partial.err")"
    assert_equal "$(ls "$dir"/x??.partial | wc -l)" 4
    assert_equal "$(cat "$dir/partial.err")" ""
}

# merge_equals_single DIR CUSTOMERS LABELS [OPTION]... -- [OUTPUT OPTION]...: merge of the
# shards of DIR = one run over CUSTOMERS, byte for byte, with the output options, also through
# standard input
merge_equals_single() {
    local dir=$1 cust=$2 lab=$3 run_opts=() out_opts=()
    shift 3
    while [ "$1" != -- ]; do run_opts+=("$1"); shift; done
    shift
    out_opts=("$@")
    "$SEGPROF" "${run_opts[@]}" "${out_opts[@]}" --customers "$cust" --labels "$lab" >"$dir/single" ||
        fail "single run failed: ${run_opts[*]} ${out_opts[*]}"
    "$SEGPROF" merge -q "${out_opts[@]}" "$dir"/x??.partial >"$dir/merged" 2>"$dir/merge.err" ||
        fail "merge failed: ${out_opts[*]}: $(cat "$dir/merge.err")"
    assert_equal "$(cat "$dir/merge.err")" ""
    cmp "$dir/single" "$dir/merged" || fail "merge ${out_opts[*]} differs from the single run"
    cat "$dir"/x??.partial | "$SEGPROF" merge "${out_opts[@]}" | cmp - "$dir/single" ||
        fail "merge ${out_opts[*]} from standard input differs from the single run"
}

@test "partial/merge = single run, every format, --top 3, --lang, --compact (2000 generated customers, 4 shards)" {
    local d="$BATS_TEST_TMPDIR/small"
    gen_small "$d"
    shard_run "$d/s" "$d/c.ndjson" "$d/l.csv"
    local f
    for f in json ndjson csv tsv table markdown cards; do
        merge_equals_single "$d/s" "$d/c.ndjson" "$d/l.csv" -- -f "$f"
    done
    merge_equals_single "$d/s" "$d/c.ndjson" "$d/l.csv" -- --top 3
    merge_equals_single "$d/s" "$d/c.ndjson" "$d/l.csv" -- -f csv --top 3
    merge_equals_single "$d/s" "$d/c.ndjson" "$d/l.csv" -- -f csv --top 0
    merge_equals_single "$d/s" "$d/c.ndjson" "$d/l.csv" -- --compact --lang es
    merge_equals_single "$d/s" "$d/c.ndjson" "$d/l.csv" -- -f cards --lang pt --currency €
    # and the single run over the request document is the same too
    "$SEGPROF" "$d/r.json" | cmp - <("$SEGPROF" merge "$d"/s/x??.partial)
}

@test "partial/merge = single run with --mean/--median/--sum --missing skip of extra keys (2000 customers)" {
    local d="$BATS_TEST_TMPDIR/small"
    gen_small "$d"
    shard_run "$d/e" "$d/c.ndjson" "$d/l.csv" "${GEN_EXTRAS[@]}"
    local f
    for f in json ndjson csv tsv table markdown cards; do
        merge_equals_single "$d/e" "$d/c.ndjson" "$d/l.csv" "${GEN_EXTRAS[@]}" -- -f "$f"
    done
    merge_equals_single "$d/e" "$d/c.ndjson" "$d/l.csv" "${GEN_EXTRAS[@]}" -- -f csv --top 3
    # without skip: a key every customer has
    shard_run "$d/t" "$d/c.ndjson" "$d/l.csv" --median tenure --sum tenure,amount_spent
    merge_equals_single "$d/t" "$d/c.ndjson" "$d/l.csv" --median tenure --sum tenure,amount_spent -- -f csv
}

@test "partial/merge: ties across the shards of split -n l/4 (ties fixture)" {
    cd "$BATS_TEST_TMPDIR"
    cat "$FIX/ties.shard1.ndjson" "$FIX/ties.shard2.ndjson" >c.ndjson
    shard_run "$BATS_TEST_TMPDIR/s" c.ndjson "$FIX/ties.labels.csv" "${TIES_X[@]}"
    ok_equal "$FIX/ties.expected.json" merge -q s/xaa.partial s/xab.partial s/xac.partial s/xad.partial
    merge_equals_single s c.ndjson "$FIX/ties.labels.csv" "${TIES_X[@]}" -- -f csv --top 2
}

@test "partial/merge = single run on gen.py -n 20000 (json, csv, --top 3, extras)" {
    [ -f "$GEN" ] || skip "gen.py not found ($GEN)"
    command -v python3 >/dev/null || skip "python3 not installed"
    local d="$BATS_TEST_TMPDIR/g"
    mkdir -p "$d"
    python3 "$GEN" -n 20000 -f split -o "$d/g" -q
    local c="$d/g.customers.ndjson" l="$d/g.labels.csv"
    shard_run "$d/s" "$c" "$l"
    merge_equals_single "$d/s" "$c" "$l" -- -f json
    merge_equals_single "$d/s" "$c" "$l" -- -f csv
    merge_equals_single "$d/s" "$c" "$l" -- --top 3
    merge_equals_single "$d/s" "$c" "$l" -- -f cards
    local x=(--mean recency_days --median tenure_months,recency_days --sum tenure_months)
    shard_run "$d/x" "$c" "$l" "${x[@]}"
    merge_equals_single "$d/x" "$c" "$l" "${x[@]}" -- -f json
    merge_equals_single "$d/x" "$c" "$l" "${x[@]}" -- -f csv --top 3
}

@test "partial/merge: --unlabeled=skip in the shards = single run (standard output)" {
    cd "$BATS_TEST_TMPDIR"
    cat "$FIX/ties.shard1.ndjson" "$FIX/ties.shard2.ndjson" >c.ndjson
    grep -v -e '^t2,' -e '^u2,' "$FIX/ties.labels.csv" >l.csv
    "$SEGPROF" -q --unlabeled=skip "${TIES_X[@]}" --customers c.ndjson --labels l.csv >single
    "$SEGPROF" --partial -q --unlabeled=skip "${TIES_X[@]}" --customers "$FIX/ties.shard1.ndjson" --labels l.csv -o p1
    "$SEGPROF" --partial -q --unlabeled=skip "${TIES_X[@]}" --customers "$FIX/ties.shard2.ndjson" --labels l.csv -o p2
    "$SEGPROF" merge p1 p2 | cmp - single
}

@test "partial/merge: an empty shard changes nothing; only empty shards give no profiles" {
    ties_partials
    : >empty.ndjson
    run --separate-stderr "$SEGPROF" --partial "${TIES_X[@]}" --customers empty.ndjson --labels "$FIX/ties.labels.csv" -o p0
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$(wc -l <p0)" 1
    ok_equal "$FIX/ties.expected.json" merge -q p0 p1 p0 p2 p0
    run --separate-stderr "$SEGPROF" merge p0
    assert_success
    assert_equal "$output" '{
    "cluster_profiles": []
}'
    run --separate-stderr "$SEGPROF" merge -f csv p0
    assert_output "cluster_id,n_customers,avg_spend,median_spend,avg_frequency,top_categories,share_of_revenue_pct,insight,n_x,mean_x,median_x,sum_x"
}

@test "merge: partials made with different --mean/--median/--sum/--missing options -> 65, message" {
    ties_partials    # p1: --mean x --median x --sum x --missing skip
    local s2="$FIX/ties.shard2.ndjson" l="$FIX/ties.labels.csv" o
    head -n1 "$s2" >t3.ndjson    # t3 alone: x = 0, so no --missing skip is needed
    for o in "--mean x --median x --sum x|t3.ndjson" \
             "--mean x --missing skip|$s2" \
             "--mean x --median x --sum x --mean y --missing skip|$s2" \
             "--mean y --median y --sum y --missing skip|$s2" \
             "--mean amount_spent --median amount_spent --sum amount_spent --missing skip|$s2" \
             "|$s2"; do
        # shellcheck disable=SC2086
        "$SEGPROF" --partial ${o%|*} --customers "${o#*|}" --labels "$l" -o other ||
            fail "--partial ${o%|*} failed"
        run --separate-stderr "$SEGPROF" merge p1 other
        assert_failure 65
        assert_equal "$output" ""
        [[ $stderr == "segprof: other:1: "*--mean* ]] || fail "options '${o%|*}': stderr: $stderr"
        assert_equal "$(wc -l <<<"$stderr")" 1
    done
    # -o FILE is left untouched
    echo old >out
    run --separate-stderr "$SEGPROF" merge -o out p1 other
    assert_failure 65
    assert_equal "$(cat out)" old
}

@test "merge: the same extras named in another order or form merge fine" {
    ties_partials
    "$SEGPROF" --partial --sum x --missing skip --median x --mean x,x \
        --customers "$FIX/ties.shard2.ndjson" --labels "$FIX/ties.labels.csv" -o p2b
    ok_equal "$FIX/ties.expected.json" merge -q p1 p2b
}

@test "merge: a file that is not a partial -> 65 with FILE:LINE, nothing on standard output" {
    ties_partials
    printf 'hello\n' >bad
    run --separate-stderr "$SEGPROF" merge p1 bad
    assert_failure 65
    assert_equal "$output" ""
    [[ $stderr == "segprof: bad:1: not a segprof partial"* ]] || fail "stderr: $stderr"
    # a valid header, then a bad line 3
    { head -n2 p1; echo '{"cluster_id": 9}'; } >bad3
    run --separate-stderr "$SEGPROF" merge p1 bad3
    assert_failure 65
    [[ $stderr == "segprof: bad3:3: not a segprof partial"* ]] || fail "stderr: $stderr"
    # a request document, and the worked example's response
    local hint='not a segprof partial: expected a header line {"segprof_partial": ...} as segprof --partial writes, got something else'
    fails 65 "segprof: $EXAMPLE:1: $hint" merge "$EXAMPLE"
    fails 65 "segprof: $RESPONSE:1: $hint" merge p1 "$RESPONSE"
    # on standard input: <stdin> and the line number in the concatenation
    run --separate-stderr "$SEGPROF" merge < <(cat p1 bad)
    assert_failure 65
    assert_equal "$output" ""
    [[ $stderr == "segprof: <stdin>:4: not a segprof partial"* ]] || fail "stderr: $stderr"
    # an empty file
    : >empty
    run --separate-stderr "$SEGPROF" merge empty
    assert_failure 65
    [[ $stderr == "segprof: empty"*"not a segprof partial"* ]] || fail "stderr: $stderr"
}

@test "merge: a damaged cluster line -> 65 with FILE:LINE (counts, negative amounts, bad sums)" {
    cd "$BATS_TEST_TMPDIR"
    local h='{"segprof_partial":1,"extras":[],"skip_missing":false}' line
    # sanity: a well-formed hand-written partial merges
    printf '%s\n%s\n' "$h" '{"cluster_id":1,"n":2,"frequency_sum":"3","spends":[1,2],"slugs":[["a",1,1,0]],"extras":[]}' >good
    run --separate-stderr "$SEGPROF" merge -f csv good
    assert_success
    assert_line --index 1 '1,2,1.5,1.5,1.5,a,100.0,Growth-potential segment'
    for line in \
        '{"cluster_id":1,"n":3,"frequency_sum":"3","spends":[1,2],"slugs":[],"extras":[]}' \
        '{"cluster_id":1,"n":2,"frequency_sum":"x","spends":[1,2],"slugs":[],"extras":[]}' \
        '{"cluster_id":1,"n":2,"frequency_sum":"3","spends":[1,2],"slugs":[],"extras":[[1]]}' \
        '{"cluster_id":1,"n":2,"frequency_sum":"3","spends":[1,-2],"slugs":[],"extras":[]}' \
        '{"cluster_id":1,"n":2,"frequency_sum":"3","spends":[1,2],"slugs":[["a",5,1,0]],"extras":[]}'; do
        printf '%s\n%s\n' "$h" "$line" >damaged
        run --separate-stderr "$SEGPROF" merge damaged
        assert_equal "$output" ""
        [[ $stderr == "segprof: damaged:2: not a segprof partial"* ]] || fail "line $line: stderr: '$stderr'"
        assert_failure 65
    done
}

@test "merge: a partial that cannot be opened -> 66" {
    ties_partials
    fails 66 "segprof: nonexistent: cannot open: No such file or directory" merge p1 nonexistent
}

@test "merge --shard, merge --mean/--customers -> usage error 64" {
    ties_partials
    run --separate-stderr "$SEGPROF" merge --shard 0/2 p1
    assert_failure 64
    assert_equal "$output" ""
    assert_equal "$(tail -n1 <<<"$stderr")" "$MERGE_TRY"
    run --separate-stderr "$SEGPROF" merge --mean x p1
    assert_failure 64
    assert_equal "$output" ""
    run --separate-stderr "$SEGPROF" merge --customers p1 --labels "$FIX/ties.labels.csv"
    assert_failure 64
    assert_equal "$output" ""
}

# --missing is recorded in the partials (the mismatch message names it with --mean/--median/
# --sum); given to merge it has no effect, so it is refused like --mean rather than ignored.
@test "merge --missing skip -> usage error 64 (it belongs to the --partial runs)" {
    ties_partials
    run --separate-stderr "$SEGPROF" merge --missing skip p1 p2
    assert_failure 64
    assert_equal "$output" ""
    assert_equal "$(tail -n1 <<<"$stderr")" "$MERGE_TRY"
}
