#!/usr/bin/env bats
# Compressed input (segprof(1) "COMPRESSED INPUT"): gzip and zstd, known by their first bytes, for
# every input (request document or standard input, --customers, --labels, the partials of
# segprof merge). Every compressed form gives the bytes of the plain input at -j 1 and -j 2, and
# those are the figures of the independent reference tests/ref/segprof_ref.py; a damaged stream
# is exit 65 with the file name and what is wrong, nothing on standard output.
#
#   SEGPROF=/path/to/segprof bats tests/compress.bats     (default: build/segprof)

load helpers

setup_file() {
    # 30,000 customers (several MiB: the decoder's blocks and the reader's window refills are
    # crossed many times), 5 clusters, labels shuffled; the same data as a request document.
    local d=$BATS_FILE_TMPDIR
    awk 'BEGIN {
        for (i = 1; i <= 30000; i++) {
            printf "{\"id\":\"Z%05d\",\"frequency\":%d,\"amount_spent\":%d.%02d,\"product_types\":[\"t%d\",\"t%d\"]}\n",
                i, i % 11 + 1, (i * 7919) % 3000, i % 100, i % 23, (i * 37) % 23
        }
    }' >"$d/c.ndjson"
    awk 'BEGIN {
        print "customer_id,cluster_id"
        for (k = 0; k < 30000; k++) { i = (k * 7) % 30000 + 1; printf "Z%05d,%d\n", i, (i * 13) % 5 }
    }' >"$d/l.csv"
    request_from_split "$d/c.ndjson" "$d/l.csv" >"$d/req.json"
    # the labels as a JSON object, the customers as a JSON array
    { printf '{'; tail -n +2 "$d/l.csv" | awk -F, '{ printf "%s\"%s\":%s", (NR > 1 ? "," : ""), $1, $2 }'; printf '}\n'; } >"$d/l.json"
    { printf '[\n'; sed '$!s/$/,/' "$d/c.ndjson"; printf ']\n'; } >"$d/c.json"
    if command -v python3 >/dev/null; then
        python3 "$REF" "$d/req.json" >"$d/want"
    fi
}

setup() {
    D=$BATS_FILE_TMPDIR
    cd "$BATS_TEST_TMPDIR"
    export LC_ALL=C
    command -v gzip >/dev/null || skip "gzip is not installed"
    command -v zstd >/dev/null || skip "zstd is not installed"
}

need_want() { [ -s "$D/want" ] || skip "python3 is not installed (no reference output)"; }

# same_as_want ARGS...: segprof ARGS at -j 1 and -j 2 prints the reference, nothing else.
same_as_want() {
    local j
    for j in 1 2; do
        run --separate-stderr "$SEGPROF" -j "$j" "$@"
        assert_success
        assert_equal "$stderr" ""
        assert_equal "$output" "$(cat "$D/want")"
    done
}

# same_from_stdin FILE ARGS...: the same, with FILE as standard input.
same_from_stdin() {
    local f=$1 j
    shift
    for j in 1 2; do
        run --separate-stderr "$SEGPROF" -j "$j" "$@" <"$f"
        assert_success
        assert_equal "$stderr" ""
        assert_equal "$output" "$(cat "$D/want")"
    done
}

# gz FILE / zst FILE: compressed copies in the test directory, named as the tool names them.
gz()  { gzip -c "$1" >"$(basename "$1").gz"; }
zst() { zstd -q -c "$1" >"$(basename "$1").zst"; }

@test "the plain inputs give the reference (the baseline for everything below)" {
    need_want
    same_as_want "$D/req.json"
    same_as_want --customers "$D/c.ndjson" --labels "$D/l.csv"
}

