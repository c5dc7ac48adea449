#!/usr/bin/env bats
# Hash shards (--shard=I/K), the shard checks of segprof merge, merges of merges
# (merge --partial) and the packed value lists of partials: segprof(1), PARTIAL RESULTS AND
# MERGE.  Expected shard memberships come from tests/fixtures/shard/mixed_ids.py, which hashes
# the ids itself (FNV-1a 64 as the man page defines it), not from segprof.

load helpers

setup() {
    FIX="$BATS_TEST_DIRNAME/fixtures/shard"
    EX="$BATS_TEST_DIRNAME/../examples"
    cd "$BATS_TEST_TMPDIR"
}

# mixed DIR [N]: the mixed-id fixture data in DIR (see mixed_ids.py)
mixed() {
    command -v python3 >/dev/null || skip "python3 not installed"
    mkdir -p "$1"
    python3 "$FIX/mixed_ids.py" "$@" || fail "mixed_ids.py failed"
}

# shards K DIR PREFIX [OPTION]...: the K shards of DIR's split input as PREFIX0..PREFIX(K-1)
shards() {
    local k=$1 dir=$2 prefix=$3 i
    shift 3
    for ((i = 0; i < k; i++)); do
        "$SEGPROF" --shard "$i/$k" "$@" --customers "$dir/c.ndjson" --labels "$dir/l.csv" \
            -o "$prefix$i" || fail "--shard $i/$k failed"
    done
}

@test "--shard K=1..16: the merge of the K shards = one run, byte for byte (-j 1, -j 2, extras)" {
    mixed d
    local x=(--mean visits --median visits,amount_spent --sum frequency)
    "$SEGPROF" --customers d/c.ndjson --labels d/l.csv >single
    "$SEGPROF" "${x[@]}" -f csv --customers d/c.ndjson --labels d/l.csv >single-x
    local k
    for k in $(seq 1 16); do
        rm -rf k && mkdir k
        shards "$k" d k/s -j $((k % 2 + 1))
        "$SEGPROF" merge k/s* | cmp - single || fail "K=$k differs from the single run"
        # any order of the shards
        "$SEGPROF" merge $(ls k/s* | sort -r) | cmp - single || fail "K=$k reversed differs"
    done
    for k in 3 7; do
        rm -rf k && mkdir k
        shards "$k" d k/s "${x[@]}"
        "$SEGPROF" merge -f csv k/s* | cmp - single-x || fail "K=$k with extras differs"
    done
}

@test "--shard: each shard keeps exactly the customers of FNV-1a-64(id) mod K (hashed independently)" {
    mixed d
    local k=5 i
    shards "$k" d s
    for ((i = 0; i < k; i++)); do
        # n per cluster in shard i, from the independent hashes
        awk -F'\t' -v k=$k -v i=$i '
            { h = $2; cl = $3 }
            # awk has no 64-bit integers: reduce the decimal hash mod k digit by digit
            { r = 0; for (j = 1; j <= length(h); j++) r = (r * 10 + substr(h, j, 1)) % k }
            r == i { n[cl]++ }
            END { for (c in n) print c, n[c] }' d/shards.tsv | sort >expected
        python3 -c '
import json, sys
for line in open(sys.argv[1], encoding="utf-8").read().splitlines()[1:]:
    o = json.loads(line)
    print(json.dumps(o["cluster_id"], ensure_ascii=False), o["n"])' "s$i" | sort >got
        assert_equal "$(cat got)" "$(cat expected)"
    done
    # the worked example of the man page: C001 is in shard 1 of 4
    grep -c . "$FIX/../../../examples/labels.csv" >/dev/null
    printf '{"id":"C001","frequency":1,"amount_spent":1,"product_types":[]}\n' >one.ndjson
    printf 'C001,9\n' >one.csv
    for i in 0 1 2 3; do
        "$SEGPROF" --shard $i/4 --customers one.ndjson --labels one.csv -o o$i
        assert_equal "$(grep -c cluster_id o$i)" "$([ $i = 1 ] && echo 1 || echo 0)"
    done
}

