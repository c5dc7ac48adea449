/* SPDX-License-Identifier: MIT */
/* denseids: which ids keep the dense form (segprof(1) MEMORY), lookups,
 * ids given back, growth both ways, and the first-claim word. */
#include "denseids.h"
#include "tap.h"

static dense_add add(dense_ids *d, const char *id, uint32_t cluster)
{
	return dense_ids_add(d, id, strlen(id), cluster);
}

static int64_t find(const dense_ids *d, const char *id)
{
	return dense_ids_find(d, id, strlen(id));
}

/* Whether id is found and gives back itself and cluster. */
static bool holds(const dense_ids *d, const char *id, uint32_t cluster)
{
	int64_t at = find(d, id);
	if (at < 0)
		return false;
	char buf[DENSE_ID_MAX + 1];
	size_t len = dense_ids_key(d, (size_t)at, buf);
	buf[len] = '\0';
	return strcmp(buf, id) == 0 && dense_ids_cluster(d, (size_t)at) == cluster;
}

static void fixed_width(void)
{
	dense_ids d;
	dense_ids_init(&d);
	d.expected = 1000;
	char id[16];
	bool all = true;
	for (int i = 1; i <= 1000; i++) {
		snprintf(id, sizeof id, "C%07d", i);
		all &= add(&d, id, (uint32_t)(i % 5)) == DENSE_ADDED;
	}
	CHECK(all && d.state == DENSE_ON && d.n == 1000, "C0000001..C0001000 stay dense");
	all = true;
	for (int i = 1; i <= 1000; i++) {
		snprintf(id, sizeof id, "C%07d", i);
		all &= holds(&d, id, (uint32_t)(i % 5));
	}
	CHECK(all, "each found, its id and cluster given back");
	CHECK(find(&d, "C000042") < 0 && find(&d, "C00000042") < 0, "other widths of 42 are not C0000042");
	CHECK(find(&d, "D0000042") < 0 && find(&d, "C0001001") < 0 && find(&d, "C0000000") < 0,
	      "another prefix, a number past or before the labels: absent");
	CHECK(find(&d, "C00000x2") < 0 && find(&d, "C") < 0 && find(&d, "") < 0, "not a number: absent");
	CHECK(add(&d, "C0000042", 1) == DENSE_DUPLICATE, "a second label for C0000042 is a duplicate");
	CHECK(add(&d, "C042", 1) == DENSE_UNFIT && d.n == 1000, "a padded id of another width does not fit");
	dense_ids_fini(&d);
}

static void canonical(void)
{
	dense_ids d;
	dense_ids_init(&d);
	CHECK(add(&d, "7", 0) == DENSE_ADDED && add(&d, "12", 1) == DENSE_ADDED &&
		      add(&d, "1234", 2) == DENSE_ADDED && add(&d, "0", 3) == DENSE_ADDED,
	      "plain numbers of several widths fit");
	CHECK(holds(&d, "7", 0) && holds(&d, "12", 1) && holds(&d, "1234", 2) && holds(&d, "0", 3),
	      "each found and given back");
	CHECK(find(&d, "07") < 0 && find(&d, "0012") < 0 && find(&d, "00") < 0,
	      "a leading zero is another id");
	CHECK(add(&d, "012", 0) == DENSE_UNFIT && d.n == 4, "a padded number does not fit among them");
	dense_ids_fini(&d);

	dense_ids_init(&d);
	CHECK(add(&d, "C12", 0) == DENSE_ADDED && add(&d, "C345", 0) == DENSE_ADDED && !d.fixed &&
		      d.canonical,
	      "one width and then another, no leading zero: plain numbers");
	CHECK(add(&d, "C012", 0) == DENSE_UNFIT, "then a leading zero does not fit");
	dense_ids_fini(&d);

	dense_ids_init(&d);
	CHECK(add(&d, "C01", 0) == DENSE_ADDED && add(&d, "C1", 0) == DENSE_UNFIT,
	      "C01 then C1: neither one width nor plain numbers");
	dense_ids_fini(&d);
}