@test "request document: gzip and zstd, as a file, redirected and through a pipe" {
    need_want
    gz "$D/req.json"
    zst "$D/req.json"
    local f
    for f in req.json.gz req.json.zst; do
        same_as_want "$f"
        same_from_stdin "$f" -
        run --separate-stderr bash -c 'cat "$1" | "$SEGPROF" -j 2' _ "$f"
        assert_success
        assert_equal "$stderr" ""
        assert_equal "$output" "$(cat "$D/want")"
        run --separate-stderr bash -c 'cat "$1" | "$SEGPROF" -j 1 -' _ "$f"
        assert_equal "$output" "$(cat "$D/want")"
    done
}

@test "the labels are not read ahead from a compressed request (it cannot seek): same output" {
    need_want
    zst "$D/req.json"
    # trace prints the verdict when reading ahead starts; a compressed document never starts it
    SEGPROF_READ_AHEAD=trace run --separate-stderr "$SEGPROF" -j 2 req.json.zst
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$output" "$(cat "$D/want")"
    # the plain document at -j 2 does read ahead (so the variable did take effect)
    SEGPROF_READ_AHEAD=trace run --separate-stderr "$SEGPROF" -j 2 "$D/req.json"
    assert_equal "$stderr" "segprof: labels read ahead: taken"
}

@test "split inputs: customers and labels each gzip, zstd or plain, every combination" {
    need_want
    gz "$D/c.ndjson"; zst "$D/c.ndjson"; gz "$D/l.csv"; zst "$D/l.csv"
    local c l
    for c in c.ndjson.gz c.ndjson.zst "$D/c.ndjson"; do
        for l in l.csv.gz l.csv.zst "$D/l.csv"; do
            same_as_want --customers "$c" --labels "$l"
        done
    done
}

@test "split inputs: a customers JSON array and a labels JSON object, compressed" {
    need_want
    gz "$D/c.json"; zst "$D/l.json"
    same_as_want --customers c.json.gz --labels l.json.zst
    same_as_want --customers c.json.gz --labels "$D/l.json"
}

@test "split inputs: compressed customers or labels on standard input, also a pipe" {
    need_want
    gz "$D/c.ndjson"; zst "$D/l.csv"
    same_from_stdin c.ndjson.gz --customers - --labels l.csv.zst
    same_from_stdin l.csv.zst --customers c.ndjson.gz --labels -
    run --separate-stderr bash -c 'cat l.csv.zst | "$SEGPROF" -j 2 --customers c.ndjson.gz --labels -'
    assert_success
    assert_equal "$output" "$(cat "$D/want")"
}

@test "several gzip members (gzip -c a >> f) and several zstd frames are one text" {
    need_want
    head -n 12345 "$D/c.ndjson" >a
    tail -n +12346 "$D/c.ndjson" >b
    cmp <(cat a b) "$D/c.ndjson"
    gzip -c a >c.gz
    gzip -c b >>c.gz
    zstd -q -c a >c.zst
    zstd -q -c b >>c.zst
    # one member holding nothing at all, in the middle
    gzip -c a >c3.gz; gzip -c </dev/null >>c3.gz; gzip -c b >>c3.gz
    same_as_want --customers c.gz --labels "$D/l.csv"
    same_as_want --customers c.zst --labels "$D/l.csv"
    same_as_want --customers c3.gz --labels "$D/l.csv"
}

@test "a zstd skippable frame before the data is skipped" {
    need_want
    # magic 0x184D2A50 (little-endian), a length of 4, four bytes of anything
    { printf '\x50\x2a\x4d\x18\x04\x00\x00\x00junk'; zstd -q -c "$D/l.csv"; } >l.zst
    same_as_want --customers "$D/c.ndjson" --labels l.zst
}

@test "detected from the content, never the name" {
    need_want
    gzip -c "$D/req.json" >req.json       # gzip, named as JSON
    cp "$D/req.json" plain.gz             # plain, named as gzip
    zstd -q -c "$D/l.csv" >labels.gz      # zstd, named as gzip
    same_as_want req.json
    same_as_want plain.gz
    same_as_want --customers "$D/c.ndjson" --labels labels.gz
}

