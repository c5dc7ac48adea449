#!/usr/bin/env bats
# Errors and exit codes (segprof(1) DIAGNOSTICS, EXIT STATUS):
# every error class with its exit status, its exact message on standard error and nothing on
# standard output.
#
#   SEGPROF=/path/to/segprof bats tests/errors.bats     (default: build/segprof)
#
# Positions are 1-based; a syntax error points at the first byte of the offending token (or
# at the end of input), as compilers and Python's json module do.

load helpers
# Tests run in their temporary directory, where messages name the request "req.json", or cd
# to fixtures/errors.
setup() { FIX="$BATS_TEST_DIRNAME/fixtures"; cd "$BATS_TEST_TMPDIR"; }

# one_customer FIELDS LABELS: a request with one customer whose members are FIELDS
one_customer() {
    printf '{"customers": [{%s}], "labels": %s}\n' "$1" "$2" | req
}

OK='"frequency": 1, "amount_spent": 1, "product_types": []'

# --- syntax errors: FILE:LINE:COLUMN --------------------------------------------------------

@test "syntax: missing comma between the members of a customer: position of the token, ',' named" {
    # line 4 is:     {"id": "C002" "frequency": 4, ...
    # "frequency" starts at column 19, where ',' or '}' was expected.
    cd "$FIX/errors"
    run --separate-stderr "$SEGPROF" missing_comma.json
    assert_failure 65
    assert_equal "$output" ""
    [[ $stderr == "segprof: missing_comma.json:4:19: invalid JSON: "* ]] ||
        fail "want position 4:19 (start of \"frequency\"), got: $stderr"
    [[ $stderr == *"','"* ]] || fail "message must say that ',' (or '}') was expected, got: $stderr"
    assert_equal "$(wc -l <<<"$stderr")" 1
}

@test "syntax: missing comma between two labels" {
    cd "$FIX/errors"
    fails 65 "segprof: missing_comma_labels.json:6:24: invalid JSON: expected ',' or '}' after a label, got '\"'" \
        missing_comma_labels.json
}

@test "syntax: missing comma between two customers" {
    cd "$FIX/errors"
    fails 65 "segprof: missing_comma_customers.json:4:5: invalid JSON: expected ',' or ']' after a customer, got '{'" \
        missing_comma_customers.json
}

@test "syntax: document truncated inside a customer: position of the end of input" {
    # the file ends after 36 bytes of line 4
    cd "$FIX/errors"
    fails 65 "segprof: truncated.json:4:37: invalid JSON: unexpected end of input" truncated.json
}

@test "syntax: document truncated after '['" {
    cd "$FIX/errors"
    fails 65 "segprof: truncated_array.json:3:1: invalid JSON: unexpected end of input, expected a value" \
        truncated_array.json
}

@test "syntax: trailing garbage after the request object" {
    cd "$FIX/errors"
    fails 65 "segprof: trailing_garbage.json:5:2: invalid JSON: unexpected data after the request object" \
        trailing_garbage.json
}

@test "syntax: a second document after the first is trailing data" {
    printf '{"customers": [], "labels": {}}{"customers": [], "labels": {}}' | req
    fails 65 "segprof: req.json:1:32: invalid JSON: unexpected data after the request object" req.json
}

@test "syntax: empty file" {
    cd "$FIX/errors"
    fails 65 "segprof: empty.json:1:1: invalid JSON: empty input, expected a request object" empty.json
}

@test "syntax: file of white space only" {
    cd "$FIX/errors"
    fails 65 "segprof: blank.json:3:1: invalid JSON: empty input, expected a request object" blank.json
}

@test "syntax: standard input is named <stdin>" {
    run --separate-stderr "$SEGPROF" </dev/null
    assert_failure 65
    assert_equal "$output" ""
    assert_equal "$stderr" "segprof: <stdin>:1:1: invalid JSON: empty input, expected a request object"
    run --separate-stderr "$SEGPROF" - <"$FIX/errors/missing_comma_labels.json"
    assert_failure 65
    assert_equal "$output" ""
    assert_equal "$stderr" "segprof: <stdin>:6:24: invalid JSON: expected ',' or '}' after a label, got '\"'"
}

