/*===- harness.h - Driver of the model sweeps -----------------------------===*
 *
 * A sweep program compiles the API calls with -copyintent-emit=model, links the
 * recorder, and for each (operation, size, misalignment) asks harness_run() to
 * prepare the buffers, make the call, and check both the bytes and the recorded
 * events against the contract. The first violation ends the program with the
 * case and its events; otherwise harness_done() prints the summary line the
 * tests FileCheck.
 *
 * The expectations come from the command line, so each test states them:
 *   line=N          flush granule the model plans with (default 64)
 *   flush=NAME      expected flush instruction (default: any)
 *   fence=NAME      expected fence (default: any real fence)
 *   x86             NT stores bypass the cache and need a fence; writethrough
 *                   must not fence
 *   eadr            the caches are persistent: no flush at all
 *
 *===----------------------------------------------------------------------===*/
#ifndef COPYINTENT_TEST_HARNESS_H
#define COPYINTENT_TEST_HARNESS_H

#include "contract.h"

/* One lowered call; flush ignores s, drain ignores everything. */
typedef void (*harness_fn)(void *d, const void *s, size_t n);

/* Parses the expectations and allocates buffers for sizes up to max_n. */
void harness_init(int argc, char **argv, size_t max_n);
/* Destination misalignments to sweep: max(64, line), so with a 128-byte line
 * every offset inside the line is covered. */
unsigned harness_dst_period(void);
/* Runs fn once: d = dst buffer + dmis (from a 4096-aligned base), s = src + smis.
 * what names the function for the report (e.g. "variable size"). */
void harness_run(enum ci_op op, harness_fn fn, size_t n, unsigned dmis, unsigned smis,
                 const char *what);
/* Prints "checked ... 0 violations" and returns the exit code. */
int harness_done(void);

#endif /* COPYINTENT_TEST_HARNESS_H */
