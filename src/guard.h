/* SPDX-License-Identifier: MIT */
/* guard: --min-size=N, the privacy guard (segprof(1) PRIVACY GUARD).  A
 * cluster with fewer than N customers is left out of the output altogether;
 * the others keep the figures they have without the guard. */
#ifndef SEGPROF_GUARD_H
#define SEGPROF_GUARD_H

#include <stdint.h>

#include "profile.h"

/* Remove the profiles of fewer than min_size customers from pl (in place,
 * order kept) and record min_size and how many were removed in pl. */
void profiles_withhold(profile_list *pl, uint64_t min_size);

#endif