@test "--shard: ids of every type (17 and \"17\", escapes, CSV quoting) in request, JSON and CSV labels" {
    mixed d 700
    "$SEGPROF" d/r.json >single
    "$SEGPROF" --customers d/c.ndjson --labels d/l.json | cmp - single
    local i
    for i in 0 1 2; do
        "$SEGPROF" --shard $i/3 d/r.json -o r$i
        "$SEGPROF" --shard $i/3 --customers d/c.ndjson --labels d/l.json -o j$i
        "$SEGPROF" --shard $i/3 --customers d/c.ndjson --labels d/l.csv -o c$i
        # the same clusters and counts (first-seen positions differ: array index, line)
        assert_equal "$(cut -d'"' -f1-8 j$i)" "$(cut -d'"' -f1-8 r$i)"
        cmp c$i j$i || fail "shard $i: CSV and JSON labels differ"
    done
    "$SEGPROF" merge r0 r1 r2 | cmp - single
    "$SEGPROF" merge c2 c0 c1 | cmp - single
    # the integer 17 and the string "17" are one customer: a duplicate across forms is caught
    printf '{"id":17,"frequency":1,"amount_spent":1,"product_types":[]}\n{"id":"17","frequency":1,"amount_spent":2,"product_types":[]}\n' >dup.ndjson
    printf '17,1\n' >dup.csv
    local caught=0
    for i in 0 1 2 3; do
        run --separate-stderr "$SEGPROF" --shard $i/4 --customers dup.ndjson --labels dup.csv
        if [ "$status" = 65 ]; then
            caught=$((caught + 1))
            assert_equal "$stderr" 'segprof: dup.ndjson:2: /id: duplicate customer id "17" (first at line 1)'
        else
            assert_success
        fi
    done
    assert_equal "$caught" 1
}

@test "--shard: a customer without a label is reported by its own shard only; labels of other shards are quiet" {
    printf '{"id":"a","frequency":1,"amount_spent":1,"product_types":[]}\n{"id":"b","frequency":1,"amount_spent":1,"product_types":[]}\n' >c.ndjson
    printf 'a,1\nzzz,2\n' >l.csv
    # b: FNV-1a-64("b") = 12638189134474125713, shard 1 of 2 (python3 -c to check:
    # h=14695981039346656037; h=((h^98)*1099511628211)%2**64; print(h, h%2))
    fails 65 'segprof: c.ndjson:2: customer "b" has no label' --shard 1/2 --customers c.ndjson --labels l.csv
    run --separate-stderr "$SEGPROF" --shard 0/2 --customers c.ndjson --labels l.csv
    assert_success
    assert_equal "$stderr" ""
}

@test "--shard: usage errors (exit 64)" {
    local v
    for v in 4/4 1/0 0/65537 -1/2 a/2 1/ /2 "1 /2" 1/2x 0x1/2 ""; do
        run --separate-stderr "$SEGPROF" --shard "$v" "$EX/request.json"
        assert_failure 64
        assert_equal "$output" ""
        assert_equal "$(head -n1 <<<"$stderr")" "segprof: invalid value '$v' for --shard (expected I/K, 0 <= I < K <= 65536)"
    done
    run --separate-stderr "$SEGPROF" --shard 65535/65536 "$EX/request.json"
    assert_success
    fails 64 "segprof: --allow-missing-shards belongs to 'segprof merge'
Try 'segprof --help' for more information." --allow-missing-shards "$EX/request.json"
}

@test "merge: mixed K, a shard twice, hash shards with unsharded partials -> 65, exact messages" {
    local c="$EX/customers.ndjson" l="$EX/labels.csv"
    for i in 0 1 2 3; do "$SEGPROF" --shard $i/4 --customers "$c" --labels "$l" -o s$i; done
    "$SEGPROF" --shard 1/8 --customers "$c" --labels "$l" -o e1
    "$SEGPROF" --partial --customers "$c" --labels "$l" -o u
    fails 65 "segprof: e1:1: mixed shard counts: this partial is of 8 shards (--shard=I/8), the first one of 4" \
        merge s0 s1 e1 s2 s3
    fails 65 "segprof: s2:1: shard 2/4 given twice" merge s0 s1 s2 s3 s2
    "$SEGPROF" merge --partial s1 s2 >m12
    fails 65 "segprof: m12:1: shard 1/4 given twice" merge s0 s1 s3 m12
    fails 65 "segprof: s0:1: shard 0/4 given twice" merge --partial s0 s0
    fails 65 "segprof: u:1: this partial has no --shard, the first one is a hash shard: hash shards and partials without --shard do not mix" \
        merge s0 s1 s2 s3 u
    fails 65 "segprof: s0:1: this partial is a hash shard (--shard), the first one has none: hash shards and partials without --shard do not mix" \
        merge u s0
    # concatenated on standard input, the header line is named
    cat s0 s1 s1 | { run --separate-stderr "$SEGPROF" merge; assert_failure 65;
        assert_equal "$stderr" "segprof: <stdin>:$(( $(wc -l <s0) + $(wc -l <s1) + 1 )): shard 1/4 given twice"; }
}