@test "segprof merge: compressed partials, as files and on standard input" {
    need_want
    head -n 10000 "$D/c.ndjson" >s1
    tail -n +10001 "$D/c.ndjson" >s2
    "$SEGPROF" --partial --customers s1 --labels "$D/l.csv" -o p1
    "$SEGPROF" --partial --customers s2 --labels "$D/l.csv" -o p2
    gzip -c p1 >p1.gz
    zstd -q -c p2 >p2.zst
    run --separate-stderr "$SEGPROF" merge -q p1.gz p2.zst
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$output" "$(cat "$D/want")"
    run --separate-stderr "$SEGPROF" merge p1 - <p2.zst
    assert_equal "$output" "$(cat "$D/want")"
    # both partials as one compressed stream, through a pipe
    { gzip -c p1; gzip -c p2; } >both.gz
    run --separate-stderr bash -c 'cat both.gz | "$SEGPROF" merge'
    assert_success
    assert_equal "$output" "$(cat "$D/want")"
}

# ---- damaged streams: exit 65, the file name and what is wrong, nothing on standard output

@test "a truncated gzip or zstd stream: 65, 'truncated ... stream', nothing written" {
    gz "$D/req.json"; zst "$D/req.json"
    head -c 5000 req.json.gz >t.gz
    head -c 5000 req.json.zst >t.zst
    fails 65 "segprof: t.gz: truncated gzip stream" t.gz
    fails 65 "segprof: t.zst: truncated zstd stream" t.zst
    # cut inside the 8-byte gzip trailer: all the text is there, the check is not
    head -c -3 req.json.gz >t2.gz
    fails 65 "segprof: t2.gz: truncated gzip stream" -j 2 t2.gz
    # the magic bytes and nothing else
    printf '\x1f\x8b' >magic.gz
    fails 65 "segprof: magic.gz: truncated gzip stream" magic.gz
    # no output file is touched
    echo keep >out
    fails 65 "segprof: t.zst: truncated zstd stream" -o out t.zst
    assert_equal "$(cat out)" keep
}

@test "truncated split inputs and partials: 65 with the name of the damaged file" {
    gz "$D/c.ndjson"; zst "$D/l.csv"
    head -c 20000 c.ndjson.gz >c.gz
    head -c 20000 l.csv.zst >l.zst
    local j
    for j in 1 2; do
        fails 65 "segprof: c.gz: truncated gzip stream" -j "$j" --customers c.gz --labels "$D/l.csv"
        fails 65 "segprof: l.zst: truncated zstd stream" -j "$j" --customers "$D/c.ndjson" --labels l.zst
    done
    "$SEGPROF" --partial --customers "$D/c.ndjson" --labels "$D/l.csv" -o p
    zstd -q -c p >p.full.zst
    head -c $(($(stat -c %s p.full.zst) / 2)) p.full.zst >p.zst
    fails 65 "segprof: p.zst: truncated zstd stream" merge p.zst
    fails 65 "segprof: <stdin>: truncated zstd stream" merge - <p.zst
}

@test "corrupt streams: 65, what zlib or zstd found wrong" {
    gz "$D/req.json"; zst "$D/req.json"
    # the CRC-32 of the gzip trailer (its last 8 bytes: CRC-32, size)
    python3 -c 'import sys; b = bytearray(open(sys.argv[1], "rb").read()); b[-8] ^= 0xff; open(sys.argv[2], "wb").write(b)' req.json.gz crc.gz
    fails 65 "segprof: crc.gz: corrupt gzip stream: incorrect data check" crc.gz
    # the content checksum that ends a zstd frame (zstd writes one by default)
    python3 -c 'import sys; b = bytearray(open(sys.argv[1], "rb").read()); b[-1] ^= 0xff; open(sys.argv[2], "wb").write(b)' req.json.zst sum.zst
    fails 65 "segprof: sum.zst: corrupt zstd frame: Restored data doesn't match checksum" -j 2 sum.zst
    # something after the last member or frame that does not start another one
    { cat req.json.gz; echo junk; } >junk.gz
    fails 65 "segprof: junk.gz: corrupt gzip stream: incorrect header check" junk.gz
    { cat req.json.zst; echo junk; } >junk.zst
    fails 65 "segprof: junk.zst: corrupt zstd frame: Unknown frame descriptor" junk.zst
    # a gzip header with a bad compression method, on standard input
    printf '\x1f\x8b\x07\x00\x00\x00\x00\x00\x00\x03abcdefgh' >method.gz
    fails 65 "segprof: <stdin>: corrupt gzip stream: unknown compression method" - <method.gz
}

