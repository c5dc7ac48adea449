#!/usr/bin/env bats
# Allocation failures (segprof never crashes, hangs or loses output).
#
# segprof-failalloc is segprof linked with tests/failalloc/failalloc.c, which
# counts every malloc/calloc/realloc/strdup made by segprof's code and by
# jansson.  FAILALLOC_AFTER=N lets the first N calls succeed and fails every
# later one (NULL, errno = ENOMEM); with FAILALLOC_ONCE=1 only call N fails.
# For every N up to the number of calls a run makes, the run must end in one
# of the ways the contract allows, never with a crash, a leak or lost output:
#
#   every later call fails:  exit 0 (only when N >= the number of calls) with
#     the normal output, or exit 71 with "out of memory" on standard error and
#     nothing on standard output (inputs with data errors: exit 65 or 71);
#   only call N fails:       the normal result (same status, standard output
#     and standard error), or exit 71 with "out of memory" and no output.
#
# Always: status < 128 (no signal), no sanitizer report on standard error (in
# an ASan build a leak is a LeakSanitizer report and exit 23).  A failing test
# lists every bad N with its standard error and the stack of the allocation
# that failed (FAILALLOC_TRACE), so that the cause can be found.
#
# SEGPROF_FAILALLOC: path of segprof-failalloc (set by tests/meson.build);
# the tests are skipped without it.

setup_file() {
	[ -n "${SEGPROF_FAILALLOC:-}" ] || return 0
	# Enough customers for several batches and worker threads at -j 2.
	awk 'BEGIN { for (i = 0; i < 20000; i++)
		printf "{\"id\":\"K%05d\",\"frequency\":%d,\"amount_spent\":%d.%02d,\"product_types\":[\"p%d\",\"q%d\"]}\n",
			i, i % 17, i % 1000, i % 100, i % 50, i % 7 }' >"$BATS_FILE_TMPDIR/big.ndjson"
	awk 'BEGIN { print "customer_id,cluster_id"
		for (i = 0; i < 20000; i++) printf "K%05d,%d\n", i, i % 5 }' >"$BATS_FILE_TMPDIR/big.csv"
	cat >"$BATS_FILE_TMPDIR/extras.json" <<-'EOF'
	{"customers": [
	  {"id": "a", "frequency": 1, "amount_spent": 2.5, "product_types": ["x"], "recency": 3, "tenure": 1.25},
	  {"id": "b", "frequency": 2, "amount_spent": 0, "product_types": [], "recency": 1e3},
	  {"id": "c", "frequency": 3, "amount_spent": 7, "product_types": ["y", "x"], "recency": "soon", "tenure": 4}],
	 "labels": {"a": 0, "b": 0, "c": "z", "d": 1}}
	EOF
	# Strings jansson reads (escapes) longer than its 16-byte initial token
	# buffer: a failed growth of that buffer must not shorten them silently.
	cat >"$BATS_FILE_TMPDIR/long.json" <<-'EOF'
	{"customers": [{"id": "C\u0031", "frequency": 1, "amount_spent": 10,
	                "product_types": ["an-extraordinarily-long-slug-name", "x"]}],
	 "labels": {"C1": "a-really-long-cluster-name-\u00e9"}}
	EOF
	# Compressed inputs (segprof(1) COMPRESSED INPUT), when the tools are here.
	if command -v gzip >/dev/null && command -v zstd >/dev/null; then
		gzip -c "$BATS_TEST_DIRNAME/../examples/request.json" >"$BATS_FILE_TMPDIR/request.json.gz"
		zstd -q -c "$BATS_TEST_DIRNAME/../examples/customers.ndjson" >"$BATS_FILE_TMPDIR/customers.ndjson.zst"
		gzip -c "$BATS_TEST_DIRNAME/../examples/labels.csv" >"$BATS_FILE_TMPDIR/labels.csv.gz"
	fi
	# Partial states for segprof merge (written without any failure).
	cd "$BATS_TEST_DIRNAME/.."
	"$SEGPROF_FAILALLOC" --partial --mean frequency --median amount_spent examples/request.json \
		>"$BATS_FILE_TMPDIR/p1.partial" || true
	"$SEGPROF_FAILALLOC" --partial --mean frequency --median amount_spent \
		--customers examples/customers.ndjson --labels examples/labels.csv \
		>"$BATS_FILE_TMPDIR/p2.partial" || true
}