@test "merge: missing shards -> 65 naming them; --allow-missing-shards merges the rest with a warning" {
    mixed d 400
    shards 6 d s
    fails 65 "segprof: 3 of 6 shards missing (1, 3-4); --allow-missing-shards merges without them" \
        merge s0 s2 s5
    run --separate-stderr "$SEGPROF" merge --allow-missing-shards s0 s2 s5
    assert_success
    assert_equal "$stderr" "segprof: warning: 3 of 6 shards missing (1, 3-4): the profiles leave their customers out"
    # = one run over the customers of shards 0, 2 and 5 only (hashes from mixed_ids.py)
    awk -F'\t' '{ r = 0; for (j = 1; j <= length($2); j++) r = (r * 10 + substr($2, j, 1)) % 6 }
                r == 0 || r == 2 || r == 5 { print NR }' d/shards.tsv >keep
    awk 'NR == FNR { k[$1] = 1; next } FNR in k' keep d/c.ndjson >part.ndjson
    "$SEGPROF" -q --customers part.ndjson --labels d/l.csv >expected
    assert_equal "$output" "$(cat expected)"
    # -q silences the warning; a merge into a partial does not check
    run --separate-stderr "$SEGPROF" merge -q --allow-missing-shards s0 s2 s5
    assert_equal "$stderr" ""
    run --separate-stderr "$SEGPROF" merge --partial s0 s2 s5
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$(head -n1 <<<"$output")" '{"segprof_partial":2,"extras":[],"skip_missing":false,"shards":{"of":6,"have":[[0,0],[2,2],[5,5]]}}'
}

@test "merge: partials without --shard merge with a warning that overlaps cannot be seen" {
    local c="$EX/customers.ndjson" l="$EX/labels.csv"
    head -n 20 "$c" | "$SEGPROF" --partial --customers - --labels "$l" -o p1
    tail -n +21 "$c" | "$SEGPROF" --partial --customers - --labels "$l" -o p2
    run --separate-stderr "$SEGPROF" merge p1 p2
    assert_success
    assert_equal "$stderr" "segprof: warning: the partials are not hash shards (--shard): a customer in two of them would be counted twice unseen"
    assert_equal "$output" "$(cat "$EX/response.json")"
    # one partial alone: nothing to overlap
    run --separate-stderr "$SEGPROF" merge p1
    assert_equal "$stderr" ""
}

# tree_merge NAME SPEC...: evaluate a merge tree written in prefix form, e.g.
# "( s0 ( s1 s2 ) s3 )", every inner node a `segprof merge --partial` into NAME.1, NAME.2, ...;
# prints the file of the root
tree_merge() {
    local name=$1 tree_n=0
    shift
    local -a stack=() args
    local tok top
    for tok in "$@"; do
        if [ "$tok" = ")" ]; then
            args=()
            while top=${stack[-1]}; unset 'stack[-1]'; [ "$top" != "(" ]; do args=("$top" "${args[@]}"); done
            tree_n=$((tree_n + 1))
            "$SEGPROF" merge --partial "${args[@]}" >"$name.$tree_n" || fail "merge --partial ${args[*]}"
            stack+=("$name.$tree_n")
        else
            stack+=("$tok")
        fi
    done
    echo "${stack[0]}"
}

