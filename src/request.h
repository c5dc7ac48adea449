/* request: reading a request document (SPEC §1.1) from a source.
 *
 * {"customers": [...], "labels": {...}} in either key order, other keys
 * ignored (but still checked to be valid JSON).  Customers are validated one
 * by one and handed to the collector; labels likewise. */
#ifndef SEGPROF_REQUEST_H
#define SEGPROF_REQUEST_H

#include "collect.h"
#include "customer.h"
#include "pipeline.h"
#include "jscan.h"
#include "source.h"

/* Read the whole document.  SP_OK, or the status of the first fatal error
 * (rule violations are recorded in d and reading goes on).  customers_only:
 * the document stands in for a customers file (--customers), its "labels"
 * are not used and need not be there. */
sp_status request_read(source *src, collector *c, pipeline *pl, diag *d, bool customers_only);

/* The diagnostic order key of section n of an input. */
#define SECTION_KEY(n) ((uint64_t)(n) << 48)

/* Whether a status ends the reading at once. */
static inline bool status_is_fatal(sp_status st)
{
	return st == SP_OSERR || st == SP_IOERR || st == SP_SOFTWARE;
}

/* The labels object at j->pos ('{' expected), each pair given to c.
 * pointer_base: "/labels" in a request, "" in a labels file. */
sp_status labels_object_read(jscan *j, collector *c, const char *pointer_base);

/* The customers array at j->pos ('[' expected). */
sp_status customers_array_read(jscan *j, pipeline *pl, const char *pointer_base);

#endif
