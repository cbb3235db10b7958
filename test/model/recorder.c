/*===- recorder.c - Recording runtime of the model emitter ----------------===*
 *
 * Performs each store for real, so a lowered copy still copies and the test can
 * compare the bytes, and logs every store, flush and fence in call order. The log
 * grows without bound: a multi-MiB copy of 16-byte NT stores is a few hundred
 * thousand events. Single-threaded, like the tests that use it.
 *
 *===----------------------------------------------------------------------===*/
#include "recorder.h"

#include <stdlib.h>
#include <string.h>

static struct ci_event *Events;
static size_t NumEvents, Capacity;

static void record(unsigned kind, unsigned sub, const void *addr, uint64_t size) {
  if (NumEvents == Capacity) {
    Capacity = Capacity ? 2 * Capacity : 4096;
    Events = (struct ci_event *)realloc(Events, Capacity * sizeof(*Events));
    if (!Events)
      abort();
  }
  struct ci_event *E = &Events[NumEvents++];
  E->kind = kind;
  E->sub = sub;
  E->addr = (uint64_t)(uintptr_t)addr;
  E->size = size;
}

void __copyintent_model_store(void *dst, const void *src, uint64_t n) {
  memcpy(dst, src, n);
  record(CI_EV_STORE, 0, dst, n);
}

void __copyintent_model_store_nt(void *dst, const void *src, uint64_t w) {
  memcpy(dst, src, w);
  record(CI_EV_STORE_NT, 0, dst, w);
}

void __copyintent_model_flush(const void *line, unsigned kind) {
  record(CI_EV_FLUSH, kind, line, 0);
}

void __copyintent_model_fence(unsigned kind) { record(CI_EV_FENCE, kind, 0, 0); }

uint64_t ci_rec_line_size = 64;
uint64_t __copyintent_model_line_size(void) { return ci_rec_line_size; }

void ci_rec_reset(void) { NumEvents = 0; }

const struct ci_event *ci_rec_events(size_t *n) {
  *n = NumEvents;
  return Events;
}