@test "merge --partial: trees of every shape give the same partial and the same profiles (hash shards)" {
    mixed d 800
    shards 6 d s -j 2
    "$SEGPROF" --customers d/c.ndjson --labels d/l.csv >single
    local ref shape got n=0
    ref=$(tree_merge flat "(" s0 s1 s2 s3 s4 s5 ")")
    for shape in "( ( ( ( ( s0 s1 ) s2 ) s3 ) s4 ) s5 )" \
                 "( s0 ( s1 ( s2 ( s3 ( s4 s5 ) ) ) ) )" \
                 "( ( s0 s1 s2 ) ( s3 s4 s5 ) )" \
                 "( ( s5 s3 ) ( s1 ( s0 s4 ) ) s2 )" \
                 "( ( ( s2 ) ) ( s0 s1 s3 s4 s5 ) )"; do
        n=$((n + 1))
        got=$(tree_merge "tree$n" $shape)
        cmp "$ref" "$got" || fail "shape $shape: another partial"
        "$SEGPROF" merge "$got" | cmp - single || fail "shape $shape: other profiles"
    done
    # a merged partial holds its shards: merging it with the rest equals one run
    "$SEGPROF" merge --partial s0 s4 >m04
    "$SEGPROF" merge s3 m04 s1 s5 s2 | cmp - single
}

@test "merge --partial: trees that keep the pieces' order give the same partial (pieces without --shard)" {
    mixed d 800
    split -n l/5 d/c.ndjson piece.
    local p
    for p in piece.a?; do "$SEGPROF" --partial --customers "$p" --labels d/l.csv -o "$p.part"; done
    "$SEGPROF" --customers d/c.ndjson --labels d/l.csv >single
    local a=piece.aa.part b=piece.ab.part c=piece.ac.part e=piece.ad.part f=piece.ae.part
    local ref shape got n=0
    ref=$(tree_merge flat "(" $a $b $c $e $f ")")
    for shape in "( ( ( ( $a $b ) $c ) $e ) $f )" "( $a ( $b ( $c ( $e $f ) ) ) )" \
                 "( ( $a $b ) $c ( $e $f ) )" "( ( $a ) ( $b $c $e ) $f )"; do
        n=$((n + 1))
        got=$(tree_merge "tree$n" $shape)
        cmp "$ref" "$got" || fail "shape $shape: another partial"
        "$SEGPROF" merge -q "$got" | cmp - single || fail "shape $shape: other profiles"
    done
}

# decode_values: print the values of every packed or plain list of a partial on standard input,
# one list per line as sorted shortest decimals, decoding the format as segprof(1) documents it
decode_values() {
    python3 -c '
import json, sys
from decimal import Decimal
A = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
def vlq(s):
    out, x, shift = [], 0, 0
    for ch in s:
        d = A.index(ch)
        x |= (d & 31) << shift
        shift += 5
        if not d & 32:
            out.append(x); x, shift = 0, 0
    assert shift == 0
    return out
def values(v):
    if isinstance(v, list):
        return [Decimal(repr(x)) for x in v]
    t = vlq(v["vlq"])
    m = -(t[0] >> 1) - 1 if t[0] & 1 else t[0] >> 1
    ms = [m]
    for x in t[1:]:
        if x & 1:
            ms += [m] * (x >> 1)
        else:
            m += x >> 1; ms.append(m)
    return [Decimal(m).scaleb(-v["scale"]) for m in ms]
for line in sys.stdin.read().splitlines()[1:]:
    o = json.loads(line)
    for v in [o["spends"]] + o["extras"]:
        print(json.dumps(o["cluster_id"]), " ".join(str(x.normalize()) for x in sorted(values(v))))
'
}

