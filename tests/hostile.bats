#!/usr/bin/env bats
# Hostile input: truncation at every byte, pathological nesting, huge strings, broken UTF-8 and
# NUL bytes, BOMs, numbers at the edge of their range, floods of labels, CSV corner cases, and
# inputs built to be slow or big for their size.
#
#   SEGPROF=/path/to/segprof bats tests/hostile.bats     (default: build/segprof)
#
# Every failing case asserts the exit status, an empty standard output and the exact message on
# standard error (FILE:LINE:COLUMN for syntax errors, a JSON Pointer for rule violations).
# Big inputs are generated into the test's temporary directory, never committed.  Tests run in
# that directory, so messages name the files relatively.

load helpers

setup() {
    EX="$BATS_TEST_DIRNAME/../examples"
    FIX="$BATS_TEST_DIRNAME/fixtures/hostile"
    cd "$BATS_TEST_TMPDIR"
}

# fails_re STATUS REGEX ARGS...: as fails (helpers.bash), standard error being one line that matches REGEX.
fails_re() {
    local status=$1 regex=$2
    shift 2
    run --separate-stderr "$SEGPROF" "$@"
    [[ $stderr != *$'\n'* && $stderr =~ $regex ]] || fail "stderr is not one line matching /$regex/: $stderr"
    assert_equal "$output" ""
    assert_failure "$status"
}

# succeeds_like EXPECTED_STDOUT_FILE ARGS...: exit 0, the same output, nothing on stderr.
succeeds_like() {
    local expected=$1
    shift
    run --separate-stderr "$SEGPROF" "$@"
    assert_equal "$stderr" ""
    assert_equal "$output" "$(cat "$expected")"
    assert_success
}

# timed ARGS...: run segprof ARGS under /usr/bin/time; sets status, output, stderr,
# SECS (CPU seconds, user + system: steadier than the wall clock while other
# suites run in parallel) and KB (peak RSS).
timed() {
    run --separate-stderr /usr/bin/time -o "$BATS_TEST_TMPDIR/time.txt" -f '%U %S %M' "$SEGPROF" "$@"
    local u s
    read -r u s KB < <(tail -n 1 "$BATS_TEST_TMPDIR/time.txt")
    SECS=$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')
}

# below A B: the number A is below B (floating point).
# Time and memory bounds are skipped for a sanitizer build (SEGPROF_SANITIZED,
# set by tests/meson.build): AddressSanitizer's shadow memory and slowdown.
below() {
    if [[ -n ${SEGPROF_SANITIZED:-} && $3 != size* ]]; then return 0; fi
    awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }' || fail "$3: $1 is not below $2"
}

# The members of a valid customer "C1", before its "product_types".
C1='"id": "C1", "frequency": 1, "amount_spent": 1'

# customers_ndjson FILE ID...: write FILE, an NDJSON customers file with one valid customer per
# ID (frequency 1, amount_spent 1, no product types); each ID is written as is, JSON escapes kept.
customers_ndjson() {
    local file=$1
    shift
    printf '{"id": "%s", "frequency": 1, "amount_spent": 1, "product_types": []}\n' "$@" >"$file"
}

# ---------------------------------------------------------------------------------------------
# Truncation

