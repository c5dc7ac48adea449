# fish completion for segprof(1).
# Install as <datadir>/fish/vendor_completions.d/segprof.fish.

complete -c segprof -n __fish_use_subcommand -a merge -d 'Merge partial results'

complete -c segprof -s f -l format -x -a 'json ndjson csv tsv table markdown' -d 'Output format'
complete -c segprof -l compact -d 'Print json on one line'
complete -c segprof -s o -l output -r -F -d 'Write to FILE, renamed into place on success'
complete -c segprof -s n -l top -x -d 'Top categories per cluster (default 5)'
complete -c segprof -l lang -x -a 'en\tEnglish es\tSpanish pt\tBrazilian\ Portuguese' -d 'Insight language'
complete -c segprof -l unlabeled -x -a 'error skip' -d 'Customers without a label'
complete -c segprof -l error-format -x -a 'text json' -d 'Form of diagnostics'
complete -c segprof -s q -l quiet -d 'Print no warnings'
complete -c segprof -s j -l jobs -x -d 'Worker threads (default: online CPUs)'
complete -c segprof -l customers -r -F -d 'Customers file (JSON or NDJSON)'
complete -c segprof -l labels -r -F -d 'Labels file (JSON, CSV or TSV)'
complete -c segprof -l customers-format -x -a 'auto json ndjson' -d 'Format of the customers file'
complete -c segprof -l labels-format -x -a 'auto json csv tsv' -d 'Format of the labels file'
complete -c segprof -l progress -d 'Show reading progress on standard error'
complete -c segprof -l no-progress -d 'Do not show reading progress'
complete -c segprof -s h -l help -d 'Print usage and exit'
complete -c segprof -s V -l version -d 'Print version and exit'
