#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/targets.sh — the throughput table: segprof per core and against DuckDB, side by side
# in one run, optionally against an older segprof binary (peak RSS, byte identity).
#
#   bench/targets.sh [--bin PATH] [--baseline PATH] [--reps N] [--no-L]
#
# Rows (gen.py data, seed 1; M = 1M customers, L = 10M):
#   M split -j 1 and M request -j 1 in MB/s of input;
#   M split, L split, M request and M table CSV at -j 2 as a multiple of DuckDB's wall time on
#   the same files (bench/duckdb_profile.mjs, every core).
# Every command runs once per round, rounds interleaved (load changes hit all alike); the
# median wall time and the largest peak RSS are reported. Before anything is timed, every
# segprof output of a size is compared (cmp) with the others and with --baseline's, and
# DuckDB's profile is checked against segprof -f csv (to 0.01).
# With perf(1) usable, instructions and cycles per input byte of the -j 1 rows are printed.
# Exit status: 0 ok, 1 failure, 2 usage, 77 skipped (DuckDB or inputs missing).
set -euo pipefail
export LC_ALL=C

prog=${0##*/}
die()  { printf '%s: error: %s\n' "$prog" "$*" >&2; exit 1; }
skip() { printf '%s: SKIP: %s\n' "$prog" "$*" >&2; exit 77; }
script=$(readlink -f -- "${BASH_SOURCE[0]}")
repo=$(cd -- "$(dirname -- "$script")/.." && pwd -P)

bin=$repo/build/segprof baseline= reps=3 with_l=1
while (($#)); do
    case $1 in
        --bin) bin=$2; shift 2 ;;
        --baseline) baseline=$2; shift 2 ;;
        --reps) reps=$2; shift 2 ;;
        --no-L) with_l=0; shift ;;
        -h|--help) sed -n '3,18p' "$script" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) printf 'usage: %s [--bin PATH] [--baseline PATH] [--reps N] [--no-L]\n' "$prog" >&2; exit 2 ;;
    esac
done
[[ $reps =~ ^[1-9][0-9]*$ ]] || die "--reps wants a positive integer"
[[ -x $bin ]] || die "segprof binary not found: $bin"
bin=$(readlink -f -- "$bin")
[[ -z $baseline ]] || { [[ -x $baseline ]] || die "baseline binary not found: $baseline"; baseline=$(readlink -f -- "$baseline"); }
[[ -x /usr/bin/time ]] || die "/usr/bin/time (GNU time) is required"
(cd "$repo/bench" && node --input-type=module -e "await import('@duckdb/node-api')") >/dev/null 2>&1 ||
    skip "DuckDB not installed ((cd bench && npm install))"

cache=${SEGPROF_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/segprof-bench}
sizes=(M); ((with_l)) && sizes+=(L)
for sz in "${sizes[@]}"; do
    # bench/run.sh generates missing inputs into the same cache
    for f in request.json customers.ndjson labels.csv table.csv; do
        [[ $sz == L && $f != customers.ndjson && $f != labels.csv ]] && continue
        [[ -s $cache/$sz.$f ]] || skip "$cache/$sz.$f missing (bench/run.sh $sz generates it)"
    done
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/segprof-targets.XXXXXX")
trap 'rm -rf -- "$tmp"' EXIT
trap 'exit 130' INT TERM