# truncations SEGPROF FILE NAME STEP WINDOW [ARGS...]: write the prefixes of FILE (all of them
# within WINDOW bytes of either end, every STEP-th in between; not the whole file) to NAME, run
# SEGPROF [ARGS...] on each, and print one line per prefix that is neither
#   - exit 65, nothing on stdout, and every stderr line matching $TRUNC_ERR, nor
#   - (only when $TRUNC_OK_TOO is set) exit 0 with output and every stderr line matching $TRUNC_ERR.
# A plain bash loop in a child shell: under bats' debug trap the loop costs 5x more.
truncations() {
    bash -c '
        export LC_ALL=C
        S=$1 file=$2 name=$3 step=$4 w=$5; shift 5
        data=$(<"$file")$'"'"'\n'"'"'
        n=${#data} bad=0
        for ((i = 0; i < n - 1; i += (i < w || i >= n - w - 1) ? 1 : step)); do
            printf "%s" "${data:0:i}" >"$name"
            rc=0
            "$S" "$@" >out.txt 2>err.txt || rc=$?
            why=
            if [ "$rc" -eq 65 ]; then
                [ -s out.txt ] && why="stdout not empty"
                [ -s err.txt ] || why="nothing on stderr"
            elif [ "$rc" -eq 0 ] && [ -n "$TRUNC_OK_TOO" ]; then
                [ -s out.txt ] || why="exit 0 without output"
            else
                why="exit $rc"
            fi
            while IFS= read -r line; do
                [[ $line =~ $TRUNC_ERR ]] || why+="${why:+; }$line"
            done <err.txt
            if [ -n "$why" ]; then
                printf "offset %d: %s\n" "$i" "$why"
                ((++bad < 10)) || break
            fi
        done' _ "$@" | cat -v
}

@test "the example request truncated at (almost) every byte offset: 65, nothing on stdout, a positioned message" {
    # Every offset takes 20-70 s (6977 runs), so: every offset among the first 400 and the
    # last 400, every 7th offset in between (about 1,700 runs).  The prefix of length size-1
    # is the whole document without its final newline: valid, checked at the end.
    TRUNC_ERR='^segprof: p\.json(:[0-9]+:[0-9]+: invalid JSON: .+|: /[^ ]*: .+)$' \
        run --separate-stderr truncations "$SEGPROF" "$EX/request.json" p.json 7 400 p.json
    assert_equal "$stderr" ""
    assert_equal "$output" ""
    head -c -1 "$EX/request.json" >p.json
    succeeds_like "$EX/response.json" p.json
}

@test "a request cut right after \"customers\": gives only the syntax error (no rule message about it)" {
    printf '{"customers": ' >p.json
    fails 65 'segprof: p.json:1:15: invalid JSON: unexpected end of input, expected a value' p.json
}

@test "the example customers NDJSON truncated at (almost) every byte: exit 0 or 65, messages name the file" {
    # Every byte within 20 of either end, every 17th in between (about 250 runs).
    # A prefix that ends on a line boundary is a valid, shorter input (its labels then name
    # absent customers: a warning).  Worker threads report NDJSON errors: this checks that the
    # file name in their messages survives until they are printed.
    TRUNC_OK_TOO=1 TRUNC_ERR='^segprof: (warning: [0-9]+ labels? names? no customer in the input|p\.ndjson:[0-9]+(:[0-9]+: invalid JSON: .+|: /[^ ]*: .+))$' \
        run --separate-stderr truncations "$SEGPROF" "$EX/customers.ndjson" p.ndjson 17 20 \
        --customers p.ndjson --labels "$EX/labels.csv"
    assert_equal "$stderr" ""
    assert_equal "$output" ""
}

# ---------------------------------------------------------------------------------------------
# Nesting

@test "1,000,000 '[' as the document: not a request object, fast and small" {
    python3 -c "import sys; sys.stdout.write('[' * 1000000)" >deep.json
    timed deep.json
    assert_equal "$stderr" 'segprof: deep.json: expected a request object {"customers": [...], "labels": {...}}, got an array'
    assert_equal "$output" ""
    assert_failure 65
    below "$SECS" 2 "seconds"
    below "$KB" 51200 "peak RSS (KB)"
}

@test "1,000,000 balanced '[…]' as the document: not a request object, fast and small" {
    python3 -c "import sys; sys.stdout.write('[' * 1000000 + ']' * 1000000)" >deep.json
    timed deep.json
    assert_equal "$stderr" 'segprof: deep.json: expected a request object {"customers": [...], "labels": {...}}, got an array'
    assert_equal "$output" ""
    assert_failure 65
    below "$SECS" 2 "seconds"
    below "$KB" 51200 "peak RSS (KB)"
}

@test "1,000,000 levels inside an extra key of a customer: nesting deeper than 512 levels, with its position" {
    # The customer starts at column 16; its 513th level (the customer object being the 1st) is
    # the 512th '[' of "extra", at column 93 + 512.
    python3 -c "
import sys
sys.stdout.write('{\"customers\": [{$C1, \"product_types\": [], \"extra\": ' + '[' * 1000000 + ']' * 1000000 + '}], \"labels\": {\"C1\": 0}}\n')" >deep.json
    timed deep.json
    assert_equal "$stderr" 'segprof: deep.json:1:605: nesting deeper than 512 levels'
    assert_equal "$output" ""
    assert_failure 65
    below "$SECS" 2 "seconds"
    below "$KB" 51200 "peak RSS (KB)"
}

@test "1,000,000 levels inside an ignored top-level key: nesting deeper than 512 levels" {
    python3 -c "
import sys
sys.stdout.write('{\"x\": ' + '{\"a\": ' * 1000000 + '1' + '}' * 1000000 + ', \"customers\": [], \"labels\": {}}\n')" >deep.json
    timed deep.json
    # the 513th object starts at column 7 + 512 * 6
    assert_equal "$stderr" 'segprof: deep.json:1:3079: nesting deeper than 512 levels'
    assert_equal "$output" ""
    assert_failure 65
    below "$SECS" 2 "seconds"
    below "$KB" 51200 "peak RSS (KB)"
}

@test "nesting limit inside a request customer: 512 levels counting the customer accepted, 513 rejected" {
    local k
    for k in 511 512; do
        python3 -c "
import sys
k = $k
sys.stdout.write('{\"customers\": [{$C1, \"product_types\": [], \"extra\": ' + '[' * k + ']' * k + '}], \"labels\": {\"C1\": 0}}\n')" >d$k.json
    done
    run --separate-stderr "$SEGPROF" --compact d511.json
    assert_equal "$stderr" ""
    assert_success
    fails 65 'segprof: d512.json:1:605: nesting deeper than 512 levels' d512.json
}

@test "nesting limit in an NDJSON customer is the same as in a request (512 levels)" {
    local k
    printf 'C1,0\n' >l.csv
    for k in 511 512; do
        python3 -c "
import sys
k = $k
sys.stdout.write('{$C1, \"product_types\": [], \"extra\": ' + '[' * k + ']' * k + '}\n')" >d$k.ndjson
    done
    run --separate-stderr "$SEGPROF" --compact --customers d511.ndjson --labels l.csv
    assert_equal "$stderr" ""
    assert_success
    # the customer line's 512th '[' is at column 78 + 512
    fails 65 'segprof: d512.ndjson:1:590: nesting deeper than 512 levels' --customers d512.ndjson --labels l.csv
}

@test "1,000,000 levels inside an NDJSON customer: nesting deeper than 512 levels, fast and small" {
    printf 'C1,0\n' >l.csv
    python3 -c "
import sys
sys.stdout.write('{$C1, \"product_types\": [], \"extra\": ' + '[' * 1000000 + ']' * 1000000 + '}\n')" >deep.ndjson
    run --separate-stderr /usr/bin/time -o time.txt -f '%e %M' "$SEGPROF" --customers deep.ndjson --labels l.csv
    read -r SECS KB < <(tail -n 1 time.txt)
    assert_equal "$(printf '%s' "$stderr" | cat -v)" 'segprof: deep.ndjson:1:590: nesting deeper than 512 levels'
    assert_equal "$output" ""
    assert_failure 65
    below "$SECS" 2 "seconds"
    below "$KB" 51200 "peak RSS (KB)"
}

# ---------------------------------------------------------------------------------------------
# Huge strings

@test "a 100 MB customer id: value larger than 64 MiB, at the customer; bounded time and memory" {
    python3 -c "
import sys
sys.stdout.write('{\"customers\": [{\"id\": \"' + 'x' * (100 << 20) + '\", \"frequency\": 1, \"amount_spent\": 1, \"product_types\": []}], \"labels\": {\"C1\": 0}}\n')" >big.json
    timed big.json
    assert_equal "$stderr" 'segprof: big.json:1:16: value larger than 64 MiB'
    assert_equal "$output" ""
    assert_failure 65
    below "$SECS" 5 "seconds"
    below "$KB" 204800 "peak RSS (KB)"
}

@test "a 100 MB string as an ignored top-level value (file and pipe): value larger than 64 MiB" {
    python3 -c "
import sys
sys.stdout.write('{\"junk\": \"' + 'x' * (100 << 20) + '\", \"customers\": [{$C1, \"product_types\": []}], \"labels\": {\"C1\": 0}}\n')" >big.json
    timed big.json
    assert_equal "$stderr" 'segprof: big.json:1:10: value larger than 64 MiB'
    assert_equal "$output" ""
    assert_failure 65
    below "$SECS" 5 "seconds"
    below "$KB" 204800 "peak RSS (KB)"

    run --separate-stderr bash -c 'cat big.json | /usr/bin/time -o time.txt -f "%e %M" "$0"' "$SEGPROF"
    read -r SECS KB < <(tail -n 1 time.txt)
    assert_equal "$stderr" 'segprof: <stdin>:1:10: value larger than 64 MiB'
    assert_equal "$output" ""
    assert_failure 65
    below "$SECS" 5 "seconds"
    below "$KB" 204800 "peak RSS (KB)"
}

@test "a 100 MB string as the last, ignored top-level value: value larger than 64 MiB" {
    python3 -c "
import sys
sys.stdout.write('{\"customers\": [{$C1, \"product_types\": []}], \"labels\": {\"C1\": 0}, \"junk\": \"' + 'x' * (100 << 20) + '\"}\n')" >big.json
    timed big.json
    assert_equal "$stderr" 'segprof: big.json:1:116: value larger than 64 MiB'
    assert_equal "$output" ""
    assert_failure 65
    below "$SECS" 5 "seconds"
    below "$KB" 204800 "peak RSS (KB)"
}

# ---------------------------------------------------------------------------------------------
# UTF-8, escapes and NUL bytes.  In customers a bad string is pointed at its opening quote.

# req_slug TEXT: u.json with one customer whose only slug is the printf format TEXT
req_slug() {
    printf "{\"customers\": [{$C1, \"product_types\": [\"$1\"]}], \"labels\": {\"C1\": 0}}\n" >u.json
}

@test "invalid UTF-8 in a customer id" {
    printf '{"customers": [{"id": "C\xff1", "frequency": 1, "amount_spent": 1, "product_types": []}], "labels": {"C1": 0}}\n' >u.json
    fails 65 'segprof: u.json:1:23: invalid JSON: invalid UTF-8' u.json
}

@test "invalid UTF-8 in a slug" {
    req_slug 'a\xffb'
    fails 65 'segprof: u.json:1:82: invalid JSON: invalid UTF-8' u.json
}

@test "invalid UTF-8 in a key inside a customer" {
    printf "{\"customers\": [{$C1, \"product_types\": [], \"k\xff\": 1}], \"labels\": {\"C1\": 0}}\n" >u.json
    fails 65 'segprof: u.json:1:85: invalid JSON: invalid UTF-8' u.json
}

@test "invalid UTF-8 in a labels key (pointed at the bad byte)" {
    printf "{\"customers\": [{$C1, \"product_types\": []}], \"labels\": {\"C1\": 0, \"C\xff2\": 1}}\n" >u.json
    fails 65 'segprof: u.json:1:109: invalid JSON: invalid UTF-8 in a string' u.json
}

@test "overlong UTF-8 (C0 AF) in a slug" {
    req_slug 'a\xc0\xafb'
    fails 65 'segprof: u.json:1:82: invalid JSON: invalid UTF-8' u.json
}

@test "an encoded surrogate (ED A0 80) in a slug" {
    req_slug 'a\xed\xa0\x80b'
    fails 65 'segprof: u.json:1:82: invalid JSON: invalid UTF-8' u.json
}

@test "the escape \\ud800 (lone surrogate) in a slug" {
    req_slug 'a\\ud800b'
    fails 65 'segprof: u.json:1:82: invalid JSON: invalid \u escape (a lone surrogate or bad code point)' u.json
}

@test "the escape \\u0000 in a slug" {
    req_slug 'a\\u0000b'
    fails 65 'segprof: u.json:1:82: invalid JSON: NUL character (\u0000) in a string is not supported' u.json
}

@test "a raw NUL byte inside a slug" {
    req_slug 'a\0b'
    # the framer names the NUL byte itself (column of the byte, after "a)
    fails 65 'segprof: u.json:1:84: invalid JSON: NUL byte in a string' u.json
}

@test "a raw NUL byte between the members of the request" {
    printf '{"customers": [],\0 "labels": {}}\n' >u.json
    fails 65 'segprof: u.json:1:18: invalid JSON: expected a string key, got byte 0x00' u.json
}

@test "a raw NUL byte after a label value" {
    printf '{"customers": [], "labels": {"a": "x"\0}}\n' >u.json
    fails 65 "segprof: u.json:1:38: invalid JSON: expected ',' or '}' after a label, got byte 0x00" u.json
    printf '{"customers": [], "labels": {"a": 1\0}}\n' >u.json
    fails 65 "segprof: u.json:1:36: invalid JSON: expected ',' or '}' after a label, got byte 0x00" u.json
}

@test "a raw NUL byte between the members of a customer is a NUL, not the end of input" {
    printf "{\"customers\": [{$C1,\0 \"product_types\": []}], \"labels\": {\"C1\": 0}}\n" >u.json
    fails_re 65 '^segprof: u\.json:1:63: invalid JSON: .*(byte 0x00|NUL).*$' u.json
}

@test "a raw NUL byte right after a number inside a customer" {
    printf '{"customers": [{"id": "C1", "frequency": 1\0, "amount_spent": 1, "product_types": []}], "labels": {"C1": 0}}\n' >u.json
    fails_re 65 '^segprof: u\.json:1:43: invalid JSON: .*(byte 0x00|NUL).*$' u.json
}

@test "a raw NUL byte inside an ignored top-level value" {
    printf '{"customers": [], "x": [1\0], "labels": {}}\n' >u.json
    fails_re 65 '^segprof: u\.json:1:26: invalid JSON: .*(byte 0x00|NUL).*$' u.json
}

@test "a raw NUL byte after the request" {
    printf '{"customers": [], "labels": {}}\n\0' >u.json
    fails 65 'segprof: u.json:2:1: invalid JSON: unexpected data after the request object' u.json
}

@test "NDJSON: invalid UTF-8 in a customer, reported with the file's name" {
    printf '{"id": "C\xff1", "frequency": 1, "amount_spent": 1, "product_types": []}\n' >u.ndjson
    printf 'C1,0\n' >l.csv
    run --separate-stderr "$SEGPROF" --customers u.ndjson --labels l.csv
    assert_equal "$(printf '%s' "$stderr" | cat -v)" 'segprof: u.ndjson:1:8: invalid JSON: invalid UTF-8'
    assert_equal "$output" ""
    assert_failure 65
}

@test "NDJSON: a rule violation and a syntax error, reported with the file's name" {
    printf '{"id": "C1", "frequency": 1, "amount_spent": "x", "product_types": []}\n{"id": "C2", "frequency": 1, "amount_spent": 1, "product_types": [\n' >b.ndjson
    printf 'C1,0\nC2,0\n' >l.csv
    run --separate-stderr "$SEGPROF" --customers b.ndjson --labels l.csv
    assert_equal "$(printf '%s' "$stderr" | cat -v)" "segprof: b.ndjson:1: /amount_spent: expected a number, got a string
segprof: b.ndjson:2:66: invalid JSON: expected ',' or ']' after an array element, got end of input"
    assert_equal "$output" ""
    assert_failure 65
}

@test "CSV labels: a NUL byte and invalid UTF-8" {
    customers_ndjson a.ndjson a
    printf 'a,1\nb,2\0\n' >n.csv
    fails 65 'segprof: n.csv:2:4: NUL byte' --customers a.ndjson --labels n.csv
    printf 'a,1\nb\xff,2\n' >u.csv
    fails 65 'segprof: u.csv:2:2: invalid UTF-8' --customers a.ndjson --labels u.csv
}

# ---------------------------------------------------------------------------------------------
# Byte order marks

@test "a UTF-8 BOM at the start of a request is skipped" {
    { printf '\357\273\277'; cat "$EX/request.json"; } >bom.json
    succeeds_like "$EX/response.json" bom.json
    succeeds_like "$EX/response.json" - <bom.json
}

@test "a UTF-8 BOM at the start of an NDJSON customers file, a CSV labels file, or both" {
    { printf '\357\273\277'; cat "$EX/customers.ndjson"; } >bom.ndjson
    { printf '\357\273\277'; cat "$EX/labels.csv"; } >bom.csv
    succeeds_like "$EX/response.json" --customers bom.ndjson --labels "$EX/labels.csv"
    succeeds_like "$EX/response.json" --customers "$EX/customers.ndjson" --labels bom.csv
    succeeds_like "$EX/response.json" --customers bom.ndjson --labels bom.csv
}

@test "a UTF-8 BOM at the start of a JSON customers array and a JSON labels file" {
    python3 -c "
import json
r = json.load(open('$EX/request.json'))
open('c.json', 'w', encoding='utf-8-sig').write(json.dumps(r['customers']))
open('l.json', 'w', encoding='utf-8-sig').write(json.dumps(r['labels']))"
    succeeds_like "$EX/response.json" --customers c.json --labels l.json
}

# ---------------------------------------------------------------------------------------------
# Numbers at the edge

# amount VALUE: n.json with one customer whose amount_spent is VALUE
amount() {
    printf '{"customers": [{"id": "C1", "frequency": 1, "amount_spent": %s, "product_types": []}], "labels": {"C1": 0}}\n' "$1" >n.json
}
# frequency VALUE
frequency() {
    printf '{"customers": [{"id": "C1", "frequency": %s, "amount_spent": 1, "product_types": []}], "labels": {"C1": 0}}\n' "$1" >n.json
}

@test "NaN, Infinity, -Infinity as amount_spent: named, with the position" {
    amount NaN
    fails 65 "segprof: n.json:1:61: invalid JSON: NaN is not a JSON number (pandas and Python's json write it for a missing value: write null, or leave the record out)" n.json
    amount Infinity
    fails 65 "segprof: n.json:1:61: invalid JSON: Infinity is not a JSON number (Python's json writes it for an infinite float; segprof reads finite decimals only)" n.json
    amount -Infinity
    fails 65 "segprof: n.json:1:61: invalid JSON: -Infinity is not a JSON number (Python's json writes it for an infinite float; segprof reads finite decimals only)" n.json
}

@test "1e999 and -1e999 as amount_spent: out of range, with the position" {
    amount 1e999
    fails 65 "segprof: n.json:1:61: number out of range (beyond a double): '1e999'" n.json
    amount -1e999
    fails 65 "segprof: n.json:1:61: number out of range (beyond a double): '-1e999'" n.json
}

@test "-0 and -0.0 as amount_spent are 0 (never -0.0)" {
    local v
    for v in -0 -0.0; do
        amount "$v"
        run --separate-stderr "$SEGPROF" --compact n.json
        assert_equal "$stderr" ""
        assert_equal "$output" '{"cluster_profiles":[{"cluster_id":0,"n_customers":1,"avg_spend":0.0,"median_spend":0.0,"avg_frequency":1.0,"top_categories":"","share_of_revenue_pct":0.0,"insight":"Growth-potential segment"}]}'
        assert_success
    done
}

@test "frequency 1e20: out of range" {
    frequency 1e20
    fails 65 'segprof: n.json:1:42: /customers/0/frequency: out of range (at most 2^63 - 1), got 1e20' n.json
}

@test "frequency 2^63: out of range, quoted as written" {
    frequency 9223372036854775808
    fails 65 'segprof: n.json:1:42: /customers/0/frequency: out of range (at most 2^63 - 1), got 9223372036854775808' n.json
}

@test "frequency -1: not an integer >= 0" {
    frequency -1
    fails 65 'segprof: n.json:1:42: /customers/0/frequency: expected an integer >= 0, got -1' n.json
}

@test "an integer id of 30 digits: out of range (64 bits)" {
    printf '{"customers": [{"id": 123456789012345678901234567890, "frequency": 1, "amount_spent": 1, "product_types": []}], "labels": {"C1": 0}}\n' >n.json
    fails 65 'segprof: n.json:1:23: /customers/0/id: integer id out of range (64 bits): write it as a string' n.json
}

@test "an integer cluster id of 30 digits in JSON labels: out of range (64 bits)" {
    printf '{"customers": [{"id": "C1", "frequency": 1, "amount_spent": 1, "product_types": []}], "labels": {"C1": 123456789012345678901234567890}}\n' >n.json
    fails 65 'segprof: n.json:1:104: /labels/C1: integer cluster id out of range (64 bits): write it as a string' n.json
}

@test "two frequencies of 2^63-1: the mean is exact" {
    printf '{"customers": [{"id": "C1", "frequency": 9223372036854775807, "amount_spent": 1, "product_types": []}, {"id": "C2", "frequency": 9223372036854775807, "amount_spent": 1, "product_types": []}], "labels": {"C1": 0, "C2": 0}}\n' >n.json
    run --separate-stderr "$SEGPROF" --compact n.json
    assert_equal "$stderr" ""
    assert_equal "$output" '{"cluster_profiles":[{"cluster_id":0,"n_customers":2,"avg_spend":1.0,"median_spend":1.0,"avg_frequency":9223372036854775807.0,"top_categories":"","share_of_revenue_pct":100.0,"insight":"Growth-potential segment"}]}'
    assert_success
}

# ---------------------------------------------------------------------------------------------
# Floods of labels

@test "100,000 labels for absent customers: the normal output and one warning (-q: none)" {
    python3 -c "
import json
r = json.load(open('$EX/request.json'))
labels = {'X%d' % i: i % 7 for i in range(100000)}
labels.update(r['labels'])
r['labels'] = labels
json.dump(r, open('many.json', 'w'))"
    run --separate-stderr "$SEGPROF" many.json
    assert_equal "$stderr" 'segprof: warning: 100000 labels name no customer in the input'
    assert_equal "$output" "$(cat "$EX/response.json")"
    assert_success
    succeeds_like "$EX/response.json" -q many.json
}

# ---------------------------------------------------------------------------------------------
# CSV labels

@test "CSV labels: quoted fields with \"\" escapes, commas inside quotes" {
    "$SEGPROF" --customers "$FIX/quoted.ndjson" --labels "$FIX/quoted.json" >expected.json
    run --separate-stderr "$SEGPROF" --customers "$FIX/quoted.ndjson" --labels "$FIX/quoted.csv"
    assert_equal "$stderr" ""
    assert_equal "$output" "$(cat expected.json)"
    assert_output --partial '"cluster_id": "seg \"A\", east"'
    assert_success
}

@test "CSV labels: every field quoted, and CRLF line ends, give the LF output" {
    python3 -c "
rows = open('$EX/labels.csv').read().split('\n')[:-1]
open('crlf.csv', 'w', newline='').write(''.join(r + '\r\n' for r in rows))
open('q.csv', 'w').write(''.join(','.join('\"%s\"' % f for f in r.split(',')) + '\n' for r in rows))"
    succeeds_like "$EX/response.json" --customers "$EX/customers.ndjson" --labels crlf.csv
    succeeds_like "$EX/response.json" --customers "$EX/customers.ndjson" --labels q.csv
}

@test "CSV labels: a missing column and an extra column" {
    { printf 'customer_id,cluster_id\nC999\n'; tail -n +2 "$EX/labels.csv"; } >miss.csv
    fails 65 'segprof: miss.csv:2: expected 2 fields (customer_id,cluster_id), got 1' \
        --customers "$EX/customers.ndjson" --labels miss.csv
    { printf 'customer_id,cluster_id\nC999,1,2\n'; tail -n +2 "$EX/labels.csv"; } >extra.csv
    fails 65 'segprof: extra.csv:2: expected 2 fields (customer_id,cluster_id), got 3' \
        --customers "$EX/customers.ndjson" --labels extra.csv
}

# unlabeled_40 FILE: the messages for the 40 unlabeled example customers (20, then the count)
unlabeled_40() {
    local i
    for i in $(seq 1 20); do
        printf 'segprof: %s:%d: customer "C%03d" has no label\n' "$1" "$i" "$i"
    done
    printf 'segprof: … and 20 more errors'
}

@test "CSV labels: header only, or an empty file, label nobody" {
    cp "$EX/customers.ndjson" c.ndjson
    printf 'customer_id,cluster_id\n' >h.csv
    : >e.csv
    fails 65 "$(unlabeled_40 c.ndjson)" --customers c.ndjson --labels h.csv
    fails 65 "$(unlabeled_40 c.ndjson)" --customers c.ndjson --labels e.csv
    : >none.ndjson
    run --separate-stderr "$SEGPROF" --customers none.ndjson --labels h.csv
    assert_equal "$stderr" ""
    assert_equal "$output" $'{\n    "cluster_profiles": []\n}'
    assert_success
    run --separate-stderr "$SEGPROF" --customers none.ndjson --labels e.csv
    assert_equal "$stderr" ""
    assert_equal "$output" $'{\n    "cluster_profiles": []\n}'
    assert_success
}

@test "CSV labels: an unterminated quote is a syntax error that ends reading" {
    customers_ndjson c2.ndjson C1 C2
    printf 'C1,0\nC2,"1\n' >u.csv
    # the position is the opening quote (a quoted field may span lines)
    fails 65 'segprof: u.csv:2:4: unterminated quoted field' --customers c2.ndjson --labels u.csv
    # no cascade of "has no label" for what was not read
    printf 'C1,0\n"C2,1\n' >u2.csv
    fails 65 'segprof: u2.csv:2:1: unterminated quoted field' --customers c2.ndjson --labels u2.csv
}

@test "CSV labels: a quoted field may span lines (RFC 4180)" {
    customers_ndjson nl.ndjson 'C\n1'
    printf '"C\n1",5\n' >nl.csv
    run --separate-stderr "$SEGPROF" --compact --customers nl.ndjson --labels nl.csv
    assert_equal "$stderr" ""
    assert_output --partial '"cluster_id":5,"n_customers":1'
    assert_success
}

@test "JSON labels file: a syntax error ends reading (no cascade of unlabeled customers)" {
    customers_ndjson c2.ndjson C1 C2
    printf '{"C1": 0, "C2": }\n' >l.json
    # the wording is free, but it names the '}' (not "end of input") and is the only message
    fails_re 65 "^segprof: l\\.json:1:17: invalid JSON: .*'}'.*\$" --customers c2.ndjson --labels l.json
}

@test "a missing value in the request's labels is not 'end of input'" {
    printf '{"customers": [], "labels": {"a": }}\n' >m.json
    # the wording is free, but it names the offending token, not "end of input"
    fails_re 65 "^segprof: m\\.json:1:35: invalid JSON: .*'}'.*\$" m.json
    printf '{"customers": [], "x": , "labels": {}}\n' >m.json
    fails_re 65 "^segprof: m\\.json:1:24: invalid JSON: .*','.*\$" m.json
}

@test "a stray '}' in the customers array: one message, no jansson internals" {
    printf '{"customers": [}], "labels": {}}\n' >m.json
    fails 65 "segprof: m.json:1:16: invalid JSON: expected a value, got '}'" m.json
}

@test "CSV labels: an integer cluster id beyond 64 bits" {
    customers_ndjson a.ndjson a
    printf 'a,1\nb,123456789012345678901234567890\n' >big.csv
    fails 65 'segprof: big.csv:2: integer cluster id out of range (64 bits)' --customers a.ndjson --labels big.csv
    printf 'a,1\nb,-9223372036854775809\n' >big.csv
    fails 65 'segprof: big.csv:2: integer cluster id out of range (64 bits)' --customers a.ndjson --labels big.csv
}

# ---------------------------------------------------------------------------------------------
# Run time on hostile input of the size of a valid one (~20 MB)

# gen KIND OUT: write a ~20 MB request of the given kind
gen() {
    python3 - "$@" <<'PY'
import sys
kind, out = sys.argv[1], sys.argv[2]
n = 100000
with open(out, 'w') as f:
    if kind in ('valid', 'kclusters', 'uniqslugs', 'oneline'):
        # 100,000 customers with 12 slugs each (of 200), in 8 clusters (kclusters: one cluster
        # per customer; uniqslugs: no slug shared by two customers; oneline: the valid
        # document on one line, so that no customer is alone on its line)
        if kind == 'uniqslugs':
            ps = lambda i: ', '.join(['"u%06d%x"' % (i, j) for j in range(12)])
        else:
            ps = lambda i: ', '.join(['"slug%d"' % ((i * 7 + j * 13) % 200) for j in range(12)])
        nl = ' ' if kind == 'oneline' else '\n'
        f.write('{"customers": [' + nl)
        f.write((',' + nl).join(['{"id": "C%07d", "frequency": %d, "amount_spent": %d.%02d, "product_types": [%s]}'
                                 % (i, i % 50, i % 5000, i % 100, ps(i)) for i in range(n)]))
        f.write('], "labels": {' + nl)
        f.write((',' + nl).join(['"C%07d": %d' % (i, i if kind == 'kclusters' else i % 8) for i in range(n)]))
        f.write('}}\n')
    elif kind == 'sameslug':
        f.write('{"customers": [{"id": "C1", "frequency": 1, "amount_spent": 1, "product_types": [')
        f.write(', '.join(['"slug-slug"'] * 1800000))
        f.write(']}], "labels": {"C1": 0}}\n')
    elif kind == 'distinctslugs':
        f.write('{"customers": [{"id": "C1", "frequency": 1, "amount_spent": 1, "product_types": [')
        f.write(', '.join(['"s%07d"' % i for i in range(1800000)]))
        f.write(']}], "labels": {"C1": 0}}\n')
    elif kind == 'labels':
        f.write('{"customers": [{"id": "C1", "frequency": 1, "amount_spent": 1, "product_types": []}], "labels": {')
        f.write(', '.join(['"X%013d": %d' % (i, i % 8) for i in range(1000000)]))
        f.write(', "C1": 0}}\n')
PY
}

# compare_with_valid KIND: segprof on KIND takes < 5x the valid run + 1 s
compare_with_valid() {
    local valid="$BATS_FILE_TMPDIR/valid.json" vsecs size vsize
    [ -s "$valid" ] || gen valid "$valid"
    gen "$1" hostile.json
    size=$(wc -c <hostile.json) vsize=$(wc -c <"$valid")
    below "$size" "$((vsize * 12 / 10))" "size of the hostile input"
    timed -j 1 -q --compact "$valid"
    assert_success
    vsecs=$SECS
    timed -j 1 -q --compact hostile.json
    HOSTILE_STATUS=$status HOSTILE_OUTPUT=$output HOSTILE_STDERR=$stderr
    below "$SECS" "$(awk -v v="$vsecs" 'BEGIN { print 5 * v + 1 }')" "$1: seconds (valid: $vsecs s; peak RSS $KB KB)"
}

@test "run time: one customer with 1.8M copies of one slug vs a valid 20 MB request" {
    compare_with_valid sameslug
    assert_equal "$HOSTILE_STDERR" ""
    assert_equal "$HOSTILE_OUTPUT" '{"cluster_profiles":[{"cluster_id":0,"n_customers":1,"avg_spend":1.0,"median_spend":1.0,"avg_frequency":1.0,"top_categories":"slug-slug","share_of_revenue_pct":100.0,"insight":"Growth-potential segment"}]}'
    assert_equal "$HOSTILE_STATUS" 0
}

@test "run time: 1M labels for absent customers vs a valid 20 MB request" {
    compare_with_valid labels
    assert_equal "$HOSTILE_STDERR" ""
    assert_equal "$HOSTILE_OUTPUT" '{"cluster_profiles":[{"cluster_id":0,"n_customers":1,"avg_spend":1.0,"median_spend":1.0,"avg_frequency":1.0,"top_categories":"","share_of_revenue_pct":100.0,"insight":"Growth-potential segment"}]}'
    assert_equal "$HOSTILE_STATUS" 0
}

@test "run time: one customer with 1.8M distinct slugs vs a valid 20 MB request" {
    compare_with_valid distinctslugs
    assert_equal "$HOSTILE_STDERR" ""
    assert_equal "$HOSTILE_STATUS" 0
}

@test "run time: the valid 20 MB request on one line vs the same one customer a line" {
    # No line is one customer: after one look for the end of the first customer's line, the
    # customers are framed value by value, not each looked for its line's end again
    # (segprof(1) "Request document").
    compare_with_valid oneline
    assert_equal "$HOSTILE_STDERR" ""
    assert_equal "$HOSTILE_OUTPUT" "$("$SEGPROF" -j 1 -q --compact "$BATS_FILE_TMPDIR/valid.json")"
    assert_equal "$HOSTILE_STATUS" 0
}

@test "run time: 100,000 customers each in its own cluster vs a valid 20 MB request" {
    compare_with_valid kclusters
    assert_equal "$HOSTILE_STDERR" ""
    assert_equal "$HOSTILE_STATUS" 0
}

@test "run time: 100,000 customers with 1.2M distinct slugs vs a valid 20 MB request" {
    compare_with_valid uniqslugs
    assert_equal "$HOSTILE_STDERR" ""
    assert_equal "$HOSTILE_STATUS" 0
}
