#!/usr/bin/env bats
# Command line (segprof(1), segprof(1) OPTIONS): --help, --version, option forms and order.
#
#   SEGPROF=/path/to/segprof bats tests/cli.bats     (default: build/segprof)

load helpers
FIX="$BATS_TEST_DIRNAME/fixtures"

# Every option, as src/cli.c's option table declares it (`.name = "..."`, `.letter = '.'`).
CLI_SOURCE="$BATS_TEST_DIRNAME/../src/cli.c"
mapfile -t LONG_OPTIONS < <(sed -n 's/.*\.name = "\([a-z-]*\)".*/--\1/p' "$CLI_SOURCE")
mapfile -t SHORT_OPTIONS < <(sed -n "s/.*\\.letter = '\\(.\\)'.*/-\\1/p" "$CLI_SOURCE")

@test "--help: usage on standard output, exit 0, nothing on standard error" {
    run --separate-stderr "$SEGPROF" --help
    assert_success
    assert_equal "$stderr" ""
    assert_line --index 0 "Usage: segprof [OPTION]... [FILE]"
}

@test "--help mentions every long and short option" {
    # the lists come from the source: an empty one means the table's form changed
    [ "${#LONG_OPTIONS[@]}" -ge 20 ] || fail "no long options found in $CLI_SOURCE"
    [ "${#SHORT_OPTIONS[@]}" -ge 5 ] || fail "no short options found in $CLI_SOURCE"
    run --separate-stderr "$SEGPROF" --help
    assert_success
    # merge-only options (--allow-missing-shards) are in merge --help
    local o helps=$output
    helps+=$'\n'$("$SEGPROF" merge --help)
    for o in "${LONG_OPTIONS[@]}"; do
        [[ $helps =~ (^|[^a-z-])"$o"([^a-z-]|$) ]] || fail "--help does not mention $o"
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

@test "--version and -V print 'segprof X.Y.Z'" {
    run --separate-stderr "$SEGPROF" --version
    assert_success
    assert_equal "$stderr" ""
    assert_output --regexp '^segprof [0-9]+\.[0-9]+\.[0-9]+$'
    local long=$output
    run --separate-stderr "$SEGPROF" -V
    assert_success
    assert_equal "$output" "$long"
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

@test "--help and merge --help: no line over 80 columns" {
    local args line
    for args in --help "merge --help"; do
        # shellcheck disable=SC2086
        run --separate-stderr "$SEGPROF" $args
        assert_success
        while IFS= read -r line; do
            [ "${#line}" -le 80 ] || fail "$args: ${#line} columns: '$line'"
        done <<<"$output"
    done
}

@test "merge --help: its own usage, without the options of the shard runs" {
    run --separate-stderr "$SEGPROF" merge --help
    assert_success
    assert_equal "$stderr" ""
    assert_line --index 0 "Usage: segprof merge [OPTION]... [PARTIAL]..."
    assert_line "  -f, --format=FMT            json (default), ndjson, csv, tsv, table, markdown,"
    assert_line --partial "  -n, --top=N "
    local o
    for o in --customers= --labels= --customers-format --labels-format --unlabeled= --jobs= \
             --mean= --median= --sum= --missing= --shard=; do
        [[ $output != *"  $o"* && $output != *", $o"* ]] || fail "merge --help lists $o"
    done
    # and with the options of merge only (and --partial, which writes one partial again)
    assert_line --partial "      --allow-missing-shards"
    assert_line --partial "      --partial"
    run --separate-stderr "$SEGPROF" merge -h
    assert_line --index 0 "Usage: segprof merge [OPTION]... [PARTIAL]..."
}

@test "an ambiguous abbreviation says so and lists the candidates" {
    fails 64 "segprof: ambiguous option '--la' (could be --labels, --labels-format or --lang)
Try 'segprof --help' for more information." --la=es "$EXAMPLE"
    fails 64 "segprof: ambiguous option '--cu' (could be --customers, --customers-format or --currency)
Try 'segprof --help' for more information." --cu x "$EXAMPLE"
    # an unambiguous abbreviation still works
    run --separate-stderr "$SEGPROF" --lan=es -f tsv --to 1 "$EXAMPLE"
    assert_success
    assert_line --index 1 --partial "Segmento con potencial de crecimiento"
}

@test "a value given to an option that takes none: 'takes no value'" {
    fails 64 "segprof: option '--compact' takes no value
Try 'segprof --help' for more information." --compact=yes "$EXAMPLE"
    fails 64 "segprof: option '--quiet' takes no value
Try 'segprof --help' for more information." --qui=1 "$EXAMPLE"
}

@test "merge refuses every option of the shard runs, naming it" {
    local args name
    for args in "--unlabeled skip:unlabeled" "-j 2:jobs" "--jobs=2:jobs" \
                "--customers-format json:customers-format" "--labels-format csv:labels-format" \
                "--customers x:customers" "--labels x:labels" "--shard 0/2:shard" \
                "--mean x:mean" "--median x:median" "--sum x:sum" "--missing skip:missing"; do
        name=${args##*:}
        # shellcheck disable=SC2086
        fails 64 "segprof: merge takes partial files only: --$name belongs to the runs that wrote them
Try 'segprof merge --help' for more information." merge ${args%:*} "$EXAMPLE"
    done
}

@test "--partial: the output options take no effect (-f table --compact is not an error)" {
    run --separate-stderr "$SEGPROF" --partial "$EXAMPLE"
    assert_success
    local plain=$output
    run --separate-stderr "$SEGPROF" --partial -f table --compact --top 1 --lang es "$EXAMPLE"
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$output" "$plain"
    # their values are still checked
    fails 64 "segprof: invalid value 'xml' for --format (expected json, ndjson, csv, tsv, table, markdown, cards or html)
Try 'segprof --help' for more information." --partial -f xml "$EXAMPLE"
}