setup() {
	[ -n "${SEGPROF_FAILALLOC:-}" ] || skip "SEGPROF_FAILALLOC is not set"
	[ -x "$SEGPROF_FAILALLOC" ] || skip "SEGPROF_FAILALLOC ($SEGPROF_FAILALLOC) is not executable"
	cd "$BATS_TEST_DIRNAME/.."
	export LC_ALL=C.UTF-8
	unset FAILALLOC_AFTER FAILALLOC_ONCE FAILALLOC_COUNT FAILALLOC_TRACE ONCE
	STEP=1
	OUT=$BATS_TEST_TMPDIR/out
	ERR=$BATS_TEST_TMPDIR/err
	BASE_OUT=$BATS_TEST_TMPDIR/base.out
	BASE_ERR=$BATS_TEST_TMPDIR/base.err
}

# Number of allocation calls of a run of segprof-failalloc with these
# arguments (no call fails): stored in CALLS, the run's status in BASE_RC and
# its output in BASE_OUT / BASE_ERR.
count_calls() {
	local rc=0
	"$SEGPROF_FAILALLOC" "$@" >"$BASE_OUT" 2>"$BASE_ERR" || rc=$?
	BASE_RC=$rc
	CALLS=$(FAILALLOC_COUNT=1 "$SEGPROF_FAILALLOC" "$@" 2>&1 >/dev/null |
		sed -n 's/^failalloc: calls=\([0-9]*\) .*/\1/p')
	if [ -z "$CALLS" ] || [ "$CALLS" -lt 1 ]; then
		echo "could not count the allocations of: segprof $*" >&2
		return 1
	fi
}

# Why the run just made (status $1, output in OUT/ERR) is bad; empty if ok.
common_problems() {
	local rc=$1
	if [ "$rc" -ge 128 ]; then
		echo "killed by signal $((rc - 128))"
	elif grep -qE 'Sanitizer|runtime error:' "$ERR"; then
		echo "sanitizer report (status $rc)"
	fi
}

oom_problems() {
	grep -q 'out of memory' "$ERR" || echo "status 71 without 'out of memory' on stderr"
	[ ! -s "$OUT" ] || echo "status 71 with output on stdout"
}

# The stack of the allocation that fails at N, for the report: symbolized by
# the sanitizer runtime in an ASan build, else with addr2line.
failing_site() {
	local n=$1 trace=$BATS_TEST_TMPDIR/trace
	shift
	FAILALLOC_ONCE=${ONCE:-} FAILALLOC_TRACE=1 FAILALLOC_AFTER=$n "$SEGPROF_FAILALLOC" "$@" 2>&1 >/dev/null |
		sed -n '/^failalloc: call/,$p' >"$trace" || true
	if grep -qE '^ *#[0-9]+ ' "$trace"; then
		grep -E '^ *#[0-9]+ ' "$trace" |
			sed -E 's/^ *#[0-9]+ 0x[0-9a-f]+ +(in )?//; s/^\((.*\/)?([^/+]+)\+0x[0-9a-f]+\)$/(in \2)/'
	elif command -v addr2line >/dev/null; then
		# backtrace_symbols_fd: FILE(+0xOFFSET)[0xADDRESS]; only frames of
		# segprof-failalloc itself can be symbolized from its file
		local line off
		while IFS= read -r line; do
			case $line in
			failalloc:*) ;;
			"$SEGPROF_FAILALLOC("*)
				off=${line#*(+}
				off=${off%%)*}
				addr2line -f -p -e "$SEGPROF_FAILALLOC" "$off" | sed 's/ at / /' ;;
			*'('*) echo "(in ${line%%(*})" ;;
			esac
		done <"$trace"
	fi | grep -vE 'failalloc\.c|sanitizer|libasan|^\?\?' | uniq | head -n 8 | sed 's/^/      at /' || true
}

report() {
	local n=$1 why=$2
	shift 2
	{
		echo "N=$n: $why"
		sed -n '1,8s/^/      stderr: /p' "$ERR"
		failing_site "$n" "$@"
	} >>"$BATS_TEST_TMPDIR/bad"
}

finish() {
	if [ -s "$BATS_TEST_TMPDIR/bad" ]; then
		echo "bad values of N for: segprof-failalloc $*" >&2
		cat "$BATS_TEST_TMPDIR/bad" >&2
		return 1
	fi
}

