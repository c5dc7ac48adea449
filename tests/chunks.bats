#!/usr/bin/env bats
# NDJSON customers of a regular file read by the workers themselves, in chunks (segprof(1)
# PERFORMANCE): the same bytes as read in order, whatever the chunk size and -j; a run with a
# message about a customer read again in order, so that the message names its line.
# SEGPROF_CHUNKS sets the chunk size (0: never) and SEGPROF_TRACE=1 says which way a run went
# (segprof(1) ENVIRONMENT).

load helpers

# make_inputs DIR N: labels.csv (customers C00001..N, cluster = number % 5) and customers.ndjson
# (in another order, with blank lines, a CRLF line, and no newline after the last).
make_inputs() {
    local d=$1 n=$2
    awk -v n="$n" 'BEGIN { print "customer_id,cluster_id"; for (i = 1; i <= n; i++) printf "C%05d,%d\n", i, i % 5 }' >"$d/labels.csv"
    awk -v n="$n" 'BEGIN { for (k = 1; k <= n; k++) { i = (k * 7919) % n + 1
        printf "{\"id\":\"C%05d\",\"frequency\":%d,\"amount_spent\":%d.%02d,\"product_types\":[\"t%d\",\"u%d\"]}%s\n",
            i, i % 4 + 1, i % 97, i % 100, i % 6, i % 3, (k == 17 ? "\r" : "")
        if (k % 50 == 0 && k < n) print ""
        if (k % 333 == 0) print "   " } }' | head -c -1 >"$d/customers.ndjson"
}

# trace ARGS...: segprof ARGS with SEGPROF_TRACE=1; output and status in $output, $status, the
# trace lines in $trace, the other lines of standard error in $stderr.
trace() {
    run --separate-stderr env SEGPROF_TRACE=1 "$SEGPROF" "$@"
    trace=$(grep '^segprof: trace: ' <<<"$stderr" || true)
    stderr=$(grep -v '^segprof: trace: ' <<<"$stderr" || true)
}

# as_in_order SIZE WANT_TRACE ARGS...: segprof ARGS at -j 2 in chunks of SIZE bytes succeeds with
# the output of a -j 1 run read in order (left in $want) and the trace WANT_TRACE.
as_in_order() {
    local size=$1 want_trace=$2
    shift 2
    run env SEGPROF_CHUNKS=0 "$SEGPROF" -j 1 "$@"
    assert_success
    want=$output
    SEGPROF_CHUNKS=$size trace -j 2 "$@"
    assert_success
    assert_equal "$output" "$want"
    assert_equal "$trace" "$want_trace"
    assert_equal "$stderr" ""
}

@test "chunks of any size, -j 2 and -j 3: the bytes read in order give; sizes by awk" {
    local d=$BATS_TEST_TMPDIR size j
    make_inputs "$d" 3000
    [ "$(tail -c 1 "$d/customers.ndjson")" = "}" ]
    run env SEGPROF_CHUNKS=0 "$SEGPROF" -j 1 -f csv --customers "$d/customers.ndjson" --labels "$d/labels.csv"
    assert_success
    local want=$output
    # cluster sizes: customer C0i is in cluster i % 5 (awk, independent of segprof)
    assert_equal "$(tail -n +2 <<<"$want" | cut -d, -f1,2)" "$(printf '0,600\n1,600\n2,600\n3,600\n4,600')"
    for size in 1 2 7 64 1000 65536 ""; do
        for j in 2 3; do
            SEGPROF_CHUNKS=$size trace -j "$j" -f csv --customers "$d/customers.ndjson" --labels "$d/labels.csv"
            assert_success
            assert_equal "$output" "$want"
            assert_equal "$trace" "segprof: trace: customers read in chunks"
            assert_equal "$stderr" ""
        done
    done
}

