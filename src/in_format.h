/* SPDX-License-Identifier: MIT */
/* in_format: the forms of an input file (--customers-format, --labels-format),
 * chosen on the command line or detected from the file's first bytes. */
#ifndef SEGPROF_IN_FORMAT_H
#define SEGPROF_IN_FORMAT_H

typedef enum in_format { IN_AUTO, IN_JSON, IN_NDJSON, IN_CSV, IN_TSV } in_format;

#endif
