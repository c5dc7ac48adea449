#!/usr/bin/env bats
# Computation tests (segprof(1) COMPUTATION): golden fixtures and side-by-side runs of segprof
# against the independent reference tests/ref/segprof_ref.py.
#
#   SEGPROF=/path/to/segprof bats tests/compute.bats     (default: build/segprof)
#
# Golden fixtures live in tests/fixtures/compute (README.md there says what each one checks
# and how its figures were verified by hand). NAME.expected.json is the default output;
# NAME.VARIANT.expected.EXT the output with the options of variant_args in
# fixtures/compute/variants.sh (shared with regen.sh there).

load helpers

FIX="$BATS_TEST_DIRNAME/fixtures/compute"
SHARED="$BATS_TEST_DIRNAME/../../shared"
REAL="$SHARED/data/real"
GEN="$SHARED/bench/gen.py"
# shellcheck source=fixtures/compute/variants.sh
source "$FIX/variants.sh"

setup_file() {
    # gen.py data (size S = 10000 customers, seed 1, K 6, V 3000), as one request document
    # and as split files; cached across runs, keyed on gen.py's digest.
    [ -f "$GEN" ] || return 0
    local sum dir
    sum=$(sha256sum "$GEN" | cut -c1-16)
    dir="${XDG_CACHE_HOME:-$HOME/.cache}/segprof-tests/gen-S-$sum"
    if [ ! -s "$dir/S.labels.csv" ]; then
        if mkdir -p "$dir.tmp.$$" 2>/dev/null &&
            python3 "$GEN" -q -n 10000 -o "$dir.tmp.$$/S" &&
            python3 "$GEN" -q -n 10000 -f split -o "$dir.tmp.$$/S"; then
            # another run may have won the race: then keep its copy
            mv -T "$dir.tmp.$$" "$dir" 2>/dev/null || rm -rf "$dir.tmp.$$"
        else
            rm -rf "$dir.tmp.$$"
            dir="$BATS_FILE_TMPDIR/gen-S"
            mkdir -p "$dir"
            python3 "$GEN" -q -n 10000 -o "$dir/S"
            python3 "$GEN" -q -n 10000 -f split -o "$dir/S"
        fi
    fi
    export SEGPROF_TEST_GEN_S="$dir/S"
}

setup() {
    [ -x "$SEGPROF" ] || fail "segprof binary not found at $SEGPROF (build first, or set SEGPROF)"
}

# run_to FILE CMD ARGS...: runs CMD with its standard output in FILE (byte-exact, unlike
# $output); for use under `run --separate-stderr`.
run_to() {
    local out=$1
    shift
    "$@" >"$out"
}

