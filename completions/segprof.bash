# SPDX-License-Identifier: MIT
# bash completion for segprof(1)                           -*- shell-script -*-
# Install as <datadir>/bash-completion/completions/segprof.
# Works with the bash-completion package (uses _init_completion and _filedir)
# and without it (plain compgen).

_segprof_filedir()
{
    if declare -F _filedir >/dev/null 2>&1; then
        _filedir
    else
        local IFS=$'\n'
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}

_segprof()
{
    local cur prev words cword split=false prefix=
    if declare -F _init_completion >/dev/null 2>&1; then
        _init_completion -s || return
    else
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
        cur=${COMP_WORDS[COMP_CWORD]}
        prev=
        ((cword > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
        # With '=' in COMP_WORDBREAKS, "--format=js" arrives as
        # "--format" "=" "js".
        if [[ $cur == = ]]; then
            cur=
            split=true
        elif [[ $prev == = ]] && ((cword > 1)); then
            prev=${COMP_WORDS[COMP_CWORD - 2]}
            split=true
        elif [[ $cur == --*=* ]]; then
            # '=' not a word break: complete the value, keep the option prefix.
            prev=${cur%%=*}
            prefix=$prev=
            cur=${cur#*=}
            split=true
        fi
    fi

    # "segprof merge [OPTION]... [PARTIAL]...": merge must be the first word.
    local merge=false
    ((cword > 1)) && [[ ${words[1]} == merge ]] && merge=true

    # Output and diagnostics: for profiles and for "segprof merge".
    local -a out_opts=(
        -f --format --compact -o --output -n --top --rank --min-support
        --scores --index --lang --currency --locale-numbers --names --sort
        --min-size --error-format -q --quiet
        -h --help -V --version --partial
    )
    local -a opts=(
        "${out_opts[@]}" --unlabeled --bad-rows -j --jobs --customers --labels
        --customers-format --labels-format --mean --median --sum --missing
        --progress --no-progress --cluster-field --id-field
        --frequency-field --amount-field --types-field --types-sep --shard
    )
    $merge && opts=("${out_opts[@]}" --allow-missing-shards)

    local values=
    case $prev in
        -f | --format) values='json ndjson csv tsv table markdown cards html' ;;
        --lang) values='en es pt' ;;
        --rank) values='tfidf lift' ;;
        --unlabeled | --bad-rows | --missing) values='error skip' ;;
        --error-format) values='text json' ;;
        --customers-format) values='auto json ndjson csv tsv' ;;
        --labels-format) values='auto json csv tsv' ;;
        -o | --output | --customers | --labels | --names)
            _segprof_filedir
            [[ -n $prefix ]] && COMPREPLY=("${COMPREPLY[@]/#/$prefix}")
            return
            ;;
        # Numbers, customer keys, a currency symbol, a field: nothing to offer.
        -n | --top | -j | --jobs | --mean | --median | --sum | --currency | --min-support | \
            --sort | --min-size | --cluster-field | --id-field | --frequency-field | \
            --amount-field | --types-field | --types-sep | --shard)
            COMPREPLY=()
            return
            ;;
    esac
    if [[ -n $values ]]; then
        COMPREPLY=($(compgen -P "$prefix" -W "$values" -- "$cur"))
        return
    fi
    $split && return

    # After "--" everything is an operand.
    local i
    for ((i = 1; i < cword; i++)); do
        [[ ${words[i]} == -- ]] && { _segprof_filedir; return; }
    done

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "${opts[*]}" -- "$cur"))
        return
    fi

    # Operands: the input FILE, or merge's PARTIAL files.
    _segprof_filedir
    # The subcommand word, only as the first word.
    if ((cword == 1)); then
        COMPREPLY+=($(compgen -W 'merge' -- "$cur"))
    fi
} &&
    complete -F _segprof segprof

# ex: filetype=sh
