#!/usr/bin/env bats
# Worker threads (-j, segprof(1) "Split inputs"): with several jobs the labels file is read on
# its own thread while the workers parse customers, and customers parsed before the labels are
# complete wait in pending lists. Whatever the timing, output and messages are those of -j 1,
# and the figures those of the independent reference tests/ref/segprof_ref.py.
#
#   SEGPROF=/path/to/segprof bats tests/jobs.bats     (default: build/segprof)

load helpers

setup_file() {
    # 70,000 customers (several 8192-customer batches per worker; past 65,536 labels the
    # workers prefetch label lookups and pass the id hashes on), 7 clusters, 40 slugs;
    # labels in a shuffled order so that the label table is filled at random.
    local d=$BATS_FILE_TMPDIR
    awk 'BEGIN {
        for (i = 1; i <= 70000; i++) {
            printf "{\"id\":\"K%06d\",\"frequency\":%d,\"amount_spent\":%d.%02d,\"product_types\":[\"s%d\",\"s%d\"]}\n",
                i, i % 13 + 1, (i * 7919) % 2000, i % 100, i % 40, (i * 31) % 40
        }
    }' >"$d/c.ndjson"
    awk 'BEGIN {
        print "customer_id,cluster_id"
        for (k = 0; k < 70000; k++) { i = (k * 11) % 70000 + 1; printf "K%06d,%d\n", i, (i * 17) % 7 }
    }' >"$d/l.csv"
    # the same data as one request document, for the reference
    request_from_split "$d/c.ndjson" "$d/l.csv" >"$d/req.json"
}

setup() {
    D=$BATS_FILE_TMPDIR
    export LC_ALL=C
}

need_python() { command -v python3 >/dev/null || skip "python3 is not installed"; }

@test "split input at -j 1, 2, 3 and 8 = the reference on the same data as a request" {
    need_python
    python3 "$REF" "$D/req.json" >"$BATS_TEST_TMPDIR/want"
    local j
    for j in 1 2 3 8; do
        run --separate-stderr "$SEGPROF" -j "$j" --customers "$D/c.ndjson" --labels "$D/l.csv"
        assert_success
        assert_equal "$stderr" ""
        assert_equal "$output" "$(cat "$BATS_TEST_TMPDIR/want")"
    done
}

@test "labels that arrive late (a pipe) with tiny pending lists: workers wait, output unchanged" {
    need_python
    python3 "$REF" "$D/req.json" >"$BATS_TEST_TMPDIR/want"
    # The customers are parsed while the labels are still held back; with
    # SEGPROF_PENDING_BYTES=1 every worker holding pending customers waits.
    run --separate-stderr env SEGPROF_PENDING_BYTES=1 "$SEGPROF" -j 2 --customers "$D/c.ndjson" \
        --labels <(sleep 1; cat "$D/l.csv")
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$output" "$(cat "$BATS_TEST_TMPDIR/want")"
    run --separate-stderr "$SEGPROF" -j 2 --labels - --customers "$D/c.ndjson" \
        < <(sleep 1; cat "$D/l.csv")
    assert_success
    assert_equal "$output" "$(cat "$BATS_TEST_TMPDIR/want")"
}

@test "errors in labels and customers together: the same messages at -j 1 and -j 2" {
    # labels (header + 70,000 lines, less K000003's): a duplicate of K000001 on line 70001,
    # 3 fields on line 70002; customers: a string amount on line 4, line 8 again on line 9
    {
        cat "$D/l.csv"
        echo "K000001,4"
        echo "K000002,1,2"
    } | grep -v '^K000003,' >"$BATS_TEST_TMPDIR/l.csv"
    awk 'NR == 4 { sub(/"amount_spent":[0-9.]+/, "\"amount_spent\":\"x\"") } { print } NR == 8 { print }' \
        "$D/c.ndjson" >"$BATS_TEST_TMPDIR/c.ndjson"
    run --separate-stderr "$SEGPROF" -j 1 --customers "$BATS_TEST_TMPDIR/c.ndjson" --labels "$BATS_TEST_TMPDIR/l.csv"
    assert_equal "$status" 65
    assert_equal "$output" ""
    local want=$stderr
    [[ $want == *'l.csv:70001: duplicate label for customer "K000001"'* ]]
    [[ $want == *'l.csv:70002: expected 2 fields (customer_id,cluster_id), got 3'* ]]
    [[ $want == *'c.ndjson:4: /amount_spent: expected a number, got a string'* ]]
    [[ $want == *'c.ndjson:9: /id: duplicate customer id "K000008" (first at line 8)'* ]]
    # the labels are broken: "has no label" for K000003 would only repeat that
    [[ $want != *'has no label'* ]]
    local j
    for j in 2 3; do
        run --separate-stderr "$SEGPROF" -j "$j" --customers "$BATS_TEST_TMPDIR/c.ndjson" --labels "$BATS_TEST_TMPDIR/l.csv"
        assert_equal "$status" 65
        assert_equal "$output" ""
        assert_equal "$stderr" "$want"
    done
}

