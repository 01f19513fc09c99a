/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stdio.h>
#include <stdlib.h>
#include <glib.h>

/* A broken invariant: said on standard error as @target's, then abort()
 * for libFuzzer to keep the input. */
G_GNUC_NORETURN static inline void
hd_fuzz_fail (const char *target,
              const char *what,
              const char *detail)
{
  fprintf (stderr, "%s: %s%s%s\n", target, what, detail != NULL ? ": " : "", detail != NULL ? detail : "");
  abort ();
}
