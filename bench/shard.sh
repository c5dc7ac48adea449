#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/shard.sh — scale-out figures of hash shards (segprof(1), PARTIAL RESULTS AND MERGE) on
# the generated M data (1M customers), printed as a Markdown table.
#
#   bench/shard.sh [--bin PATH] [--cache DIR]
#
# Every figure comes from one run (the machine may be shared: say so when quoting them), with
# /usr/bin/time -f '%e %M' (wall seconds, peak RSS in KiB):
#   single -j 1 and -j 2 runs; one of 4 hash shards at -j 1; 4 shards + merge through GNU
#   parallel -j 2; the size of a full partial and of one shard; 64 partials (line pieces of M)
#   and their merge; memory per label (a run on the labels alone), per customer (shards of 1, 2,
#   4 and 8) and per distinct slug (gen.py data with a large vocabulary).
# Outputs are compared (cmp) with the single run before anything is reported.
set -euo pipefail
export LC_ALL=C
script=$(readlink -f -- "${BASH_SOURCE[0]}")
repo=$(cd -- "$(dirname -- "$script")/.." && pwd -P)
bin=$repo/build/segprof
cache=${SEGPROF_BENCH_CACHE:-/work/cache}
gen=${SEGPROF_GEN:-$repo/../shared/bench/gen.py}
while (($#)); do
    case $1 in
        --bin) bin=$2; shift 2 ;;
        --cache) cache=$2; shift 2 ;;
        *) echo "usage: $0 [--bin PATH] [--cache DIR]" >&2; exit 2 ;;
    esac