now_us() { local t=$EPOCHREALTIME; echo $(( ${t%.*} * 1000000 + 10#${t#*.} )); }
fsize()  { stat -c %s -- "$1"; }
median() { sort -n | awk '{a[NR]=$1} END{ if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2) }'; }

M=$cache/M L=$cache/L
# key|size|what|input bytes|argv (words joined with \x1f); %BIN% is segprof or the baseline
US=$'\x1f'
split_args() { printf '%s' "-j${US}$2${US}--customers${US}$1.customers.ndjson${US}--labels${US}$1.labels.csv"; }
rows=(
    "s1|M|split -j 1|$(( $(fsize "$M.customers.ndjson") + $(fsize "$M.labels.csv") ))|$(split_args "$M" 1)"
    "r1|M|request -j 1|$(fsize "$M.request.json")|-j${US}1${US}$M.request.json"
    "s2|M|split -j 2|$(( $(fsize "$M.customers.ndjson") + $(fsize "$M.labels.csv") ))|$(split_args "$M" 2)"
    "r2|M|request -j 2|$(fsize "$M.request.json")|-j${US}2${US}$M.request.json"
    "t2|M|table CSV -j 2|$(fsize "$M.table.csv")|-j${US}2${US}--customers${US}$M.table.csv${US}--cluster-field${US}cluster"
)
((with_l)) && rows+=("L2|L|split -j 2|$(( $(fsize "$L.customers.ndjson") + $(fsize "$L.labels.csv") ))|$(split_args "$L" 2)")
duck=node${US}$repo/bench/duckdb_profile.mjs
duckrows=(
    "ds|M|$duck${US}split${US}$M.customers.ndjson${US}$M.labels.csv"
    "dr|M|$duck${US}request${US}$M.request.json"
    "dt|M|$duck${US}table${US}$M.table.csv"
)
((with_l)) && duckrows+=("dL|L|$duck${US}split${US}$L.customers.ndjson${US}$L.labels.csv")
# DuckDB's request mode may be missing from an older duckdb_profile.mjs
grep -q "'request'" "$repo/bench/duckdb_profile.mjs" || duckrows=("${duckrows[@]/dr|*/}")

# ---------------------------------------------------------------- correctness first
run_to() { local out=$1; shift; "$@" >"$out" 2>"$out.err" || { sed 's/^/    /' "$out.err" >&2; die "failed: $*"; }; }
declare -A ref=()
for row in "${rows[@]}"; do
    IFS='|' read -r key sz what bytes argv <<<"$row"
    IFS=$US read -r -a args <<<"$argv"
    run_to "$tmp/$key.out" "$bin" "${args[@]}"
    if [[ -z ${ref[$sz]:-} ]]; then ref[$sz]=$tmp/$key.out
    else cmp -s "${ref[$sz]}" "$tmp/$key.out" || die "$sz $what differs from the other $sz forms"; fi
    if [[ -n $baseline ]]; then
        run_to "$tmp/$key.base" "$baseline" "${args[@]}"
        cmp -s "$tmp/$key.out" "$tmp/$key.base" || die "$sz $what differs from the baseline's output"
    fi
done
for row in "${duckrows[@]}"; do
    [[ -n $row ]] || continue
    IFS='|' read -r key sz argv <<<"$row"
    IFS=$US read -r -a cmd <<<"$argv"
    run_to "$tmp/$key.csv" "${cmd[@]}"
    run_to "$tmp/$sz.segprof.csv" "$bin" -f csv --customers "$cache/$sz.customers.ndjson" --labels "$cache/$sz.labels.csv"
    python3 - "$tmp/$sz.segprof.csv" "$tmp/$key.csv" <<'PY' || die "DuckDB ($key) disagrees with segprof -f csv"
import csv, sys
a, b = (list(csv.reader(open(f, newline=""))) for f in sys.argv[1:3])
ok = len(a) == len(b) and a[:1] == b[:1]
for ra, rb in zip(a[1:], b[1:]):
    for col, x, y in zip(a[0], ra, rb):
        num = col in ("avg_spend", "median_spend", "avg_frequency", "share_of_revenue_pct")
        ok = ok and (abs(float(x) - float(y)) <= 0.0100001 if num else x == y)
sys.exit(0 if ok else 1)
PY
done

# ---------------------------------------------------------------- timing, interleaved
declare -A walls=() rss=()
timed() { # KEY CMD...
    local key=$1 t0 t1 m; shift
    t0=$(now_us)
    /usr/bin/time -f '%M' -o "$tmp/time" "$@" >/dev/null 2>"$tmp/err" || { cat "$tmp/err" >&2; die "failed: $*"; }
    t1=$(now_us)
    m=$(tail -n 1 "$tmp/time")
    walls[$key]+="$((t1 - t0)) "
    (( m > ${rss[$key]:-0} )) && rss[$key]=$m
    return 0
}
cat "$M".* >/dev/null; ((with_l)) && cat "$L.customers.ndjson" "$L.labels.csv" >/dev/null
for ((r = 1; r <= reps; r++)); do
    for row in "${rows[@]}"; do
        IFS='|' read -r key sz what bytes argv <<<"$row"
        IFS=$US read -r -a args <<<"$argv"
        timed "$key" "$bin" "${args[@]}"
        [[ -z $baseline ]] || timed "b$key" "$baseline" "${args[@]}"
    done
    for row in "${duckrows[@]}"; do
        [[ -n $row ]] || continue
        IFS='|' read -r key sz argv <<<"$row"
        IFS=$US read -r -a cmd <<<"$argv"
        timed "$key" "${cmd[@]}"
    done
done
med() { [[ -n ${walls[$1]:-} ]] && tr ' ' '\n' <<<"${walls[$1]}" | grep . | median; }

# ---------------------------------------------------------------- report
cpu=$(awk -F': *' '/^model name/{print $2; exit}' /proc/cpuinfo 2>/dev/null || uname -m)
printf '**machine:** %s CPUs, %s · %s%s · load before: %s · median of %d interleaved rounds; MB = 10^6 bytes; outputs identical (cmp)%s\n\n' \
    "$(nproc)" "$cpu" "$("$bin" --version | head -n 1)" \
    "$(git -C "$repo" rev-parse --short HEAD 2>/dev/null | sed 's/^/ (git /; s/$/)/')" \
    "$(cut -d' ' -f1-3 /proc/loadavg)" "$reps" "${baseline:+, also with the baseline}"
printf '| work | segprof | %sDuckDB | measured | target |\n' "${baseline:+baseline | }"
printf '|---|---:|%s---:|---:|---|\n' "${baseline:+---:|}"
declare -A duckof=([s2]=ds [r2]=dr [t2]=dt [L2]=dL)
declare -A target=([s1]='≥ 500 MB/s' [r1]='≥ 450 MB/s' [s2]='≥ 8×' [L2]='≥ 10×' [r2]='≥ 12×' [t2]='≥ 8×')
for row in "${rows[@]}"; do
    IFS='|' read -r key sz what bytes argv <<<"$row"
    d=${duckof[$key]:-}
    awk -v what="$sz $what" -v w="$(med "$key")" -v b="$(med "b$key")" -v d="$( [[ -n $d ]] && med "$d")" \
        -v bytes="$bytes" -v base="${baseline:+1}" -v target="${target[$key]}" 'BEGIN {
        cell = sprintf("%.3f s", w / 1e6)
        measured = (d == "") ? sprintf("%.0f MB/s", bytes / w) : sprintf("%.1f×", d / w)
        if (d == "" && target ~ /×/) measured = "— (no DuckDB row)"
        printf "| %s | %s | %s%s | %s | %s |\n", what, cell,
            base ? (b == "" ? "— | " : sprintf("%.3f s | ", b / 1e6)) : "",
            d == "" ? "—" : sprintf("%.3f s", d / 1e6), measured, target }'
done
printf '\n| run | peak RSS MB |%s\n|---|---:|%s\n' "${baseline:+ baseline MB |}" "${baseline:+---:|}"
for row in "${rows[@]}"; do
    IFS='|' read -r key sz what bytes argv <<<"$row"
    awk -v what="$sz $what" -v k="${rss[$key]}" -v b="${rss[b$key]:-}" -v base="${baseline:+1}" 'BEGIN {
        printf "| %s | %.1f |%s\n", what, k * 1024 / 1e6, base ? sprintf(" %.1f |", b * 1024 / 1e6) : "" }'
done

# ---------------------------------------------------------------- instructions, -j 1 rows
# perf's hardware counters when the machine has them (virtual machines often do not), else
# valgrind's cachegrind, which counts instructions exactly (about 50 times slower).
count_instructions() { # OUT CMD... -> "instructions cycles" (cycles empty without perf)
    local out=$1; shift
    if perf stat -x, -e instructions:u true 2>&1 | grep -q '^[0-9]'; then
        perf stat -x, -e instructions:u,cycles:u -o "$out" "$@" >/dev/null 2>&1
        awk -F, '$3 ~ /^instructions/ { i = $1 } $3 ~ /^cycles/ { c = $1 } END { print i, c }' "$out"
    elif command -v valgrind >/dev/null 2>&1; then
        valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$@" 2>"$out" >/dev/null
        awk '/I *refs:/ { gsub(",", "", $NF); print $NF }' "$out"
    fi
}
if command -v perf >/dev/null 2>&1 || command -v valgrind >/dev/null 2>&1; then
    printf '\n| -j 1 run | binary | instructions/byte | cycles/byte |\n|---|---|---:|---:|\n'
    for row in "${rows[@]}"; do
        IFS='|' read -r key sz what bytes argv <<<"$row"
        [[ $what == *'-j 1' ]] || continue
        IFS=$US read -r -a args <<<"$argv"
        for b in "$bin" ${baseline:+"$baseline"}; do
            read -r ins cyc < <(count_instructions "$tmp/count" "$b" "${args[@]}") || true
            [[ -n ${ins:-} ]] || continue
            awk -v what="$sz $what" -v b="$([[ $b == "$bin" ]] && echo segprof || echo baseline)" \
                -v bytes="$bytes" -v i="$ins" -v c="${cyc:-}" 'BEGIN {
                printf "| %s | %s | %.1f | %s |\n", what, b, i / bytes, c == "" ? "—" : sprintf("%.1f", c / bytes) }'
        done
    done
fi