@test "packed partials: values decode (independently, from the documented format) to the input's" {
    command -v python3 >/dev/null || skip "python3 not installed"
    # amounts with 0..4 decimals, repeats (runs), a value needing 18 digits, a huge one and
    # negative extras; 1e300 forces the plain form (-0 is read as 0)
    python3 -c '
import json, random
r = random.Random(3)
for i in range(300):
    a = r.choice([round(r.uniform(0, 500), r.randint(0, 4)), 12.5, 12.5, 0, 7])
    v = r.choice([-2.25, -0.5, 3, r.randint(-9, 9), 123456789.123456789])
    print(json.dumps({"id": "c%d" % i, "frequency": 1, "amount_spent": a, "product_types": [],
                      "v": v, "w": -0.0 if i == 7 else 1e300 if i == 8 else i}))' >c.ndjson
    python3 -c '
for i in range(300):
    print("c%d,%s" % (i, "x" if i % 3 else 4))' >l.csv
    local x=(--median v,w --sum v,w)
    "$SEGPROF" --partial "${x[@]}" --customers c.ndjson --labels l.csv -o p
    grep -q '"vlq"' p || fail "nothing packed"
    # w of the cluster with 1e300 (c8: cluster "x") is plain, the others packed
    assert_equal "$(python3 -c '
import json
for l in open("p").read().splitlines()[1:]:
    o = json.loads(l)
    print(o["cluster_id"], [type(v).__name__ for v in [o["spends"]] + o["extras"]])')" "4 ['dict', 'dict', 'dict']
x ['dict', 'dict', 'list']"
    decode_values <p | sort >got
    python3 -c '
import json, sys
from decimal import Decimal
lab = dict(l.strip().split(",") for l in open("l.csv"))
lists = {}
for line in open("c.ndjson"):
    o = json.loads(line)
    cl = lab[o["id"]]
    cl = json.dumps(int(cl) if cl.isdigit() else cl)
    for k, f in enumerate(["amount_spent", "v", "w"]):
        x = Decimal(repr(float(o[f])))
        lists.setdefault((cl, k), []).append(abs(x) if x == 0 else x)  # -0 is read as 0
for (cl, k), v in lists.items():
    print(cl, " ".join(str(x.normalize()) for x in sorted(v)))' | sort >expected
    assert_equal "$(cat got)" "$(cat expected)"
    # and round trip: the merge of the partial, and of it merged again, = the single run
    "$SEGPROF" "${x[@]}" -f csv --customers c.ndjson --labels l.csv >single
    "$SEGPROF" merge -f csv p | cmp - single
    "$SEGPROF" merge --partial p | "$SEGPROF" merge -f csv | cmp - single
}

@test "packed partials: spends of gen.py data take under 2/3 of plain JSON (20,000 customers)" {
    local gen="${SEGPROF_GEN:-$BATS_TEST_DIRNAME/../../shared/bench/gen.py}"
    [ -f "$gen" ] || skip "gen.py not found ($gen)"
    python3 "$gen" -n 20000 -f split -o g -q
    "$SEGPROF" --partial --customers g.customers.ndjson --labels g.labels.csv -o p
    # the plain form of the same partial: every list as a JSON array
    local packed plain
    packed=$(python3 -c 'import json,sys; print(sum(len(json.dumps(json.loads(l)["spends"])) for l in open("p").read().splitlines()[1:]))')
    plain=$(python3 -c 'import json; print(sum(len(json.dumps(json.loads(l)["amount_spent"])) + 1 for l in open("g.customers.ndjson")))')
    (( packed * 3 < plain * 2 )) || fail "packed spends $packed bytes, plain $plain"
}

@test "partials of version 1 (plain arrays, no shards) are still read" {
    cat >v1 <<'JSON'
{"segprof_partial":1,"extras":[],"skip_missing":false}
{"cluster_id":1,"n":2,"frequency_sum":"3","spends":[1.5,2.25],"slugs":[["tea",2,0,0]],"extras":[]}
JSON
    run --separate-stderr "$SEGPROF" merge -f csv v1
    assert_success
    # mean (1.5 + 2.25) / 2 = 1.875 -> 1.88; median the same; avg_frequency 3 / 2 = 1.5
    assert_equal "$output" "cluster_id,n_customers,avg_spend,median_spend,avg_frequency,top_categories,share_of_revenue_pct,insight
1,2,1.88,1.88,1.5,tea,100.0,Growth-potential segment"
}