done
c=$cache/M.customers.ndjson l=$cache/M.labels.csv
[ -f "$c" ] && [ -f "$l" ] || { echo "shard.sh: SKIP: $c or $l missing" >&2; exit 77; }
command -v parallel >/dev/null || { echo "shard.sh: SKIP: GNU parallel not installed" >&2; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/segprof-shard.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# timed NAME CMD...: run CMD, stdout to $tmp/NAME.out; sets wall (s) and rss (MiB)
timed() {
    local name=$1
    shift
    /usr/bin/time -f '%e %M' -o "$tmp/$name.time" "$@" >"$tmp/$name.out"
    read -r wall rss_k <"$tmp/$name.time"
    rss=$(awk -v k="$rss_k" 'BEGIN { printf "%.1f", k / 1024 }')
}
row() { printf '| %s | %s |\n' "$1" "$2"; }

timed single1 "$bin" -j 1 --customers "$c" --labels "$l"
single1_wall=$wall single1_rss=$rss
timed single2 "$bin" -j 2 --customers "$c" --labels "$l"
single2_wall=$wall single2_rss=$rss
cmp "$tmp/single1.out" "$tmp/single2.out"

timed shard0 "$bin" --shard 0/4 -j 1 --customers "$c" --labels "$l"
shard_rss=$rss shard_wall=$wall

# 4 hash shards and their merge, 2 at a time
cat >"$tmp/four.sh" <<SH
parallel --will-cite -j 2 "$bin" --shard {}/4 -j 1 --customers "$c" --labels "$l" -o "$tmp/p.{}" ::: 0 1 2 3
"$bin" merge "$tmp"/p.0 "$tmp"/p.1 "$tmp"/p.2 "$tmp"/p.3
SH
timed four bash "$tmp/four.sh"
four_wall=$wall
cmp "$tmp/four.out" "$tmp/single1.out"

timed full "$bin" --partial -j 1 --customers "$c" --labels "$l"
full_size=$(stat -c %s "$tmp/full.out")
shard_size=$(stat -c %s "$tmp/shard0.out")

# 64 partials: line pieces of M, then their merge
mkdir "$tmp/pieces"
split -n l/64 -d -a 2 "$c" "$tmp/pieces/c"
parallel --will-cite -j 2 "$bin" --partial -j 1 -q --customers {} --labels "$l" -o {}.partial \
    ::: "$tmp"/pieces/c??
n_pieces=$(ls "$tmp/pieces"/*.partial | wc -l)
timed merge64 "$bin" merge -q "$tmp"/pieces/c??.partial
cmp "$tmp/merge64.out" "$tmp/single1.out"
merge64_wall=$wall merge64_rss=$rss

# memory per label: the labels alone (no customers)
: >"$tmp/none.ndjson"
timed labels "$bin" --partial -j 1 -q --customers "$tmp/none.ndjson" --labels "$l"
labels_rss=$rss
timed nothing "$bin" --partial -j 1 -q --customers "$tmp/none.ndjson" --labels "$tmp/none.ndjson"
base_rss=$rss
n_labels=$(($(wc -l <"$l") - 1))
per_label=$(awk -v a="$labels_rss" -v b="$base_rss" -v n="$n_labels" 'BEGIN { printf "%.0f", (a - b) * 1048576 / n }')
# per customer (with its label): shards of 1 and 8
timed k8 "$bin" --shard 0/8 -j 1 --customers "$c" --labels "$l"
k8_rss=$rss
timed k1 "$bin" --shard 0/1 -j 1 --customers "$c" --labels "$l"
k1_rss=$rss
per_customer=$(awk -v a="$k1_rss" -v b="$k8_rss" -v n="$n_labels" -v pl="$per_label" \
    'BEGIN { printf "%.0f", (a - b) * 1048576 / (n - n / 8) - pl }')
fixed=$(awk -v a="$k1_rss" -v n="$n_labels" -v pl="$per_label" -v pc="$per_customer" \
    'BEGIN { printf "%.1f", a - n * (pl + pc) / 1048576 }')
# per distinct slug: 20,000 customers over 2,000 or 200,000 slugs
per_slug=n/a
if [ -f "$gen" ]; then
    python3 "$gen" -n 20000 -V 2000 -f split -o "$tmp/v1" -q
    python3 "$gen" -n 20000 -V 200000 -f split -o "$tmp/v2" -q
    timed v1 "$bin" -j 1 --customers "$tmp/v1.customers.ndjson" --labels "$tmp/v1.labels.csv"
    v1_rss=$rss
    timed v2 "$bin" -j 1 --customers "$tmp/v2.customers.ndjson" --labels "$tmp/v2.labels.csv"
    v2_rss=$rss
    slugs() { python3 -c 'import json,sys; print(len({s for l in open(sys.argv[1]) for s in json.loads(l)["product_types"]}))' "$1"; }
    s1=$(slugs "$tmp/v1.customers.ndjson") s2=$(slugs "$tmp/v2.customers.ndjson")
    per_slug=$(awk -v a="$v2_rss" -v b="$v1_rss" -v n=$((s2 - s1)) 'BEGIN { printf "%.0f", (a - b) * 1048576 / n }')
fi

echo "| measure | value |"
echo "| --- | --- |"
row "single run -j 1: wall, peak RSS" "${single1_wall} s, ${single1_rss} MiB"
row "single run -j 2: wall, peak RSS" "${single2_wall} s, ${single2_rss} MiB"
row "one of 4 hash shards (-j 1): wall, peak RSS" "${shard_wall} s, ${shard_rss} MiB ($(awk -v a="$shard_rss" -v b="$single1_rss" 'BEGIN { printf "%.2f", a / b }') x single -j 1)"
row "4 hash shards + merge, GNU parallel -j 2: wall" "${four_wall} s ($(awk -v a="$four_wall" -v b="$single2_wall" 'BEGIN { printf "%.2f", a / b }') x single -j 2)"
row "partial of all of M (1M customers)" "$(awk -v s="$full_size" 'BEGIN { printf "%.2f MB", s / 1e6 }')"
row "partial of one of 4 shards" "$(awk -v s="$shard_size" 'BEGIN { printf "%.2f MB", s / 1e6 }')"
row "merge of $n_pieces partials (pieces of M): wall, peak RSS" "${merge64_wall} s, ${merge64_rss} MiB"
row "memory per label (labels alone)" "$per_label bytes"
row "memory per customer, besides its label (shard 0/1 vs 0/8)" "$per_customer bytes"
row "memory per distinct slug (gen.py -V 2000 vs 200000)" "$per_slug bytes"
row "fixed (shard 0/1 less labels and customers)" "$fixed MiB"