@test "syntax: NaN is not JSON; the position is its first byte" {
    one_customer '"id": "a", "frequency": 1, "amount_spent": NaN, "product_types": []' '{"a": 1}'
    # NaN starts at column 60
    run --separate-stderr "$SEGPROF" req.json
    assert_failure 65
    assert_equal "$output" ""
    [[ $stderr == "segprof: req.json:1:60: invalid JSON: "* ]] || fail "want position 1:60 (start of NaN), got: $stderr"
}

# --- rule violations: JSON Pointers --------------------------------------------------------

@test "rule: amount_spent a string" {
    req <<EOF
{"customers": [{"id": "a", $OK}, {"id": "b", "frequency": 1, "amount_spent": "12.50", "product_types": []}],
 "labels": {"a": 1, "b": 1}}
EOF
    fails 65 "segprof: req.json:1:129: /customers/1/amount_spent: expected a number, got a string" req.json
}

@test "rule: negative amount_spent" {
    one_customer '"id": "a", "frequency": 1, "amount_spent": -1.5, "product_types": []' '{"a": 1}'
    fails 65 "segprof: req.json:1:60: /customers/0/amount_spent: expected a number >= 0, got -1.5" req.json
}

@test "rule: negative frequency" {
    one_customer '"id": "a", "frequency": -3, "amount_spent": 1, "product_types": []' '{"a": 1}'
    fails 65 "segprof: req.json:1:41: /customers/0/frequency: expected an integer >= 0, got -3" req.json
}

@test "rule: frequency not an integer" {
    one_customer '"id": "a", "frequency": 2.5, "amount_spent": 1, "product_types": []' '{"a": 1}'
    fails 65 "segprof: req.json:1:41: /customers/0/frequency: expected an integer, got 2.5" req.json
}

@test "rule: frequency a string" {
    one_customer '"id": "a", "frequency": "3", "amount_spent": 1, "product_types": []' '{"a": 1}'
    fails 65 "segprof: req.json:1:41: /customers/0/frequency: expected an integer >= 0, got a string" req.json
}

@test "rule: missing keys of a customer, each reported, in field order" {
    one_customer '"name": "x"' '{"a": 1}'
    fails 65 'segprof: req.json:1:16: /customers/0: missing key "id"
segprof: req.json:1:16: /customers/0: missing key "frequency"
segprof: req.json:1:16: /customers/0: missing key "amount_spent"
segprof: req.json:1:16: /customers/0: missing key "product_types"' req.json
}

# The pointer to the whole document is "" (RFC 6901; "/" would be the member named ""), so the
# text form has no pointer part for it.
@test "rule: missing customers / labels at the top level" {
    echo '{"labels": {}}' | req
    fails 65 'segprof: req.json: missing key "customers"' req.json
    echo '{"customers": []}' | req
    fails 65 'segprof: req.json: missing key "labels"' req.json
    echo '{}' | req
    fails 65 'segprof: req.json: missing key "customers"
segprof: req.json: missing key "labels"' req.json
}

@test "rule: the request is not an object" {
    echo '[{"id": "a"}]' | req
    fails 65 'segprof: req.json: expected a request object {"customers": [...], "labels": {...}}, got an array' req.json
}

@test "rule: product_types not an array" {
    one_customer '"id": "a", "frequency": 1, "amount_spent": 1, "product_types": "tea"' '{"a": 1}'
    fails 65 "segprof: req.json:1:80: /customers/0/product_types: expected an array of strings, got a string" req.json
}

@test "rule: a slug that is not a string" {
    one_customer '"id": "a", "frequency": 1, "amount_spent": 1, "product_types": ["tea", 7]' '{"a": 1}'
    fails 65 "segprof: req.json:1:88: /customers/0/product_types/1: expected a string, got an integer" req.json
}