@test "damaged partials -> 65 with the line and what is wrong, nothing on standard output" {
    local h='{"segprof_partial":2,"extras":[],"skip_missing":false,"shards":null}'
    local hs='{"segprof_partial":2,"extras":[],"skip_missing":false,"shards":{"of":4,"have":[[0,1]]}}'
    local c='{"cluster_id":1,"n":2,"frequency_sum":"3","slugs":[],"extras":[],"spends":'
    local spends
    # n is 2 ("EE", 0.02 and 0.04, is the control): "g" ends inside a number; "*" is no VLQ
    # digit; "FE" starts at -3 (a spend < 0); "EF" a run of 2 more (3 values); "Eg" ends inside
    # a number; scale beyond 18; another key; a number past 62 bits; a plain array of the wrong
    # length; a negative plain value; an empty code
    for spends in '{"scale":2,"vlq":"g"}' '{"scale":2,"vlq":"gB*"}' '{"scale":2,"vlq":"FE"}' \
                  '{"scale":2,"vlq":"EF"}' '{"scale":2,"vlq":"Eg"}' '{"scale":19,"vlq":"EE"}' \
                  '{"scale":2,"vlq":"EE","x":1}' '{"scale":2,"vlq":"E////////////////C"}' \
                  '[1]' '[1,-2]' '{"scale":2,"vlq":""}'; do
        printf '%s\n%s%s}\n' "$h" "$c" "$spends" >bad
        fails 65 "segprof: bad:2: not a segprof partial: bad spends" merge bad
    done
    printf '%s\n%s%s}\n' "$h" "$c" '{"scale":2,"vlq":"EE"}' >good
    run --separate-stderr "$SEGPROF" merge -f csv good
    assert_success
    assert_equal "$(tail -n1 <<<"$output" | cut -d, -f1-3)" "1,2,0.03"   # (0.02 + 0.04) / 2
    local hdr
    for hdr in "${hs/\[0,1\]/[1,0]}" "${hs/\[\[0,1\]\]/[[2,3],[0,1]]}" "${hs/\[0,1\]/[3,4]}" \
               "${hs/\"of\":4/\"of\":0}" "${hs/\"of\":4/\"of\":65537}" "${hs/\[\[0,1\]\]/[[0,1,2]]}"; do
        printf '%s\n' "$hdr" >bad
        fails 65 "segprof: bad:1: not a segprof partial: bad header (shards)" merge bad
    done
    printf '%s\n' "${h/:2,/:3,}" >bad
    fails 65 "segprof: bad:1: not a segprof partial: unknown version" merge bad
    printf '%s\n%s\n' "$h" '{"cluster_id":1,"n":1,"frequency_sum":"3x","slugs":[],"extras":[],"spends":[1]}' >bad
    fails 65 "segprof: bad:2: not a segprof partial: bad frequency_sum" merge bad
}

@test "--shard with --cluster-field: the clusters in the rows, no labels file; K=3 merged = one run" {
    mixed d 900
    # the table forms: each customer with its cluster, as NDJSON and as CSV
    python3 -c '
import csv, json, sys
lab = {}
for row in list(csv.reader(open("d/l.csv", encoding="utf-8")))[1:]:
    lab[row[0]] = json.loads(row[1]) if row[1].lstrip("-").isdigit() else row[1]
with open("t.ndjson", "w", encoding="utf-8") as nd, open("t.csv", "w", encoding="utf-8", newline="") as cs:
    w = csv.writer(cs)
    w.writerow(["id", "frequency", "amount_spent", "product_types", "cluster"])
    for line in open("d/c.ndjson", encoding="utf-8"):
        o = json.loads(line)
        o["cluster"] = lab[str(o["id"])]
        nd.write(json.dumps(o, ensure_ascii=False) + "\n")
        w.writerow([o["id"], o["frequency"], o["amount_spent"], ";".join(o["product_types"]), o["cluster"]])'
    "$SEGPROF" -f csv --customers d/c.ndjson --labels d/l.csv >single
    local f i
    for f in t.ndjson t.csv; do
        "$SEGPROF" -f csv --customers "$f" --cluster-field cluster | cmp - single || fail "$f: one run differs"
        for i in 0 1 2; do
            "$SEGPROF" --shard $i/3 -j 2 --customers "$f" --cluster-field cluster -o "$f.$i" ||
                fail "$f: --shard $i/3 failed"
        done
        "$SEGPROF" merge -f csv "$f.2" "$f.0" "$f.1" | cmp - single || fail "$f: shards differ"
    done
}

