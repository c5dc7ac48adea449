# SPDX-License-Identifier: MIT
# Shared by the bats suites (`load helpers`): the common preamble (minimum bats version,
# bats-support, bats-assert and bats-file, the default SEGPROF) and helpers used by more than
# one suite.

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
load '/usr/lib/bats/bats-file/load'

# The binary under test: $SEGPROF (set by tests/meson.build), else build/segprof.
SEGPROF="${SEGPROF:-$BATS_TEST_DIRNAME/../build/segprof}"

# Paths and texts the suites share (a suite's own fixtures stay its FIX).
EXAMPLE="$BATS_TEST_DIRNAME/../examples/request.json"
RESPONSE="$BATS_TEST_DIRNAME/../examples/response.json"
REF="$BATS_TEST_DIRNAME/ref/segprof_ref.py"
TRY="Try 'segprof --help' for more information."

# req [NAME]: standard input into $BATS_TEST_TMPDIR/NAME (default req.json).
req() { cat >"$BATS_TEST_TMPDIR/${1:-req.json}"; }

# fails STATUS EXPECTED_STDERR ARGS...: segprof ARGS exits STATUS, prints exactly
# EXPECTED_STDERR and nothing on standard output.
fails() {
    local status=$1 expected=$2
    shift 2
    run --separate-stderr "$SEGPROF" "$@"
    assert_equal "$stderr" "$expected"
    assert_equal "$output" ""
    assert_failure "$status"
}

# use_locale NAME: export LC_* settings for NAME (e.g. de_DE.UTF-8) usable by child processes,
# compiling it with localedef into a cache if the system lacks it; skip the test if impossible.
use_locale() {
    local name=$1 lang=${1%%.*} sys
    sys=$(locale -a 2>/dev/null | grep -ix -e "$lang.utf8" -e "$lang.UTF-8" | head -n1)
    if [ -z "$sys" ]; then
        local cache="${XDG_CACHE_HOME:-$HOME/.cache}/segprof-tests/locale"
        if [ ! -d "$cache/$name" ]; then
            command -v localedef >/dev/null || skip "locale $name not available"
            mkdir -p "$cache" 2>/dev/null || skip "locale $name not available"
            localedef -i "$lang" -f UTF-8 "$cache/$name.tmp.$$" >/dev/null 2>&1 &&
                mv "$cache/$name.tmp.$$" "$cache/$name" ||
                { rm -rf "$cache/$name.tmp.$$"; skip "locale $name not available"; }
        fi
        export LOCPATH=$cache
    fi
}

# request_from_split CUSTOMERS.ndjson LABELS.csv: the same data as one request document on
# standard output (the labels CSV has a header line and plain customer_id,cluster_id rows).
request_from_split() {
    printf '{"customers":[\n'
    sed '$!s/$/,/' "$1"
    printf '],"labels":{\n'
    tail -n +2 "$2" | awk -F, '{ printf "%s\"%s\":%s", (NR > 1 ? ",\n" : ""), $1, $2 }'
    printf '}}\n'
}