@test "NDJSON in blocks = one line at a time: blank, CRLF, broken, long and unended lines, -j 1 to 3" {
    # The workers get every whole line the reader's window holds at once and split it into
    # lines themselves; SEGPROF_NDJSON_LINES=1 hands on one line at a time (segprof(1)
    # ENVIRONMENT). Lines: blank ones and CRLF throughout, a 4 MiB one (longer than a batch and
    # than a read), broken ones past the first MiB, no newline at the end.
    local d=$BATS_TEST_TMPDIR
    awk 'BEGIN { big = "x"; while (length(big) < 3000000) big = big big }
        NR % 997 == 0 { print "" }
        NR % 1499 == 0 { print "  \t\r" }
        NR % 541 == 0 { printf "%s\r\n", $0; next }
        NR == 40000 { sub(/\]/, ",\"" big "\"]") }
        NR >= 65001 && NR % 400 == 1 { sub(/"frequency":/, "\"frequency\":-") }
        NR == 69990 { sub(/\}$/, "") }
        NR == 70000 { printf "%s", $0; next }
        { print }' "$D/c.ndjson" >"$d/c.ndjson"
    run --separate-stderr env SEGPROF_NDJSON_LINES=1 "$SEGPROF" -j 1 --customers "$d/c.ndjson" \
        --labels "$D/l.csv"
    assert_equal "$status" 65
    local want=$stderr
    # Line numbers count the lines added: the first broken record is record 65201 (frequency
    # 65201 % 13 + 1 = 7), after 65 blank lines (every 997th) and 43 white ones (every
    # 1499th): line 65309; record 69990, its closing brace cut, after 70 and 46: line 70106.
    [[ $want == *'c.ndjson:65309: /frequency: expected an integer >= 0, got -7'$'\n'* ]]
    [[ $want == *'c.ndjson:70106:82: invalid JSON: expected '* ]]
    local j
    for j in 1 2 3; do
        run --separate-stderr "$SEGPROF" -j "$j" --customers "$d/c.ndjson" --labels "$D/l.csv"
        assert_equal "$status" 65
        assert_equal "$stderr" "$want"
        # skipping the broken records, the profiles too
        run --separate-stderr env SEGPROF_NDJSON_LINES=1 "$SEGPROF" -j "$j" --bad-rows=skip \
            --customers "$d/c.ndjson" --labels "$D/l.csv"
        assert_success
        local want_out=$output want_err=$stderr
        run --separate-stderr "$SEGPROF" -j "$j" --bad-rows=skip --customers "$d/c.ndjson" \
            --labels "$D/l.csv"
        assert_success
        assert_equal "$output" "$want_out"
        assert_equal "$stderr" "$want_err"
    done
}

@test "a missing customers file with several jobs: reported as with one, labels errors too" {
    printf 'customer_id,cluster_id\nA,1\nA,2\n' >"$BATS_TEST_TMPDIR/l.csv"
    run --separate-stderr "$SEGPROF" -j 1 --customers "$BATS_TEST_TMPDIR/nope.ndjson" --labels "$BATS_TEST_TMPDIR/l.csv"
    local want=$stderr want_status=$status
    assert_equal "$output" ""
    [[ $want == *'nope.ndjson: cannot open: No such file or directory'* ]]
    [[ $want == *'l.csv:3: duplicate label for customer "A"'* ]]
    run --separate-stderr "$SEGPROF" -j 2 --customers "$BATS_TEST_TMPDIR/nope.ndjson" --labels "$BATS_TEST_TMPDIR/l.csv"
    assert_equal "$status" "$want_status"
    assert_equal "$stderr" "$want"
    assert_equal "$output" ""
}