@test "rule: an empty slug" {
    one_customer '"id": "a", "frequency": 1, "amount_spent": 1, "product_types": [""]' '{"a": 1}'
    fails 65 'segprof: req.json:1:81: /customers/0/product_types/0: expected a non-empty string, got ""' req.json
}

@test "rule: an empty customer id" {
    one_customer "\"id\": \"\", $OK" '{"a": 1}'
    fails 65 'segprof: req.json:1:23: /customers/0/id: expected a non-empty string, got ""' req.json
}

@test "rule: a customer id of the wrong type (real, boolean, null, array)" {
    one_customer "\"id\": 1.5, $OK" '{}'
    fails 65 'segprof: req.json:1:23: /customers/0/id: expected a string or an integer, got 1.5' req.json
    one_customer "\"id\": true, $OK" '{}'
    fails 65 'segprof: req.json:1:23: /customers/0/id: expected a string or an integer, got a boolean' req.json
    one_customer "\"id\": null, $OK" '{}'
    fails 65 'segprof: req.json:1:23: /customers/0/id: expected a string or an integer, got null' req.json
    one_customer "\"id\": [\"a\"], $OK" '{}'
    fails 65 'segprof: req.json:1:23: /customers/0/id: expected a string or an integer, got an array' req.json
}

@test "rule: a customer that is not an object" {
    echo "{\"customers\": [{\"id\": \"a\", $OK}, 42], \"labels\": {\"a\": 1}}" | req
    fails 65 'segprof: req.json:1:85: /customers/1: expected a customer object, got an integer' req.json
}

@test "rule: customers not an array" {
    echo '{"customers": {"a": {}}, "labels": {}}' | req
    fails 65 'segprof: req.json:1:15: /customers: expected an array of customer objects, got an object' req.json
    echo '{"customers": 3, "labels": {}}' | req
    fails 65 'segprof: req.json:1:15: /customers: expected an array of customer objects, got a number' req.json
}

@test "rule: labels not an object" {
    echo '{"customers": [], "labels": [["a", 1]]}' | req
    fails 65 'segprof: req.json:1:29: /labels: expected an object (customer id -> cluster id), got an array' req.json
}

# A bad label is one error: the customer it names must not be reported as unlabeled too.
@test "rule: a label value null is one error" {
    one_customer "\"id\": \"a\", $OK" '{"a": null}'
    fails 65 'segprof: req.json:1:102: /labels/a: expected a cluster id (an integer or a non-empty string), got null' req.json
}

@test "rule: a label value that is a real number is one error" {
    one_customer "\"id\": \"a\", $OK" '{"a": 1.5}'
    fails 65 'segprof: req.json:1:102: /labels/a: expected a cluster id (an integer or a non-empty string), got a real number' req.json
}

@test "rule: a label value that is an empty string is one error" {
    one_customer "\"id\": \"a\", $OK" '{"a": ""}'
    fails 65 'segprof: req.json:1:102: /labels/a: expected a cluster id (an integer or a non-empty string), got ""' req.json
}

@test "rule: a label value that is a boolean or an object is one error" {
    one_customer "\"id\": \"a\", $OK" '{"a": false}'
    fails 65 'segprof: req.json:1:102: /labels/a: expected a cluster id (an integer or a non-empty string), got a boolean' req.json
    one_customer "\"id\": \"a\", $OK" '{"a": {"k": 1}}'
    fails 65 'segprof: req.json:1:102: /labels/a: expected a cluster id (an integer or a non-empty string), got an object' req.json
}

@test "rule: duplicate customer id names the first occurrence" {
    req <<EOF
{"customers": [{"id": "a", $OK}, {"id": "b", $OK}, {"id": "a", $OK}],
 "labels": {"a": 1, "b": 1}}
EOF
    fails 65 'segprof: req.json: /customers/2/id: duplicate customer id "a" (first at /customers/0)' req.json
}

@test "rule: 17 and \"17\" are the same customer id" {
    req <<EOF
{"customers": [{"id": 17, $OK}, {"id": "17", $OK}], "labels": {"17": 1}}
EOF
    fails 65 'segprof: req.json: /customers/1/id: duplicate customer id "17" (first at /customers/0)' req.json
}

