#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Replay a harness's seed corpus and its saved regression inputs once each
# (no fuzzing).  Usage: replay.sh HARNESS_EXE NAME FUZZ_SRC_DIR
#   NAME: request | ndjson | labels | fastcust | compressed | names | csvcust | csvplain | number
set -euo pipefail
exe=$1 name=$2 dir=$3
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# artifacts (crash-*, leak-*) go to the temporary directory, not the build tree
"$exe" -error_exitcode=1 -timeout_exitcode=1 -artifact_prefix="$tmp/" -runs=0 "$dir/corpus/$name"
shopt -s nullglob
regs=("$dir"/regressions/fuzz_"$name"-*)
if ((${#regs[@]})); then
  "$exe" -error_exitcode=1 -timeout_exitcode=1 -artifact_prefix="$tmp/" "${regs[@]}"
fi
