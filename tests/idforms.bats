#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# The labels map's two forms (segprof(1) MEMORY): customer ids that are a common prefix and a
# number held dense by that number, any other ids in the hash table; ids that stop fitting move
# to it.  SEGPROF_IDS_HASHED=1 keeps them in the hash table from the start (segprof(1)
# ENVIRONMENT): every form of id must give the same output and the same messages both ways.

load helpers

# ids FORMAT N: the ids of customers 1..N, awk's printf FORMAT (a %s after the number: "x" for
# odd numbers, "" for even ones).
ids() {
    awk -v f="$1" -v n="$2" 'BEGIN { for (i = 1; i <= n; i++) printf f "\n", i, (i % 2 ? "x" : "") }'
}

# make_inputs IDS_FILE DIR: labels (shuffled, cluster = line % 4) and customers (in another
# order; the 3rd customer's id again as the last, and an id no label has) in DIR.
make_inputs() {
    local list=$1 d=$2
    awk 'BEGIN { print "customer_id,cluster_id" } { print $0 "," NR % 4 }' "$list" >"$d/l.sorted"
    { head -n1 "$d/l.sorted"; tail -n +2 "$d/l.sorted" | shuf --random-source=<(yes); } >"$d/l.csv"
    shuf --random-source=<(yes 7) "$list" |
        awk '{ printf "{\"id\":\"%s\",\"frequency\":%d,\"amount_spent\":%d.25,\"product_types\":[\"t%d\",\"u\"]}\n", $0, NR % 5 + 1, NR, NR % 3 }' >"$d/c.ndjson"
}

# same_both_ways ARGS...: segprof ARGS at -j 1 and -j 2, dense and hashed: one status, output,
# standard error.  Leaves the first run's in $status, $output, $stderr.
same_both_ways() {
    run --separate-stderr "$SEGPROF" -j 1 "$@"
    local s=$status o=$output e=$stderr j h
    for j in 1 2; do
        for h in 0 1; do
            run --separate-stderr env SEGPROF_IDS_HASHED=$h "$SEGPROF" -j "$j" "$@"
            assert_equal "$status" "$s"
            assert_equal "$output" "$o"
            assert_equal "$stderr" "$e"
        done
    done
}

# The forms: zero-padded, plain numbers, a prefix, widths that change (plain), padded and
# plain mixed (move to the hash table), sparse numbers (too), no number at the end (hash
# table from the first), a different prefix in the middle (moved).
FORMS=('C%07d' '%d' 'cust-%d' 'k%d0' 'C%03d' 'n%d000000000' 'id-%d-%s' 'P%d')

@test "every form of id: the same profiles, dense or hashed, -j 1 and -j 2; sizes by awk" {
    local d=$BATS_TEST_TMPDIR fmt
    for fmt in "${FORMS[@]}"; do
        ids "$fmt" 3000 >"$d/ids"
        [ "$fmt" = 'P%d' ] && sed -i '1500s/^P/Q/' "$d/ids"
        [ "$(sort -u "$d/ids" | wc -l)" = 3000 ]
        make_inputs "$d/ids" "$d"
        same_both_ways -f csv --customers "$d/c.ndjson" --labels "$d/l.csv"
        assert_success
        # cluster sizes: labels on line NR are in cluster NR % 4 (awk, independent of segprof)
        local want
        want=$(awk 'NR > 1 { n[$NF % 4]++ } END { for (k = 0; k < 4; k++) printf "%d,%d\n", k, n[k] }' \
            FS=, "$d/l.sorted")
        assert_equal "$(cut -d, -f1,2 <<<"$output" | tail -n +2)" "$want"
        [ "$(head -n1 <<<"$output" | cut -d, -f1,2)" = "cluster_id,n_customers" ]
    done
}