@test "rule: duplicate label key" {
    one_customer "\"id\": \"a\", $OK" '{"a": 1, "b": 2, "a": 1}'
    fails 65 'segprof: req.json: /labels/a: duplicate label for customer "a"' req.json
}

@test "rule: '~' and '/' in a key are escaped in the pointer (RFC 6901)" {
    one_customer "\"id\": \"a/b~c\", $OK" '{"a/b~c": 1, "a/b~c": 2}'
    fails 65 'segprof: req.json: /labels/a~1b~0c: duplicate label for customer "a/b~c"' req.json
}

@test "rule: a customer without a label (pointer to the customer, as documented)" {
    req <<EOF
{"customers": [{"id": "a", $OK}, {"id": "b", $OK}, {"id": 7, $OK}],
 "labels": {"a": 1}}
EOF
    fails 65 'segprof: req.json: /customers/1: customer "b" has no label
segprof: req.json: /customers/2: customer "7" has no label' req.json
}

@test "rule: all violations are reported, in document order" {
    req <<EOF
{"customers": [{"id": "a", "frequency": 1, "amount_spent": "x", "product_types": []},
               {"id": "b", $OK},
               {"id": "c", "frequency": -2, "amount_spent": 1, "product_types": [""]}],
 "labels": {"a": 1, "b": true, "c": 2}}
EOF
    fails 65 'segprof: req.json:1:60: /customers/0/amount_spent: expected a number, got a string
segprof: req.json:3:41: /customers/2/frequency: expected an integer >= 0, got -2
segprof: req.json:3:82: /customers/2/product_types/0: expected a non-empty string, got ""
segprof: req.json:4:26: /labels/b: expected a cluster id (an integer or a non-empty string), got a boolean' req.json
}

@test "rule: more than 20 violations: the first 20, then '… and N more errors'" {
    command -v jq >/dev/null || skip "jq not installed"
    jq -n '{customers: [range(25) | {id: "c\(.)", frequency: 1, amount_spent: "x", product_types: []}],
            labels: ([range(25) | {key: "c\(.)", value: 1}] | from_entries)}' | req
    run --separate-stderr "$SEGPROF" req.json
    assert_failure 65
    assert_equal "$output" ""
    # jq indents by 2: customer i's "amount_spent" is on line 6 + 6 i, its value at column 23
    local expected="" i
    for i in $(seq 0 19); do
        expected+="segprof: req.json:$((6 + 6 * i)):23: /customers/$i/amount_spent: expected a number, got a string"$'\n'
    done
    expected+="segprof: … and 5 more errors"
    assert_equal "$stderr" "$expected"
    assert_equal "$(wc -l <<<"$stderr")" 21
}

@test "rule: exactly 21 violations: '… and 1 more error'" {
    command -v jq >/dev/null || skip "jq not installed"
    jq -n '{customers: [range(21) | {id: "c\(.)", frequency: -1, amount_spent: 1, product_types: []}],
            labels: ([range(21) | {key: "c\(.)", value: 1}] | from_entries)}' | req
    run --separate-stderr "$SEGPROF" req.json
    assert_failure 65
    assert_equal "$output" ""
    assert_equal "$(wc -l <<<"$stderr")" 21
    assert_equal "$(sed -n 20p <<<"$stderr")" "segprof: req.json:119:20: /customers/19/frequency: expected an integer >= 0, got -1"
    assert_equal "$(sed -n 21p <<<"$stderr")" "segprof: … and 1 more error"
}

@test "rule: exactly 20 violations: no '… more' line" {
    command -v jq >/dev/null || skip "jq not installed"
    jq -n '{customers: [range(20) | {id: "c\(.)", frequency: -1, amount_spent: 1, product_types: []}],
            labels: ([range(20) | {key: "c\(.)", value: 1}] | from_entries)}' | req
    run --separate-stderr "$SEGPROF" req.json
    assert_failure 65
    assert_equal "$output" ""
    assert_equal "$(wc -l <<<"$stderr")" 20
    [[ $stderr != *"more error"* ]] || fail "no '… more' line expected: $stderr"
}

