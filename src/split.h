/* SPDX-License-Identifier: MIT */
/* split: the split inputs of segprof(1) INPUT, "Split inputs".
 *
 * Labels file: a JSON object, or CSV/TSV customer_id,cluster_id with an
 * optional header line.  Customers file: a JSON array of customer objects, a
 * request document (its "customers"), NDJSON, one object per line, or CSV/TSV
 * with a header line (csvcust.h).
 * Both are read as streams; the labels first, so that customers are joined
 * and accumulated as they come. */
#ifndef SEGPROF_SPLIT_H
#define SEGPROF_SPLIT_H

#include "collect.h"
#include "extras.h"
#include "fields.h"
#include "in_format.h"
#include "pipeline.h"
#include "source.h"

/* f: the id and cluster column names a labels CSV header may use. */
sp_status labels_file_read(source *src, in_format fmt, const field_names *f, collector *c,
			   diag *d);
sp_status customers_file_read(source *src, in_format fmt, const field_names *f,
			      const extra_spec *x, collector *c, pipeline *pl, diag *d);

/* A shape segprof does not read, named with the way out (SP_DATAERR,
 * recorded): pandas' default to_json() (orient="columns"), or, for the
 * request operand (customers false), a CSV or TSV table.  SP_OK: none of
 * them. */
sp_status shape_check(source *src, bool customers, diag *d);

/* Format of a labels / customers file from its first bytes. */
in_format labels_format_detect(source *src);
in_format customers_format_detect(source *src);

#endif