# Every call from N on fails, for N = 0 .. CALLS + 1 (every STEP-th N, and
# CALLS itself, when STEP > 1).
sweep_after() {
	count_calls "$@"
	[ "$BASE_RC" -eq 0 ] || { echo "the run without failures exits $BASE_RC" >&2; return 1; }
	local n rc why
	: >"$BATS_TEST_TMPDIR/bad"
	for ((n = 0; n <= CALLS + 1; n = n < CALLS && n + STEP > CALLS ? CALLS : n + STEP)); do
		rc=0
		# With worker threads the number of calls varies a little from run to
		# run, so each run reports its own: status 0 is right when none of its
		# calls failed.
		FAILALLOC_COUNT=1 FAILALLOC_AFTER=$n "$SEGPROF_FAILALLOC" "$@" >"$OUT" 2>"$ERR" || rc=$?
		local failed
		failed=$(sed -n 's/^failalloc: calls=[0-9]* failed=\([0-9]*\)$/\1/p' "$ERR")
		sed -i '/^failalloc: calls=/d' "$ERR"
		why=$(common_problems "$rc")
		if [ -z "$why" ]; then
			case $rc in
			0)
				if [ "${failed:-1}" != 0 ]; then
					why="status 0 although allocation $n of $CALLS failed"
				elif ! cmp -s "$OUT" "$BASE_OUT"; then
					why="status 0 with different output"
				fi ;;
			71) why=$(oom_problems) ;;
			*) why="status $rc (expected 0 or 71)" ;;
			esac
		fi
		[ -z "$why" ] || report "$n" "$why" "$@"
	done
	finish "$@"
}

# Same for an input with data errors: status 65 or 71, never any output.
sweep_after_dataerr() {
	count_calls "$@"
	[ "$BASE_RC" -eq 65 ] || { echo "the run without failures exits $BASE_RC, not 65" >&2; return 1; }
	local n rc why
	: >"$BATS_TEST_TMPDIR/bad"
	for ((n = 0; n <= CALLS + 1; n++)); do
		rc=0
		FAILALLOC_AFTER=$n "$SEGPROF_FAILALLOC" "$@" >"$OUT" 2>"$ERR" || rc=$?
		why=$(common_problems "$rc")
		if [ -z "$why" ]; then
			case $rc in
			65)
				[ ! -s "$OUT" ] || why="status 65 with output on stdout"
				[ -s "$ERR" ] || why="status 65 without a message" ;;
			71) why=$(oom_problems) ;;
			*) why="status $rc (expected 65 or 71)" ;;
			esac
		fi
		[ -z "$why" ] || report "$n" "$why" "$@"
	done
	finish "$@"
}

# Only call N fails, for N = 0 .. CALLS - 1 (every STEP-th): the normal
# result or exit 71.
sweep_once() {
	count_calls "$@"
	local n rc why
	: >"$BATS_TEST_TMPDIR/bad"
	for ((n = 0; n < CALLS; n += STEP)); do
		rc=0
		FAILALLOC_ONCE=1 FAILALLOC_AFTER=$n "$SEGPROF_FAILALLOC" "$@" >"$OUT" 2>"$ERR" || rc=$?
		why=$(common_problems "$rc")
		if [ -z "$why" ]; then
			if [ "$rc" -eq 71 ]; then
				why=$(oom_problems)
			elif [ "$rc" -ne "$BASE_RC" ]; then
				why="status $rc (without failures: $BASE_RC)"
			elif ! cmp -s "$OUT" "$BASE_OUT"; then
				why="status $rc as without failures, but a different output"
			elif ! cmp -s "$ERR" "$BASE_ERR" && ! grep -q 'out of memory' "$ERR"; then
				why="status $rc as without failures, but different messages and no 'out of memory'"
			fi
		fi
		[ -z "$why" ] || ONCE=1 report "$n" "$why" "$@"
	done
	finish "FAILALLOC_ONCE=1" "$@"
}

@test "failalloc: counting and injection work" {
	count_calls -j 1 examples/request.json
	[ "$BASE_RC" -eq 0 ]
	cmp "$BASE_OUT" examples/response.json
	[ "$CALLS" -gt 10 ]
	rc=0
	FAILALLOC_AFTER=0 "$SEGPROF_FAILALLOC" -j 1 examples/request.json >"$OUT" 2>"$ERR" || rc=$?
	[ "$rc" -eq 71 ]
}