# Valid JSON that breaks a limit is a rule violation at the value, not "invalid JSON".
@test "rule: an integer frequency beyond 64 bits is out of range, reported at its pointer" {
    one_customer '"id": "a", "frequency": 99999999999999999999, "amount_spent": 1, "product_types": []' '{"a": 1}'
    # the number is quoted as written
    fails 65 'segprof: req.json:1:41: /customers/0/frequency: out of range (at most 2^63 - 1), got 99999999999999999999' req.json
}

@test "rule: an integer customer id beyond 64 bits is reported at its pointer" {
    one_customer "\"id\": 123456789012345678901234567890, $OK" '{}'
    run --separate-stderr "$SEGPROF" req.json
    assert_failure 65
    assert_equal "$output" ""
    [[ $stderr == "segprof: req.json:1:23: /customers/0/id: "* ]] || fail "want a rule violation at /customers/0/id, got: $stderr"
    [[ $stderr != *"invalid JSON"* ]] || fail "the document is valid JSON: $stderr"
}

# jansson cannot read a number beyond a double at all, so segprof names its
# position (line:column of the token) rather than a pointer; still not "invalid".
@test "limit: an amount that overflows a double (1e400) is reported at its position" {
    one_customer '"id": "a", "frequency": 1, "amount_spent": 1e400, "product_types": []' '{"a": 1}'
    run --separate-stderr "$SEGPROF" req.json
    assert_failure 65
    assert_equal "$output" ""
    [[ $stderr == "segprof: req.json:"*":"*": number out of range (beyond a double): '1e400'" ]] ||
        fail "want the position and the token 1e400, got: $stderr"
    [[ $stderr != *"invalid JSON"* ]] || fail "the document is valid JSON: $stderr"
}

# --- --error-format=json ---------------------------------------------------------------------

# each_json_line JQ_FILTER: every line of $stderr is one JSON object passing JQ_FILTER
each_json_line() {
    local n
    n=$(jq -s length <<<"$stderr") || fail "stderr is not JSON lines: $stderr"
    assert_equal "$n" "$(wc -l <<<"$stderr")"
    [ "$n" -gt 0 ] || fail "no diagnostics"
    jq -e -s "all(.[]; $1)" <<<"$stderr" >/dev/null || fail "some line fails $1: $stderr"
}

# Every object has every member, in this order; errors have level "error" (segprof(1) DIAGNOSTICS).
KEYS='(keys_unsorted == ["file", "line", "column", "pointer", "message", "level", "exit"])
      and .level == "error"'

@test "--error-format=json: syntax error with file, line, column, null pointer, message, level, exit" {
    command -v jq >/dev/null || skip "jq not installed"
    cd "$FIX/errors"
    run --separate-stderr "$SEGPROF" --error-format=json missing_comma_labels.json
    assert_failure 65
    assert_equal "$output" ""
    assert_equal "$(wc -l <<<"$stderr")" 1
    each_json_line "$KEYS"' and .file == "missing_comma_labels.json" and .line == 6 and .column == 24
        and .pointer == null and .exit == 65'
    assert_equal "$(jq -r .message <<<"$stderr")" "invalid JSON: expected ',' or '}' after a label, got '\"'"
}

@test "--error-format=json: rule violations with pointers" {
    command -v jq >/dev/null || skip "jq not installed"
    req <<EOF
{"customers": [{"id": "a", $OK}, {"id": "b", "frequency": 1, "amount_spent": "x", "product_types": []}],
 "labels": {"a": 1, "b": 1, "a": 2}}
EOF
    run --separate-stderr "$SEGPROF" --error-format=json req.json
    assert_failure 65
    assert_equal "$output" ""
    assert_equal "$(wc -l <<<"$stderr")" 2
    each_json_line "$KEYS"' and .file == "req.json" and (.line == null or (.line | type) == "number")
        and (.pointer | type) == "string" and .exit == 65'
    assert_equal "$(jq -r '.pointer + ": " + .message' <<<"$stderr")" '/customers/1/amount_spent: expected a number, got a string
/labels/a: duplicate label for customer "a"'
}

