#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Tests for the shell completions of segprof.
#
#   completions/test-completions.sh
#
# Bash: the completion function is driven through COMP_WORDS/COMP_CWORD, once
# with plain bash and once on top of the bash-completion package when it is
# installed. Fish and zsh: syntax check (-n) and a load check when the shell is
# installed, skipped otherwise; both also answer real completion queries (zsh
# through zsh/zpty).
# Exits 0 when every check passes, 1 otherwise. Needs no segprof binary.

set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
fails=0
n=0

ok()     { n=$((n + 1)); printf 'ok %d - %s\n' "$n" "$1"; }
not_ok() { n=$((n + 1)); fails=$((fails + 1)); printf 'not ok %d - %s\n' "$n" "$1"; [ -n "${2-}" ] && printf '#   %s\n' "$2"; }
skip()   { n=$((n + 1)); printf 'ok %d - %s # SKIP %s\n' "$n" "$1" "$2"; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/files"
: > "$tmp/files/customers.ndjson"
: > "$tmp/files/labels.csv"

# ---------------------------------------------------------------------------
# bash

# Runs in a child bash: prints the candidates for each command line given in
# the remaining arguments, one "line<TAB>sorted candidates" record per line.
# $1 is "plain" or "bash-completion".
bash_complete() {
    local mode=$1
    shift
    (
        cd "$tmp/files" || exit 1
        HOME=$tmp bash --norc --noprofile -s "$mode" "$here/segprof.bash" "$@" <<'EOS'
mode=$1 file=$2
shift 2
if [ "$mode" = bash-completion ]; then
    # shellcheck disable=SC1091
    . /usr/share/bash-completion/bash_completion || exit 1
fi
# shellcheck disable=SC1090
. "$file" || exit 1
spec=$(complete -p segprof 2>/dev/null)
fn=$(sed -n 's/.* -F \([^ ]*\) .*/\1/p' <<<"$spec")
[ -n "$fn" ] || { echo "no completion function registered for segprof: $spec"; exit 1; }
set -f
for line in "$@"; do
    # Split like readline: on blanks, and "=" (in COMP_WORDBREAKS) as a word
    # of its own; a trailing blank starts an empty word.
    COMP_WORDS=()
    for w in $line; do
        if [[ $w == *=* ]]; then
            COMP_WORDS+=("${w%%=*}" "=")
            [ -n "${w#*=}" ] && COMP_WORDS+=("${w#*=}")
        else
            COMP_WORDS+=("$w")
        fi
    done
    [[ $line == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMP_LINE=$line
    COMP_POINT=${#line}
    COMP_TYPE=9 COMP_KEY=9
    COMPREPLY=()
    "$fn" segprof "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
    printf '%s\t%s\n' "$line" "$(printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort -u | paste -sd ' ')"
done
EOS
    )
}

sorted() { printf '%s\n' $1 | LC_ALL=C sort -u | paste -sd ' '; }

# expect LINE "CANDIDATES" [contains]
cases=()
expects=()
modes=()
expect() { cases+=("$1"); expects+=("$(sorted "$2")"); modes+=("${3:-exact}"); }

expect 'segprof --format '            'json ndjson csv tsv table markdown cards html'
expect 'segprof -f '                  'json ndjson csv tsv table markdown cards html'
expect 'segprof --format=t'           'table tsv'
expect 'segprof --format=c'           'csv cards'
expect 'segprof --lang '              'en es pt'
expect 'segprof --lang='              'en es pt'
expect 'segprof --for'                '--format'
expect 'segprof --unlabeled '         'error skip'
expect 'segprof --bad-rows '          'error skip'
expect 'segprof --missing '           'error skip'
expect 'segprof --missing=s'          'skip'
expect 'segprof --error-format '      'text json'
expect 'segprof --customers-format '  'auto json ndjson csv tsv'
expect 'segprof --cluster-field '     ''
expect 'segprof --types-'             '--types-field --types-sep'
expect 'segprof --labels-format '     'auto json csv tsv'
expect 'segprof --no-'                '--no-progress'
expect 'segprof --p'                  '--partial --progress'
expect 'segprof --loc'                '--locale-numbers'
expect 'segprof --me'                 '--mean --median'
expect 'segprof --rank '              'tfidf lift'
expect 'segprof merge --rank='        'tfidf lift'
expect 'segprof --mi'                 '--min-size --min-support --missing'
expect 'segprof --min-support '       ''
expect 'segprof --sc'                 '--scores'
expect 'segprof --i'                  '--id-field --index'
expect 'segprof merge --ind'          '--index'

expect 'segprof --mean '              ''
expect 'segprof --sum='               ''
expect 'segprof --currency '          ''
expect 'segprof --customers '         'customers.ndjson labels.csv'
expect 'segprof --labels lab'         'labels.csv'
expect 'segprof -o '                  'customers.ndjson labels.csv'
expect 'segprof --top '               ''
expect 'segprof me'                   'merge'
expect 'segprof '                     'merge customers.ndjson labels.csv'
expect 'segprof -q '                  'customers.ndjson labels.csv'
expect 'segprof -q me'                ''
expect 'segprof merge '               'customers.ndjson labels.csv'
expect 'segprof merge cus'            'customers.ndjson'
expect 'segprof merge --c'            '--compact --currency'
expect 'segprof merge -f '            'json ndjson csv tsv table markdown cards html'
expect 'segprof merge --'             '--allow-missing-shards --compact --currency --error-format --format --help --index --lang --locale-numbers --min-size --min-support --names --output --partial --quiet --rank --scores --sort --top --version'
expect 'segprof --'                   '--amount-field --bad-rows --cluster-field --compact --currency --customers --customers-format --error-format --format --frequency-field --help --id-field --jobs --labels --labels-format --lang --locale-numbers --mean --median --min-support --missing --no-progress --output --partial --progress --quiet --rank --shard --sum --top --types-field --types-sep --unlabeled --version' contains

bash_modes=(plain)
if [ -r /usr/share/bash-completion/bash_completion ]; then
    bash_modes+=(bash-completion)
else
    skip "bash: with the bash-completion package" "not installed"
fi

if bash -n "$here/segprof.bash" 2>"$tmp/err"; then
    ok "bash: segprof.bash parses"
else
    not_ok "bash: segprof.bash parses" "$(cat "$tmp/err")"
fi

for m in "${bash_modes[@]}"; do
    if ! out=$(bash_complete "$m" "${cases[@]}" 2>"$tmp/err"); then
        not_ok "bash ($m): completion loads and runs" "$out $(cat "$tmp/err")"
        continue
    fi
    for i in "${!cases[@]}"; do
        got=$(printf '%s\n' "$out" | awk -F'\t' -v l="${cases[i]}" '$1 == l { print $2; exit }')
        want=${expects[i]}
        name="bash ($m): '${cases[i]}' -> ${want:-nothing}"
        if [ "${modes[i]}" = contains ]; then
            missing=
            for w in $want; do
                case " $got " in *" $w "*) ;; *) missing+=" $w" ;; esac
            done
            if [ -z "$missing" ]; then ok "$name"; else not_ok "$name" "missing:$missing"; fi
        elif [ "$got" = "$want" ]; then
            ok "$name"
        else
            not_ok "$name" "got: ${got:-nothing}"
        fi
    done
done

# ---------------------------------------------------------------------------
# fish

if command -v fish >/dev/null 2>&1; then
    if fish -n "$here/segprof.fish" 2>"$tmp/err"; then
        ok "fish: segprof.fish parses (fish -n)"
    else
        not_ok "fish: segprof.fish parses (fish -n)" "$(cat "$tmp/err")"
    fi
    fish_complete() {
        (cd "$tmp/files" && HOME=$tmp XDG_CONFIG_HOME=$tmp/.config XDG_DATA_HOME=$tmp/.local \
            fish --no-config -c 'source $argv[1]; complete -C $argv[2]' "$here/segprof.fish" "$1" 2>&1) |
            cut -f1 | LC_ALL=C sort -u | paste -sd ' '
    }
    for pair in \
        'segprof --format |json ndjson csv tsv table markdown cards html' \
        'segprof --lang |en es pt' \
        'segprof --for|--format' \
        'segprof --labels-format |auto json csv tsv' \
        'segprof --missing |error skip' \
        'segprof --p|--partial --progress' \
        'segprof --rank |tfidf lift' \
        'segprof merge --min|--min-size --min-support' \
        'segprof me|merge' \
        'segprof |merge customers.ndjson labels.csv' \
        'segprof merge |customers.ndjson labels.csv' \
        'segprof merge --c|--compact --currency'; do
        line=${pair%%|*}
        want=$(sorted "${pair#*|}")
        got=$(fish_complete "$line")
        if [ "$got" = "$want" ]; then
            ok "fish: '$line' -> $want"
        else
            not_ok "fish: '$line' -> $want" "got: ${got:-nothing}"
        fi
    done
else
    skip "fish: segprof.fish" "fish not installed"
fi

# ---------------------------------------------------------------------------
# zsh

if command -v zsh >/dev/null 2>&1; then
    if zsh -n "$here/_segprof" 2>"$tmp/err"; then
        ok "zsh: _segprof parses (zsh -n)"
    else
        not_ok "zsh: _segprof parses (zsh -n)" "$(cat "$tmp/err")"
    fi
    # compinit picks the file up from $fpath through its #compdef line.
    if out=$(cd "$tmp" && HOME=$tmp ZDOTDIR=$tmp zsh -f -c '
            fpath=("$1" $fpath)
            autoload -Uz compinit && compinit -u -D || exit 1
            [[ $_comps[segprof] == _segprof ]] || { print "segprof -> ${_comps[segprof]:-nothing}"; exit 1 }
            autoload -Uz +X _segprof || exit 1
        ' zsh "$here" 2>&1); then
        ok "zsh: compinit registers _segprof for segprof"
    else
        not_ok "zsh: compinit registers _segprof for segprof" "$out"
    fi
    # Real completion queries: an interactive zsh in a zpty, with compadd
    # wrapped to print the matches it is given (between two NUL lines).
    cat > "$tmp/cap.zsh" <<'EOS'
zmodload zsh/zpty || exit 1
zpty z zsh -f -i
zpty -w z "PS1=''; fpath=(${(q)1} \$fpath); autoload -Uz compinit; compinit -u -D"
zpty -w z 'bindkey "^I" complete-word; zstyle ":completion:*" list-grouped false; zstyle ":completion:*" insert-tab false'
zpty -w z 'null-line () { echo -E - $'"'"'\0'"'"' }; compprefuncs=( null-line ); comppostfuncs=( null-line exit )'
zpty -w z 'compadd () { if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi; typeset -a __hits; builtin compadd -A __hits "$@"; local h; for h in $__hits; do echo -E - "HIT:$h"; done }'
zpty -n -w z "$2"$'\t'
integer tog=0
while zpty -r z; do :; done | while IFS= read -r line; do
    if [[ $line == *$'\0'* ]]; then (( tog++ )) && break || continue; fi
    (( tog )) && [[ $line == HIT:* ]] && echo -E - "${${line#HIT:}%$'\r'}"
done
zpty -d z
EOS
    zsh_complete() {
        (cd "$tmp/files" && HOME=$tmp ZDOTDIR=$tmp timeout 20 zsh -f "$tmp/cap.zsh" "$here" "$1" 2>/dev/null) |
            LC_ALL=C sort -u | paste -sd ' '
    }
    for pair in \
        'segprof --format |json ndjson csv tsv table markdown cards html' \
        'segprof --missing |error skip' \
        'segprof --rank=|tfidf lift' \
        'segprof me|merge' \
        'segprof merge |customers.ndjson labels.csv' \
        'segprof merge --c|--compact --currency' \
        'segprof --c|--cluster-field --compact --currency --customers --customers-format'; do
        line=${pair%%|*}
        want=$(sorted "${pair#*|}")
        got=$(zsh_complete "$line")
        if [ "$got" = "$want" ]; then
            ok "zsh: '$line' -> $want"
        else
            not_ok "zsh: '$line' -> $want" "got: ${got:-nothing}"
        fi
    done
else
    skip "zsh: _segprof" "zsh not installed"
fi

echo "1..$n"
[ "$fails" -eq 0 ]
