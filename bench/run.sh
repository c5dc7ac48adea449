#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/run.sh — time segprof on the standard generated inputs and print a Markdown table.
#
#   bench/run.sh [SIZE...] [--bin PATH] [--reps N]
#
# SIZE is S (10k customers), M (1M) or L (10M); default "S M". See bench/README.md.
# Exit status: 0 ok, 1 failure (segprof error, outputs differ, ...), 2 usage,
# 77 skipped (inputs missing and gen.py not available; meson reports this as SKIP).
set -euo pipefail
export LC_ALL=C   # '.' as decimal point in EPOCHREALTIME, awk and printf

prog=${0##*/}
die()  { printf '%s: error: %s\n' "$prog" "$*" >&2; exit 1; }
skip() { printf '%s: SKIP: %s\n' "$prog" "$*" >&2; exit 77; }
usage() {
    cat <<EOF
Usage: $prog [S|M|L]... [--bin PATH] [--reps N]
Time segprof (-j 1 / -j 2, request document and split NDJSON+CSV inputs, the NDJSON
also gzip- and zstd-compressed) against 'jq empty' and 'cat' on the standard generated
inputs; print a Markdown table.
When installed, DuckDB (bench/node_modules, npm) and pandas compute the same
profile from the split inputs, the one-table CSV and (DuckDB) the request document, side by side.

  S M L        sizes: 10,000 / 1,000,000 / 10,000,000 customers (default: S M)
  --bin PATH   segprof binary (default: <repo>/build/segprof)
  --reps N     timed runs per command; the median wall time is reported (default 3)

Environment:
  SEGPROF_BENCH_CACHE  input cache (default \${XDG_CACHE_HOME:-\$HOME/.cache}/segprof-bench)
  SEGPROF_GEN          gen.py (default <repo>/../shared/bench/gen.py)
  SEGPROF_BENCH_PYTHON python with pandas (default: python3, else /usr/bin/python3)
  SEGPROF_BENCH_OTHERS 0 leaves DuckDB and pandas out even when installed
EOF
}

# ---------------------------------------------------------------- locations
script=$(readlink -f -- "${BASH_SOURCE[0]}")
repo=$(cd -- "$(dirname -- "$script")/.." && pwd -P)

bin=$repo/build/segprof
reps=3
sizes=()
while (($#)); do
    case $1 in
        --bin)    (($# >= 2)) || { usage >&2; exit 2; }; bin=$2; shift 2 ;;
        --bin=*)  bin=${1#*=}; shift ;;
        --reps)   (($# >= 2)) || { usage >&2; exit 2; }; reps=$2; shift 2 ;;
        --reps=*) reps=${1#*=}; shift ;;
        -h|--help) usage; exit 0 ;;
        [SsMmLl]) sizes+=("${1^^}"); shift ;;
        *) printf '%s: unknown argument: %s\n' "$prog" "$1" >&2; usage >&2; exit 2 ;;
    esac
done
((${#sizes[@]})) || sizes=(S M)
[[ $reps =~ ^[1-9][0-9]*$ ]] || { printf '%s: --reps wants a positive integer, not %q\n' "$prog" "$reps" >&2; exit 2; }

# --bin relative to the caller's cwd; make it absolute.
[[ $bin == */* ]] || bin=$(command -v -- "$bin" || echo "$bin")
[[ -x $bin && -f $bin ]] || die "segprof binary not found or not executable: $bin (build it: meson compile -C $repo/build, or pass --bin)"
bin=$(readlink -f -- "$bin")

[[ -x /usr/bin/time ]] || die "/usr/bin/time (GNU time) is required"
have_jq=0; command -v jq >/dev/null 2>&1 && have_jq=1

# The same profile in other tools, each optional: DuckDB through node and the
# npm package in bench/node_modules ((cd bench && npm install)), pandas from
# Debian's python3-pandas (a pyenv python3 first on PATH may lack it).
have_duckdb=0 have_pandas=0 pandas_py=
if [[ ${SEGPROF_BENCH_OTHERS:-1} != 0 ]]; then
    if command -v node >/dev/null 2>&1 &&
        (cd "$repo/bench" && node --input-type=module -e "await import('@duckdb/node-api')") >/dev/null 2>&1; then
        have_duckdb=1
    fi
    for py in ${SEGPROF_BENCH_PYTHON:-python3 /usr/bin/python3}; do
        if "$py" -c 'import pandas' >/dev/null 2>&1; then have_pandas=1 pandas_py=$py; break; fi
    done
fi

cache=${SEGPROF_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/segprof-bench}
gen=${SEGPROF_GEN:-$repo/../shared/bench/gen.py}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/segprof-bench.XXXXXX")
gentmp=
cleanup() { rm -rf -- "$tmp"; [[ -z $gentmp ]] || rm -rf -- "$gentmp"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- inputs
declare -A ncust=([S]=10000 [M]=1000000 [L]=10000000)

# ensure_inputs SIZE: generate missing cache files (seed 1), atomically. Returns 1 if
# they are missing and cannot be generated.
ensure_inputs() {
    local sz=$1 n=${ncust[$1]} need_req=0 need_split=0 f
    [[ -s $cache/$sz.request.json ]] || need_req=1
    [[ -s $cache/$sz.customers.ndjson && -s $cache/$sz.labels.csv ]] || need_split=1
    local need_table=0
    [[ -s $cache/$sz.table.csv && -s $cache/$sz.table.ndjson ]] || need_table=1
    ((need_req || need_split || need_table)) || return 0

    if [[ ! -f $gen ]]; then
        printf '%s: inputs for %s missing in %s and gen.py not found at %s (set SEGPROF_GEN)\n' \
            "$prog" "$sz" "$cache" "$gen" >&2
        return 1
    fi
    command -v python3 >/dev/null 2>&1 || {
        printf '%s: inputs for %s missing in %s and python3 not found\n' "$prog" "$sz" "$cache" >&2
        return 1; }
    mkdir -p -- "$cache" || die "cannot create cache directory $cache"
    gentmp=$(mktemp -d "$cache/.gen.XXXXXX") || die "cache directory $cache is not writable"
    if ((need_req)); then
        printf '%s: generating %s request (%d customers) into %s ...\n' "$prog" "$sz" "$n" "$cache" >&2
        python3 "$gen" -n "$n" -s 1 -f request -o "$gentmp/$sz" -q || die "gen.py failed for $sz request"
        mv -f -- "$gentmp/$sz.request.json" "$cache/"
    fi
    if ((need_split)); then
        printf '%s: generating %s split (%d customers) into %s ...\n' "$prog" "$sz" "$n" "$cache" >&2
        python3 "$gen" -n "$n" -s 1 -f split -o "$gentmp/$sz" -q || die "gen.py failed for $sz split"
        for f in customers.ndjson labels.csv; do mv -f -- "$gentmp/$sz.$f" "$cache/"; done
    fi
    if ((need_table)); then
        printf '%s: generating %s table (%d customers) into %s ...\n' "$prog" "$sz" "$n" "$cache" >&2
        python3 "$gen" -n "$n" -s 1 -f table -o "$gentmp/$sz" -q || die "gen.py failed for $sz table"
        python3 "$gen" -n "$n" -s 1 -f table-ndjson -o "$gentmp/$sz" -q ||
            die "gen.py failed for $sz table-ndjson"
        mv -f -- "$gentmp/$sz.table.csv" "$gentmp/$sz.table.ndjson" "$cache/"
    fi
    rm -rf -- "$gentmp"; gentmp=
}

run_sizes=()
for sz in "${sizes[@]}"; do
    if ensure_inputs "$sz"; then run_sizes+=("$sz"); else printf '%s: skipping size %s\n' "$prog" "$sz" >&2; fi
done

# Compressed copies of the NDJSON customers (gzip -6 and zstd -3, the tools' defaults), made for
# this run in $tmp: the cost of reading compressed input, against the same split uncompressed.
have_gzip=0; command -v gzip >/dev/null 2>&1 && have_gzip=1
have_zstd=0; command -v zstd >/dev/null 2>&1 && have_zstd=1
for sz in "${run_sizes[@]}"; do
    if ((have_gzip)); then gzip -c -- "$cache/$sz.customers.ndjson" >"$tmp/$sz.customers.ndjson.gz" || die "gzip failed"; fi
    if ((have_zstd)); then zstd -q -c -- "$cache/$sz.customers.ndjson" >"$tmp/$sz.customers.ndjson.zst" || die "zstd failed"; fi
done
((${#run_sizes[@]})) || skip "no inputs available for: ${sizes[*]}"

# ---------------------------------------------------------------- timing
# High-resolution wall clock (µs) around the /usr/bin/time call: %e only has 10 ms
# resolution, which is useless for S. %M (peak RSS, KB) comes from GNU time.
now_us() { local t=${EPOCHREALTIME:-}; if [[ -n $t ]]; then echo $(( ${t%.*} * 1000000 + 10#${t#*.} )); else echo $(( $(date +%s%N) / 1000 )); fi; }

# timed LABEL CMD...: run once, stdout to /dev/null; sets T_US (wall µs), T_KB (peak RSS KB).
timed() {
    local label=$1; shift
    local tf=$tmp/time.out ef=$tmp/stderr.out t0 t1 rc=0 m
    t0=$(now_us)
    /usr/bin/time -f '%e %M' -o "$tf" "$@" >/dev/null 2>"$ef" || rc=$?
    t1=$(now_us)
    if ((rc)); then
        printf '%s: error: %s failed (exit %d): %s\n' "$prog" "$label" "$rc" "$*" >&2
        sed 's/^/    /' "$ef" | head -20 >&2
        exit 1
    fi
    read -r _ m < <(tail -n 1 "$tf")
    [[ $m =~ ^[0-9]+$ ]] || die "cannot parse /usr/bin/time output for $label: $(cat "$tf")"
    T_US=$((t1 - t0)); T_KB=$m
}

median() { sort -n | awk '{a[NR]=$1} END{ if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2) }'; }
maxof()  { sort -n | tail -n 1; }
fsize()  { stat -c %s -- "$1"; }

# ---------------------------------------------------------------- commands
US=$'\x1f'   # argv separator inside a row
# set_rows SIZE: sets req nd csv and rows=("key|input label|command label|bytes|group|argv"),
# group = the "vs base" baseline group (req, split: -j 1 of that input; compressed: the
# uncompressed split at -j 2), argv = words joined with \x1f.
set_rows() {
    local sz=$1 req_bytes split_bytes nd_bytes
    req=$cache/$sz.request.json
    nd=$cache/$sz.customers.ndjson
    csv=$cache/$sz.labels.csv
    req_bytes=$(fsize "$req")
    split_bytes=$(( $(fsize "$nd") + $(fsize "$csv") ))
    nd_bytes=$(fsize "$nd")
    tab=$cache/$sz.table.csv
    rows=(
        "r1|$sz request|segprof -j 1|$req_bytes|req|$bin${US}-j${US}1${US}$req"
        "r2|$sz request|segprof -j 2|$req_bytes|req|$bin${US}-j${US}2${US}$req"
        "s1|$sz split|segprof -j 1|$split_bytes|split|$bin${US}-j${US}1${US}--customers${US}$nd${US}--labels${US}$csv"
        "s2|$sz split|segprof -j 2|$split_bytes|split|$bin${US}-j${US}2${US}--customers${US}$nd${US}--labels${US}$csv"
    )
    local z
    for z in zst gz; do
        [[ -f $tmp/$sz.customers.ndjson.$z ]] || continue
        rows+=("$z|$sz split, NDJSON as .$z|segprof -j 2|$(( $(fsize "$tmp/$sz.customers.ndjson.$z") + $(fsize "$csv") ))|compressed|$bin${US}-j${US}2${US}--customers${US}$tmp/$sz.customers.ndjson.$z${US}--labels${US}$csv")
    done
    if ((have_jq)); then rows+=("jq|$sz request|jq empty|$req_bytes||jq${US}empty${US}$req"); fi
    local tab_bytes=0 tnd=$cache/$sz.table.ndjson tnd_bytes
    [[ ! -s $tab ]] || tab_bytes=$(fsize "$tab")
    tnd_bytes=$(fsize "$tnd")
    # one table with the cluster as a column (segprof(1) TABLES), CSV and NDJSON
    rows+=(
        "t1|$sz table CSV|segprof -j 1|$tab_bytes|table|$bin${US}-j${US}1${US}--customers${US}$tab${US}--cluster-field${US}cluster"
        "t2|$sz table CSV|segprof -j 2|$tab_bytes|table|$bin${US}-j${US}2${US}--customers${US}$tab${US}--cluster-field${US}cluster"
        "n1|$sz table NDJSON|segprof -j 1|$tnd_bytes|tndjson|$bin${US}-j${US}1${US}--customers${US}$tnd${US}--cluster-field${US}cluster"
        "n2|$sz table NDJSON|segprof -j 2|$tnd_bytes|tndjson|$bin${US}-j${US}2${US}--customers${US}$tnd${US}--cluster-field${US}cluster"
    )
    if ((have_duckdb)); then
        rows+=("d2|$sz split|duckdb|$split_bytes|split|node${US}$repo/bench/duckdb_profile.mjs${US}split${US}$nd${US}$csv")
        rows+=("dr|$sz request|duckdb|$req_bytes|req|node${US}$repo/bench/duckdb_profile.mjs${US}request${US}$req")
        ((tab_bytes == 0)) || rows+=("dt|$sz table|duckdb|$tab_bytes|split|node${US}$repo/bench/duckdb_profile.mjs${US}table${US}$tab")
    fi
    if ((have_pandas)); then
        rows+=("p2|$sz split|pandas|$split_bytes|split|$pandas_py${US}$repo/bench/pandas_profile.py${US}split${US}$nd${US}$csv")
        ((tab_bytes == 0)) || rows+=("pt|$sz table|pandas|$tab_bytes|split|$pandas_py${US}$repo/bench/pandas_profile.py${US}table${US}$tab")
    fi
    rows+=(
        "cr|$sz request|cat|$req_bytes||cat${US}$req"
        "cn|$sz split|cat (NDJSON only)|$nd_bytes||cat${US}$nd"
    )
}

# same_profile SEGPROF_CSV OTHER_CSV: the other tool's profile agrees with segprof's: the
# same clusters, counts, top categories and insights, and each figure within 0.01 (they
# compute in doubles and round at the end; segprof is exact).
same_profile() {
    python3 - "$1" "$2" <<'PY'
import csv, sys
a, b = (list(csv.reader(open(f, newline=""))) for f in sys.argv[1:3])
ok = len(a) == len(b) and a[:1] == b[:1]
for ra, rb in zip(a[1:], b[1:]):
    if not ok:
        break
    for col, x, y in zip(a[0], ra, rb):
        if col in ("avg_spend", "median_spend", "avg_frequency", "share_of_revenue_pct"):
            ok = ok and abs(float(x) - float(y)) <= 0.0100001
        else:
            ok = ok and x == y
sys.exit(0 if ok else 1)
PY
}

# ---------------------------------------------------------------- 1. correctness
# Every segprof variant must give byte-identical output, for every size, before anything
# is timed (this also warms the page cache); DuckDB and pandas must give segprof's profile.
for sz in "${run_sizes[@]}"; do
    set_rows "$sz"
    ref=
    for row in "${rows[@]}"; do
        IFS='|' read -r key ilabel clabel bytes grp argv <<<"$row"
        if [[ $clabel == duckdb || $clabel == pandas ]]; then
            IFS=$US read -r -a cmd <<<"$argv"
            "$bin" -f csv --customers "$nd" --labels "$csv" >"$tmp/$sz.csv.ref" ||
                die "segprof -f csv failed on $sz split"
            out=$tmp/$sz.$key.out
            "${cmd[@]}" >"$out" 2>"$tmp/$sz.$key.err" ||
                { sed 's/^/    /' "$tmp/$sz.$key.err" | head -20 >&2; die "$ilabel / $clabel failed: ${cmd[*]}"; }
            if ! same_profile "$tmp/$sz.csv.ref" "$out"; then
                printf '%s: FAIL: %s / %s differs from segprof -f csv\n' "$prog" "$ilabel" "$clabel" >&2
                diff -u --label segprof --label "$clabel" -- "$tmp/$sz.csv.ref" "$out" | head -40 >&2 || true
                exit 1
            fi
            continue
        fi
        [[ $clabel == segprof* ]] || continue
        IFS=$US read -r -a cmd <<<"$argv"
        out=$tmp/$sz.$key.out
        rc=0; "${cmd[@]}" >"$out" 2>"$tmp/$sz.$key.err" || rc=$?
        if ((rc)); then
            printf '%s: FAIL: %s / %s exited with status %d: %s\n' "$prog" "$ilabel" "$clabel" "$rc" "${cmd[*]}" >&2
            sed 's/^/    /' "$tmp/$sz.$key.err" | head -20 >&2
            exit 1
        fi
        [[ -s $out ]] || die "$ilabel / $clabel produced no output: ${cmd[*]}"
        if [[ -z $ref ]]; then ref=$out; reflabel="$ilabel / $clabel"
        elif ! cmp -s -- "$ref" "$out"; then
            printf '%s: FAIL: outputs differ for size %s: "%s" vs "%s"\n' "$prog" "$sz" "$reflabel" "$ilabel / $clabel" >&2
            cmp -- "$ref" "$out" >&2 || true
            diff -u --label "$reflabel" --label "$ilabel / $clabel" -- "$ref" "$out" | head -40 >&2 || true
            exit 1
        fi
    done
done

# ---------------------------------------------------------------- header
cpu_model=$(awk -F': *' '/^model name/{print $2; exit}' /proc/cpuinfo 2>/dev/null || true)
[[ -n $cpu_model ]] || cpu_model=$(uname -m)
mem_gib=$(awk '/^MemTotal:/{printf "%.1f", $2/1048576}' /proc/meminfo 2>/dev/null || echo '?')
version=$("$bin" --version 2>/dev/null | head -n 1 || true)
[[ -n $version ]] || version='segprof (version unknown)'
commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || true)
if [[ -n $commit ]] && [[ -n $(git -C "$repo" status --porcelain --untracked-files=no 2>/dev/null) ]]; then commit+="+dirty"; fi

printf '**machine:** %s CPUs (nproc), %s, %s GiB RAM · **%s**%s · %s · median wall of %d run(s), max peak RSS; MB = 10^6 bytes · outputs of all segprof variants identical (cmp)\n\n' \
    "$(nproc)" "$cpu_model" "$mem_gib" "$version" "${commit:+ (git $commit)}" "$(date -u '+%Y-%m-%d %H:%M UTC')" "$reps"
((have_jq)) || printf '_jq not found: no jq reference, "vs jq" left empty._\n\n'
if ((have_duckdb || have_pandas)); then
    printf '_duckdb / pandas: the same profile (checked against `segprof -f csv` to 0.01), '
    printf 'bench/duckdb_profile.mjs and bench/pandas_profile.py; "vs base" = segprof -j 1 on the same input (request, else split) / this._\n\n'
fi
((have_duckdb)) || printf '_DuckDB not installed ((cd bench && npm install)): no duckdb rows._\n\n'
((have_pandas)) || printf '_pandas not found (apt-get install python3-pandas): no pandas rows._\n\n'

printf '| input | command | wall s | MB/s | peak RSS MB | vs jq | vs base |\n'
printf '|---|---|---:|---:|---:|---:|---:|\n'

# ---------------------------------------------------------------- 2. timing
for sz in "${run_sizes[@]}"; do
    set_rows "$sz"
    cat -- "$req" "$nd" "$csv" "$tab" "$cache/$sz.table.ndjson" >/dev/null   # warm the page cache

    # Interleaved: each round runs every command once, so load changes hit all alike.
    declare -A walls=() rsss=() med=()
    for ((r = 1; r <= reps; r++)); do
        for row in "${rows[@]}"; do
            IFS='|' read -r key ilabel clabel bytes grp argv <<<"$row"
            IFS=$US read -r -a cmd <<<"$argv"
            timed "$ilabel / $clabel" "${cmd[@]}"
            walls[$key]+="$T_US "
            rsss[$key]+="$T_KB "
        done
    done

    for row in "${rows[@]}"; do
        key=${row%%|*}
        med[$key]=$(tr ' ' '\n' <<<"${walls[$key]}" | grep . | median)
    done

    for row in "${rows[@]}"; do
        IFS='|' read -r key ilabel clabel bytes grp argv <<<"$row"
        w=${med[$key]}
        kb=$(tr ' ' '\n' <<<"${rsss[$key]}" | grep . | maxof)
        jqw=${med[jq]:-}
        case $grp in req) basew=${med[r1]} ;; split) basew=${med[s1]} ;; compressed) basew=${med[s2]} ;;
            table) basew=${med[t1]} ;; tndjson) basew=${med[n1]} ;; *) basew= ;; esac
        awk -v ilabel="$ilabel" -v clabel="$clabel" -v w="$w" -v bytes="$bytes" -v kb="$kb" \
            -v jqw="$jqw" -v basew="$basew" 'BEGIN {
            if (w < 1) w = 1
            s   = w / 1e6
            mbs = bytes / 1e6 / s
            vj  = (jqw == "") ? "—" : sprintf("%.2f×", jqw / w)
            vb  = (basew == "") ? "—" : sprintf("%.2f×", basew / w)
            printf "| %s | `%s` | %.3f | %s | %.1f | %s | %s |\n", ilabel, clabel, s,
                   (mbs >= 100 ? sprintf("%.0f", mbs) : sprintf("%.1f", mbs)), kb * 1024 / 1e6, vj, vb
        }'
    done
    unset walls rsss med
done
