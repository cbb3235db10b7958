// pmem_log: the bundled example. An append-only log whose records must be durable
// before the tail pointer that publishes them, plus a bulk copy that only wants to
// keep the cache clean. Each primitive of the API is used once in its own function,
// so scripts/demo.sh can show what the pass lowers each of them to per target.
//
// On a machine without persistent memory the log lives in an ordinary file mapping:
// the instructions are the same, the durability is the file system's.
#include <copyintent/copy.h>

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

struct record {
  uint64_t seq;
  char text[56];
}; // one 64-byte cache line

struct log {
  uint64_t tail; // records [0, tail) are durable
  uint64_t pad[7];
  struct record records[1024];
};

// Bulk data nobody will read soon: avoid polluting the cache, no durability.
void example_nocache(void *dst, const void *src, size_t n) {
  memcpy_nocache(dst, src, n);
}

// Durable-after-drain copy of a variable size (Linux memcpy_flushcache).
void example_writethrough(void *dst, const void *src, size_t n) {
  memcpy_writethrough(dst, src, n);
}

// A constant-size record: straight-line stores + line flushes + fence, no call.
void example_persist_record(struct record *slot, const struct record *r) {
  memcpy_persist(slot, r, sizeof *r);
}

// Write back a range written with ordinary stores.
void example_flush(const void *p, size_t n) { flush_range(p, n); }

// Order everything flushed before against what follows.
void example_drain(void) { drain(); }

static void append(struct log *log, const char *text) {
  struct record r = {.seq = log->tail};
  strncpy(r.text, text, sizeof r.text - 1);
  example_persist_record(&log->records[log->tail % 1024], &r);
  // Only now publish it: the record is durable before the pointer to it.
  log->tail++;
  example_flush(&log->tail, sizeof log->tail);
  example_drain();
}

int main(int argc, char **argv) {
  const char *path = argc > 1 ? argv[1] : "pmem_log.bin";
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
  if (fd < 0 || ftruncate(fd, sizeof(struct log)) != 0) {
    perror(path);
    return 1;
  }
  struct log *log = mmap(NULL, sizeof *log, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (log == MAP_FAILED) {
    perror("mmap");
    return 1;
  }
  append(log, "first record");
  append(log, "second record");
  static char bulk[1 << 16], copy[1 << 16];
  memset(bulk, 'x', sizeof bulk);
  example_nocache(copy, bulk, sizeof bulk);
  example_writethrough(&log->records[2], bulk, 3 * sizeof(struct record) + 5);

  struct copyintent_caps c;
  copyintent_query(&c);
  printf("log: %llu records, last \"%s\"\n", (unsigned long long)log->tail,
         log->records[log->tail - 1].text);
  printf("this CPU: flush=%s drain=%s nt_width=%u bytes (nocache/writethrough at >= %u "
         "bytes) line=%u\n",
         c.flush_name, c.drain_name, c.nt_width, c.nt_threshold, c.line_size);
  printf("persistence domain: %s; writethrough durable here: %s%s%s\n",
         c.domain == COPYINTENT_DOMAIN_EADR ? "eADR (caches are persistent)"
                                            : "ADR (caches are volatile)",
         c.writethrough_durable ? "yes" : "no", *c.note ? " - " : "", c.note);
  munmap(log, sizeof *log);
  close(fd);
  return memcmp(copy, bulk, sizeof bulk) != 0;
}
