/* SPDX-License-Identifier: MIT */
/* grow_room: doubling from the first capacity, keeping the elements, and
 * refusing sizes past SIZE_MAX without touching the array. */
#include "grow.h"
#include "tap.h"

int main(void)
{
	uint32_t *a = NULL;
	size_t cap = 0;
	CHECK(grow_room(&a, &cap, 1, sizeof *a, 16) && a && cap == 16, "the first room: 16");
	for (uint32_t i = 0; i < 16; i++)
		a[i] = i * 7;
	CHECK(grow_room(&a, &cap, 16, sizeof *a, 16) && cap == 16, "room enough: unchanged");
	CHECK(grow_room(&a, &cap, 17, sizeof *a, 16) && cap == 32, "one more: doubled");
	CHECK(grow_room(&a, &cap, 1000, sizeof *a, 16) && cap == 1024, "a thousand: 1024");
	bool kept = true;
	for (uint32_t i = 0; i < 16; i++)
		kept &= a[i] == i * 7;
	CHECK(kept, "the elements kept through the moves");
	uint32_t *before = a;
	CHECK(!grow_room(&a, &cap, SIZE_MAX / 2 + 2, sizeof *a, 16) && a == before && cap == 1024,
	      "past SIZE_MAX bytes: refused, nothing changed");
	CHECK(!grow_room(&a, &cap, SIZE_MAX, 1, 16) && a == before && cap == 1024,
	      "a count that cannot double: refused");
	free(a);
	return tap_done();
}