@test "--error-format=json: the root pointer is \"\" (RFC 6901)" {
    command -v jq >/dev/null || skip "jq not installed"
    echo '{"customers": []}' | req
    run --separate-stderr "$SEGPROF" --error-format json req.json
    assert_failure 65
    assert_equal "$output" ""
    each_json_line "$KEYS"' and .pointer == "" and .message == "missing key \"labels\"" and .exit == 65'
}

@test "--error-format=json: more than 20 violations, the last line counts the rest" {
    command -v jq >/dev/null || skip "jq not installed"
    jq -n '{customers: [range(23) | {id: "c\(.)", frequency: 1, amount_spent: "x", product_types: []}],
            labels: ([range(23) | {key: "c\(.)", value: 1}] | from_entries)}' | req
    run --separate-stderr "$SEGPROF" --error-format=json req.json
    assert_failure 65
    assert_equal "$output" ""
    assert_equal "$(wc -l <<<"$stderr")" 21
    each_json_line "$KEYS"' and .exit == 65'
    assert_equal "$(tail -n1 <<<"$stderr" | jq -r .message)" "… and 3 more errors"
}

@test "--error-format=json: cannot open -> exit 66" {
    command -v jq >/dev/null || skip "jq not installed"
    run --separate-stderr "$SEGPROF" --error-format=json nonexistent.json
    assert_failure 66
    assert_equal "$output" ""
    each_json_line "$KEYS"' and .file == "nonexistent.json" and .line == null and .column == null
        and .pointer == null and .message == "cannot open: No such file or directory" and .exit == 66'
}

@test "--error-format=json: usage error -> exit 64, JSON only (no 'Try' line)" {
    command -v jq >/dev/null || skip "jq not installed"
    run --separate-stderr "$SEGPROF" --error-format=json --format=xml
    assert_failure 64
    assert_equal "$output" ""
    assert_equal "$(wc -l <<<"$stderr")" 1
    each_json_line "$KEYS"' and .exit == 64 and (.message | contains("xml"))'
}

@test "--error-format=json: a write error of --help is a JSON object too" {
    command -v jq >/dev/null || skip "jq not installed"
    [ -c /dev/full ] || skip "no /dev/full"
    run --separate-stderr bash -c '"$1" --error-format=json --help >/dev/full' _ "$SEGPROF"
    assert_failure 74
    each_json_line "$KEYS"' and .exit == 74 and .message == "write error: No space left on device"'
}

# --- cannot open: 66 ---------------------------------------------------------------------------

@test "a missing input file: 66, cannot open" {
    fails 66 "segprof: nonexistent.json: cannot open: No such file or directory" nonexistent.json
}

@test "a directory as input: 66" {
    mkdir dir.json
    fails 66 "segprof: dir.json: cannot open: Is a directory" dir.json
}

@test "an unreadable input file: 66, Permission denied" {
    [ "$(id -u)" != 0 ] || skip "running as root: permissions are not enforced"
    echo '{"customers": [], "labels": {}}' >secret.json
    chmod 000 secret.json
    fails 66 "segprof: secret.json: cannot open: Permission denied" secret.json
}

# --- usage: 64 ---------------------------------------------------------------------------------

@test "usage: unknown long option" {
    echo '{"customers": [], "labels": {}}' | req
    fails 64 "segprof: unknown option '--bogus'
$TRY" --bogus req.json
}

@test "usage: unknown short option" {
    fails 64 "segprof: unknown option '-x'
$TRY" -x
}

@test "usage: bad --format value" {
    fails 64 "segprof: invalid value 'xml' for --format (expected json, ndjson, csv, tsv, table, markdown, cards or html)
$TRY" --format=xml
    fails 64 "segprof: invalid value 'JSON' for --format (expected json, ndjson, csv, tsv, table, markdown, cards or html)
$TRY" -f JSON
}

