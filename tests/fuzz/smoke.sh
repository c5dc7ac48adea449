#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Fuzzing smoke run: build the libFuzzer harnesses if needed, replay the seed
# corpora and saved regressions, then fuzz each harness for a few seconds on
# a copy of its corpus.  Exits non-zero if any harness crashes, leaks, hangs
# or fails a check.  Called by .ci/run.
#
# Environment: FUZZ_BUILD_DIR (default: build-fuzz at the top of the tree),
# FUZZ_SECONDS (default 5), FUZZ_KEEP=1 keeps the work directory.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${FUZZ_BUILD_DIR:-$root/build-fuzz}
secs=${FUZZ_SECONDS:-5}
harnesses=(request ndjson labels fastcust compressed names csvcust csvplain csvframe number shard partial jscan idmap accum labelline)
harnesses+=(ndjson_frame array_lines join labelmap)

if [ ! -f "$build/build.ninja" ]; then
  CC=clang meson setup "$build" "$root" -Dfuzz=true -Db_sanitize=address,undefined \
    -Db_lundef=false
fi
meson compile -C "$build"
for h in "${harnesses[@]}"; do
  if [ ! -x "$build/tests/fuzz/fuzz_$h" ]; then
    echo "smoke.sh: $build/tests/fuzz/fuzz_$h missing (is $build configured with clang and -Dfuzz=true?)" >&2
    exit 1
  fi
done

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
work=$(mktemp -d "${TMPDIR:-/tmp}/segprof-fuzz.XXXXXX")
if [ "${FUZZ_KEEP:-0}" != 1 ]; then
  trap 'rm -rf "$work"' EXIT
fi

failed=()
for h in "${harnesses[@]}"; do
  exe=$build/tests/fuzz/fuzz_$h
  log=$work/$h.log
  printf '== fuzz_%s: replay\n' "$h"
  if ! "$here/replay.sh" "$exe" "$h" "$here" >"$work/$h.replay.log" 2>&1; then
    tail -n 60 "$work/$h.replay.log"
    failed+=("fuzz_$h (replay)")
    continue
  fi
  printf '== fuzz_%s: %ss\n' "$h" "$secs"
  mkdir -p "$work/corpus-$h" "$work/artifacts-$h"
  cp "$here/corpus/$h"/* "$work/corpus-$h/"
  if "$exe" -max_total_time="$secs" -print_final_stats=1 -dict="$here/json.dict" \
      -timeout=10 -rss_limit_mb=2048 -error_exitcode=1 -timeout_exitcode=1 \
      -artifact_prefix="$work/artifacts-$h/" "$work/corpus-$h" >"$log" 2>&1; then
    grep -E '^(stat::number_of_executed_units|stat::average_exec_per_sec|#[0-9]+ *DONE)' "$log" || true
  else
    tail -n 80 "$log"
    for a in "$work/artifacts-$h"/*; do
      [ -e "$a" ] || continue
      mkdir -p "$build/fuzz-artifacts"
      cp "$a" "$build/fuzz-artifacts/fuzz_$h-$(basename "$a")"
      echo "smoke.sh: fuzz_$h: input saved as $build/fuzz-artifacts/fuzz_$h-$(basename "$a")" >&2
      echo "  base64: $(base64 -w0 "$a" | head -c 2000)" >&2
    done
    failed+=("fuzz_$h")
  fi
done

if ((${#failed[@]})); then
  echo "smoke.sh: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "smoke.sh: all harnesses ran ${secs}s without a crash"