@test "a request document (customers before labels) at -j 1, 2 and 8 = the reference" {
    need_python
    python3 "$REF" "$D/req.json" >"$BATS_TEST_TMPDIR/want"
    local j
    for j in 1 2 8; do
        run --separate-stderr "$SEGPROF" -j "$j" "$D/req.json"
        assert_success
        assert_equal "$stderr" ""
        assert_equal "$output" "$(cat "$BATS_TEST_TMPDIR/want")"
    done
    # every customer is pending until the labels at the end: the workers must
    # not wait for labels that only the reader they block can reach
    run --separate-stderr timeout 60 env SEGPROF_PENDING_BYTES=1 "$SEGPROF" -j 2 "$D/req.json"
    assert_success
    assert_equal "$output" "$(cat "$BATS_TEST_TMPDIR/want")"
}

# by_lines FILE [STATUS]: segprof -j 1, 2 and 3 on FILE, its customers framed by their lines,
# give the status (default 0), stdout and stderr of framing them value by value
# (SEGPROF_ARRAY_VALUES=1, segprof(1) ENVIRONMENT); those are left in want_out and want_err.
by_lines() {
    run --separate-stderr env SEGPROF_ARRAY_VALUES=1 "$SEGPROF" -j 1 "$1"
    assert_equal "$status" "${2:-0}"
    want_out=$output want_err=$stderr
    local j
    for j in 1 2 3; do
        run --separate-stderr "$SEGPROF" -j "$j" "$1"
        assert_equal "$status" "${2:-0}"
        assert_equal "$output" "$want_out"
        assert_equal "$stderr" "$want_err"
    done
}

# avariant NAME AWK-SCRIPT: as variant, edited by awk
avariant() { awk "$2" "$D/req.json" >"$BATS_TEST_TMPDIR/$1.json"; echo "$BATS_TEST_TMPDIR/$1.json"; }

@test "customers framed by their lines: wrong guesses (two on a line, one over two) run again" {
    need_python
    python3 "$REF" "$D/req.json" >"$BATS_TEST_TMPDIR/want"
    # The same customers laid out otherwise: the reader guesses one customer a line; a line
    # that holds two, or the first line of one whose nested value ends in "}," is not one
    # object, which the workers find, and the run starts again framing value by value.
    local f
    for f in "$(avariant two 'NR > 1 && NR % 1000 == 0 { printf "%s", $0; next } { print }')" \
        "$(avariant over 'NR > 1 && NR % 1500 == 1 { sub(/^\{"id":/, "{\"x\":{\"y\":[1,{}]},\n\"id\":") } { print }')" \
        "$(avariant spaced 'NR > 1 && NR % 541 == 0 { printf "%s\r\n", $0; next } NR % 777 == 0 { sub(/,$/, " \t,  ") } { print }')"; do
        by_lines "$f"
        assert_equal "$want_err" ""
        assert_equal "$want_out" "$(cat "$BATS_TEST_TMPDIR/want")"
    done
}

