#!/usr/bin/env bats
# Ranking the top categories (segprof(1) "TF-IDF" and "Lift"): --rank=tfidf|lift,
# --min-support and --scores; the index against the population (--index). The expected figures are worked out by hand in
# tests/fixtures/rank/README.md and checked against the independent reference
# tests/ref/segprof_ref.py.
#
#   SEGPROF=/path/to/segprof bats tests/rank.bats     (default: build/segprof)

load helpers

FIX="$BATS_TEST_DIRNAME/fixtures/rank"
# the real data sets beside the repository (../shared); SEGPROF_REAL_DATA names another place
REAL="${SEGPROF_REAL_DATA:-$BATS_TEST_DIRNAME/../../shared/data/real}"

setup() {
    export LC_ALL=C
    TMP=$BATS_TEST_TMPDIR
}

# top SEGPROF_ARGS...: "cluster<TAB>top_categories" lines of a tsv run on the fixture.
top() {
    "$SEGPROF" -q --unlabeled=skip -f tsv "$@" "$FIX/lift.request.json" | cut -f 1,6
}

@test "lift: the hand-worked order, ties in first-seen order" {
    run top --rank=lift --min-support=1
    assert_success
    # cluster 1: wine 2.5 (a1) = cheese 2.5 (a3), bread 1.0, milk 0.9375
    # cluster 2: toys 1.666..., milk 1.0416..., bread 1.0
    assert_output "$(printf 'cluster_id\ttop_categories\n1\twine, cheese, bread, milk\n2\ttoys, milk, bread')"
}

@test "tfidf stays the default and ranks otherwise on the same data" {
    run top
    assert_success
    # idf(df=2) = 1, idf(df=1) = ln(3/2) + 1: wine 4.22, milk 3, cheese 2.81, bread 2
    assert_output "$(printf 'cluster_id\ttop_categories\n1\twine, milk, cheese, bread\n2\tmilk, bread, toys')"
    cmp <("$SEGPROF" -q --unlabeled=skip "$FIX/lift.request.json") \
        <("$SEGPROF" -q --unlabeled=skip --rank=tfidf "$FIX/lift.request.json")
    # the API's worked example, unchanged
    cmp <("$SEGPROF" --rank=tfidf "$BATS_TEST_DIRNAME/fixtures/compute/example.request.json") \
        "$BATS_TEST_DIRNAME/fixtures/compute/example.expected.json"
}

@test "lift: --min-support leaves out the slugs of too few customers of the cluster" {
    run top --rank=lift --min-support=3
    assert_success
    assert_output "$(printf 'cluster_id\ttop_categories\n1\twine, milk\n2\tmilk, bread')"
    run top --rank=lift --min-support=5
    assert_output "$(printf 'cluster_id\ttop_categories\n1\t\n2\tmilk')"
    # the default, 10: no slug of this small fixture has enough customers
    run top --rank=lift
    assert_output "$(printf 'cluster_id\ttop_categories\n1\t\n2\t')"
    run top --rank=lift --min-support=10
    assert_output "$(printf 'cluster_id\ttop_categories\n1\t\n2\t')"
}

@test "lift: --top cuts the ranking" {
    run top --rank=lift --min-support=1 --top=2
    assert_output "$(printf 'cluster_id\ttop_categories\n1\twine, cheese\n2\ttoys, milk')"
    run top --rank=lift --min-support=1 -n 0
    assert_output "$(printf 'cluster_id\ttop_categories\n1\t\n2\t')"
}

@test "lift: the population is the profiled customers (u1, skipped, counts nowhere)" {
    # u1 (toys, wine) left out: T(toys) = 2 of N = 10. Were it counted, toys would have
    # lift (2/6) / (3/11) = 1.22 and milk (5/6) / (8/11) = 1.15 still below it, but wine
    # in cluster 1 (3/4) / (4/11) = 2.06 would fall below cheese (2/4) / (2/11) = 2.75.
    run top --rank=lift --min-support=1
    assert_line --index 1 "$(printf '1\twine, cheese, bread, milk')"
    # the same customers without u1 give the same bytes
    jq 'del(.customers[4])' "$FIX/lift.request.json" >"$TMP/nou1.json"
    cmp <("$SEGPROF" --rank=lift --min-support=1 "$TMP/nou1.json") \
        <("$SEGPROF" -q --unlabeled=skip --rank=lift --min-support=1 "$FIX/lift.request.json")
}

