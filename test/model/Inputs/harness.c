/*===- harness.c - Driver of the model sweeps -----------------------------===*
 *
 * See harness.h. Before each call the destination holds the complement of the
 * source, so a byte the copy skipped cannot compare equal by accident, and 64
 * guard bytes on either side hold a constant that must survive.
 *
 *===----------------------------------------------------------------------===*/
#include "harness.h"
#include "recorder.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { Guard = 64, Slack = 4096, GuardByte = 0xc3 };

static struct ci_contract_case Template = {CI_OP_NOCACHE, 0, 0, 64, 0, 0, 0, 0, 0, 0};
static unsigned char *Src, *Dst; /* Dst starts Slack bytes into a 4096-aligned block */
static unsigned long long Copies, Flushes, Drains;

static void usage(const char *arg) {
  fprintf(stderr, "harness: bad argument '%s' (line=N flush=NAME fence=NAME x86 eadr)\n",
          arg);
  exit(2);
}

void harness_init(int argc, char **argv, size_t max_n) {
  for (int i = 1; i < argc; ++i) {
    const char *a = argv[i];
    if (!strncmp(a, "line=", 5))
      Template.line = (unsigned)strtoul(a + 5, NULL, 0);
    else if (!strncmp(a, "flush=", 6)) {
      if (!ci_parse_flush(a + 6, &Template.flush_kind))
        usage(a);
    } else if (!strncmp(a, "fence=", 6)) {
      if (!ci_parse_fence(a + 6, &Template.fence_kind))
        usage(a);
    } else if (!strcmp(a, "x86")) {
      Template.nt_bypasses_cache = Template.nt_needs_fence = 1;
      Template.wt_fence_is_defect = 1;
    } else if (!strcmp(a, "eadr"))
      Template.eadr = 1;
    else
      usage(a);
  }
  if (Template.line < 4 || Template.line > Slack || (Template.line & (Template.line - 1)))
    usage("line=");
  ci_rec_line_size = Template.line;
  size_t srcSize = max_n + Slack;
  size_t dstSize = Slack + max_n + 2 * Slack;
  Src = aligned_alloc(4096, srcSize);
  unsigned char *block = aligned_alloc(4096, dstSize);
  if (!Src || !block)
    abort();
  Dst = block + Slack;
  /* A fixed pseudo-random source: every run checks the same bytes. */
  uint32_t x = 0x9e3779b9u;
  for (size_t i = 0; i < srcSize; ++i) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    Src[i] = (unsigned char)(x >> 24);
  }
}

unsigned harness_dst_period(void) { return Template.line > 64 ? Template.line : 64; }

static void report(const char *why, const struct ci_contract_case *c, const char *what,
                   unsigned dmis, unsigned smis) {
  size_t nev;
  const struct ci_event *ev = ci_rec_events(&nev);
  fprintf(stderr, "VIOLATION: %s\n", why);
  fprintf(stderr, "call: %s, %s, n=%llu, dst misalignment %u, src misalignment %u\n",
          ci_op_name(c->op), what, (unsigned long long)c->n, dmis, smis);
  ci_print_case(stderr, c);
  ci_print_events(stderr, c, ev, nev, 200);
  exit(1);
}

void harness_run(enum ci_op op, harness_fn fn, size_t n, unsigned dmis, unsigned smis,
                 const char *what) {
  unsigned char *d = Dst + dmis;
  const unsigned char *s = Src + smis;
  memset(d - Guard, GuardByte, Guard);
  memset(d + n, GuardByte, Guard);
  for (size_t i = 0; i < n; ++i)
    d[i] = (unsigned char)~s[i];

  ci_rec_reset();
  fn(d, s, n);

  struct ci_contract_case c = Template;
  c.op = op;
  c.dst = (uint64_t)(uintptr_t)d;
  c.n = n;
  char why[512];
  if (op == CI_OP_NOCACHE || op == CI_OP_WRITETHROUGH || op == CI_OP_PERSIST) {
    if (memcmp(d, s, n)) {
      size_t i = 0;
      while (d[i] == s[i])
        ++i;
      snprintf(why, sizeof why, "byte %zu of the destination differs from the source", i);
      report(why, &c, what, dmis, smis);
    }
  } else {
    for (size_t i = 0; i < n; ++i)
      if (d[i] != (unsigned char)~s[i]) {
        snprintf(why, sizeof why, "%s changed byte %zu", ci_op_name(op), i);
        report(why, &c, what, dmis, smis);
      }
  }
  for (size_t i = 0; i < Guard; ++i)
    if (d[-1 - (long)i] != GuardByte || d[n + i] != GuardByte) {
      snprintf(why, sizeof why, "guard byte %zu %s the destination was written", i,
               d[-1 - (long)i] != GuardByte ? "before" : "after");
      report(why, &c, what, dmis, smis);
    }

  size_t nev;
  const struct ci_event *ev = ci_rec_events(&nev);
  if (ci_check_contract(&c, ev, nev, why, sizeof why))
    report(why, &c, what, dmis, smis);
  if (op == CI_OP_FLUSH)
    ++Flushes;
  else if (op == CI_OP_DRAIN)
    ++Drains;
  else
    ++Copies;
}

int harness_done(void) {
  printf("checked %llu copies, %llu flushes, %llu drains, 0 violations\n", Copies,
         Flushes, Drains);
  return 0;
}