@test "customers framed by their lines: broken ones give the messages of framing value by value" {
    # a rule broken, a syntax error inside one line, a string never closed (which runs on to
    # the end of the document): the line guesses of the last two are not confirmed
    local f
    f=$(avariant broken 'NR == 30002 { sub(/"frequency":/, "\"frequency\":-") }
        NR == 40002 { sub(/"frequency":/, "\"frequency\" ") }
        NR == 50002 { sub(/"K050001"/, "\"K050001") } { print }')
    by_lines "$f" 65
    assert_equal "$want_err" "segprof: $f:30002:29: /customers/30000/frequency: expected an integer >= 0, got -11
segprof: $f:40002:29: invalid JSON: expected ':' after a key, got '1'
segprof: $f:140003:1: invalid JSON: unexpected end of input"
    # indented customers, one rule broken (its guess confirmed: no run again): its column
    # counts the indent
    f=$(avariant indented 'NR == 30002 { sub(/"frequency":/, "\"frequency\":-") }
        NR > 1 && NR <= 70001 { print "  " $0; next } { print }')
    by_lines "$f" 65
    assert_equal "$want_err" "segprof: $f:30002:31: /customers/30000/frequency: expected an integer >= 0, got -11"
    # after 70,000 customers framed by their lines, a syntax error of the document itself
    # (at its end: the labels read ahead are not used, no run again): its line counted past
    # every read window those customers were in
    f=$(variant after '$s/}}$/}} x/')
    by_lines "$f" 65
    assert_equal "$want_err" "segprof: $f:140002:15: invalid JSON: unexpected data after the request object"
}

# same_as_j1 FILE: segprof -j 2 and -j 3 give -j 1's status, stdout and stderr on FILE.
same_as_j1() {
    run --separate-stderr "$SEGPROF" -j 1 "$1"
    local want_status=$status want_out=$output want_err=$stderr j
    for j in 2 3; do
        run --separate-stderr "$SEGPROF" -j "$j" "$1"
        assert_equal "$status" "$want_status"
        assert_equal "$output" "$want_out"
        assert_equal "$stderr" "$want_err"
    done
    want_stderr=$want_err
}

# variant NAME SED-SCRIPT: a copy of the generated request (customers, then labels) edited
variant() { sed "$2" "$D/req.json" >"$BATS_TEST_TMPDIR/$1.json"; echo "$BATS_TEST_TMPDIR/$1.json"; }

@test "request with customers first: errors in the labels and in the customers as with -j 1" {
    local f
    # a duplicate label, a label of a wrong type, a customer with a string amount
    f=$(variant errs '/^"K000010":/s/^.*$/"K000010":1,\n"K000010":[2],\n"K000011":2,/; 5s/"amount_spent":[0-9.]*/"amount_spent":"x"/')
    same_as_j1 "$f"
    [[ $want_stderr == *'duplicate label for customer "K000010"'* ]]
    [[ $want_stderr == *'/customers/3/amount_spent'* ]]
}

@test "request with customers first: a syntax error inside the labels as with -j 1" {
    local f
    f=$(variant syntax '/^"K000200":/s/:/ /')
    same_as_j1 "$f"
    [[ $want_stderr == *'invalid JSON'* || $want_stderr == *"expected ':'"* ]]
}

@test "request with customers first: large ignored member, wrong type, repeated members as with -j 1" {
    local f big
    # an ignored member over 1 MiB between customers and labels
    head -c 1200000 /dev/zero | tr '\0' 'x' >"$BATS_TEST_TMPDIR/big.txt"
    echo >>"$BATS_TEST_TMPDIR/big.txt"
    awk 'NR == FNR { big = $0; next }
         /^],"labels":\{$/ { print "],\"note\":\"" big "\",\"labels\":{"; next } { print }' \
        "$BATS_TEST_TMPDIR/big.txt" "$D/req.json" >"$BATS_TEST_TMPDIR/big.json"
    same_as_j1 "$BATS_TEST_TMPDIR/big.json"
    assert_equal "$want_stderr" ""
    python3 "$REF" "$D/req.json" >"$BATS_TEST_TMPDIR/want" || skip "python3 is not installed"
    assert_equal "$output" "$(cat "$BATS_TEST_TMPDIR/want")"
    # labels of the wrong type; "labels" twice; "customers" twice
    f=$(variant wrongtype 's/^],"labels":{$/],"labels":[{/; $s/}}$/}]}/')
    same_as_j1 "$f"
    [[ $want_stderr == *'/labels: expected an object'* ]]
    f=$(variant twice '$s/}}$/},"labels":{"K000001":1}}/')
    same_as_j1 "$f"
    [[ $want_stderr == *'duplicate key "labels"'* ]]
    f=$(variant twice_c 's/^],"labels":{$/],"customers":[],"labels":{/')
    same_as_j1 "$f"
    [[ $want_stderr == *'duplicate key "customers"'* ]]
}

# Labels read ahead (segprof(1) "Request document"): with several jobs the labels of a request document
# with "customers" first are looked for from the end of the file and read on their own thread;
# the reader confirms the guess when it reaches them. SEGPROF_READ_AHEAD=trace reads them
# before the customers and prints the verdict, so that each way is known to be taken.

# ahead FILE VERDICT: -j 2 reading ahead first gives the status, stdout and stderr of -j 1
# without reading ahead on FILE, and so does -j 1 (which reads ahead first when "customers"
# comes first),
# and the verdict is VERDICT (taken: the labels read ahead were used; unused: they were not
# usable and the reader read them itself; retry: the customers were joined to labels that
# were not the document's, and the run was done again without reading ahead).
ahead() {
    run --separate-stderr env SEGPROF_READ_AHEAD=0 "$SEGPROF" -j 1 "$1"
    local want_status=$status want_out=$output want_err=$stderr j
    for j in 2 1; do
        run --separate-stderr env SEGPROF_READ_AHEAD=trace "$SEGPROF" -j "$j" "$1"
        assert_equal "$status" "$want_status"
        assert_equal "$output" "$want_out"
        assert_equal "$(grep -v '^segprof: labels read ahead: ' <<<"$stderr" || true)" "$want_err"
    done
    # read beside the customers, with workers that wait for the labels after every batch
    # (the last one waits from the start): whatever the verdict, they go on
    run --separate-stderr timeout 120 env SEGPROF_PENDING_BYTES=1 "$SEGPROF" -j 2 "$1"
    assert_equal "$status" "$want_status"
    assert_equal "$output" "$want_out"
    assert_equal "$stderr" "$want_err"
    run --separate-stderr env SEGPROF_READ_AHEAD=trace "$SEGPROF" -j 2 "$1"
    local verdict
    verdict=$(grep '^segprof: labels read ahead: ' <<<"$stderr" || true)
    assert_equal "$verdict" "segprof: labels read ahead: $2"
    want_stderr=$want_err
}

# verdict_j1 FILE VERDICT: with one job the verdict on FILE is VERDICT ("" when not read ahead)
verdict_j1() {
    run --separate-stderr env SEGPROF_READ_AHEAD=trace "$SEGPROF" -j 1 "$1"
    local verdict
    verdict=$(grep '^segprof: labels read ahead: ' <<<"$stderr" || true)
    assert_equal "$verdict" "${2:+segprof: labels read ahead: $2}"
}

@test "labels read ahead with one job: first, when \"customers\" comes first; not otherwise" {
    need_python
    verdict_j1 "$D/req.json" taken
    assert_success
    assert_equal "$stderr" "segprof: labels read ahead: taken"
    assert_equal "$output" "$(python3 "$REF" "$D/req.json")"
    # labels first, or another member first: not searched for from the end
    { printf '{"labels":{\n'; tail -n +2 "$D/l.csv" | awk -F, '{ printf "%s\"%s\":%s", (NR > 1 ? ",\n" : ""), $1, $2 }'
      printf '},\n"customers":['; sed '$!s/$/,/' "$D/c.ndjson"; printf ']}\n'; } >"$BATS_TEST_TMPDIR/first.json"
    verdict_j1 "$BATS_TEST_TMPDIR/first.json" ""
    assert_equal "$stderr" ""
    assert_equal "$output" "$(python3 "$REF" "$D/req.json")"
    { printf '{"meta":1,'; tail -c +2 "$D/req.json"; } >"$BATS_TEST_TMPDIR/meta.json"
    verdict_j1 "$BATS_TEST_TMPDIR/meta.json" ""
    assert_equal "$output" "$(python3 "$REF" "$D/req.json")"
    # a byte order mark and white space before "customers": still read ahead
    { printf '\xef\xbb\xbf \r\n{ \n\t'; tail -c +2 "$D/req.json"; } >"$BATS_TEST_TMPDIR/bom.json"
    verdict_j1 "$BATS_TEST_TMPDIR/bom.json" taken
    assert_equal "$output" "$(python3 "$REF" "$D/req.json")"
    # a pipe: not read ahead
    run --separate-stderr bash -c 'cat "$1" | SEGPROF_READ_AHEAD=trace "$2" -j 1 -' _ "$D/req.json" "$SEGPROF"
    assert_success
    assert_equal "$stderr" ""
}

@test "labels read ahead: taken when they close the document, = the reference" {
    need_python
    ahead "$D/req.json" taken
    assert_equal "$output" "$(python3 "$REF" "$D/req.json")"
    # pretty-printed, CRLF, escapes, string clusters, a member before "customers"
    { printf '{"meta": {"labels": {"x": 1}},\r\n "customers": ['; sed '$!s/$/,\r/' "$D/c.ndjson"
      printf '],\r\n  "labels" :\r\n  {\r\n    "\\u004b000001": "a",\r\n'
      tail -n +3 "$D/l.csv" | awk -F, '{ printf "%s    \"%s\" : %s", (NR > 1 ? ",\r\n" : ""), $1, $2 }'
      printf '\r\n  }\r\n}\r\n'; } >"$BATS_TEST_TMPDIR/pretty.json"
    ahead "$BATS_TEST_TMPDIR/pretty.json" taken
    [[ $output == *'"cluster_id": "a"'* ]]
    # and without "first": the same output whichever thread is faster
    run --separate-stderr "$SEGPROF" -j 2 "$BATS_TEST_TMPDIR/pretty.json"
    assert_success
    assert_equal "$output" "$(SEGPROF_READ_AHEAD=0 "$SEGPROF" -j 2 "$BATS_TEST_TMPDIR/pretty.json")"
}

@test "labels read ahead: unused when not the document's or not clean; a pipe is not read ahead, a redirected stdin is" {
    local f
    # labels first: the reader reaches them before the guess is needed
    { printf '{"labels":{\n'; tail -n +2 "$D/l.csv" | awk -F, '{ printf "%s\"%s\":%s", (NR > 1 ? ",\n" : ""), $1, $2 }'
      printf '},\n"customers":['; sed '$!s/$/,/' "$D/c.ndjson"; printf ']}\n'; } >"$BATS_TEST_TMPDIR/first.json"
    ahead "$BATS_TEST_TMPDIR/first.json" unused
    assert_equal "$want_stderr" ""
    # a duplicate label and a label of a wrong type: their messages come from the reader
    f=$(variant errs '/^"K000010":/s/^.*$/"K000010":1,\n"K000010":[2],\n"K000011":2,/')
    ahead "$f" unused
    [[ $want_stderr == *'duplicate label for customer "K000010"'* ]]
    # another member after the labels, with a "labels" key of its own
    f=$(variant nested '$s/}}$/},"meta":{"labels":{"K000001":1}}}/')
    ahead "$f" unused
    assert_equal "$want_stderr" ""
    # data after the document
    f=$(variant trailing '$s/}}$/}} x/')
    ahead "$f" unused
    [[ $want_stderr == *'unexpected data after the request object'* ]]
    # labels that start in the first half of the file: not looked for there
    { printf '{"customers":['; head -n 3 "$D/c.ndjson" | sed '$!s/$/,/'; printf '],"labels":{\n'
      tail -n +2 "$D/l.csv" | awk -F, '{ printf "%s\"%s\":%s", (NR > 1 ? ",\n" : ""), $1, $2 }'
      printf '}}\n'; } >"$BATS_TEST_TMPDIR/few.json"
    ahead "$BATS_TEST_TMPDIR/few.json" unused
    [[ $want_stderr == *'69997 labels name no customer'* ]]
    # SEGPROF_READ_AHEAD=0, a pipe: not read ahead at all
    run --separate-stderr env SEGPROF_READ_AHEAD=0 "$SEGPROF" -j 2 "$D/req.json"
    assert_success
    assert_equal "$stderr" ""
    run --separate-stderr bash -c 'cat "$1" | SEGPROF_READ_AHEAD=trace "$2" -j 2 -' _ "$D/req.json" "$SEGPROF"
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$output" "$("$SEGPROF" -j 1 "$D/req.json")"
    # standard input redirected from the file: read ahead all the same
    run --separate-stderr env SEGPROF_READ_AHEAD=trace "$SEGPROF" -j 2 - <"$D/req.json"
    assert_success
    assert_equal "$stderr" "segprof: labels read ahead: taken"
    assert_equal "$output" "$("$SEGPROF" -j 1 "$D/req.json")"
}

@test "labels read ahead: customers joined to labels that were not the document's: run again" {
    local f
    # "labels" twice: the guess is the second, the reader's the first
    f=$(variant twice '$s/}}$/},"labels":{"K000001":1}}/')
    ahead "$f" retry
    [[ $want_stderr == *'duplicate key "labels"'* ]]
    # the customers array never closed: the "labels" key is inside it
    f=$(variant unclosed 's/^],"labels":{$/,"labels":{/')
    ahead "$f" retry
    [[ $want_stderr == *'invalid JSON'* ]]
}

@test "--partial: the same bytes at -j 1, 2 and 8 (values and slugs in a canonical order), merged = one run" {
    need_python
    local j want
    want=$("$SEGPROF" -j 1 --partial --median frequency "$D/req.json")
    printf '%s\n' "$want" >"$BATS_TEST_TMPDIR/partial"
    # spends sorted, slugs by first-seen (ord, pos): checked here without segprof
    python3 - "$BATS_TEST_TMPDIR/partial" <<'PY'
import json, sys
A = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
def values(v):
    # a plain array, or packed (segprof(1), PARTIAL RESULTS AND MERGE, Format): the scaled
    # integers, zigzag first, then differences (even) or runs (odd), base64 VLQ
    if isinstance(v, list):
        return v
    t, x, shift = [], 0, 0
    for ch in v["vlq"]:
        d = A.index(ch)
        x |= (d & 31) << shift
        shift += 5
        if not d & 32:
            t.append(x); x, shift = 0, 0
    m = -(t[0] >> 1) - 1 if t[0] & 1 else t[0] >> 1
    out = [m]
    for x in t[1:]:
        if x & 1:
            out += [m] * (x >> 1)
        else:
            m += x >> 1; out.append(m)
    return [m / 10 ** v["scale"] for m in out]
lines = open(sys.argv[1]).read().splitlines()
for line in lines[1:]:
    c = json.loads(line)
    assert values(c["spends"]) == sorted(values(c["spends"])), "spends not sorted"
    assert len(values(c["spends"])) == c["n"], "spends not all there"
    keys = [(s[2], s[3]) for s in c["slugs"]]
    assert keys == sorted(keys), "slugs not in first-seen order"
    assert values(c["extras"][0]) == sorted(values(c["extras"][0])), "extra values not sorted"
PY
    for j in 2 8; do
        run --separate-stderr "$SEGPROF" -j "$j" --partial --median frequency "$D/req.json"
        assert_success
        assert_equal "$output" "$want"
    done
    run --separate-stderr "$SEGPROF" merge <<<"$want"
    assert_success
    assert_equal "$output" "$("$SEGPROF" -j 1 --median frequency "$D/req.json")"
    [[ $output == *'"median_frequency": '* ]]
}

@test "medians of large clusters on several threads: -j 1, 2 and 8 = the reference, by hand" {
    need_python
    # clusters 0 and 1 past 16,384 amounts (their medians are computed ahead, one thread
    # each), cluster 2 small. By hand: 0 holds 1,000,000 and 2..20001, its median the
    # 10,001st: 10002; 1 holds 0.5 and 4, 6, ..., 40000, the mean of the 10,000th and
    # 10,001st: (20000 + 20002) / 2 = 20001; 2 holds 1, 2, 3: 2.
    awk 'BEGIN {
        for (i = 1; i <= 20001; i++) {
            printf "{\"id\":\"A%d\",\"frequency\":1,\"amount_spent\":%s,\"product_types\":[\"a\"]}\n", i, i == 1 ? "1000000" : i
            if (i <= 20000)
                printf "{\"id\":\"B%d\",\"frequency\":1,\"amount_spent\":%s,\"product_types\":[\"b\"]}\n", i, i == 1 ? "0.5" : 2 * i
        }
        for (i = 1; i <= 3; i++) printf "{\"id\":\"C%d\",\"frequency\":1,\"amount_spent\":%d,\"product_types\":[\"c\"]}\n", i, i
    }' >"$BATS_TEST_TMPDIR/c.ndjson"
    awk 'BEGIN {
        print "customer_id,cluster_id"
        for (i = 1; i <= 20001; i++) { printf "A%d,0\n", i; if (i <= 20000) printf "B%d,1\n", i }
        for (i = 1; i <= 3; i++) printf "C%d,2\n", i
    }' >"$BATS_TEST_TMPDIR/l.csv"
    request_from_split "$BATS_TEST_TMPDIR/c.ndjson" "$BATS_TEST_TMPDIR/l.csv" >"$BATS_TEST_TMPDIR/req.json"
    python3 "$REF" "$BATS_TEST_TMPDIR/req.json" >"$BATS_TEST_TMPDIR/want"
    assert_equal "$(jq -c '[.cluster_profiles[].median_spend]' "$BATS_TEST_TMPDIR/want")" '[10002,20001,2]'
    local j
    for j in 1 2 8; do
        run --separate-stderr "$SEGPROF" -j "$j" --customers "$BATS_TEST_TMPDIR/c.ndjson" --labels "$BATS_TEST_TMPDIR/l.csv"
        assert_success
        assert_equal "$output" "$(cat "$BATS_TEST_TMPDIR/want")"
    done
}