@test "failalloc: request document, -j 1" {
	sweep_after -j 1 examples/request.json
}

@test "failalloc: request document, -j 2" {
	sweep_after -j 2 examples/request.json
}

@test "failalloc: request document, -f table" {
	sweep_after -j 1 -f table examples/request.json
}

@test "failalloc: split inputs, -j 1" {
	sweep_after -j 1 --customers examples/customers.ndjson --labels examples/labels.csv
}

@test "failalloc: split inputs, -j 2" {
	sweep_after -j 2 --customers examples/customers.ndjson --labels examples/labels.csv
}

@test "failalloc: split inputs, several batches, -j 2" {
	sweep_after -j 2 --customers "$BATS_FILE_TMPDIR/big.ndjson" --labels "$BATS_FILE_TMPDIR/big.csv"
}

need_compressed() {
	[ -s "$BATS_FILE_TMPDIR/request.json.gz" ] || skip "gzip or zstd is not installed"
}

@test "failalloc: compressed request document (gzip), -j 1" {
	need_compressed
	sweep_after -j 1 "$BATS_FILE_TMPDIR/request.json.gz"
}

@test "failalloc: compressed split inputs (zstd customers, gzip labels), -j 2" {
	need_compressed
	sweep_after -j 2 --customers "$BATS_FILE_TMPDIR/customers.ndjson.zst" --labels "$BATS_FILE_TMPDIR/labels.csv.gz"
}

@test "failalloc: one failure: compressed split inputs, -j 1" {
	need_compressed
	sweep_once -j 1 --customers "$BATS_FILE_TMPDIR/customers.ndjson.zst" --labels "$BATS_FILE_TMPDIR/labels.csv.gz"
}

@test "failalloc: input with data errors" {
	sweep_after_dataerr -j 1 tests/fixtures/input/unlabeled.json
}

@test "failalloc: input with data errors, --error-format=json" {
	sweep_after_dataerr -j 1 --error-format=json tests/fixtures/input/unlabeled.json
}

@test "failalloc: one failure: request document" {
	sweep_once -j 1 examples/request.json
}

@test "failalloc: one failure: string labels, escapes, -f csv" {
	sweep_once -j 1 -f csv tests/fixtures/compute/strings.request.json
}

@test "failalloc: one failure: split inputs, -j 2" {
	sweep_once -j 2 --customers examples/customers.ndjson --labels examples/labels.csv
}

@test "failalloc: one failure: input with data errors" {
	sweep_once -j 1 tests/fixtures/input/unlabeled.json
}

@test "failalloc: one failure: warnings, --unlabeled=skip" {
	sweep_once -j 1 --unlabeled=skip tests/fixtures/input/both_warnings.json
}

@test "failalloc: one failure: long strings read by jansson" {
	sweep_once -j 1 -f csv "$BATS_FILE_TMPDIR/long.json"
}

@test "failalloc: extra columns, -f cards" {
	sweep_after -j 1 -f cards --mean frequency --median amount_spent --sum amount_spent \
		examples/request.json
}

@test "failalloc: --partial, -j 2" {
	sweep_after -j 2 --partial --mean frequency --median amount_spent examples/request.json
}

# merge parses every partial line with jansson (well over 1000 calls): every
# 7th N, to keep the suite's time bounded under ASan.
@test "failalloc: merge" {
	[ -s "$BATS_FILE_TMPDIR/p1.partial" ] && [ -s "$BATS_FILE_TMPDIR/p2.partial" ] ||
		skip "could not write the partial files"
	STEP=7
	sweep_after merge "$BATS_FILE_TMPDIR/p1.partial" "$BATS_FILE_TMPDIR/p2.partial"
}

@test "failalloc: one failure: merge, -f cards" {
	[ -s "$BATS_FILE_TMPDIR/p1.partial" ] && [ -s "$BATS_FILE_TMPDIR/p2.partial" ] ||
		skip "could not write the partial files"
	STEP=7
	sweep_once merge -f cards "$BATS_FILE_TMPDIR/p1.partial" "$BATS_FILE_TMPDIR/p2.partial"
}

@test "failalloc: one failure: extra columns, --missing skip" {
	sweep_once -j 1 --mean recency --median tenure --missing skip "$BATS_FILE_TMPDIR/extras.json"
}