static void unfit(void)
{
	dense_ids d;
	dense_ids_init(&d);
	CHECK(add(&d, "abc", 0) == DENSE_UNFIT, "an id without digits at its end does not fit");
	dense_ids_fini(&d);
	dense_ids_init(&d);
	CHECK(add(&d, "customer-number-of-the-shop-abcde1", 0) == DENSE_UNFIT,
	      "a prefix longer than %d bytes does not fit", DENSE_PREFIX_MAX);
	dense_ids_fini(&d);
	dense_ids_init(&d);
	CHECK(add(&d, "C1", 0) == DENSE_ADDED && add(&d, "X2", 0) == DENSE_UNFIT &&
		      add(&d, "C1x", 0) == DENSE_UNFIT && add(&d, "C", 0) == DENSE_UNFIT,
	      "another prefix, a non-digit, no digits: do not fit");
	CHECK(add(&d, "C2", DENSE_CLUSTERS) == DENSE_UNFIT && add(&d, "C2", DENSE_CLUSTERS - 1) == DENSE_ADDED &&
		      holds(&d, "C2", DENSE_CLUSTERS - 1),
	      "cluster index %d does not fit, %d does", DENSE_CLUSTERS, DENSE_CLUSTERS - 1);
	CHECK(add(&d, "C5000000", 0) == DENSE_UNFIT && d.n == 2,
	      "a number five million past two labels: too sparse");
	dense_ids_fini(&d);
	dense_ids_init(&d);
	d.expected = 2000000;
	CHECK(add(&d, "C1", 0) == DENSE_ADDED && add(&d, "C5000000", 0) == DENSE_ADDED,
	      "the same, two million labels expected: fits");
	dense_ids_fini(&d);
}

static void wide_numbers(void)
{
	dense_ids d;
	dense_ids_init(&d);
	CHECK(add(&d, "9999999999999999999", 0) == DENSE_ADDED && add(&d, "9999999999999999998", 1) == DENSE_ADDED &&
		      holds(&d, "9999999999999999999", 0) && holds(&d, "9999999999999999998", 1),
	      "19 digits: the largest numbers held");
	dense_ids_fini(&d);
	dense_ids_init(&d);
	CHECK(add(&d, "12345678901234567890", 0) == DENSE_ADDED && d.prefix_len == 1 &&
		      holds(&d, "12345678901234567890", 0) && find(&d, "2345678901234567890") < 0,
	      "20 digits: the first one is the prefix");
	dense_ids_fini(&d);
}

static void growth(void)
{
	dense_ids d;
	dense_ids_init(&d);
	bool all = true;
	/* descending from far above 0, then ascending past the first block */
	for (int i = 0; i < 3000; i++) {
		char id[16];
		snprintf(id, sizeof id, "k%d", 7000000 - i * 3);
		all &= add(&d, id, (uint32_t)(i % 7)) == DENSE_ADDED;
	}
	for (int i = 1; i <= 3000; i++) {
		char id[16];
		snprintf(id, sizeof id, "k%d", 7000000 + i * 2);
		all &= add(&d, id, 6) == DENSE_ADDED;
	}
	CHECK(all && d.state == DENSE_ON && d.n == 6000, "grown downwards and upwards, still dense");
	all = true;
	for (int i = 0; i < 3000; i++) {
		char id[16];
		snprintf(id, sizeof id, "k%d", 7000000 - i * 3);
		all &= holds(&d, id, (uint32_t)(i % 7));
		snprintf(id, sizeof id, "k%d", 7000000 + (i + 1) * 2);
		all &= holds(&d, id, 6);
		snprintf(id, sizeof id, "k%d", 7000000 - i * 3 - 1);
		all &= find(&d, id) < 0;
	}
	CHECK(all, "every label found after the moves, the numbers between absent");
	dense_ids_fini(&d);
}

static void claims(void)
{
	dense_ids d;
	dense_ids_init(&d);
	add(&d, "C0001", 9);
	size_t at = (size_t)find(&d, "C0001");
	CHECK(dense_ids_first(&d, at) == DENSE_ORD_NONE, "unclaimed at first");
	CHECK(dense_ids_claim(&d, at, 5) == DENSE_ORD_NONE, "the first claim loses nothing");
	CHECK(dense_ids_claim(&d, at, 9) == 9, "a later ord loses");
	CHECK(dense_ids_claim(&d, at, 3) == 5 && dense_ids_first(&d, at) == 3,
	      "an earlier ord displaces the first");
	uint64_t big = DENSE_ORD_NONE - 1;
	CHECK(dense_ids_claim(&d, at, big) == big && dense_ids_cluster(&d, at) == 9,
	      "the cluster stays through the claims");
	dense_ids_fini(&d);
}

