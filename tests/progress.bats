#!/usr/bin/env bats
# The progress line (segprof(1) OPTIONS, --progress): when it is drawn, how, and -q.
#
#   SEGPROF=/path/to/segprof bats tests/progress.bats     (default: build/segprof)

load helpers
export SEGPROF

# A request document on a pipe that stalls half way, so that the progress line (redrawn at
# most five times a second) is drawn once before the end.
slow_request() {
    printf '{"customers":[{"id":1,"frequency":1,"amount_spent":1,"product_types":[]}'
    sleep 1
    printf '],"labels":{"1":0}}'
}
export -f slow_request

# on_terminal TERM COMMAND: run COMMAND (bash) with standard error on a terminal (script(1)),
# TERM set to TERM ("" to unset it); what the terminal showed is in $output.
on_terminal() {
    command -v script >/dev/null || skip "script(1) not installed"
    local term=$1
    shift
    if [ -n "$term" ]; then
        run env SHELL=/bin/bash TERM="$term" script -qec "$*" /dev/null
    else
        run env -u TERM SHELL=/bin/bash script -qec "$*" /dev/null
    fi
}

@test "--progress to a file: plain text, no escape sequence, erased with spaces" {
    run bash -c 'slow_request | "$1" --progress 2>&1 >/dev/null' _ "$SEGPROF"
    assert_success
    [[ $output == $'\rsegprof: <stdin>: 0 MB, 0 MB/s'* ]] || fail "no progress line: $(od -c <<<"$output")"
    [[ $output != *$'\e'* ]] || fail "escape sequence in a file: $(od -c <<<"$output")"
    # erased: carriage return, as many spaces as the line had, carriage return
    local line=$'segprof: <stdin>: 0 MB, 0 MB/s' spaces
    printf -v spaces '%*s' "${#line}" ''
    assert_equal "$output" $'\r'"$line"$'\r'"$spaces"$'\r'
}

@test "--progress on a terminal: erase-to-end-of-line, but not with TERM=dumb or no TERM" {
    on_terminal xterm 'slow_request | "$SEGPROF" --progress >/dev/null'
    assert_success
    assert_output --partial $'segprof: <stdin>: 0 MB, 0 MB/s\e[K'
    on_terminal dumb 'slow_request | "$SEGPROF" --progress >/dev/null'
    assert_success
    assert_output --partial 'segprof: <stdin>: 0 MB, 0 MB/s'
    [[ $output != *$'\e'* ]] || fail "escape sequence with TERM=dumb: $(od -c <<<"$output")"
    on_terminal "" 'slow_request | "$SEGPROF" --progress >/dev/null'
    assert_success
    assert_output --partial 'segprof: <stdin>: 0 MB, 0 MB/s'
    [[ $output != *$'\e'* ]] || fail "escape sequence without TERM: $(od -c <<<"$output")"
}

@test "-q: no progress line by default on a terminal; --progress still draws it" {
    on_terminal xterm 'slow_request | "$SEGPROF" >/dev/null'
    assert_success
    assert_output --partial 'segprof: <stdin>: 0 MB'
    on_terminal xterm 'slow_request | "$SEGPROF" -q >/dev/null'
    assert_success
    assert_output ""
    on_terminal xterm 'slow_request | "$SEGPROF" -q --progress >/dev/null'
    assert_success
    assert_output --partial 'segprof: <stdin>: 0 MB'
}

@test "--no-progress: nothing, even on a terminal" {
    on_terminal xterm 'slow_request | "$SEGPROF" --no-progress >/dev/null'
    assert_success
    assert_output ""
}

@test "--error-format=json: no progress line by default on a terminal (JSON lines only)" {
    on_terminal xterm 'slow_request | "$SEGPROF" --error-format=json >/dev/null'
    assert_success
    assert_output ""
}
