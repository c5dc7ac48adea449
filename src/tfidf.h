/* tfidf: rank each cluster's slugs, every cluster being one document.
 *
 *   tf(t, c) = customers of c whose product_types contain t
 *   idf(t)   = ln((1 + K) / (1 + df(t))) + 1      (scikit-learn, smooth_idf)
 *   score    = tf * idf, highest first; ties by first appearance in c. */
#ifndef SEGPROF_TFIDF_H
#define SEGPROF_TFIDF_H

#include <stdbool.h>
#include <stddef.h>

#include "aggregate.h"

/* top[c] := the top n slugs of cluster c joined with ", " (malloc'd, "" when
 * none), for c in 0..a->n_acc-1.  false on out of memory (top[] then holds
 * NULLs or strings the caller frees either way). */
bool tfidf_top(const agg *a, unsigned n, char **top);

#endif