static void narrow(void)
{
	dense_ids d;
	dense_ids_init(&d);
	d.narrow = true;
	char id[16];
	bool all = true;
	for (int i = 1; i <= 3000; i++) {
		snprintf(id, sizeof id, "C%07d", 4000 - i); /* descending: grown downwards */
		all &= add(&d, id, (uint32_t)(i % 126)) == DENSE_ADDED;
	}
	CHECK(all && d.narrow, "3000 labels in 126 clusters: narrow words");
	all = true;
	for (int i = 1; i <= 3000; i++) {
		snprintf(id, sizeof id, "C%07d", 4000 - i);
		all &= holds(&d, id, (uint32_t)(i % 126));
	}
	CHECK(all && find(&d, "C0000999") < 0 && find(&d, "C0004000") < 0,
	      "each found with its cluster, the numbers around absent");
	size_t at = (size_t)find(&d, "C0001234");
	CHECK(dense_ids_first(&d, at) == DENSE_ORD_NONE && dense_ids_claim(&d, at, 50) == DENSE_ORD_NONE,
	      "unclaimed, then a first claim loses nothing");
	CHECK(dense_ids_claim(&d, at, 7) == DENSE_ORD_UNKNOWN && dense_ids_first(&d, at) == DENSE_ORD_UNKNOWN,
	      "a second claim: claimed before, by an ord not known");
	CHECK(dense_ids_cluster(&d, at) == (uint32_t)((4000 - 1234) % 126), "the cluster stays through the claims");
	dense_ids_fini(&d);

	dense_ids_init(&d);
	d.narrow = true;
	all = add(&d, "7", 5) == DENSE_ADDED && add(&d, "9", 125) == DENSE_ADDED;
	CHECK(all && d.narrow, "cluster index 125: still narrow");
	all = add(&d, "8", 126) == DENSE_ADDED;
	CHECK(all && !d.narrow && holds(&d, "7", 5) && holds(&d, "9", 125) && holds(&d, "8", 126),
	      "cluster index 126: the words widen, every label kept");
	at = (size_t)find(&d, "8");
	CHECK(dense_ids_claim(&d, at, 9) == DENSE_ORD_NONE && dense_ids_claim(&d, at, 4) == 9 &&
		      dense_ids_first(&d, at) == 4,
	      "wide again: a claim keeps the first ord");
	dense_ids_fini(&d);

	/* as sparse as one of 8 shards: 32 narrow words a label fit, 4 wide */
	dense_ids_init(&d);
	d.narrow = true;
	d.expected = 100000;
	all = true;
	for (int i = 1; i <= 1000; i++) {
		snprintf(id, sizeof id, "C%08d", i * 8);
		all &= add(&d, id, 1) == DENSE_ADDED;
	}
	CHECK(all && add(&d, "C03000000", 2) == DENSE_ADDED && d.narrow,
	      "narrow: numbers 30 a label apart fit");
	CHECK(add(&d, "C03000001", DENSE_NARROW_CLUSTERS) == DENSE_UNFIT && d.narrow && d.n == 1001,
	      "one cluster too many for a byte: wide words over that span would outweigh the hash table");
	dense_ids_fini(&d);
	dense_ids_init(&d);
	d.expected = 100000;
	CHECK(add(&d, "C1", 0) == DENSE_ADDED && add(&d, "C3000000", 0) == DENSE_UNFIT,
	      "wide: numbers 30 a label apart do not fit");
	dense_ids_fini(&d);
}

/* dense_number (eight digits at a time) against dense_number_portable on
 * random texts of 0 to 19 bytes: all digits, or one byte just outside
 * '0'..'9' (or any byte) somewhere, with the same answer and number. */
static void digits_eight_at_a_time(void)
{
	static const unsigned char near[] = {'0' - 1, '9' + 1, '0' + 16, '0' - 16,
					     0x00,    0xb0,    0xb9,     0xff};
	rng_state = 15;
	bool same = true;
	long wrong = -1;
	for (int round = 0; round < 200000 && same; round++) {
		char s[20];
		size_t n = (size_t)(rng() % 20);
		for (size_t i = 0; i < n; i++)
			s[i] = (char)('0' + rng() % 10);
		if (n && round % 2) {
			uint64_t r = rng();
			s[r % n] = (char)(r & 256 ? near[(r >> 9) % sizeof near]
						  : (unsigned char)(r >> 16));
		}
		uint64_t a = 1, b = 2;
		bool ok_a = dense_number(s, n, &a), ok_b = dense_number_portable(s, n, &b);
		same = ok_a == ok_b && (!ok_a || a == b);
		if (!same)
			wrong = round;
	}
	CHECK(same, "digits eight at a time: as one at a time on 200000 texts (first wrong: %ld)",
	      wrong);
	uint64_t v;
	CHECK(dense_number("9999999999999999999", 19, &v) && v == 9999999999999999999ULL,
	      "nineteen nines");
	CHECK(dense_number("12345678", 8, &v) && v == 12345678 &&
		      !dense_number("1234567:", 8, &v) && !dense_number("/2345678", 8, &v),
	      "eight digits; a byte past '9' or before '0' at either end");
}

int main(void)
{
	digits_eight_at_a_time();
	fixed_width();
	canonical();
	unfit();
	wide_numbers();
	growth();
	claims();
	narrow();
	return tap_done();
}
