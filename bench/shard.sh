#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/shard.sh — scale-out figures of hash shards (segprof(1), PARTIAL RESULTS AND MERGE) on
# the generated M data (1M customers) and, with --L, L (10M), printed as Markdown tables.
#
#   bench/shard.sh [--bin PATH] [--cache DIR] [--L]
#
# Every figure comes from one run, with /usr/bin/time -f '%e %U %S %M' (wall, user and system
# seconds, peak RSS): the machine may be shared, so the load (uptime) is printed beside each
# table and CPU seconds (user+sys) beside each wall time.  The first table is the scale-out
# targets: one of 4 hash shards of M against a single -j 1 run (peak RSS); 4 hash shards + merge
# through GNU parallel -j 2 against a single -j 2 run (wall); the size of a partial of all of M;
# with --L, one of 8 hash shards of L against a single L run (peak RSS) and the merge of the 64
# partials of L's 64 hash shards (run 2 at a time; about 3 minutes of both cores).  GNU
# parallel's own start-up (4 jobs of `true`) is measured too, and with it the floor of any 4
# shards on 2 cores; the 4 shards run again over files bucketed by the shard hash
# (bench/bucket.py), the layout where no shard reads another's records.  The second table is memory per
# label, per customer and per distinct slug, for the man page's Memory and size.
# Outputs are compared (cmp) with the single run before anything is reported.
set -euo pipefail
export LC_ALL=C
script=$(readlink -f -- "${BASH_SOURCE[0]}")
repo=$(cd -- "$(dirname -- "$script")/.." && pwd -P)
bin=$repo/build/segprof
cache=${SEGPROF_BENCH_CACHE:-/work/cache}
gen=${SEGPROF_GEN:-$repo/../shared/bench/gen.py}
with_l=false
while (($#)); do
    case $1 in
        --bin) bin=$2; shift 2 ;;
        --cache) cache=$2; shift 2 ;;
        --L) with_l=true; shift ;;
        *) echo "usage: $0 [--bin PATH] [--cache DIR] [--L]" >&2; exit 2 ;;
    esac