@test "every form of id: duplicate, unlabeled and absent customers, the same messages both ways" {
    local d=$BATS_TEST_TMPDIR fmt third
    for fmt in "${FORMS[@]}"; do
        ids "$fmt" 500 >"$d/ids"
        make_inputs "$d/ids" "$d"
        third=$(sed -n 3p "$d/c.ndjson")
        { head -n 400 "$d/c.ndjson"; echo '{"id":"nobody-9","frequency":1,"amount_spent":1,"product_types":[]}'
          echo "$third"; } >"$d/bad.ndjson"
        same_both_ways --customers "$d/bad.ndjson" --labels "$d/l.csv"
        assert_equal "$status" 65
        local id
        id=$(sed 's/{"id":"\([^"]*\)".*/\1/' <<<"$third")
        assert_equal "$stderr" "segprof: $d/bad.ndjson:401: customer \"nobody-9\" has no label
segprof: $d/bad.ndjson:402: /id: duplicate customer id \"$id\" (first at line 3)"
        # labels that name no customer: their count
        head -n 400 "$d/c.ndjson" >"$d/c400.ndjson"
        same_both_ways --unlabeled=skip -f csv --customers "$d/c400.ndjson" --labels "$d/l.csv"
        assert_success
        assert_equal "$stderr" "segprof: warning: 100 labels name no customer in the input"
    done
}

@test "a duplicate label is found in either form, with its line" {
    local d=$BATS_TEST_TMPDIR
    printf 'customer_id,cluster_id\nC0000001,1\nC0000002,2\nC0000001,3\n' >"$d/l.csv"
    printf '{"id":"C0000001","frequency":1,"amount_spent":1,"product_types":[]}\n' >"$d/c.ndjson"
    same_both_ways --customers "$d/c.ndjson" --labels "$d/l.csv"
    assert_equal "$status" 65
    assert_equal "$stderr" "segprof: $d/l.csv:4: duplicate label for customer \"C0000001\""
}

@test "a request with integer ids and labels keyed by their text: the same both ways" {
    local d=$BATS_TEST_TMPDIR
    {
        echo '{"customers": ['
        for i in $(seq 1 200); do
            printf '{"id": %d, "frequency": 2, "amount_spent": %d, "product_types": ["a"]}%s\n' \
                "$((i * 7))" "$i" "$([ "$i" = 200 ] || echo ,)"
        done
        echo '], "labels": {'
        for i in $(seq 1 200); do printf '"%d": %d%s\n' "$((i * 7))" "$((i % 3))" "$([ "$i" = 200 ] || echo ,)"; done
        echo '}}'
    } >"$d/r.json"
    same_both_ways -f csv "$d/r.json"
    assert_success
    # by hand: i = 1..200 in cluster i % 3: 66, 67, 67
    assert_equal "$(cut -d, -f1,2 <<<"$output" | tail -n +2)" $'0,66\n1,67\n2,67'
}

@test "a repeated customer read from a file (read twice) and from a pipe: the same message" {
    # Files can be read again: numbered labels take a byte each, which do not keep where a
    # customer was first seen; a repeated id makes segprof read its input again to name it
    # (segprof(1) MEMORY).  A pipe is read once, with the first kept from the start.
    local d=$BATS_TEST_TMPDIR j
    ids 'C%07d' 300 >"$d/ids"
    make_inputs "$d/ids" "$d"
    { head -n 250 "$d/c.ndjson"; sed -n 17p "$d/c.ndjson"; tail -n 50 "$d/c.ndjson"; sed -n 260p "$d/c.ndjson"; } >"$d/dup.ndjson"
    local first second
    first=$(sed 's/{"id":"\([^"]*\)".*/\1/' <<<"$(sed -n 17p "$d/c.ndjson")")
    second=$(sed 's/{"id":"\([^"]*\)".*/\1/' <<<"$(sed -n 260p "$d/c.ndjson")")
    local want="segprof: $d/dup.ndjson:251: /id: duplicate customer id \"$first\" (first at line 17)
segprof: $d/dup.ndjson:302: /id: duplicate customer id \"$second\" (first at line 261)"
    for j in 1 2; do
        run --separate-stderr "$SEGPROF" -j "$j" --customers "$d/dup.ndjson" --labels "$d/l.csv"
        assert_equal "$status" 65
        assert_equal "$output" ""
        assert_equal "$stderr" "$want"
        run --separate-stderr "$SEGPROF" -j "$j" --customers - --labels "$d/l.csv" <"$d/dup.ndjson"
        assert_equal "$status" 65
        assert_equal "$stderr" "${want//$d\/dup.ndjson/<stdin>}"
    done
}
