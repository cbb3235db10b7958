// Execution sweep of the copy API: every size 0..MAX, every destination misalignment
// 0..63 and a set of source misalignments, plus a sample of large sizes. For each
// copy: the bytes arrive, and no byte outside [dst, dst+n) changes (guard bytes on
// both sides). A second pass puts the end of the destination and of the source
// against an inaccessible page, so any access past the range faults.
//
// Built either with the pass (the calls are lowered inline) or without it and linked
// with the runtime. Arguments: [max_size] [src_misalignment_step].
#include <copyintent/copy.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

enum { Guard = 192, Pattern = 0xA5 };

static unsigned char *src_buf, *dst_buf;
static size_t buf_size;
static unsigned long copies;

static void fail(const char *what, const char *op, size_t n, unsigned dm, unsigned sm,
                 size_t at) {
  printf("FAIL %s: %s n=%zu dst_mis=%u src_mis=%u at byte %zu\n", what, op, n, dm, sm,
         at);
  exit(1);
}

typedef void (*copy_fn)(void *, const void *, size_t);
// Direct calls, so that a build with the pass lowers them here, with this file's
// flags and -mllvm options (the table below would take the runtime's addresses).
static void do_nocache(void *d, const void *s, size_t n) {
  copyintent_memcpy_nocache(d, s, n);
}
static void do_writethrough(void *d, const void *s, size_t n) {
  copyintent_memcpy_writethrough(d, s, n);
}
static void do_persist(void *d, const void *s, size_t n) {
  copyintent_memcpy_persist(d, s, n);
}
static void do_flush_copy(void *d, const void *s, size_t n) {
  // flush() must not change memory: copy by memcpy, then flush the range.
  memcpy(d, s, n);
  copyintent_flush(d, n);
  copyintent_drain();
}
static const struct {
  const char *name;
  copy_fn fn;
} ops[] = {
    {"nocache", do_nocache},
    {"writethrough", do_writethrough},
    {"persist", do_persist},
    {"flush", do_flush_copy},
};

static void check_one(int op, size_t n, unsigned dm, unsigned sm) {
  unsigned char *d = dst_buf + Guard + dm, *s = src_buf + sm;
  memset(dst_buf, Pattern, n + 2 * Guard + 64);
  ops[op].fn(d, s, n);
  ++copies;
  for (size_t i = 0; i < Guard + dm; ++i)
    if (dst_buf[i] != Pattern)
      fail("wrote before dst", ops[op].name, n, dm, sm, i);
  if (memcmp(d, s, n) != 0)
    for (size_t i = 0; i < n; ++i)
      if (d[i] != s[i])
        fail("wrong byte", ops[op].name, n, dm, sm, i);
  for (size_t i = 0; i < Guard; ++i)
    if (d[n + i] != Pattern)
      fail("wrote after dst", ops[op].name, n, dm, sm, n + i);
}

// The range ends exactly at a PROT_NONE page: an access beyond it faults.
static void check_at_page_end(unsigned char *dpage_end, unsigned char *spage_end,
                              size_t n) {
  for (int op = 0; op < 4; ++op) {
    ops[op].fn(dpage_end - n, spage_end - n, n);
    if (memcmp(dpage_end - n, spage_end - n, n) != 0)
      fail("wrong byte at page end", ops[op].name, n, 0, 0, 0);
    ++copies;
  }
}

static unsigned char *map_with_guard(size_t bytes, unsigned char **end) {
  long page = sysconf(_SC_PAGESIZE);
  size_t len = (bytes + page - 1) / page * page;
  unsigned char *p = mmap(NULL, len + page, PROT_READ | PROT_WRITE,
                          MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED || mprotect(p + len, page, PROT_NONE) != 0) {
    perror("mmap");
    exit(2);
  }
  *end = p + len;
  return p;
}

int main(int argc, char **argv) {
  size_t max = argc > 1 ? strtoul(argv[1], NULL, 0) : 1024;
  unsigned step = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 0) : 1;
  static const size_t large[] = {4096, 4096 + 4, 65536 + 13, 262144 + 60,
                                 (1u << 20) + 7, (3u << 20) + 61};
  buf_size = (3u << 20) + 61 + 2 * Guard + 128;
  src_buf = malloc(buf_size);
  dst_buf = malloc(buf_size);
  if (!src_buf || !dst_buf)
    return 2;
  for (size_t i = 0; i < buf_size; ++i)
    src_buf[i] = (unsigned char)(i * 131 + (i >> 8) + 1);

  for (int op = 0; op < 4; ++op)
    for (size_t n = 0; n <= max; ++n)
      for (unsigned dm = 0; dm < 64; ++dm)
        for (unsigned sm = 0; sm < 64; sm += step)
          check_one(op, n, dm, sm);
  for (int op = 0; op < 4; ++op)
    for (size_t i = 0; i < sizeof large / sizeof large[0]; ++i)
      for (unsigned dm = 0; dm < 64; dm += 9)
        check_one(op, large[i], dm, (dm * 7) % 64);

  unsigned char *dend, *send;
  map_with_guard(8192, &dend);
  unsigned char *sp = map_with_guard(8192, &send);
  for (size_t i = 0; i < 8192; ++i)
    sp[i] = (unsigned char)(i * 7);
  for (size_t n = 0; n <= 4096 && n <= max + 1024; ++n)
    check_at_page_end(dend, send, n);

  struct copyintent_caps c;
  copyintent_query(&c);
  printf("sweep: %lu copies ok\n", copies);
  printf("caps: flush=%s drain=%s nt_width=%u line=%u domain=%s durable=%d level=%d\n",
         c.flush_name, c.drain_name, c.nt_width, c.line_size,
         c.domain == COPYINTENT_DOMAIN_EADR ? "eadr" : "adr", c.writethrough_durable,
         copyintent_dispatch_level());
  return 0;
}