# check_fixture NAME: every expected output of fixture NAME, byte for byte; reports all
# failing variants, not just the first.
check_fixture() {
    local name=$1 exp variant args out errs="" n=0
    for exp in "$FIX/$name".expected.json "$FIX/$name".*.expected.*; do
        [ -f "$exp" ] || continue
        n=$((n + 1))
        variant=${exp#"$FIX/$name".}
        variant=${variant%%.*}
        if [ "$variant" = expected ]; then
            args=""
            variant=default
        else
            args=$(variant_args "$variant") || fail "unknown variant in $exp"
        fi
        out="$BATS_TEST_TMPDIR/$name.$variant.out"
        # shellcheck disable=SC2086
        run --separate-stderr run_to "$out" "$SEGPROF" $args "$FIX/$name.request.json"
        if [ "$status" -ne 0 ] || [ -n "$stderr" ] || ! cmp -s "$exp" "$out"; then
            errs="$errs
--- $name [$variant] segprof $args: exit $status
stderr: $stderr
$(diff -u --label "expected/${exp##*/}" --label "segprof $args" "$exp" "$out" || true)"
        fi
    done
    [ "$n" -gt 0 ] || fail "fixture $name has no expected output"
    [ -z "$errs" ] || fail "$errs"
}

# side_by_side INPUT-ARGS -- OPTIONS...: segprof and the reference on the same input and
# options; outputs must be byte-identical.
side_by_side() {
    local in=() opts=()
    while [ "$1" != -- ]; do in+=("$1"); shift; done
    shift
    opts=("$@")
    local want="$BATS_TEST_TMPDIR/ref.out" got="$BATS_TEST_TMPDIR/segprof.out"
    ref_cached "$want" "${opts[@]}" "${in[@]}" || fail "reference failed on ${in[*]}"
    run --separate-stderr run_to "$got" "$SEGPROF" "${opts[@]}" "${in[@]}"
    [ "$status" -eq 0 ] || fail "segprof ${opts[*]} ${in[*]}: exit $status: $stderr"
    [ -z "$stderr" ] || fail "segprof ${opts[*]} ${in[*]}: unexpected stderr: $stderr"
    cmp -s "$want" "$got" ||
        fail "$(diff -u --label "reference ${opts[*]}" --label "segprof ${opts[*]}" "$want" "$got" | head -60)"
}

# ref_cached OUT ARGS...: the reference's output for ARGS in OUT, cached under
# ${XDG_CACHE_HOME:-$HOME/.cache}/segprof-tests keyed on the digests of the reference, of
# the input files and on the options (the reference takes about 0.5 s per real data set).
ref_cached() {
    local out=$1 key a dir
    shift
    key=$({
        sha256sum "$REF" | cut -c1-64
        for a in "$@"; do
            if [ -f "$a" ]; then sha256sum "$a" | cut -c1-64; else printf '%s\n' "$a"; fi
        done
    } | sha256sum | cut -c1-32)
    dir="${XDG_CACHE_HOME:-$HOME/.cache}/segprof-tests/ref"
    if [ -s "$dir/$key" ]; then
        cp "$dir/$key" "$out"
        return
    fi
    python3 "$REF" "$@" >"$out" || return 1
    mkdir -p "$dir" 2>/dev/null && cp "$out" "$dir/$key.$$" 2>/dev/null &&
        mv "$dir/$key.$$" "$dir/$key" 2>/dev/null
    return 0
}

need_real() {
    [ -f "$REAL/$1.request.json" ] || skip "shared data $REAL/$1.request.json not present"
}

need_gen() {
    [ -n "${SEGPROF_TEST_GEN_S:-}" ] || skip "gen.py not present"
}

need_split() {
    "$SEGPROF" --help 2>/dev/null | grep -q -- --customers ||
        skip "segprof has no --customers/--labels yet"
}

# --------------------------------------------------------------------------- golden fixtures

@test "fixture example: the worked example of segprof(1) EXAMPLES (and es/pt/compact/ndjson/tsv/csv/--top 3)" {
    check_fixture example
}

@test "fixture example.expected.json is the shared response.json" {
    [ -f "$SHARED/example/response.json" ] || skip "shared example not present"
    cmp "$FIX/example.expected.json" "$SHARED/example/response.json"
    cmp "$FIX/example.request.json" "$SHARED/example/request.json"
}

@test "fixture rounding: half away from zero on the decimal (4321.675, 0.145, 1.005, 0.125)" {
    check_fixture rounding
}

@test "fixture share_half: revenue share on an exact half (0.125 -> 0.13, 99.875 -> 99.88)" {
    check_fixture share_half
}

@test "fixture median: odd/even counts, unsorted input, 0.015 -> 0.02" {
    check_fixture median
}

@test "fixture tfidf: idf outranks tf; slug in every cluster ranks below a rarer one (+top2/top0)" {
    check_fixture tfidf
}

@test "fixture tie_order: ties by first appearance, repeated slug counts once (+top2/top0)" {
    check_fixture tie_order
}

@test "fixture cluster_order: ints ascending (64-bit), then strings in UTF-8 byte order (+csv)" {
    check_fixture cluster_order
}

@test "fixture ids_and_layout: integer customer ids vs string label keys, labels first, extra keys" {
    check_fixture ids_and_layout
}

@test "fixture zero_revenue: total revenue 0 gives share 0.0 everywhere" {
    check_fixture zero_revenue
}

@test "fixture empty: no customers (json/compact/csv/tsv/ndjson)" {
    check_fixture empty
}

@test "fixture empty_products: empty product_types, fewer than N slugs (+csv)" {
    check_fixture empty_products
}

@test "fixture non_ascii: UTF-8 slugs and ids written raw (+es/pt/csv)" {
    check_fixture non_ascii
}

@test "fixture strings: escaping of quotes, backslash, tab, newline, comma (json/csv/tsv/ndjson/compact)" {
    check_fixture strings
}

@test "fixture insight_boundary: share 29.995 -> 30.0 is Focus; avg equal to pop_mean when rounded is Growth" {
    check_fixture insight_boundary
}

@test "fixture number_forms: integer and exponent amounts, frequency 12.0" {
    check_fixture number_forms
}

@test "fixture frequency_exponent: integral frequencies written 1e1, 1.2e1, 120e-1, 12.000" {
    check_fixture frequency_exponent
}

@test "fixture unlabeled_skip: --unlabeled skip; orphan labels make no cluster and do not count in K" {
    check_fixture unlabeled_skip
}

@test "fixture unlabeled_skip without --unlabeled skip: exit 65, nothing on stdout" {
    run --separate-stderr "$SEGPROF" "$FIX/unlabeled_skip.request.json"
    assert_equal "$status" 65
    assert_equal "$output" ""
    [ -n "$stderr" ]
}

@test "fixture exact_sum: 200 amounts whose double sum is off in the last printed digit" {
    check_fixture exact_sum
}

@test "every fixture in tests/fixtures/compute has a test" {
    local req name missing=""
    for req in "$FIX"/*.request.json; do
        name=${req##*/}
        name=${name%.request.json}
        grep -q "check_fixture $name\$" "$BATS_TEST_FILENAME" || missing="$missing $name"
    done
    [ -z "$missing" ] || fail "fixtures without a test:$missing"
}

