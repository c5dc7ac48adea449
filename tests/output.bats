#!/usr/bin/env bats
# Where the output goes and how it fails (segprof(1) OUTPUT FORMATS, EXIT STATUS):
# -o FILE (atomic replace, mode kept, nothing left behind), write errors, closed pipes,
# locale independence, independence from the order of the input records.
#
#   SEGPROF=/path/to/segprof bats tests/output.bats     (default: build/segprof)
#
# The locale tests need de_DE.UTF-8 / fr_FR.UTF-8: taken from `locale -a`, or else compiled
# once with localedef(1) into ${XDG_CACHE_HOME:-~/.cache}/segprof-tests/locale; skipped when
# neither works.

load helpers
FIX="$BATS_TEST_DIRNAME/fixtures"

# --- -o FILE -------------------------------------------------------------------------------------

@test "-o FILE writes the file and nothing on standard output" {
    mkdir "$BATS_TEST_TMPDIR/work"
    cd "$BATS_TEST_TMPDIR/work"
    run --separate-stderr "$SEGPROF" -o out.json "$EXAMPLE"
    assert_success
    assert_equal "$output" ""
    assert_equal "$stderr" ""
    cmp out.json "$RESPONSE"
    assert_equal "$(ls -A)" "out.json"
}

@test "--output=FILE with another format, into another directory" {
    mkdir "$BATS_TEST_TMPDIR/sub"
    run --separate-stderr "$SEGPROF" --output="$BATS_TEST_TMPDIR/sub/out.csv" -f csv "$EXAMPLE"
    assert_success
    assert_equal "$output" ""
    assert_equal "$stderr" ""
    cmp "$BATS_TEST_TMPDIR/sub/out.csv" "$FIX/formats/example.csv"
    assert_equal "$(ls -A "$BATS_TEST_TMPDIR/sub")" "out.csv"
}

@test "-o over an existing file, bad input: old content kept byte for byte, no temporary file left" {
    cd "$BATS_TEST_TMPDIR"
    printf 'yesterday\nreport\n' >out.csv
    cp out.csv expected
    mkdir work && mv out.csv work/
    printf '{"customers": [{"id": "a", "frequency": 1, "amount_spent": "x", "product_types": []}], "labels": {"a": 1}}' >bad.json
    run --separate-stderr "$SEGPROF" -f csv -o work/out.csv bad.json
    assert_failure 65
    assert_equal "$output" ""
    assert_equal "$stderr" "segprof: bad.json:1:60: /customers/0/amount_spent: expected a number, got a string"
    cmp work/out.csv expected
    assert_equal "$(ls -A work)" "out.csv"
}

@test "-o over an existing file, syntax error and missing input: old content kept, nothing left" {
    cd "$BATS_TEST_TMPDIR"
    mkdir work
    echo old >work/out.json
    printf '{"customers": [' >trunc.json
    run --separate-stderr "$SEGPROF" -o work/out.json trunc.json
    assert_failure 65
    assert_equal "$output" ""
    assert_equal "$stderr" "segprof: trunc.json:1:16: invalid JSON: unexpected end of input, expected a value"
    run --separate-stderr "$SEGPROF" -o work/out.json nonexistent.json
    assert_failure 66
    assert_equal "$stderr" "segprof: nonexistent.json: cannot open: No such file or directory"
    assert_equal "$(cat work/out.json)" "old"
    assert_equal "$(ls -A work)" "out.json"
}

@test "-o into a missing directory: exit 74, message, nothing created" {
    cd "$BATS_TEST_TMPDIR"
    mkdir work
    run --separate-stderr "$SEGPROF" -o work/missing/out.json "$EXAMPLE"
    assert_failure 74
    assert_equal "$output" ""
    assert_equal "$stderr" "segprof: work/missing/out.json: cannot write: No such file or directory"
    assert_equal "$(ls -A work)" ""
}