@test "--shard: a customer's record is checked by the run of its shard (every run when its id is not first)" {
    # "a" is in shard 0 of 2, "b" in shard 1 (FNV-1a-64: see the test of unlabeled customers)
    printf '%s\n' '{"id":"a","frequency":1,"amount_spent":1,"product_types":[]}' \
        '{"id":"b","frequency":1,"amount_spent":-1,"product_types":[]}' >c.ndjson
    printf 'a,1\nb,1\n' >l.csv
    fails 65 'segprof: c.ndjson:2: /amount_spent: expected a number >= 0, got -1' --shard 1/2 --customers c.ndjson --labels l.csv
    run --separate-stderr "$SEGPROF" --shard 0/2 --customers c.ndjson --labels l.csv
    assert_success
    # the id not first: every shard reads the record
    printf '%s\n' '{"id":"a","frequency":1,"amount_spent":1,"product_types":[]}' \
        '{"frequency":1,"id":"b","amount_spent":-1,"product_types":[]}' >c2.ndjson
    local i
    for i in 0 1; do
        fails 65 'segprof: c2.ndjson:2: /amount_spent: expected a number >= 0, got -1' --shard $i/2 --customers c2.ndjson --labels l.csv
    done
}

# shard_of ID K: FNV-1a-64 of ID's bytes mod K, computed here from segprof(1)'s definition
shard_of() {
    python3 -c 'import sys
h = 14695981039346656037
for b in sys.argv[1].encode():
    h = ((h ^ b) * 1099511628211) % 2**64
print(h % int(sys.argv[2]))' "$1" "$2"
}

@test "--shard: shards reading other orders or subsets of the files: exact figures, one merge whatever its order" {
    mixed d 900
    command -v split >/dev/null || skip "split not installed"
    split -n l/2 -d d/c.ndjson part || fail "split failed"
    cat part00 part01 >in0
    cat part01 part00 >in1
    # shard 2 reads only its own customers (as a job that bucketed them by id would)
    python3 -c 'import fileinput, json, sys
def fnv(b):
    h = 14695981039346656037
    for x in b:
        h = ((h ^ x) * 1099511628211) % 2**64
    return h
for line in fileinput.input(encoding="utf-8"):
    i = json.loads(line)["id"]
    if fnv(str(i).encode()) % 3 == 2:
        sys.stdout.write(line)' part01 part00 >in2
    local i
    for i in 0 1 2; do
        "$SEGPROF" --shard "$i/3" -j 1 --customers "in$i" --labels d/l.csv -o "s$i" ||
            fail "--shard $i/3 failed"
    done
    # the figures are exact: all but the top categories as one run's
    "$SEGPROF" -f csv --top 0 --customers d/c.ndjson --labels d/l.csv >single-figures
    "$SEGPROF" merge -f csv --top 0 s0 s1 s2 | cmp - single-figures
    # one output whatever the order and tree of the merge
    "$SEGPROF" merge s0 s1 s2 >m012
    "$SEGPROF" merge s2 s0 s1 | cmp - m012
    "$SEGPROF" merge --partial s1 s2 >m12
    "$SEGPROF" merge --partial s2 s0 >m20
    "$SEGPROF" merge s0 m12 | cmp - m012
    "$SEGPROF" merge m20 s1 | cmp - m012
    "$SEGPROF" merge --partial m20 s1 | cmp - <("$SEGPROF" merge --partial s0 m12)
}

@test "--shard: top-category ties across shards that read different files: (position, shard, place)" {
    command -v python3 >/dev/null || skip "python3 not installed"
    # the shards of the ids, for K=2, computed independently of segprof
    [ "$(shard_of A 2)" = 0 ] && [ "$(shard_of C 2)" = 0 ] && [ "$(shard_of B 2)" = 1 ] ||
        fail "fixture ids no longer in the shards this test assumes"
    printf 'customer_id,cluster_id\nA,0\nB,0\nC,0\n' >l.csv
    local f='"frequency":1,"amount_spent":10,"recency_days":1,"tenure_months":1'
    printf '{"id":"A",%s,"product_types":["mid"]}\n{"id":"C",%s,"product_types":["zeta"]}\n' "$f" "$f" >f0
    printf '{"id":"B",%s,"product_types":["alpha"]}\n' "$f" >f1
    "$SEGPROF" --shard 0/2 -j 1 --customers f0 --labels l.csv -o s0
    "$SEGPROF" --shard 1/2 -j 1 --customers f1 --labels l.csv -o s1
    # three slugs of one customer each: equal scores, ordered by first seen.  Shard 0 saw mid
    # at line 1 and zeta at line 2, shard 1 alpha at line 1: (1, 0) mid, (1, 1) alpha, (2, 0) zeta
    run "$SEGPROF" merge -f csv --top 3 s1 s0
    assert_success
    assert_line --index 1 --partial ',"mid, alpha, zeta",'
    # one run over f0 then f1 saw them at lines 1, 2, 3
    cat f0 f1 >all
    run "$SEGPROF" -f csv --top 3 --customers all --labels l.csv
    assert_line --index 1 --partial ',"mid, zeta, alpha",'
    # the shards of that same input merge as that run did
    "$SEGPROF" --shard 0/2 -j 1 --customers all --labels l.csv -o t0
    "$SEGPROF" --shard 1/2 -j 1 --customers all --labels l.csv -o t1
    "$SEGPROF" merge -f csv --top 3 t1 t0 | cmp - <("$SEGPROF" -f csv --top 3 --customers all --labels l.csv)
    # a merged partial keeps each entry's shard: the tie survives a tree
    "$SEGPROF" merge --partial s1 >m1
    run grep -c '\["alpha",1,1,0,1\]' m1
    assert_output 1
    "$SEGPROF" merge -f csv --top 3 s0 m1 | cmp - <("$SEGPROF" merge -f csv --top 3 s1 s0)
}