@test "lift: the reference agrees in every text format" {
    for f in json ndjson csv tsv; do
        cmp <("$SEGPROF" -q --unlabeled=skip --rank=lift --min-support=2 -f "$f" "$FIX/lift.request.json") \
            <(python3 "$REF" -q --unlabeled=skip --rank=lift --min-support=2 -f "$f" "$FIX/lift.request.json")
    done
}

@test "bad --rank and --min-support values are usage errors" {
    fails 64 "segprof: invalid value 'idf' for --rank (expected tfidf or lift)
Try 'segprof --help' for more information." --rank=idf "$FIX/lift.request.json"
    fails 64 "segprof: invalid value '0' for --min-support (expected an integer from 1 to 1000000000)
Try 'segprof --help' for more information." --rank=lift --min-support=0 "$FIX/lift.request.json"
    fails 64 "segprof: invalid value '-3' for --min-support (expected an integer from 1 to 1000000000)
Try 'segprof --help' for more information." --rank=lift --min-support=-3 "$FIX/lift.request.json"
    fails 64 "segprof: --min-support applies to --rank=lift only
Try 'segprof --help' for more information." --min-support=3 "$FIX/lift.request.json"
    fails 64 "segprof: --min-support applies to --rank=lift only
Try 'segprof merge --help' for more information." merge --rank=tfidf --min-support=3
}

# A larger input with many equal lifts: 6 clusters, 40 slugs, 24,000 customers.
make_big() {
    awk 'BEGIN {
        for (i = 1; i <= 24000; i++) {
            printf "{\"id\":\"K%05d\",\"frequency\":%d,\"amount_spent\":%d.%02d,\"product_types\":[\"s%d\",\"s%d\",\"s%d\"],\"visits\":%d.%d}\n",
                i, i % 5 + 1, (i * 7919) % 900, i % 100, i % 40, (i * 7) % 40, (i * i) % 37, (i * 31) % 17 - 5, i % 10
        }
    }' >"$TMP/c.ndjson"
    awk 'BEGIN { print "customer_id,cluster_id"; for (i = 1; i <= 24000; i++) printf "K%05d,%d\n", i, (i * 13) % 6 }' \
        >"$TMP/l.csv"
}

@test "lift: the same bytes for every -j, equal to the reference" {
    make_big
    local a=(--rank=lift --min-support=30 --scores --index --mean visits --customers "$TMP/c.ndjson" --labels "$TMP/l.csv")
    for f in json csv cards; do
        "$SEGPROF" -j 1 "${a[@]}" -f $f >"$TMP/j1.$f"
        for j in 2 3; do
            "$SEGPROF" -j $j "${a[@]}" -f $f >"$TMP/j.$f"
            cmp "$TMP/j1.$f" "$TMP/j.$f"
        done
    done
    python3 "$REF" "${a[@]}" -f csv >"$TMP/ref.csv"
    cmp "$TMP/j1.csv" "$TMP/ref.csv"
    # something to rank: every cluster has a top
    run cut -d, -f 6 "$TMP/j1.csv"
    refute_line ''
}

