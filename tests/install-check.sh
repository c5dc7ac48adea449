#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# What `meson install` puts where: the binary, the man page with the version
# of meson.build's project(), README, LICENSE and examples/ under
# share/doc/segprof, and the three shell completions.  Installs the build
# directory given into a temporary DESTDIR (nothing outside it is touched).
#
#   tests/install-check.sh BUILD_DIR SOURCE_DIR VERSION
#
# TAP on standard output; exit 0 when every check passes, 77 (skip) without
# meson on PATH.

set -u

build=$1 src=$2 version=$3
command -v meson >/dev/null || { echo "1..0 # SKIP no meson on PATH"; exit 77; }

fails=0 n=0
ok()     { n=$((n + 1)); printf 'ok %d - %s\n' "$n" "$1"; }
not_ok() { n=$((n + 1)); fails=$((fails + 1)); printf 'not ok %d - %s\n' "$n" "$1"; [ -n "${2-}" ] && printf '#   %s\n' "$2"; }
check()  { local what=$1; shift; if "$@"; then ok "$what"; else not_ok "$what" "failed: $*"; fi; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! meson install -C "$build" --no-rebuild --quiet --destdir "$tmp/root" >"$tmp/log" 2>&1; then
    not_ok "meson install --destdir" "$(tr '\n' ' ' <"$tmp/log")"
    echo "1..$n"
    exit 1
fi
ok "meson install --destdir"

# The install directories as this build directory was configured.
read -r prefix bindir mandir datadir < <(meson introspect --buildoptions "$build" | python3 -c '
import json, sys
o = {x["name"]: x["value"] for x in json.load(sys.stdin)}
print(o["prefix"], o["bindir"], o["mandir"], o["datadir"])')
under() { case $1 in /*) printf '%s%s' "$tmp/root" "$1" ;; *) printf '%s%s/%s' "$tmp/root" "$prefix" "$1" ;; esac; }

bin=$(under "$bindir")/segprof
check "binary installed in bindir" test -x "$bin"
check "installed --version is 'segprof $version'" \
    test "$("$bin" --version 2>&1)" = "segprof $version"

man=$(under "$mandir")/man1/segprof.1
check "man page installed in mandir/man1" test -f "$man"
check "man page title carries version $version" \
    grep -q "^\.TH SEGPROF 1 \"[^\"]*\" \"segprof $version\"" "$man"
check "man page has no unconfigured placeholder" \
    bash -c '! grep -q "@VERSION@" "$1"' _ "$man"

doc=$(under "$datadir")/doc/segprof
for f in README.md LICENSE examples/request.json examples/customers.ndjson \
         examples/labels.csv examples/response.json; do
    check "doc: $f" cmp -s "$src/$f" "$doc/$f"
done
check "installed binary on the installed example gives examples/response.json" \
    bash -c '"$1" "$2/examples/request.json" | cmp -s - "$3/examples/response.json"' \
    _ "$bin" "$doc" "$src"

# Each completion exactly once, in the directory its shell reads.
find_one() { find "$tmp/root" -type f -path "$1"; }
bash_c=$(find_one '*/bash-completion/completions/segprof')
zsh_c=$(find_one '*/zsh/*/_segprof')
fish_c=$(find_one '*/segprof.fish')
check "bash completion installed once" test "$(wc -w <<<"$bash_c")" = 1
check "zsh completion installed once" test "$(wc -w <<<"$zsh_c")" = 1
check "fish completion installed once" test "$(wc -w <<<"$fish_c")" = 1
check "bash completion is completions/segprof.bash" cmp -s "$src/completions/segprof.bash" "$bash_c"
check "zsh completion is completions/_segprof" cmp -s "$src/completions/_segprof" "$zsh_c"
check "fish completion is completions/segprof.fish" cmp -s "$src/completions/segprof.fish" "$fish_c"
case $fish_c in
    */fish/vendor_completions.d/segprof.fish | */fish/completions/segprof.fish) ok "fish completion in a directory fish reads" ;;
    *) not_ok "fish completion in a directory fish reads" "$fish_c" ;;
esac

echo "1..$n"
[ "$fails" = 0 ]