@test "merge: a merged slug entry naming a shard its partial does not hold -> 65" {
    command -v python3 >/dev/null || skip "python3 not installed"
    printf 'customer_id,cluster_id\nA,0\nB,0\n' >l.csv
    printf '{"id":"A","frequency":1,"amount_spent":10,"recency_days":1,"tenure_months":1,"product_types":["x"]}\n' >c
    "$SEGPROF" --shard 0/2 -j 1 --customers c --labels l.csv -o s0
    "$SEGPROF" --shard 1/2 -j 1 --customers c --labels l.csv -o s1
    "$SEGPROF" merge --partial s0 >m0
    grep -q '\["x",1,1,0,0\]' m0 || fail "no shard in the merged slug entry"
    sed 's/\["x",1,1,0,0\]/["x",1,1,0,1]/' m0 >bad
    run "$SEGPROF" merge bad s1
    assert_failure 65
    assert_output "segprof: bad:2: not a segprof partial: bad slug entry: its fifth element is not a shard this partial holds"
    sed 's/\["x",1,1,0,0\]/["x",1,1,0]/' m0 >four
    "$SEGPROF" merge four s1 | cmp - <("$SEGPROF" merge m0 s1)
}

@test "--shard, CSV table: an id written 12346.0 is 12346's shard; passed-over rows are checked by their shard" {
    local h='id,frequency,amount_spent,recency_days,tenure_months,product_types,cluster'
    printf '%s\n12346.0,1,5,1,1,tea,0\nC1,2,7,1,1,wine,1\n17,1,1,1,1,tea,0\n' "$h" >t.csv
    printf '%s\n12346,1,5,1,1,tea,0\nC1,2,7,1,1,wine,1\n17,1,1,1,1,tea,0\n' "$h" >u.csv
    "$SEGPROF" -f csv --customers u.csv --cluster-field cluster >single
    local k i
    # K = 4, 7, 8: FNV-1a of "12346" and of "12346.0" fall in different shards
    for k in 4 7 8; do
        for ((i = 0; i < k; i++)); do
            "$SEGPROF" --shard "$i/$k" -j 1 --customers t.csv --cluster-field cluster -o "part$i"
        done
        "$SEGPROF" merge -f csv $(seq -f 'part%g' 0 $((k - 1))) | cmp - single || fail "K=$k differs"
        rm -f part*
    done
    # 12346.0 and 12346 are one customer given twice: the run of its shard says so
    printf '%s\n12346.0,1,5,1,1,tea,0\nC1,2,7,1,1,wine,1\n12346,1,1,1,1,tea,0\n' "$h" >dup.csv
    local own i
    own=$(shard_of 12346 4)
    [ "$(shard_of 12346.0 4)" != "$own" ] || fail "the fixture needs 12346.0 hashed elsewhere"
    for i in 0 1 2 3; do
        [ "$i" = "$own" ] && continue
        "$SEGPROF" --shard "$i/4" -j 1 --customers dup.csv --cluster-field cluster -o s ||
            fail "shard $i/4 failed"
    done
    run "$SEGPROF" --shard "$own/4" -j 1 --customers dup.csv --cluster-field cluster -o s
    assert_failure 65
    assert_output --partial 'dup.csv:4'
    assert_output --partial '12346'
}