@test "the join queue = joining each customer as it comes: duplicates and unlabeled ids, near and far" {
    # A customer joins its label a few customers after it is read (its label fetched from
    # memory meanwhile); SEGPROF_JOIN_DIRECT=1 joins each at once (segprof(1) ENVIRONMENT).
    # Duplicates 2 lines apart (inside the queue of eight) and 18 and 27 apart (outside it),
    # an unlabeled id seen twice, another once: the same messages at the same lines.
    local d=$BATS_TEST_TMPDIR i
    { echo customer_id,cluster_id; for i in $(seq 1 30); do printf 'C%03d,%d\n' "$i" $((i % 3)); done; } >"$d/l.csv"
    local ids=(C001 C002 C001 C004 NOPE C006 C007 C008 NOPE C010 C011 C012 C013 C014 C015 C016
               C017 C018 C019 C002 C021 GONE C023 C024 C025 C026 C027 C028 C029 C030 C004)
    echo id,frequency,amount_spent,product_types >"$d/c.csv"
    : >"$d/c.ndjson"
    for i in "${!ids[@]}"; do
        printf '{"id":"%s","frequency":%d,"amount_spent":%d.5,"product_types":["t%d","u"]}\n' \
            "${ids[i]}" $((i % 4 + 1)) "$i" $((i % 5)) >>"$d/c.ndjson"
        printf '%s,%d,%d.5,t%d;u\n' "${ids[i]}" $((i % 4 + 1)) "$i" $((i % 5)) >>"$d/c.csv"
    done
    local f direct j
    for f in ndjson csv; do
        # lines: the header line of the CSV comes first
        local o=0 w=line
        [[ $f == csv ]] && o=1
        local want="segprof: c.$f:$((3 + o)): /id: duplicate customer id \"C001\" (first at $w $((1 + o)))
segprof: c.$f:$((5 + o)): customer \"NOPE\" has no label
segprof: c.$f:$((9 + o)): /id: duplicate customer id \"NOPE\" (first at $w $((5 + o)))
segprof: c.$f:$((20 + o)): /id: duplicate customer id \"C002\" (first at $w $((2 + o)))
segprof: c.$f:$((22 + o)): customer \"GONE\" has no label
segprof: c.$f:$((31 + o)): /id: duplicate customer id \"C004\" (first at $w $((4 + o)))"
        for direct in 0 1; do
            for j in 1 2; do
                cd "$d"
                run --separate-stderr env SEGPROF_JOIN_DIRECT=$direct "$SEGPROF" -j "$j" \
                    --customers "c.$f" --labels l.csv
                assert_equal "$status" 65
                assert_equal "$output" ""
                assert_equal "$stderr" "$want"
            done
        done
        # without the duplicates, unlabeled customers left out: the same profiles
        sed "$((3 + o))d;$((9 + o))d;$((20 + o))d;$((31 + o))d" "$d/c.$f" >"$d/u.$f"
        run --separate-stderr env SEGPROF_JOIN_DIRECT=1 "$SEGPROF" -j 1 --unlabeled=skip \
            -f csv --scores --index --customers "$d/u.$f" --labels "$d/l.csv"
        assert_success
        local want_out=$output
        # by hand: the labeled ids left are 1, 2, 4, 6-8, 10-19, 21, 23-30, in cluster i % 3
        [[ $want_out == *$'\n0,8,'*$'\n1,9,'*$'\n2,8,'* ]]
        for j in 1 2; do
            run --separate-stderr "$SEGPROF" -j "$j" --unlabeled=skip -f csv --scores --index \
                --customers "$d/u.$f" --labels "$d/l.csv"
            assert_success
            assert_equal "$output" "$want_out"
        done
    done
}