done
c=$cache/M.customers.ndjson l=$cache/M.labels.csv
[ -f "$c" ] && [ -f "$l" ] || { echo "shard.sh: SKIP: $c or $l missing" >&2; exit 77; }
command -v parallel >/dev/null || { echo "shard.sh: SKIP: GNU parallel not installed" >&2; exit 77; }
if $with_l; then
    lc=$cache/L.customers.ndjson ll=$cache/L.labels.csv
    [ -f "$lc" ] && [ -f "$ll" ] || { echo "shard.sh: $lc or $ll missing" >&2; exit 77; }
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/segprof-shard.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# timed NAME CMD...: run CMD, stdout to $tmp/NAME.out; sets wall (s), cpu (user+sys s), rss (MiB)
timed() {
    local name=$1 user sys rss_k
    shift
    /usr/bin/time -f '%e %U %S %M' -o "$tmp/$name.time" "$@" >"$tmp/$name.out"
    read -r wall user sys rss_k <"$tmp/$name.time"
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
    rss=$(awk -v k="$rss_k" 'BEGIN { printf "%.1f", k / 1024 }')
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
load() { uptime | sed 's/.*load average: /load /'; }
row() { printf '| %s | %s | %s |\n' "$1" "$2" "$3"; }

load_m=$(load)
timed single1 "$bin" -j 1 --customers "$c" --labels "$l"
single1_rss=$rss single1_cpu=$cpu
timed single2 "$bin" -j 2 --customers "$c" --labels "$l"
single2_wall=$wall single2_cpu=$cpu
cmp "$tmp/single1.out" "$tmp/single2.out"

timed shard0 "$bin" --shard 0/4 -j 1 --customers "$c" --labels "$l"
shard_rss=$rss shard_cpu=$cpu

# GNU parallel's own start-up: 4 jobs that do nothing, 2 at a time
timed startup parallel --will-cite -j 2 true ::: 0 1 2 3
startup_wall=$wall startup_cpu=$cpu

# 4 hash shards and their merge, 2 at a time
cat >"$tmp/four.sh" <<SH
parallel --will-cite -j 2 "$bin" --shard {}/4 -j 1 --customers "$c" --labels "$l" -o "$tmp/p.{}" ::: 0 1 2 3
"$bin" merge "$tmp"/p.0 "$tmp"/p.1 "$tmp"/p.2 "$tmp"/p.3
SH
timed four bash "$tmp/four.sh"
four_wall=$wall four_cpu=$cpu
cmp "$tmp/four.out" "$tmp/single1.out"

# The same 4 shards over files bucketed by the shard hash (bucketed outside the timing): each
# shard reads only its own customers and labels, as a table bucketed by id hands them over.
mkdir "$tmp/bucket"
python3 "$repo/bench/bucket.py" 4 "$c" "$l" "$tmp/bucket"
cat >"$tmp/bucketed.sh" <<SH
parallel --will-cite -j 2 "$bin" --shard {}/4 -j 1 --customers "$tmp/bucket/customers.{}.ndjson" --labels "$tmp/bucket/labels.{}.csv" -o "$tmp/b.{}" ::: 0 1 2 3
"$bin" merge "$tmp"/b.0 "$tmp"/b.1 "$tmp"/b.2 "$tmp"/b.3
SH
timed bucketed bash "$tmp/bucketed.sh"
bucketed_wall=$wall bucketed_cpu=$cpu
# other subsets of the input may list equal-score categories in another order (segprof(1),
# Hash shards): say whether the bytes are the same rather than stop
bucketed_same=no
cmp -s "$tmp/bucketed.out" "$tmp/single1.out" && bucketed_same=yes
rm -rf "$tmp/bucket"
# No 4 shards on 2 cores can beat parallel's start-up plus the CPU of the work itself (a single
# -j 1 run's) shared by the 2 cores, however cheap passing over other shards' records becomes.
floor_wall=$(awk -v s="$startup_wall" -v c="$single1_cpu" 'BEGIN { printf "%.2f", s + c / 2 }')
load_m_end=$(load)

timed full "$bin" --partial -j 1 --customers "$c" --labels "$l"
full_size=$(stat -c %s "$tmp/full.out")
shard_size=$(stat -c %s "$tmp/shard0.out")

if $with_l; then
    load_l=$(load)
    timed lsingle "$bin" -j 1 --customers "$lc" --labels "$ll"
    lsingle_rss=$rss lsingle_wall=$wall lsingle_cpu=$cpu
    timed l8 "$bin" --shard 0/8 -j 1 --customers "$lc" --labels "$ll"
    l8_rss=$rss
    mkdir "$tmp/l64"
    parallel --will-cite -j 2 "$bin" --shard {}/64 -j 1 -q --customers "$lc" --labels "$ll" \
        -o "$tmp/l64/p.{}" ::: $(seq 0 63)
    l64_size=$(cat "$tmp"/l64/p.* | wc -c)
    timed lmerge "$bin" merge -q "$tmp"/l64/p.*
    lmerge_wall=$wall lmerge_cpu=$cpu lmerge_rss=$rss
    cmp "$tmp/lmerge.out" "$tmp/lsingle.out"
    rm -rf "$tmp/l64"
    load_l_end=$(load)
fi

echo "Scale-out targets (M: $load_m before, $load_m_end after$($with_l && echo "; L: $load_l before, $load_l_end after"))"
echo
echo "| measure | target | measured |"
echo "| --- | --- | --- |"
row "peak RSS of one of 4 hash shards, M" "≤ 0.35 × a single run's" \
    "$shard_rss MiB = $(ratio "$shard_rss" "$single1_rss") × $single1_rss MiB (single -j 1)"
if $with_l; then
    row "peak RSS of one of 8 hash shards, L" "≤ 0.2 × a single run's" \
        "$l8_rss MiB = $(ratio "$l8_rss" "$lsingle_rss") × $lsingle_rss MiB (single -j 1: ${lsingle_wall} s wall, ${lsingle_cpu} s CPU)"
else
    row "peak RSS of one of 8 hash shards, L" "≤ 0.2 × a single run's" "not run (--L)"
fi
row "4 hash shards + merge via GNU parallel on 2 cores, M" "≤ 1.3 × a single -j 2 run's wall" \
    "${four_wall} s = $(ratio "$four_wall" "$single2_wall") × ${single2_wall} s (CPU ${four_cpu} s against ${single2_cpu} s; one shard ${shard_cpu} s CPU; parallel's start-up alone ${startup_wall} s wall, ${startup_cpu} s CPU)"
row "the same over files bucketed by shard (each shard reads its bucket only), M" "" \
    "${bucketed_wall} s = $(ratio "$bucketed_wall" "$single2_wall") × ${single2_wall} s (CPU ${bucketed_cpu} s; output identical to the single run: ${bucketed_same})"
row "floor of any 4 shards on 2 cores, M: parallel's start-up + a single -j 1 run's CPU / 2" "" \
    "${floor_wall} s = $(ratio "$floor_wall" "$single2_wall") × ${single2_wall} s (${startup_wall} s + ${single1_cpu} s / 2)"
row "partial size, M" "≤ 5 MB" \
    "$(awk -v s="$full_size" 'BEGIN { printf "%.2f MB", s / 1e6 }') (one of 4 shards: $(awk -v s="$shard_size" 'BEGIN { printf "%.2f MB", s / 1e6 }'))"
if $with_l; then
    row "merge of 64 partials of L" "≤ 2 s, ≤ 200 MB" \
        "${lmerge_wall} s wall, ${lmerge_cpu} s CPU, ${lmerge_rss} MiB ($(awk -v s="$l64_size" 'BEGIN { printf "%.1f MB", s / 1e6 }') of partials)"
else
    row "merge of 64 partials of L" "≤ 2 s, ≤ 200 MB" "not run (--L)"
fi

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

echo
echo "Memory per shard, -j 1 ($(load))"
echo
echo "| measure | value |"
echo "| --- | --- |"
printf '| %s | %s |\n' "memory per label (labels alone)" "$per_label bytes"
printf '| %s | %s |\n' "memory per customer, besides its label (shard 0/1 vs 0/8)" "$per_customer bytes"
printf '| %s | %s |\n' "memory per distinct slug (gen.py -V 2000 vs 200000)" "$per_slug bytes"
printf '| %s | %s |\n' "fixed (shard 0/1 less labels and customers)" "$fixed MiB"
printf '| %s | %s |\n' "single run -j 1, M: peak RSS" "$single1_rss MiB"