@test "-o into a directory without write permission: exit 74, old file kept" {
    [ "$(id -u)" != 0 ] || skip "running as root: permissions are not enforced"
    cd "$BATS_TEST_TMPDIR"
    mkdir ro && echo old >ro/out.json && chmod 555 ro
    run --separate-stderr "$SEGPROF" -o ro/out.json "$EXAMPLE"
    chmod 755 ro
    assert_failure 74
    assert_equal "$output" ""
    assert_equal "$stderr" "segprof: ro/out.json: cannot write: Permission denied"
    assert_equal "$(cat ro/out.json)" "old"
    assert_equal "$(ls -A ro)" "out.json"
}

# O_TMPFILE in DIR: whether the file system gives nameless files.
tmpfile_supported() {
    python3 -c 'import os, sys; os.close(os.open(sys.argv[1], os.O_TMPFILE | os.O_WRONLY, 0o600))' "$1" 2>/dev/null
}

@test "-o: a run killed with SIGKILL leaves no temporary file (O_TMPFILE)" {
    mkdir "$BATS_TEST_TMPDIR/work"
    cd "$BATS_TEST_TMPDIR/work"
    tmpfile_supported . || skip "no O_TMPFILE on this file system"
    printf 'old\n' >out.json
    mkfifo in
    local w
    exec {w}<>in   # a writer that never writes: segprof waits for its input
    "$SEGPROF" -o out.json <in &
    local pid=$! i
    # the temporary file is made before any input is read: wait until segprof holds it open
    for ((i = 0; i < 100; i++)); do
        ls -l /proc/$pid/fd 2>/dev/null | grep -q "$PWD/" && break
        sleep 0.05
    done
    ls -l /proc/$pid/fd | grep -q "$PWD/" || fail "segprof never opened its output"
    kill -KILL $pid
    wait $pid || true
    exec {w}>&-
    rm in
    assert_equal "$(ls -A)" "out.json"
    assert_equal "$(cat out.json)" "old"
}

@test "-o: the data is synced, renamed into place, then the directory is synced" {
    command -v strace >/dev/null || skip "strace not installed"
    mkdir "$BATS_TEST_TMPDIR/work"
    cd "$BATS_TEST_TMPDIR/work"
    strace -o trace -e trace=fsync,rename,openat "$SEGPROF" -o out.json "$EXAMPLE" 2>/dev/null ||
        skip "strace cannot trace here"
    cmp out.json "$RESPONSE"
    # the file's fsync, the rename onto out.json, then an fsync of the directory opened after it
    run awk '
        /^fsync\(/ && !renamed { synced = 1 }
        /^rename\(/ && /out\.json"\)/ && synced { renamed = 1 }
        renamed && /^openat\(AT_FDCWD, "(\.|\/[^"]*\/work)", .*O_DIRECTORY/ {
            match($0, /= [0-9]+$/); fd = substr($0, RSTART + 2) }
        fd != "" && $0 ~ "^fsync\\(" fd "\\)" { ok = 1 }
        END { exit !ok }' trace
    assert_success
}

@test "-o without O_TMPFILE's link (no /proc): a named temporary file, same result, nothing left" {
    command -v unshare >/dev/null || skip "unshare not installed"
    # The sanitizers' runtime reads /proc/self/maps at start: without /proc
    # it cannot run segprof at all.
    [ -z "${SEGPROF_SANITIZED:-}" ] || skip "a sanitized build needs /proc"
    mkdir "$BATS_TEST_TMPDIR/work"
    cd "$BATS_TEST_TMPDIR/work"
    unshare -m --propagation private true 2>/dev/null || skip "cannot unshare the mount namespace"
    run --separate-stderr unshare -m --propagation private sh -c \
        'mount -t tmpfs none /proc && "$1" -o out.json "$2"' _ "$SEGPROF" "$EXAMPLE"
    assert_success
    assert_equal "$stderr" ""
    cmp out.json "$RESPONSE"
    assert_equal "$(ls -A)" "out.json"
}