@test "a byte-order mark, a file of one line, an empty file: as read in order" {
    local d=$BATS_TEST_TMPDIR size
    make_inputs "$d" 40
    { printf '\xef\xbb\xbf'; cat "$d/customers.ndjson"; } >"$d/bom.ndjson"
    head -n 1 "$d/customers.ndjson" >"$d/one.ndjson"
    : >"$d/empty.ndjson"
    local f
    for f in bom one empty; do
        run --separate-stderr env SEGPROF_CHUNKS=0 "$SEGPROF" -j 1 --customers "$d/$f.ndjson" --labels "$d/labels.csv"
        local s=$status o=$output e=$stderr
        for size in 1 5 100; do
            run --separate-stderr env SEGPROF_CHUNKS=$size "$SEGPROF" -j 2 --customers "$d/$f.ndjson" --labels "$d/labels.csv"
            assert_equal "$status" "$s"
            assert_equal "$output" "$o"
            assert_equal "$stderr" "$e"
        done
    done
    # the BOM is not part of the first customer: the 40 customers all counted
    run "$SEGPROF" -j 2 -f csv --customers "$d/bom.ndjson" --labels "$d/labels.csv"
    assert_success
    assert_equal "$(tail -n +2 <<<"$output" | cut -d, -f2 | paste -sd+ | bc)" 40
}

@test "a message about a customer: read again in order, the messages of -j 1" {
    local d=$BATS_TEST_TMPDIR
    make_inputs "$d" 2000
    # a syntax error on line 900, a customer without a label on 1500, and a duplicate of the
    # customer on line 3 as the last line: each in a chunk of its own at 1000-byte chunks
    awk 'NR == 900 { sub(/"frequency":/, "\"frequency\":,") } { print }
         NR == 1500 { print "{\"id\":\"X1\",\"frequency\":1,\"amount_spent\":1,\"product_types\":[]}" }' \
        "$d/customers.ndjson" >"$d/bad.ndjson"
    sed -n 3p "$d/customers.ndjson" >>"$d/bad.ndjson"
    run --separate-stderr "$SEGPROF" -j 1 --customers "$d/bad.ndjson" --labels "$d/labels.csv"
    assert_failure 65
    local want=$stderr
    [[ $want == *"bad.ndjson:900:"* ]] || fail "no message at line 900: $want"
    [[ $want == *"customer \"X1\" has no label"* ]] || fail "no unlabeled customer: $want"
    [[ $want == *"duplicate customer id"*"(first at line 3)" ]] || fail "no duplicate: $want"
    SEGPROF_CHUNKS=1000 trace -j 2 --customers "$d/bad.ndjson" --labels "$d/labels.csv"
    assert_failure 65
    assert_equal "$output" ""
    assert_equal "$stderr" "$want"
    assert_equal "$trace" "segprof: trace: customers read in chunks, read again
segprof: trace: customers read in order"
}

@test "warnings without a line do not make the run read again" {
    local d=$BATS_TEST_TMPDIR
    make_inputs "$d" 500
    head -n 100 "$d/customers.ndjson" >"$d/some.ndjson"
    echo '{"id":"X1","frequency":1,"amount_spent":1,"product_types":[]}' >>"$d/some.ndjson"
    run --separate-stderr env SEGPROF_CHUNKS=0 "$SEGPROF" -j 1 --unlabeled=skip --customers "$d/some.ndjson" --labels "$d/labels.csv"
    assert_success
    local o=$output e=$stderr
    [[ $e == *"1 unlabeled customer skipped"* ]] || fail "no warning: $e"
    SEGPROF_CHUNKS=200 trace -j 2 --unlabeled=skip --customers "$d/some.ndjson" --labels "$d/labels.csv"
    assert_success
    assert_equal "$output" "$o"
    assert_equal "$stderr" "$e"
    assert_equal "$trace" "segprof: trace: customers read in chunks"
}