# --------------------------------------------------------------------------- reference on real data

@test "real online_retail: segprof = reference (json)" {
    need_real online_retail
    side_by_side "$REAL/online_retail.request.json" --
}

@test "real online_retail: segprof = reference (csv)" {
    need_real online_retail
    side_by_side "$REAL/online_retail.request.json" -- --format csv
}

@test "real online_retail: segprof = reference (--top 3)" {
    need_real online_retail
    side_by_side "$REAL/online_retail.request.json" -- --top 3
}

@test "real olist_2017_10k: segprof = reference (json)" {
    need_real olist_2017_10k
    side_by_side "$REAL/olist_2017_10k.request.json" --
}

@test "real olist_2017_10k: segprof = reference (csv)" {
    need_real olist_2017_10k
    side_by_side "$REAL/olist_2017_10k.request.json" -- --format csv
}

@test "real olist_2017_10k: segprof = reference (--top 3)" {
    need_real olist_2017_10k
    side_by_side "$REAL/olist_2017_10k.request.json" -- --top 3
}

@test "real completejourney_sample: segprof = reference (json)" {
    need_real completejourney_sample
    side_by_side "$REAL/completejourney_sample.request.json" --
}

@test "real completejourney_sample: segprof = reference (csv)" {
    need_real completejourney_sample
    side_by_side "$REAL/completejourney_sample.request.json" -- --format csv
}

@test "real completejourney_sample: segprof = reference (--top 3)" {
    need_real completejourney_sample
    side_by_side "$REAL/completejourney_sample.request.json" -- --top 3
}

@test "real online_retail_net (negative amounts): rejected with exit 65, nothing on stdout" {
    need_real online_retail_net
    run --separate-stderr "$SEGPROF" "$REAL/online_retail_net.request.json"
    assert_equal "$status" 65
    assert_equal "$output" ""
    [ -n "$stderr" ]
}

@test "real completejourney_sample split files (--customers ndjson, --labels csv) = request" {
    need_real completejourney_sample
    need_split
    side_by_side --customers "$REAL/completejourney_sample.customers.ndjson" \
        --labels "$REAL/completejourney_sample.labels.csv" --
    ref_cached "$BATS_TEST_TMPDIR/request.out" "$REAL/completejourney_sample.request.json"
    cmp "$BATS_TEST_TMPDIR/segprof.out" "$BATS_TEST_TMPDIR/request.out"
}

# --------------------------------------------------------------------------- reference on gen.py data

@test "gen.py S: segprof = reference (json)" {
    need_gen
    side_by_side "$SEGPROF_TEST_GEN_S.request.json" --
}

@test "gen.py S: segprof = reference (csv)" {
    need_gen
    side_by_side "$SEGPROF_TEST_GEN_S.request.json" -- --format csv
}

@test "gen.py S: segprof = reference (--top 3)" {
    need_gen
    side_by_side "$SEGPROF_TEST_GEN_S.request.json" -- --top 3
}

@test "gen.py S split files (--customers ndjson, --labels csv) = request, json and csv" {
    need_gen
    need_split
    local got="$BATS_TEST_TMPDIR/split.out" want="$BATS_TEST_TMPDIR/request.out" fmt
    for fmt in json csv; do
        run --separate-stderr run_to "$want" "$SEGPROF" --format "$fmt" "$SEGPROF_TEST_GEN_S.request.json"
        assert_equal "$status" 0
        run --separate-stderr run_to "$got" "$SEGPROF" --format "$fmt" \
            --customers "$SEGPROF_TEST_GEN_S.customers.ndjson" --labels "$SEGPROF_TEST_GEN_S.labels.csv"
        assert_equal "$status" 0
        assert_equal "$stderr" ""
        diff -u "$want" "$got"
    done
}