@test "-o keeps the mode of an existing file" {
    cd "$BATS_TEST_TMPDIR"
    echo old >out.json
    chmod 640 out.json
    run --separate-stderr "$SEGPROF" -o out.json "$EXAMPLE"
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$(stat -c %a out.json)" "640"
    cmp out.json "$RESPONSE"
    chmod 604 out.json
    run --separate-stderr "$SEGPROF" -f csv -o out.json "$EXAMPLE"
    assert_success
    assert_equal "$(stat -c %a out.json)" "604"
}

@test "-o creates a new file with mode 0666 less the umask" {
    cd "$BATS_TEST_TMPDIR"
    run --separate-stderr bash -c 'umask 022; "$1" -o new644.json "$2"' _ "$SEGPROF" "$EXAMPLE"
    assert_success
    assert_equal "$(stat -c %a new644.json)" "644"
    run --separate-stderr bash -c 'umask 077; "$1" -o new600.json "$2"' _ "$SEGPROF" "$EXAMPLE"
    assert_success
    assert_equal "$(stat -c %a new600.json)" "600"
    run --separate-stderr bash -c 'umask 002; "$1" -o new664.json "$2"' _ "$SEGPROF" "$EXAMPLE"
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$(stat -c %a new664.json)" "664"
}

# Not a regular file: there is nothing to replace atomically; the output must go through it
# (as with sort -o), not replace the special file by a regular one.
@test "-o onto a FIFO writes through it and leaves the FIFO in place" {
    command -v timeout >/dev/null || skip "no timeout(1)"
    cd "$BATS_TEST_TMPDIR"
    mkfifo pipe
    timeout 10 cat pipe >got 2>/dev/null 3>&- &
    local reader=$!
    run --separate-stderr timeout 10 "$SEGPROF" -o pipe "$EXAMPLE"
    if [ ! -p pipe ]; then
        kill "$reader" 2>/dev/null || true
        fail "segprof replaced the FIFO by a regular file"
    fi
    wait "$reader" || true
    assert_success
    assert_equal "$output" ""
    assert_equal "$stderr" ""
    cmp got "$RESPONSE"
    assert_equal "$(ls -A | grep -v '^separate-stderr-' | sort | tr '\n' ' ')" "got pipe "
}

# --- write errors ------------------------------------------------------------------------------

@test "standard output on a full device: exit 74, write error (json, csv, table)" {
    [ -c /dev/full ] || skip "no /dev/full"
    local f
    for f in json csv table; do
        run --separate-stderr bash -c '"$1" -f "$2" "$3" >/dev/full' _ "$SEGPROF" "$f" "$EXAMPLE"
        assert_failure 74
        assert_equal "$output" ""
        assert_equal "$stderr" "segprof: write error: No space left on device"
    done
}

@test "standard output closed: exit 74, write error" {
    run --separate-stderr bash -c '"$1" "$2" >&-' _ "$SEGPROF" "$EXAMPLE"
    assert_failure 74
    assert_equal "$output" ""
    assert_equal "$stderr" "segprof: write error: Bad file descriptor"
}

# --- closed pipe -------------------------------------------------------------------------------

# 5000 clusters of one customer: about 1 MB of output, far more than a pipe buffer (64 KiB).
make_big() {
    [ -s "$BATS_FILE_TMPDIR/big.json" ] && return 0
    python3 - "$BATS_FILE_TMPDIR/big.json" <<'EOF'
import json, sys
n = 5000
ids = ["c%d" % i for i in range(n)]
with open(sys.argv[1], "w") as f:
    json.dump({"customers": [{"id": c, "frequency": 1, "amount_spent": 1.5, "product_types": ["p", c]}
                             for c in ids],
               "labels": {c: i for i, c in enumerate(ids)}}, f)
EOF
}

