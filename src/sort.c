/* SPDX-License-Identifier: MIT */
/* sort: comparing profiles by one column, a stable sort. */
#include "sort.h"

#include <stdlib.h>
#include <string.h>

#include "profile_field.h"

bool sort_spec_parse(const char *arg, sort_spec *s)
{
	size_t len = strlen(arg);
	s->desc = false;
	if (arg[0] == '-') {
		s->desc = true;
		arg++;
		len--;
	} else if (len > 5 && strcmp(arg + len - 5, ":desc") == 0) {
		s->desc = true;
		len -= 5;
	} else if (len > 4 && strcmp(arg + len - 4, ":asc") == 0) {
		len -= 4;
	}
	s->field = arg;
	s->len = len;
	return len > 0;
}

typedef struct sort_ctx {
	const profile_list *pl;
	size_t f;
	profile_field kind;
	size_t extra;
	bool desc;
} sort_ctx;

static int u64_cmp(uint64_t a, uint64_t b)
{
	return (a > b) - (a < b);
}

/* Two non-null digit strings of counts, as numbers. */
static int count_cmp(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	return la != lb ? (la > lb) - (la < lb) : strcmp(a, b);
}

/* Top scores as numbers, one by one; a shorter list first on a tie. */
static int scores_cmp(const profile *a, const profile *b)
{
	for (size_t i = 0; i < a->n_top && i < b->n_top; i++) {
		int c = hundredths_cmp(a->top_picks[i].score, b->top_picks[i].score);
		if (c)
			return c;
	}
	return u64_cmp(a->n_top, b->n_top);
}

/* a against b by the column, NULL values apart (the caller puts them last). */
static int value_cmp(const sort_ctx *c, const profile *a, const profile *b)
{
	switch (c->kind) {
	case PF_CLUSTER_ID: return cluster_id_cmp(&a->id, &b->id);
	case PF_CLUSTER_NAME: return strcmp(a->name, b->name);
	case PF_N_CUSTOMERS: return u64_cmp(a->n_customers, b->n_customers);
	case PF_AVG_SPEND: return hundredths_cmp(a->avg_spend, b->avg_spend);
	case PF_MEDIAN_SPEND: return hundredths_cmp(a->median_spend, b->median_spend);
	case PF_AVG_FREQUENCY: return hundredths_cmp(a->avg_frequency, b->avg_frequency);
	case PF_TOP_CATEGORIES: return strcmp(a->top_categories, b->top_categories);
	case PF_TOP_SCORES: return scores_cmp(a, b);
	case PF_SHARE_OF_REVENUE_PCT: return hundredths_cmp(a->share, b->share);
	case PF_INSIGHT: return strcmp(a->insight, b->insight);
	case PF_EXTRA: break;
	}
	const char *x = a->extra[c->extra], *y = b->extra[c->extra];
	return c->pl->cols[c->extra].op == 0 ? count_cmp(x, y) : hundredths_cmp(x, y);
}

static const char *nullable(const sort_ctx *c, const profile *p)
{
	if (c->kind == PF_CLUSTER_NAME)
		return p->name;
	if (c->kind == PF_EXTRA)
		return p->extra[c->extra];
	return "";
}

static int index_cmp(const void *pa, const void *pb, void *arg)
{
	const sort_ctx *c = arg;
	size_t ia = *(const size_t *)pa, ib = *(const size_t *)pb;
	const profile *a = &c->pl->items[ia], *b = &c->pl->items[ib];
	bool na = nullable(c, a) == NULL, nb = nullable(c, b) == NULL;
	int r = na || nb ? (na > nb) - (na < nb) : value_cmp(c, a, b) * (c->desc ? -1 : 1);
	return r ? r : (ia > ib) - (ia < ib);
}

static sp_status unknown_field(const profile_list *pl, const sort_spec *s, diag *d)
{
	char list[1024];
	size_t len = 0;
	for (size_t f = 0; f < profile_columns(pl) && len < sizeof list; f++)
		len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", f ? ", " : "",
					column_name(pl, f));
	diag_error(d, SP_USAGE, 0, NULL, 0, 0, NULL,
		   "--sort: no field '%.*s' in the output (the fields are: %s)", (int)s->len,
		   s->field, list);
	return SP_USAGE;
}

sp_status profiles_sort(profile_list *pl, const sort_spec *s, diag *d)
{
	if (!s->field)
		return SP_OK;
	sort_ctx c = {pl, 0, PF_CLUSTER_ID, 0, s->desc};
	size_t f = 0, nc = profile_columns(pl);
	for (; f < nc; f++) {
		const char *name = column_name(pl, f);
		if (strlen(name) == s->len && memcmp(name, s->field, s->len) == 0)
			break;
	}
	if (f == nc)
		return unknown_field(pl, s, d);
	c.f = f;
	c.kind = column_field(pl, f, &c.extra);
	size_t *order = malloc((pl->n ? pl->n : 1) * sizeof *order);
	profile *sorted = malloc((pl->n ? pl->n : 1) * sizeof *sorted);
	if (!order || !sorted) {
		free(order);
		free(sorted);
		return SP_OSERR;
	}
	for (size_t i = 0; i < pl->n; i++)
		order[i] = i;
	qsort_r(order, pl->n, sizeof *order, index_cmp, &c);
	for (size_t i = 0; i < pl->n; i++)
		sorted[i] = pl->items[order[i]];
	free(pl->items);
	pl->items = sorted;
	free(order);
	return SP_OK;
}