@test "lift: partials merged give the bytes of one run" {
    make_big
    head -n 9000 "$TMP/c.ndjson" >"$TMP/c1.ndjson"
    tail -n +9001 "$TMP/c.ndjson" >"$TMP/c2.ndjson"
    for s in 1 2; do
        "$SEGPROF" -j 2 --partial --customers "$TMP/c$s.ndjson" --labels "$TMP/l.csv" >"$TMP/p$s.ndjson"
    done
    for f in json tsv; do
        cmp <("$SEGPROF" merge --rank=lift --min-support=30 -f $f "$TMP/p1.ndjson" "$TMP/p2.ndjson") \
            <("$SEGPROF" --rank=lift --min-support=30 -f $f --customers "$TMP/c.ndjson" --labels "$TMP/l.csv")
    done
    # the rank options belong to the merge; a partial is the same with or without them
    cmp <("$SEGPROF" --partial --rank=lift --customers "$TMP/c1.ndjson" --labels "$TMP/l.csv") "$TMP/p1.ndjson"
    # scores and the index, also of an extra feature, through partials
    for s in 1 2; do
        "$SEGPROF" --partial --mean visits --customers "$TMP/c$s.ndjson" --labels "$TMP/l.csv" >"$TMP/v$s.ndjson"
    done
    cmp <("$SEGPROF" merge --scores --index -f csv "$TMP/v1.ndjson" "$TMP/v2.ndjson") \
        <("$SEGPROF" --scores --index --mean visits -f csv --customers "$TMP/c.ndjson" --labels "$TMP/l.csv")
    cmp <("$SEGPROF" --partial --scores --index --mean visits --customers "$TMP/c1.ndjson" --labels "$TMP/l.csv") \
        "$TMP/v1.ndjson"
}

# leaders DATA [ARGS...]: the distinct leading categories of DATA's clusters, one a line.
leaders() {
    local data=$1
    shift
    "$SEGPROF" -f tsv "$@" "$REAL/$data.request.json" | tail -n +2 | cut -f 6 | sed 's/,.*//' | sort -u
}