# A disk that fills part way, made with a file size limit (ulimit -f, in KiB; SIGXFSZ ignored
# so that write(2) fails with EFBIG instead of killing segprof): about 1 MB of output into 16 KiB.
@test "standard output is a file that fills part way: cut back to where segprof started, exit 74" {
    make_big
    cd "$BATS_TEST_TMPDIR"
    run --separate-stderr bash -c 'trap "" XFSZ; ulimit -f 16; "$1" "$2" >out' _ "$SEGPROF" "$BATS_FILE_TMPDIR/big.json"
    assert_failure 74
    assert_equal "$stderr" "segprof: write error: File too large"
    assert_equal "$(stat -c %s out)" 0
    # appending, and after what the shell wrote before: that part stays, nothing of segprof's
    printf 'kept\n' >out
    run --separate-stderr bash -c 'trap "" XFSZ; ulimit -f 16; "$1" "$2" >>out' _ "$SEGPROF" "$BATS_FILE_TMPDIR/big.json"
    assert_failure 74
    assert_equal "$(cat out)" "kept"
    run --separate-stderr bash -c 'trap "" XFSZ; ulimit -f 16; { echo head; "$1" "$2"; } >out' _ "$SEGPROF" "$BATS_FILE_TMPDIR/big.json"
    assert_failure 74
    assert_equal "$(cat out)" "head"
}

@test "-o FILE on a disk that fills part way: FILE untouched, no temporary file, exit 74" {
    make_big
    mkdir "$BATS_TEST_TMPDIR/work"
    cd "$BATS_TEST_TMPDIR/work"
    printf 'old\n' >out.json
    run --separate-stderr bash -c 'trap "" XFSZ; ulimit -f 16; "$1" -o out.json "$2"' _ "$SEGPROF" "$BATS_FILE_TMPDIR/big.json"
    assert_failure 74
    assert_equal "$output" ""
    assert_equal "$stderr" "segprof: out.json: cannot write: File too large"
    assert_equal "$(cat out.json)" "old"
    assert_equal "$(ls -A)" "out.json"
}

@test "closed pipe (segprof -f ndjson big | head -c1): silent, SIGPIPE or 0" {
    command -v python3 >/dev/null || skip "python3 not installed"
    make_big
    run --separate-stderr bash -c '"$1" -f ndjson "$2" | head -c1; echo " ${PIPESTATUS[0]}"' _ "$SEGPROF" "$BATS_FILE_TMPDIR/big.json"
    assert_success
    assert_equal "$stderr" ""
    [[ $output == "{ 141" || $output == "{ 0" ]] || fail "want '{ 141' or '{ 0', got '$output'"
}

@test "closed pipe after the first line (json, csv | head -n 1): silent" {
    command -v python3 >/dev/null || skip "python3 not installed"
    make_big
    local f
    for f in json csv; do
        run --separate-stderr bash -c '"$1" -f "$3" "$2" | head -n1; echo "${PIPESTATUS[0]}"' _ "$SEGPROF" "$BATS_FILE_TMPDIR/big.json" "$f"
        assert_success
        assert_equal "$stderr" ""
        [[ ${lines[1]} == 141 || ${lines[1]} == 0 ]] || fail "$f: want status 141 or 0, got '${lines[1]}'"
    done
    assert_equal "${lines[0]}" "cluster_id,n_customers,avg_spend,median_spend,avg_frequency,top_categories,share_of_revenue_pct,insight"
}

# --- locale ------------------------------------------------------------------------------------

# use_locale NAME (helpers.bash): make locale NAME usable, compiling it if needed, or skip.

# check that the locale really is in effect (a comma as decimal point)
assert_comma_locale() {
    local got
    got=$("$@" /usr/bin/printf '%.1f' 1.5 2>/dev/null)
    [ "$got" = "1,5" ] || skip "locale not in effect (printf gives '$got')"
}

@test "LC_ALL=de_DE.UTF-8: same output, decimal point '.' (591.11)" {
    use_locale de_DE.UTF-8
    assert_comma_locale env LC_ALL=de_DE.UTF-8
    LC_ALL=de_DE.UTF-8 run --separate-stderr "$SEGPROF" "$EXAMPLE"
    assert_success
    assert_equal "$stderr" ""
    assert_output --partial '"avg_spend": 591.11,'
    assert_equal "$output" "$(cat "$RESPONSE")"
    LC_ALL=de_DE.UTF-8 run --separate-stderr "$SEGPROF" -f table "$EXAMPLE"
    assert_success
    assert_equal "$output" "$(cat "$FIX/formats/example.table.txt")"
    LC_ALL=de_DE.UTF-8 run --separate-stderr "$SEGPROF" -f csv "$EXAMPLE"
    assert_success
    assert_equal "$output" "$(cat "$FIX/formats/example.csv")"
}

