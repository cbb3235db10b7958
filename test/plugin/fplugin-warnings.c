// Under clang -fplugin=CopyIntent.so the copyintent checks run in the compiler: the
// same verdicts, messages, notes and fix-its as in clang-tidy (one set of CHECK lines
// below serves both), as warnings with the check id in brackets.
//
// RUN: %clang -fplugin=%plugin -fsyntax-only %s 2>&1 \
// RUN:   | FileCheck --check-prefixes=CHECK,DEFAULT --implicit-check-not=warning: %s
// RUN: %clang_tidy -checks='-*,copyintent-*,-copyintent-classify' %s -- -I%include 2>&1 \
// RUN:   | FileCheck --check-prefixes=CHECK,DEFAULT --implicit-check-not=warning: %s
//
// -Werror makes them errors; -w silences them, notes included.
// RUN: not %clang -fplugin=%plugin -Werror -fsyntax-only %s 2>&1 \
// RUN:   | FileCheck --check-prefix=WERROR %s
// RUN: %clang -fplugin=%plugin -w -fsyntax-only %s 2>&1 | count 0
//
// werror= chooses per check, as clang-tidy's WarningsAsErrors: one check an error
// without -Werror, or one kept a warning under it.
// RUN: not %clang -fplugin=%plugin -fplugin-arg-copyintent-werror=*needs-writethrough \
// RUN:   -fsyntax-only %s 2>&1 | FileCheck --check-prefix=WERROR-ONE %s
// WERROR-ONE: error: copyintent_memcpy_nocache only avoids the cache
// WERROR-ONE: warning: {{.*}} [copyintent-unneeded-writethrough]
// RUN: %clang -fplugin=%plugin -Werror \
// RUN:   -fplugin-arg-copyintent-werror=-copyintent-nocache-needs-writethrough,-*unneeded* \
// RUN:   -fsyntax-only %s 2>&1 | FileCheck --check-prefix=WERROR-KEPT \
// RUN:   --implicit-check-not=error: %s
// WERROR-KEPT: warning: copyintent_memcpy_nocache only avoids the cache
// WERROR-KEPT: warning: {{.*}} [copyintent-unneeded-writethrough]
// RUN: not %clang -fplugin=%plugin -fplugin-arg-copyintent-werror=[ -fsyntax-only %s \
// RUN:   2>&1 | FileCheck --check-prefix=BADWERROR %s
// BADWERROR: error: copyintent: invalid check pattern '[' in -fplugin-arg-copyintent-werror
//
// -fpass-plugin asks for the lowering only: no warnings.
// RUN: %clang -fpass-plugin=%plugin -fsyntax-only %s 2>&1 | count 0
//
// Checks are chosen as with clang-tidy's -checks, on top of the default set.
// RUN: %clang -fplugin=%plugin -fplugin-arg-copyintent-checks=-*,copyintent-classify \
// RUN:   -fsyntax-only %s 2>&1 | FileCheck --check-prefix=CLASSIFY \
// RUN:   --implicit-check-not=warning: %s
//
// version names what was built (a remark; the compilation goes on).
// RUN: %clang -fplugin=%plugin -fplugin-arg-copyintent-version -fsyntax-only %s 2>&1 \
// RUN:   | FileCheck --check-prefix=VERSION %s
// VERSION: remark: copyintent {{[0-9]+\.[0-9]+\.[0-9]+}}, built for LLVM 22.
//
// A bad option value or argument is an error, reported once.
// RUN: not %clang -fplugin=%plugin -fplugin-arg-copyintent-ApiEra=linux-9 -fsyntax-only \
// RUN:   %s 2>&1 | FileCheck --check-prefix=BADERA --implicit-check-not=error: %s
// BADERA: error: copyintent: invalid value 'linux-9' for option 'ApiEra'
// RUN: not %clang -fplugin=%plugin -fplugin-arg-copyintent-checks=[ -fsyntax-only %s \
// RUN:   2>&1 | FileCheck --check-prefix=BADGLOB %s
// BADGLOB: error: copyintent: invalid check pattern '[' in -fplugin-arg-copyintent-checks
//
// The fix-it is a clang fix-it: -Xclang -fixit applies it.
// RUN: rm -rf %t && mkdir -p %t && cp %s %t/fixed.c
// RUN: %clang -fplugin=%plugin -Xclang -fixit -fsyntax-only %t/fixed.c
// RUN: FileCheck --check-prefix=FIXED --input-file=%t/fixed.c %s
//
// Code that does not compile gets its errors and no verdicts.
// RUN: not %clang -fplugin=%plugin -DBROKEN -fsyntax-only %s 2>&1 \
// RUN:   | FileCheck --check-prefix=BROKEN --implicit-check-not=warning: %s
// BROKEN: error: use of undeclared identifier 'undeclared'

#include <copyintent/copy.h>

#include <stdlib.h>

void *pmem_map_file(const char *path, size_t len, int flags, unsigned mode,
                    size_t *mapped_lenp, int *is_pmemp);

struct log {
  char *base;
};

void append(struct log *l, const void *src, size_t n) {
  size_t mapped;
  int is_pmem;
  l->base = pmem_map_file("/mnt/pmem/log", 4096, 1, 0666, &mapped, &is_pmem);
  copyintent_memcpy_nocache(l->base, src, n);
  // CHECK: fplugin-warnings.c:[[@LINE-1]]:3: warning: copyintent_memcpy_nocache only avoids the cache, but its destination is persistent memory: cached bytes may stay dirty, so a fence does not make them durable; use 'copyintent_memcpy_writethrough' [copyintent-nocache-needs-writethrough]
  // CHECK: :[[@LINE-2]]:29: note: destination derives from 'l->base'
  // CHECK: :[[@LINE-4]]:13: note: 'pmem_map_file()' returns persistent memory
  // FIXED: copyintent_memcpy_writethrough(l->base, src, n);
  // CLASSIFY: fplugin-warnings.c:[[@LINE-5]]:3: warning: copyintent_memcpy_nocache: cache-avoiding (nocache) copy into persistent memory [copyintent-classify]
  // WERROR: fplugin-warnings.c:[[@LINE-6]]:3: error: copyintent_memcpy_nocache only avoids the cache
}

void stage(const void *src, size_t n) {
  char *tmp = malloc(n);
  copyintent_memcpy_writethrough(tmp, src, n);
  // DEFAULT: fplugin-warnings.c:[[@LINE-1]]:3: warning: {{.*}} [copyintent-unneeded-writethrough]
  // CLASSIFY: fplugin-warnings.c:[[@LINE-2]]:3: warning: copyintent_memcpy_writethrough: writethrough copy (no dirty line on return) into ordinary memory [copyintent-classify]
  free(tmp);
}

#ifdef BROKEN
void broken(void *d) { copyintent_memcpy_nocache(d, undeclared, 8); }
#endif