@test "real data: lift gives every cluster its own leading category, tfidf does not" {
    [ -d "$REAL" ] || skip "no real data beside the repository ($REAL)"
    for d in olist_2017_10k:4 online_retail:4 completejourney_sample:5; do
        local data=${d%:*} k=${d#*:}
        run leaders "$data"
        assert_success
        [ "${#lines[@]}" -lt "$k" ] || fail "$data: tfidf already tells the $k clusters apart: ${lines[*]}"
        run leaders "$data" --rank=lift
        assert_success
        [ "${#lines[@]}" -eq "$k" ] || fail "$data: lift leaders not distinct: ${lines[*]}"
        cmp <("$SEGPROF" -f tsv --rank=lift "$REAL/$data.request.json") \
            <(python3 "$REF" -f tsv --rank=lift "$REAL/$data.request.json")
    done
    # the leaders of the man page's "Lift" section
    run leaders olist_2017_10k --rank=lift
    assert_output "$(printf 'bed_bath_table\ncomputers\nconstruction_tools_construction\nfashion_underwear_beach')"
}

# The fixture with every score and index column (tests/fixtures/rank/README.md).
scored() {
    "$SEGPROF" -q --unlabeled=skip --rank=lift --min-support=1 --scores --index "$@" "$FIX/lift.request.json"
}

@test "--scores and --index: the hand-worked json and csv, and the reference agrees" {
    run scored --mean returns,net,zero
    assert_success
    assert_output "$(cat "$FIX/lift.scores_index.expected.json")"
    run scored --mean returns,net,zero -f csv
    assert_output "$(cat "$FIX/lift.scores_index.expected.csv")"
    for f in json ndjson csv tsv; do
        cmp <(scored --mean returns,net,zero -f $f) \
            <(python3 "$REF" -q --unlabeled=skip --rank=lift --min-support=1 --scores --index \
                  --mean returns,net,zero -f $f "$FIX/lift.request.json")
    done
}

@test "--scores and --index in table and cards: two decimals, '-' and an em dash for null" {
    run scored --mean zero -f table
    assert_output "$(cat "$FIX/lift.scores_index.expected.table.txt")"
    run scored --mean zero -f cards
    assert_output "$(cat "$FIX/lift.scores_index.expected.cards.md")"
    run scored -f markdown
    assert_line --index 0 --partial '| top_categories            | top_scores             |'
    assert_line --index 1 --partial '| :------------------------ | :--------------------- |'
    assert_line --index 2 --partial '| wine, cheese, bread, milk | 2.50, 2.50, 1.00, 0.94 |'
}

@test "--scores with tfidf: the TF-IDF scores, rounded from the exact double" {
    run "$SEGPROF" -q --unlabeled=skip --scores -f tsv "$FIX/lift.request.json"
    assert_success
    # 3 (ln(3/2) + 1) = 4.2163953..., 2 (ln(3/2) + 1) = 2.8109302...
    assert_line --index 1 --partial "$(printf 'wine, milk, cheese, bread\t4.22, 3.0, 2.81, 2.0\t')"
    assert_line --index 2 --partial "$(printf 'milk, bread, toys\t5.0, 3.0, 2.81\t')"
    cmp <("$SEGPROF" -q --unlabeled=skip --scores -f csv "$FIX/lift.request.json") \
        <(python3 "$REF" -q --unlabeled=skip --scores -f csv "$FIX/lift.request.json")
}

@test "--scores with no top category: an empty array and an empty cell" {
    run "$SEGPROF" -q --unlabeled=skip --rank=lift --scores --compact "$FIX/lift.request.json"
    assert_output --partial '"top_categories":"","top_scores":[],"share_of_revenue_pct":69.23'
    run "$SEGPROF" -q --unlabeled=skip --scores -n 0 -f tsv "$FIX/lift.request.json"
    assert_line --index 1 "$(printf '1\t4\t45.0\t35.25\t2.5\t\t\t69.23\tFocus on retention & upsell')"
    run "$SEGPROF" -q --unlabeled=skip --rank=lift --scores -f cards "$FIX/lift.request.json"
    assert_line '**Top categories:** none'
}

@test "--scores in compact json and ndjson" {
    run "$SEGPROF" -q --unlabeled=skip --rank=lift --min-support=3 --scores -f ndjson "$FIX/lift.request.json"
    assert_line --index 0 --partial '"top_categories":"wine, milk","top_scores":[{"slug":"wine","score":2.5},{"slug":"milk","score":0.94}],'
    assert_line --index 1 --partial '"top_categories":"milk, bread","top_scores":[{"slug":"milk","score":1.04},{"slug":"bread","score":1.0}],'
}

@test "--index with --missing skip: the population of FIELD is the customers having it" {
    # returns kept only where it is not 0: a1 2, a2 -1, a4 1 (mean 2/3); b1 1, b6 1 (mean 1);
    # population 4 / 5 = 0.8: cluster 1 100 (2/3) / 0.8 = 83.333... -> 83.33, cluster 2 125.0.
    jq '.customers |= map(if .returns == 0 then del(.returns) else . end)' "$FIX/lift.request.json" >"$TMP/some.json"
    run "$SEGPROF" -q --unlabeled=skip --index --mean returns --missing skip -f csv "$TMP/some.json"
    assert_success
    assert_line --index 0 --partial ',n_returns,mean_returns,idx_avg_spend,idx_avg_frequency,idx_returns'
    assert_line --index 1 --partial ',3,0.67,173.08,147.06,83.33'
    assert_line --index 2 --partial ',2,1.0,51.28,68.63,125.0'
    # a cluster where nobody has the field: null mean, null index
    jq '.customers |= map(if (.id | startswith("b")) then del(.returns) else . end)' "$FIX/lift.request.json" >"$TMP/none.json"
    run "$SEGPROF" -q --unlabeled=skip --index --mean returns --missing skip -f csv "$TMP/none.json"
    assert_line --index 2 --partial ',0,,51.28,68.63,'
    cmp <("$SEGPROF" -q --unlabeled=skip --index --mean returns --missing skip -f csv "$TMP/some.json") \
        <(python3 "$REF" -q --unlabeled=skip --index --mean returns --missing skip -f csv "$TMP/some.json")
}

@test "--index: null when the population's mean is 0 (no revenue, no orders)" {
    jq '.customers |= map(.amount_spent = 0 | .frequency = 0)' "$FIX/lift.request.json" >"$TMP/zero.json"
    run "$SEGPROF" -q --unlabeled=skip --index --compact "$TMP/zero.json"
    assert_output --partial '"insight":"Growth-potential segment","idx_avg_spend":null,"idx_avg_frequency":null}'
    run "$SEGPROF" -q --unlabeled=skip --index -f csv "$TMP/zero.json"
    assert_line --index 1 --regexp ',,$'
}

@test "--index: a field named avg_spend or avg_frequency is a usage error" {
    fails 64 "segprof: --index with a field named avg_spend or avg_frequency would name two columns alike (idx_avg_spend, idx_avg_frequency)
Try 'segprof --help' for more information." --index --mean avg_spend "$FIX/lift.request.json"
    fails 64 "segprof: --index with a field named avg_spend or avg_frequency would name two columns alike (idx_avg_spend, idx_avg_frequency)
Try 'segprof --help' for more information." --index --sum x --mean y,avg_frequency "$FIX/lift.request.json"
}

@test "real data: the lift leaders' scores and the clusters' spend index" {
    [ -d "$REAL" ] || skip "no real data beside the repository ($REAL)"
    run "$SEGPROF" --rank=lift --scores --index -f tsv "$REAL/olist_2017_10k.request.json"
    assert_success
    # computers: 21 of cluster 3's 3000 customers, 24 of all 9766: (21/3000) / (24/9766) = 2.848...
    assert_line --index 4 --partial "$(printf 'computers, office_furniture, home_appliances_2, air_conditioning, small_appliances\t2.85, 2.56, 2.39, 1.98, 1.87\t')"
    cmp <("$SEGPROF" --rank=lift --scores --index -f csv "$REAL/olist_2017_10k.request.json") \
        <(python3 "$REF" --rank=lift --scores --index -f csv "$REAL/olist_2017_10k.request.json")
}

@test "--scores: slugs with ', ' or control characters keep their own score" {
    cat >"$TMP/odd.json" <<'JSON'
{"customers": [
 {"id": "1", "frequency": 1, "amount_spent": 1, "product_types": ["x, y", "a\nb"]},
 {"id": "2", "frequency": 1, "amount_spent": 1, "product_types": ["a\nb"]},
 {"id": "3", "frequency": 1, "amount_spent": 1, "product_types": ["z"]}],
 "labels": {"1": 0, "2": 0, "3": 1}}
JSON
    # cluster 0: "a\nb" (2/2) / (2/3) = 1.5, "x, y" (1/2) / (1/3) = 1.5: a tie, first seen "x, y"
    run "$SEGPROF" --rank=lift --min-support=1 --scores --compact "$TMP/odd.json"
    assert_output --partial '"top_categories":"x, y, a\nb","top_scores":[{"slug":"x, y","score":1.5},{"slug":"a\nb","score":1.5}]'
    run "$SEGPROF" --rank=lift --min-support=1 --scores -f cards "$TMP/odd.json"
    assert_line '**Top categories:** x, y (1.5), a b (1.5)'
    assert_line '**Top categories:** z (3.0)'
}

@test "--sort=top_scores orders by the scores as numbers, one by one" {
    run "$SEGPROF" -q --unlabeled=skip --rank=lift --min-support=1 --scores --sort=top_scores -f tsv "$FIX/lift.request.json"
    assert_success
    # cluster 2 (1.67, ...) before cluster 1 (2.5, ...)
    assert_line --index 1 --partial "$(printf '2\t6\t')"
    assert_line --index 2 --partial "$(printf '1\t4\t')"
}

@test "--partial: --min-support without --rank=lift takes no effect, as every output option" {
    run --separate-stderr "$SEGPROF" --partial --min-support 3 "$EXAMPLE"
    assert_success
    assert_equal "$stderr" ""
    assert_equal "$output" "$("$SEGPROF" --partial "$EXAMPLE")"
}