@test "LC_NUMERIC=fr_FR.UTF-8 (and LANG): same output" {
    use_locale fr_FR.UTF-8
    assert_comma_locale env -u LC_ALL LC_NUMERIC=fr_FR.UTF-8
    run --separate-stderr env -u LC_ALL LANG=C.UTF-8 LC_NUMERIC=fr_FR.UTF-8 "$SEGPROF" "$EXAMPLE"
    assert_success
    assert_equal "$stderr" ""
    assert_output --partial '"avg_spend": 591.11,'
    assert_equal "$output" "$(cat "$RESPONSE")"
    run --separate-stderr env -u LC_ALL -u LC_NUMERIC LANG=fr_FR.UTF-8 "$SEGPROF" -f markdown "$EXAMPLE"
    assert_success
    assert_equal "$output" "$(cat "$FIX/formats/example.md")"
}

@test "errors are not translated or localised either" {
    use_locale de_DE.UTF-8
    cd "$BATS_TEST_TMPDIR"
    LC_ALL=de_DE.UTF-8 run --separate-stderr "$SEGPROF" nonexistent.json
    assert_failure 66
    assert_equal "$stderr" "segprof: nonexistent.json: cannot open: No such file or directory"
}

# --- input order ---------------------------------------------------------------------------------

# permute OUT_PREFIX: the worked example with its customers reversed (OUT_PREFIX.0.json) and
# shuffled with seeds 1 and 2 (OUT_PREFIX.1.json, OUT_PREFIX.2.json)
permute() {
    python3 - "$EXAMPLE" "$1" <<'EOF'
import json, random, sys
for k in range(3):
    req = json.load(open(sys.argv[1]))
    if k == 0:
        req["customers"].reverse()
    else:
        random.Random(k).shuffle(req["customers"])
    json.dump(req, open("%s.%d.json" % (sys.argv[2], k), "w"), ensure_ascii=False, indent=1)
EOF
}

@test "permuting the customers changes no figure (top_categories aside: ties follow input order)" {
    command -v python3 >/dev/null || skip "python3 not installed"
    command -v jq >/dev/null || skip "jq not installed"
    local expected k
    expected=$(jq -c 'del(.cluster_profiles[].top_categories)' "$RESPONSE")
    permute "$BATS_TEST_TMPDIR/perm"
    for k in 0 1 2; do
        run --separate-stderr "$SEGPROF" --compact "$BATS_TEST_TMPDIR/perm.$k.json"
        assert_success
        assert_equal "$stderr" ""
        assert_equal "$(jq -c 'del(.cluster_profiles[].top_categories)' <<<"$output")" "$expected"
    done
    # the permutations are real ones: same ids, other order
    local orig
    orig=$(jq -c '[.customers[].id]' "$EXAMPLE")
    for k in 0 1 2; do
        run jq -c '[.customers[].id]' "$BATS_TEST_TMPDIR/perm.$k.json"
        [ "$output" != "$orig" ] || fail "permutation $k is the identity"
        assert_equal "$(jq -c sort <<<"$output")" "$(jq -c sort <<<"$orig")"
    done
}

@test "permuting the labels object changes nothing at all" {
    command -v python3 >/dev/null || skip "python3 not installed"
    python3 - "$EXAMPLE" "$BATS_TEST_TMPDIR/perm.json" <<'EOF'
import json, random, sys
req = json.load(open(sys.argv[1]))
items = list(req["labels"].items())
random.Random(7).shuffle(items)
req["labels"] = dict(items)
json.dump(req, open(sys.argv[2], "w"))
EOF
    run --separate-stderr "$SEGPROF" "$BATS_TEST_TMPDIR/perm.json"
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$output" "$(cat "$RESPONSE")"
}
