// User space: libpmem and the copyintent API, for scripts/demo.sh.
#include <copyintent/copy.h>
#include <stdlib.h>

void *pmem_map_file(const char *path, size_t len, int flags, int mode, size_t *mapped,
                    int *is_pmem);

struct entry {
  unsigned long seq;
  char data[56];
};

struct entry *open_log(const char *path) {
  size_t mapped;
  int is_pmem;
  return pmem_map_file(path, 1 << 20, 1, 0600, &mapped, &is_pmem);
}

// The log lives in persistent memory: nocache is the wrong intent.
static void log_append(struct entry *log, unsigned slot, const struct entry *e) {
  copyintent_memcpy_nocache(&log[slot], e, sizeof *e);
  copyintent_drain();
}

// A scratch copy on the heap needs no write-back.
static struct entry *scratch(const struct entry *e) {
  struct entry *s = malloc(sizeof *s);
  if (s)
    copyintent_memcpy_writethrough(s, e, sizeof *s);
  return s;
}

int main(int argc, char **argv) {
  struct entry *log = open_log(argc > 1 ? argv[1] : "/mnt/pmem/log");
  struct entry e = {1, "hello"};
  if (!log)
    return 1;
  log_append(log, 0, &e);
  free(scratch(&e));
  return 0;
}
