// clang-tidy's NOLINT comments silence a check under -fplugin too: both tools must
// print exactly the warnings below (one set of CHECK lines for both).
// RUN: %clang -fplugin=%plugin -fsyntax-only %s 2>&1 \
// RUN:   | FileCheck --implicit-check-not=warning: %s
// RUN: %clang_tidy -checks='-*,copyintent-*,-copyintent-classify' %s -- -I%include 2>&1 \
// RUN:   | FileCheck --implicit-check-not=warning: %s

#include <copyintent/copy.h>

#include <stddef.h>

void *pmem_map_file(const char *path, size_t len, int flags, unsigned mode,
                    size_t *mapped_lenp, int *is_pmemp);

#define COPY(d, s, n) copyintent_memcpy_nocache(d, s, n)

void f(const void *src, size_t n) {
  size_t m;
  int p;
  char *b = pmem_map_file("x", 4096, 1, 0666, &m, &p);
  copyintent_memcpy_nocache(b, src, n); // NOLINT(copyintent-nocache-needs-writethrough)
  // NOLINTNEXTLINE(copyintent-*)
  copyintent_memcpy_nocache(b, src, n);
  copyintent_memcpy_nocache(b, src, n); // NOLINT(copyintent-nocache-to-iomem)
  // CHECK: fplugin-nolint.c:[[@LINE-1]]:3: warning: copyintent_memcpy_nocache only avoids the cache{{.*}} [copyintent-nocache-needs-writethrough]
  // NOLINTBEGIN(copyintent-nocache-needs-writethrough)
  copyintent_memcpy_nocache(b, src, n);
  // NOLINTEND(copyintent-nocache-needs-writethrough)
  COPY(b, src, n); // NOLINT
  COPY(b, src, n);
  // CHECK: fplugin-nolint.c:[[@LINE-1]]:3: warning: copyintent_memcpy_nocache only avoids the cache{{.*}} [copyintent-nocache-needs-writethrough]
  copyintent_memcpy_nocache(b, src, n); // NOLINTNEXTLINE
  // CHECK: fplugin-nolint.c:[[@LINE-1]]:3: warning: copyintent_memcpy_nocache only avoids the cache{{.*}} [copyintent-nocache-needs-writethrough]
  // NOLINT(copyintent-nocache-needs-writethrough) on a line of its own covers only that line
  copyintent_memcpy_nocache(b, src, n);
  // CHECK: fplugin-nolint.c:[[@LINE-1]]:3: warning: copyintent_memcpy_nocache only avoids the cache{{.*}} [copyintent-nocache-needs-writethrough]
}

// A statement that starts in column 1: the NOLINT of the line before is not its own.
void g(const void *src, size_t n) {
  size_t m;
  int p;
  char *b = pmem_map_file("x", 4096, 1, 0666, &m, &p);
copyintent_memcpy_nocache(b, src, n); // NOLINT
copyintent_memcpy_nocache(b, src, n);
  // CHECK: fplugin-nolint.c:[[@LINE-1]]:1: warning: copyintent_memcpy_nocache only avoids the cache{{.*}} [copyintent-nocache-needs-writethrough]
}