@test "read in order: -j 1, standard input, compressed, --partial, --bad-rows=skip, SEGPROF_CHUNKS=0" {
    local d=$BATS_TEST_TMPDIR
    make_inputs "$d" 500
    gzip -k "$d/customers.ndjson"
    local in=(--customers "$d/customers.ndjson" --labels "$d/labels.csv")
    SEGPROF_CHUNKS=100 trace -j 2 "${in[@]}"
    assert_success
    local want=$output
    assert_equal "$trace" "segprof: trace: customers read in chunks"
    SEGPROF_CHUNKS=100 trace -j 1 "${in[@]}"
    assert_equal "$trace" "segprof: trace: customers read in order"
    assert_equal "$output" "$want"
    run --separate-stderr bash -c 'SEGPROF_CHUNKS=100 SEGPROF_TRACE=1 "$1" -j 2 --customers - --labels "$2" <"$3"' \
        _ "$SEGPROF" "$d/labels.csv" "$d/customers.ndjson"
    assert_equal "$stderr" "segprof: trace: customers read in order"
    assert_equal "$output" "$want"
    SEGPROF_CHUNKS=100 trace -j 2 --customers "$d/customers.ndjson.gz" --labels "$d/labels.csv"
    assert_equal "$trace" "segprof: trace: customers read in order"
    assert_equal "$output" "$want"
    SEGPROF_CHUNKS=100 trace -j 2 --bad-rows=skip "${in[@]}"
    assert_equal "$trace" "segprof: trace: customers read in order"
    assert_equal "$output" "$want"
    SEGPROF_CHUNKS=0 trace -j 2 "${in[@]}"
    assert_equal "$trace" "segprof: trace: customers read in order"
    assert_equal "$output" "$want"
    SEGPROF_CHUNKS=100 trace -j 2 --partial "${in[@]}"
    assert_success
    assert_equal "$trace" "segprof: trace: customers read in order"
    # the partial's first-seen ords are line numbers: 1 for t1 ... as a -j 1 run writes them
    local p=$output
    run "$SEGPROF" -j 1 --partial "${in[@]}"
    assert_equal "$output" "$p"
}

@test "--progress does not keep the workers from reading in chunks" {
    local d=$BATS_TEST_TMPDIR
    make_inputs "$d" 2000
    run env SEGPROF_CHUNKS=0 "$SEGPROF" -j 1 --customers "$d/customers.ndjson" --labels "$d/labels.csv"
    local want=$output
    SEGPROF_CHUNKS=300 trace -j 2 --progress --customers "$d/customers.ndjson" --labels "$d/labels.csv"
    assert_success
    assert_equal "$output" "$want"
    assert_equal "$trace" "segprof: trace: customers read in chunks"
}

# make_table DIR N: table.csv, N customers with their cluster in the row (cluster = number % 5),
# product types joined by ';'.
make_table() {
    awk -v n="$2" 'BEGIN { print "id,frequency,amount_spent,product_types,cluster"
        for (i = 1; i <= n; i++) printf "C%06d,%d,%d.%02d,t%d;u%d,%d\n", i, i % 4 + 1, i % 97, i % 100, i % 6, i % 3, i % 5 }' >"$1/table.csv"
}

@test "a CSV or TSV table in chunks: as read in order; sizes by awk" {
    local d=$BATS_TEST_TMPDIR size
    make_table "$d" 3000
    tr , '\t' <"$d/table.csv" >"$d/table.tsv"
    # a '"' in TSV is a byte like any other: no chunk is declined for it
    sed -i '2000s/\tt/\t"t/' "$d/table.tsv"
    local chunks="segprof: trace: customers read in chunks"
    as_in_order 1 "$chunks" -f csv --customers "$d/table.csv" --cluster-field cluster
    assert_equal "$(tail -n +2 <<<"$want" | cut -d, -f1,2)" "$(printf '0,600\n1,600\n2,600\n3,600\n4,600')"
    for size in 50 1000; do
        as_in_order "$size" "$chunks" -f csv --customers "$d/table.csv" --cluster-field cluster
    done
    as_in_order 100 "$chunks" -f csv --customers "$d/table.tsv" --cluster-field cluster
}

@test "a CSV table with a quote: read in order, at once if the first window shows it, else again" {
    local d=$BATS_TEST_TMPDIR
    # more than the first read (up to 2 MiB), so that a quote near the end is met by a chunk only
    make_table "$d" 150000
    [ "$(stat -c %s "$d/table.csv")" -gt 3200000 ]
    # a quoted field over two lines, near the start and near the end
    awk 'NR == 5 { sub(/t[0-9];u[0-9]/, "\"t9\nu9\"") } { print }' "$d/table.csv" >"$d/early.csv"
    awk 'NR == 149990 { sub(/t[0-9];u[0-9]/, "\"t9\nu9\"") } { print }' "$d/table.csv" >"$d/late.csv"
    as_in_order 65536 "segprof: trace: customers read in order" \
        -f csv --customers "$d/early.csv" --cluster-field cluster
    as_in_order 65536 "segprof: trace: customers read in chunks, read again
segprof: trace: customers read in order" -f csv --customers "$d/late.csv" --cluster-field cluster
}
