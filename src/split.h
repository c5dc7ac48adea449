/* SPDX-License-Identifier: MIT */
/* split: the split inputs of segprof(1) INPUT, "Split inputs".
 *
 * Labels file: a JSON object, or CSV/TSV customer_id,cluster_id with an
 * optional header line.  Customers file: a JSON array of customer objects, a
 * request document (its "customers"), or NDJSON, one object per line.
 * Both are read as streams; the labels first, so that customers are joined
 * and accumulated as they come. */
#ifndef SEGPROF_SPLIT_H
#define SEGPROF_SPLIT_H

#include "collect.h"
#include "in_format.h"
#include "pipeline.h"
#include "source.h"

sp_status labels_file_read(source *src, in_format fmt, collector *c, diag *d);
sp_status customers_file_read(source *src, in_format fmt, collector *c, pipeline *pl, diag *d);

/* Format of a labels / customers file from its first bytes. */
in_format labels_format_detect(source *src);
in_format customers_format_detect(source *src);

#endif
