#!/usr/bin/env bats
# Command line (segprof(1), segprof(1) OPTIONS): --help, --version, option forms and order.
#
#   SEGPROF=/path/to/segprof bats tests/cli.bats     (default: build/segprof)

load helpers
FIX="$BATS_TEST_DIRNAME/fixtures"

EXAMPLE="$BATS_TEST_DIRNAME/../examples/request.json"

LONG_OPTIONS=(--format --compact --output --top --lang --unlabeled --error-format --quiet --jobs
    --customers --labels --customers-format --labels-format --progress --no-progress --help --version)
SHORT_OPTIONS=(-f -o -n -q -j -h -V)

@test "--help: usage on standard output, exit 0, nothing on standard error" {
    run --separate-stderr "$SEGPROF" --help
    assert_success
    assert_equal "$stderr" ""
    assert_line --index 0 "Usage: segprof [OPTION]... [FILE]"
}

@test "--help mentions every long and short option" {
    run --separate-stderr "$SEGPROF" --help
    assert_success
    local o
    for o in "${LONG_OPTIONS[@]}"; do
        [[ $output =~ (^|[^a-z-])"$o"([^a-z-]|$) ]] || fail "--help does not mention $o"
    done
    for o in "${SHORT_OPTIONS[@]}"; do
        [[ $output == *"  $o, --"* ]] || fail "--help does not mention $o"
    done
}

@test "--help lists every format and the exit statuses" {
    run --separate-stderr "$SEGPROF" --help
    assert_success
    assert_output --partial "json (default), ndjson, csv, tsv, table, markdown"
    local code
    for code in 0 64 65 66 70 71 74; do
        [[ $output =~ (^|[^0-9])$code([^0-9]|$) ]] || fail "--help does not mention exit status $code"
    done
}

@test "-h is --help" {
    run --separate-stderr "$SEGPROF" -h
    assert_success
    assert_equal "$stderr" ""
    local short=$output
    run --separate-stderr "$SEGPROF" --help
    assert_equal "$output" "$short"
}

@test "--help wins over the operand: the input is not read" {
    run --separate-stderr "$SEGPROF" --help "$BATS_TEST_TMPDIR/nonexistent.json"
    assert_success
    assert_equal "$stderr" ""
    assert_line --index 0 "Usage: segprof [OPTION]... [FILE]"
}

@test "--version prints 'segprof 1.0.0'" {
    run --separate-stderr "$SEGPROF" --version
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$output" "segprof 1.0.0"
    run --separate-stderr "$SEGPROF" -V
    assert_success
    assert_equal "$output" "segprof 1.0.0"
}

@test "--version agrees with the version in meson.build" {
    local meson="$BATS_TEST_DIRNAME/../meson.build"
    [ -f "$meson" ] || skip "no meson.build beside the tests"
    local v
    v=$(sed -n "s/^ *version : '\([^']*\)'.*/\1/p" "$meson" | head -n1)
    run --separate-stderr "$SEGPROF" --version
    assert_success
    assert_equal "$output" "segprof $v"
}

@test "--help > /dev/full: exit 74, write error" {
    [ -c /dev/full ] || skip "no /dev/full"
    run --separate-stderr bash -c '"$1" --help >/dev/full' _ "$SEGPROF"
    assert_failure 74
    assert_equal "$output" ""
    assert_equal "$stderr" "segprof: write error: No space left on device"
}

@test "--version > /dev/full: exit 74, write error" {
    [ -c /dev/full ] || skip "no /dev/full"
    run --separate-stderr bash -c '"$1" --version >/dev/full' _ "$SEGPROF"
    assert_failure 74
    assert_equal "$output" ""
    assert_equal "$stderr" "segprof: write error: No space left on device"
}

@test "options after the file name work" {
    run --separate-stderr "$SEGPROF" -f csv --top 2 "$EXAMPLE"
    assert_success
    local before=$output
    assert_line --index 1 '0,31,591.11,540.0,8.81,"cheese, wine",40.71,Growth-potential segment'
    run --separate-stderr "$SEGPROF" "$EXAMPLE" -f csv --top 2
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$output" "$before"
    run --separate-stderr "$SEGPROF" -f csv "$EXAMPLE" --top 2
    assert_success
    assert_equal "$output" "$before"
}

@test "-f csv, -fcsv, --format=csv and --format csv are the same" {
    run --separate-stderr "$SEGPROF" -f csv "$EXAMPLE"
    assert_success
    assert_line --index 0 "cluster_id,n_customers,avg_spend,median_spend,avg_frequency,top_categories,share_of_revenue_pct,insight"
    local expected=$output
    local form
    for form in "-fcsv" "--format=csv" "--format csv"; do
        # shellcheck disable=SC2086
        run --separate-stderr "$SEGPROF" $form "$EXAMPLE"
        assert_success
        assert_equal "$stderr" ""
        assert_equal "$output" "$expected"
    done
}

@test "-n3, -n 3, --top=3 and --top 3 are the same" {
    run --separate-stderr "$SEGPROF" -n3 -f tsv "$EXAMPLE"
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$(cut -f 6 <<<"$output")" "top_categories
cheese, wine, tea
smart-tv, soundbar, hdmi-cable
laptop, mouse, keyboard"
    local expected=$output form
    for form in "-n 3" "--top=3" "--top 3"; do
        # shellcheck disable=SC2086
        run --separate-stderr "$SEGPROF" $form -f tsv "$EXAMPLE"
        assert_success
        assert_equal "$output" "$expected"
    done
}

@test "short options combine: -qn2 -ftsv" {
    run --separate-stderr "$SEGPROF" -qn2 -ftsv "$EXAMPLE"
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$(cut -f 6 <<<"$output" | sed -n 2p)" "cheese, wine"
}

@test "the last of repeated options wins" {
    run --separate-stderr "$SEGPROF" -f csv -f tsv -n 1 -n 2 "$EXAMPLE"
    assert_success
    assert_equal "$stderr" ""
    assert_line --index 1 $'0\t31\t591.11\t540.0\t8.81\tcheese, wine\t40.71\tGrowth-potential segment'
}

@test "'--' ends the options: a file named like an option" {
    cp "$EXAMPLE" "$BATS_TEST_TMPDIR/-f"
    cd "$BATS_TEST_TMPDIR"
    run --separate-stderr "$SEGPROF" --compact -- -f
    assert_success
    assert_equal "$stderr" ""
    assert_output --partial '{"cluster_profiles":[{"cluster_id":0,"n_customers":31,'
}

@test "POSIXLY_CORRECT: options after the operand are operands" {
    run --separate-stderr env POSIXLY_CORRECT=1 "$SEGPROF" "$EXAMPLE" -f csv
    assert_failure 64
    assert_equal "$output" ""
    assert_equal "$stderr" "segprof: too many arguments: '-f' (one input FILE at most)
Try 'segprof --help' for more information."
}

@test "--lang es and --lang pt translate the insight" {
    run --separate-stderr "$SEGPROF" -f tsv --lang es "$EXAMPLE"
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$(cut -f 8 <<<"$output")" "insight
Segmento con potencial de crecimiento
Enfoque en retención y upselling
Segmento con potencial de crecimiento"
    run --separate-stderr "$SEGPROF" -f tsv --lang=pt "$EXAMPLE"
    assert_success
    assert_equal "$(cut -f 8 <<<"$output")" "insight
Segmento com potencial de crescimento
Foco em retenção e upsell
Segmento com potencial de crescimento"
}
