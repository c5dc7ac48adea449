# SPDX-License-Identifier: MIT
# fish completion for segprof(1).
# Install as <datadir>/fish/vendor_completions.d/segprof.fish.

# "merge" is a subcommand only as the first word.
function __fish_segprof_first_word
    test (count (commandline -opc)) -eq 1
end

function __fish_segprof_merging
    set -l words (commandline -opc)
    test (count $words) -ge 2; and test "$words[2]" = merge
end

complete -c segprof -n __fish_segprof_first_word -a merge -d 'Merge partial results'

# Output and diagnostics: for profiles and for "segprof merge".
complete -c segprof -s f -l format -x -a 'json ndjson csv tsv table markdown cards html' -d 'Output format'
complete -c segprof -l compact -d 'Print json on one line'
complete -c segprof -s o -l output -r -F -d 'Write to FILE, renamed into place on success'
complete -c segprof -s n -l top -x -d 'Top categories per cluster (default 5)'
complete -c segprof -l rank -x -a 'tfidf\tTF-IDF,\ the\ default lift\tAgainst\ the\ population' -d 'Order of the top categories'
complete -c segprof -l min-support -x -d 'Lift: customers of the cluster a category needs (default 10)'
complete -c segprof -l scores -d 'Add the score of each top category (top_scores)'
complete -c segprof -l index -d 'Add idx_ columns: 100 x cluster mean / population mean'
complete -c segprof -l lang -x -a 'en\tEnglish es\tSpanish pt\tBrazilian\ Portuguese' -d 'Insight and cards language'
complete -c segprof -l currency -x -d 'Cards, html: currency symbol (default R$)'
complete -c segprof -l locale-numbers -d 'Cards, html: decimal point and grouping of LC_NUMERIC'
complete -c segprof -l names -r -F -d 'Cluster names (CSV cluster_id,name or JSON object)'
complete -c segprof -l sort -x -d 'Order by an output field (-FIELD: descending)'
complete -c segprof -l min-size -x -d 'Privacy guard: leave out clusters of fewer than N customers'
complete -c segprof -l error-format -x -a 'text json' -d 'Form of diagnostics'
complete -c segprof -s q -l quiet -d 'Print no warnings'
complete -c segprof -s h -l help -d 'Print usage and exit'
complete -c segprof -s V -l version -d 'Print version and exit'

# Input and computation: not for "segprof merge".
set -l run 'not __fish_segprof_merging'
complete -c segprof -n $run -l unlabeled -x -a 'error skip' -d 'Customers without a label'
complete -c segprof -n $run -l bad-rows -x -a 'error skip' -d 'Customer records that break a rule'
complete -c segprof -n $run -s j -l jobs -x -d 'Worker threads (default: online CPUs)'
complete -c segprof -n $run -l customers -r -F -d 'Customers file (JSON, NDJSON, CSV or TSV)'
complete -c segprof -n $run -l labels -r -F -d 'Labels file (JSON, CSV or TSV)'
complete -c segprof -n $run -l customers-format -x -a 'auto json ndjson csv tsv' -d 'Format of the customers file'
complete -c segprof -n $run -l cluster-field -x -d 'The customers carry their cluster under NAME'
complete -c segprof -n $run -l id-field -x -d 'Customer id key or column'
complete -c segprof -n $run -l frequency-field -x -d 'Frequency key or column'
complete -c segprof -n $run -l amount-field -x -d 'Amount spent key or column'
complete -c segprof -n $run -l types-field -x -d 'Product types key or column'
complete -c segprof -n $run -l types-sep -x -d 'CSV customers: slug separator in a types cell'
complete -c segprof -n $run -l labels-format -x -a 'auto json csv tsv' -d 'Format of the labels file'
complete -c segprof -n $run -l mean -x -d 'Add mean_FIELD of numeric customer keys'
complete -c segprof -n $run -l median -x -d 'Add median_FIELD of numeric customer keys'
complete -c segprof -n $run -l sum -x -d 'Add sum_FIELD of numeric customer keys'
complete -c segprof -n $run -l missing -x -a 'error skip' -d 'Customers without FIELD'
complete -c segprof -l partial -d 'Write the mergeable state (see segprof merge)'
complete -c segprof -n $run -l shard -x -d 'Keep hash shard I/K and write a partial'
complete -c segprof -n __fish_segprof_merging -l allow-missing-shards -d 'Merge hash shards although some are missing'
complete -c segprof -n $run -l progress -d 'Show reading progress on standard error'
complete -c segprof -n $run -l no-progress -d 'Do not show reading progress'