@test "an empty compressed file is an empty input, as the plain empty file" {
    : >empty
    gzip -c </dev/null >empty.gz
    zstd -q -c </dev/null >empty.zst
    run --separate-stderr "$SEGPROF" empty
    local plain=$stderr
    assert_equal "$plain" "segprof: empty:1:1: invalid JSON: empty input, expected a request object"
    fails 65 "${plain/empty:/empty.gz:}" empty.gz
    fails 65 "${plain/empty:/empty.zst:}" empty.zst
    # empty compressed labels: no labels, as an empty labels file
    run --separate-stderr "$SEGPROF" --customers "$D/c.ndjson" --labels empty
    local want_out=$output want_err=$stderr
    run --separate-stderr "$SEGPROF" --customers "$D/c.ndjson" --labels empty.zst
    assert_equal "$output" "$want_out"
    assert_equal "$stderr" "$want_err"
}

@test "positions in messages are in the decompressed text" {
    printf '{"id":"a","frequency":1,"amount_spent":1,"product_types":[]}\n\n  {"id": x}\n' >bad.ndjson
    printf 'customer_id,cluster_id\na,1\n' >l.csv
    run --separate-stderr "$SEGPROF" --customers bad.ndjson --labels l.csv
    assert_failure 65
    local plain=$stderr
    assert_equal "$plain" "segprof: bad.ndjson:3:10: invalid JSON: invalid token 'x'"
    gz bad.ndjson; zst bad.ndjson
    fails 65 "${plain/bad.ndjson:/bad.ndjson.gz:}" --customers bad.ndjson.gz --labels l.csv
    fails 65 "${plain/bad.ndjson:/bad.ndjson.zst:}" -j 2 --customers bad.ndjson.zst --labels l.csv
}

@test "an error early in a compressed pipe that never ends: segprof does not wait for it" {
    command -v python3 >/dev/null || skip "python3 is not installed"
    printf '{"customers": x, "labels": {}}\n' | gzip -c >bad.gz
    mkfifo fifo
    # the writer keeps the pipe open for 30 s after the damage
    python3 -c 'import sys, time
sys.stdout.buffer.write(open("bad.gz", "rb").read()); sys.stdout.flush(); time.sleep(30)' >fifo 3>&- &
    local writer=$! t0=$SECONDS
    run --separate-stderr timeout 15 "$SEGPROF" fifo
    kill "$writer"
    assert_equal "$stderr" "segprof: fifo:1:15: invalid JSON: invalid token 'x'"
    assert_equal "$output" ""
    assert_failure 65
    (( SECONDS - t0 < 10 )) || fail "took $((SECONDS - t0)) s"
}

@test "compressed labels on standard input, customers that cannot be opened: 66, one message" {
    gz "$D/l.csv"
    local j
    for j in 1 2; do
        # (opening standard input reads its first bytes: it must not be opened before a
        # file that may fail, whose error then sends the run the sequential way)
        run --separate-stderr "$SEGPROF" -j "$j" --labels - --customers nonexistent <l.csv.gz
        assert_equal "$stderr" "segprof: nonexistent: cannot open: No such file or directory"
        assert_equal "$output" ""
        assert_failure 66
        run --separate-stderr "$SEGPROF" -j "$j" --labels nonexistent --customers - <l.csv.gz
        assert_equal "$stderr" "segprof: nonexistent: cannot open: No such file or directory"
        assert_failure 66
    done
}