@test "usage: bad --top values" {
    local v
    for v in -1 abc 1000001 '' 1x 2.5 ' 3' 99999999999999999999999; do
        fails 64 "segprof: invalid value '$v' for --top (expected an integer from 0 to 1000000)
$TRY" --top="$v"
    done
    fails 64 "segprof: invalid value 'x' for --top (expected an integer from 0 to 1000000)
$TRY" -n x
}

@test "usage: bad --lang" {
    fails 64 "segprof: invalid value 'fr' for --lang (expected en, es or pt)
$TRY" --lang=fr
}

@test "usage: bad --unlabeled and --error-format values" {
    fails 64 "segprof: invalid value 'maybe' for --unlabeled (expected error or skip)
$TRY" --unlabeled=maybe
    fails 64 "segprof: invalid value 'xml' for --error-format (expected text or json)
$TRY" --error-format=xml
}

@test "usage: too many arguments" {
    fails 64 "segprof: too many arguments: 'b.json' (one input FILE at most)
$TRY" a.json b.json
}

@test "usage: a short option without its value names the option" {
    fails 64 "segprof: option '-f' needs a value
$TRY" -f
    fails 64 "segprof: option '-n' needs a value
$TRY" -n
}

@test "usage: a long option without its value names the option" {
    fails 64 "segprof: option '--format' needs a value
$TRY" --format
    fails 64 "segprof: option '--top' needs a value
$TRY" --top
}

@test "usage errors win over a missing input file (64, not 66)" {
    fails 64 "segprof: invalid value '-2' for --top (expected an integer from 0 to 1000000)
$TRY" nonexistent.json --top=-2
}

# --- rule violations: JSON Pointer and line:column ---------------------------------------------

@test "rule violations in a request give both the JSON Pointer and the value's line:column" {
    # positions counted by hand: line 5 is '      "amount_spent": -2,' (value at column 23),
    # line 7 '        "ok", 7' (7 at column 15), customer 1 starts line 9 column 5,
    # line 11 '  "labels": {"a": 0, "b": [1]}' ([1] at column 27)
    req <<'EOF2'
{
  "customers": [
    {"id": "a",
      "frequency": 1,
      "amount_spent": -2,
      "product_types": [
        "ok", 7]},
    {"id": "b", "frequency": 1, "amount_spent": 1, "product_types": []},
    {"id": "c", "frequency": 1}
  ],
  "labels": {"a": 0, "b": [1]}
}
EOF2
    fails 65 "segprof: req.json:5:23: /customers/0/amount_spent: expected a number >= 0, got -2
segprof: req.json:7:15: /customers/0/product_types/1: expected a string, got an integer
segprof: req.json:9:5: /customers/2: missing key \"amount_spent\"
segprof: req.json:9:5: /customers/2: missing key \"product_types\"
segprof: req.json:11:27: /labels/b: expected a cluster id (an integer or a non-empty string), got an array" req.json
    command -v jq >/dev/null || return 0
    run --separate-stderr "$SEGPROF" --error-format=json req.json
    assert_equal "$(jq -r '"\(.line):\(.column) \(.pointer)"' <<<"$stderr")" "5:23 /customers/0/amount_spent
7:15 /customers/0/product_types/1
9:5 /customers/2
9:5 /customers/2
11:27 /labels/b"
}

@test "rule violations in an NDJSON customers file keep the record's line, without a column" {
    printf '%s\n' '{"id": "a", "frequency": 1, "amount_spent": 1, "product_types": []}' \
        '{"id": "b", "frequency": "x", "amount_spent": 1, "product_types": []}' >"$BATS_TEST_TMPDIR/c.ndjson"
    printf 'a,0\nb,0\n' >"$BATS_TEST_TMPDIR/l.csv"
    fails 65 "segprof: c.ndjson:2: /frequency: expected an integer >= 0, got a string" \
        --customers c.ndjson --labels l.csv
}
