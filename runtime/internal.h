/*===- runtime/internal.h - Shared between the runtime's files -----------===*
 *
 * The runtime selects, once, one implementation per primitive for this CPU and
 * environment. Each arch's select_*.c builds its implementations from the pass's
 * builtins (so the strategy is the planner's, not a second copy) and fills ci_ops.
 *
 *===---------------------------------------------------------------------===*/
#ifndef COPYINTENT_RUNTIME_INTERNAL_H
#define COPYINTENT_RUNTIME_INTERNAL_H

#include "copyintent/copy.h"
#include "copyintent/lowering_abi.h"

#include <stddef.h>

typedef void (*ci_copy_fn)(void *dst, const void *src, size_t n);
typedef void (*ci_flush_fn)(const void *p, size_t n);
typedef void (*ci_drain_fn)(void);

/* The runtime's builtins, lowered by the pass (see lowering_abi.h). */
void __copyintent_builtin_copy(void *dst, const void *src, size_t n, unsigned cfg);
void __copyintent_builtin_flush(const void *p, size_t n, unsigned cfg);
void __copyintent_builtin_drain(unsigned cfg);

/* What the environment asks for (PMDK-style overrides). */
struct ci_env {
  int flush;                /* COPYINTENT_FLUSH_AUTO, or the forced instruction */
  int no_nt;                /* COPYINTENT_NO_NT=1 */
  size_t nt_threshold;      /* COPYINTENT_NT_THRESHOLD */
  size_t nocache_threshold; /* COPYINTENT_NOCACHE_THRESHOLD */
  int eadr;                 /* COPYINTENT_DOMAIN=eadr, or every nd region is cpu_cache */
  unsigned nt_width; /* COPYINTENT_NT_WIDTH=16|32|64 (x86 vector width); 0: widest */
};

struct ci_ops {
  ci_copy_fn nocache_nt; /* n >= nocache_threshold; NULL: memcpy */
  ci_copy_fn wt_cached;  /* n < nt_threshold */
  ci_copy_fn wt_nt;      /* n >= nt_threshold; NULL: wt_cached */
  ci_flush_fn flush;
  ci_drain_fn drain;
  size_t nt_threshold;
  size_t nocache_threshold;
  /* persist: a destination range of whole units of this many bytes takes wt_nt at
   * any size (CopyPlan::NTWholeLines); 0: never. */
  size_t persist_nt_lines;
  int dispatch_level; /* index into COPYINTENT_<ARCH>_LEVELS of lowering_abi.h */
  struct copyintent_caps caps;
};

/* The flush instructions of the architecture this file is built for, from the rows of
 * copyintent/flushes.def: CI_IF_<Arch>(x) is x where <Arch> (the row's Arch column)
 * is this architecture, and nothing elsewhere. Each select_<arch>.c expands the rows
 * through it into its functions and its column table, so a flush is added by its row
 * (and, on x86, the CPUID bit that says the CPU has it). */
#if defined(__x86_64__) || defined(__i386__)
#define CI_IF_X86_64(...) __VA_ARGS__
#else
#define CI_IF_X86_64(...)
#endif
#if defined(__aarch64__)
#define CI_IF_AArch64(...) __VA_ARGS__
#else
#define CI_IF_AArch64(...)
#endif
#if defined(__powerpc64__)
#define CI_IF_PPC64(...) __VA_ARGS__
#else
#define CI_IF_PPC64(...)
#endif
#if defined(__riscv) && __riscv_xlen == 64
#define CI_IF_RISCV64(...) __VA_ARGS__
#else
#define CI_IF_RISCV64(...)
#endif
#define CI_IF_Unknown(...)

/* One flush instruction as the dispatch uses it (and, last in each table, the eADR
 * column: COPYINTENT_FLUSH_NONE, nothing written back). */
struct ci_flush_column {
  int number;           /* COPYINTENT_FLUSH_* */
  ci_copy_fn wt_cached; /* writethrough through the cache, every line flushed */
  ci_flush_fn flush;
  ci_drain_fn drain; /* the fence that completes this flush (the row's Drain) */
};

/* For an architecture whose flushes need no target feature (AArch64, POWER, RISC-V):
 * each of its rows becomes wt_<Kind> (writethrough through the cache, every line
 * flushed), flush_<Kind> and drain_<Kind> (the fence the planner pairs with that
 * flush), and CI_PLAIN_COLUMNS is its column table's rows. */
#define CI_WT_CACHED(f)                                                                  \
  (COPYINTENT_CFG_WRITETHROUGH | COPYINTENT_CFG_NT_NEVER | CI_CFG_FLUSH(f))
#define CI_PLAIN_COLUMN_FUNCTIONS(Kind, Number)                                          \
  static void wt_##Kind(void *d, const void *s, size_t n) {                              \
    __copyintent_builtin_copy(d, s, n, CI_WT_CACHED(Number));                            \
  }                                                                                      \
  static void flush_##Kind(const void *p, size_t n) {                                    \
    __copyintent_builtin_flush(p, n, CI_CFG_FLUSH(Number));                              \
  }                                                                                      \
  static void drain_##Kind(void) { __copyintent_builtin_drain(CI_CFG_FLUSH(Number)); }
#define CI_PLAIN_COLUMN(Kind, Number) {Number, wt_##Kind, flush_##Kind, drain_##Kind},
/* The eADR column's writethrough (through the cache) and flush (nothing to write
 * back), for the same architectures: wt_eadr and flush_eadr. */
#define CI_WT_EADR                                                                       \
  (COPYINTENT_CFG_WRITETHROUGH | COPYINTENT_CFG_NT_NEVER | COPYINTENT_CFG_EADR)
#define CI_PLAIN_EADR_FUNCTIONS                                                          \
  static void wt_eadr(void *d, const void *s, size_t n) {                                \
    __copyintent_builtin_copy(d, s, n, CI_WT_EADR);                                      \
  }                                                                                      \
  static void flush_eadr(const void *p, size_t n) {                                      \
    __copyintent_builtin_flush(p, n, COPYINTENT_CFG_EADR);                               \
  }

/* The name of the fence that completes a COPYINTENT_FLUSH_* (flushes.def's Drain
 * column, named by copyintent/fences.def). */
const char *ci_drain_name(int flush);

/* Reads the environment; reports a bad value on stderr and keeps the default. */
void ci_read_env(struct ci_env *env);
/* Prints "copyintent: <msg>" on stderr. */
void ci_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The name of a COPYINTENT_FLUSH_* number, as COPYINTENT_FLUSH accepts it. */
const char *ci_flush_name(int flush);

/* Applies COPYINTENT_FLUSH to the architecture's columns (the first `columns` of
 * cols; have[i] whether this CPU has column i). Returns the forced column, or best
 * when nothing is forced or the forced one is not available (reported on stderr). */
int ci_forced_flush(const struct ci_env *env, const struct ci_flush_column *cols,
                    const int *have, int columns, int best, const char *arch);

/* Where the caches are persistent (eADR): an ordinary copy, and a flush that does
 * nothing. */
void ci_plain_copy(void *dst, const void *src, size_t n);
void ci_no_flush(const void *p, size_t n);
/* Where nothing can write a line back (RISC-V without Zicbom, architectures
 * copyintent does not know): the same, but the first writethrough, persist or flush
 * of the process says on stderr that it is not durable and why (caps.note), so the
 * weaker result is never silent. copyintent_query says so too. */
void ci_nondurable_copy(void *dst, const void *src, size_t n);
void ci_nondurable_flush(const void *p, size_t n);
/* Fills ops for a CPU that cannot write lines back: the functions above, a full
 * fence as the drain, and a query that says why (the note). */
void ci_select_nondurable(struct ci_ops *ops, const struct ci_env *env, const char *why);

/* Defined by exactly one select_<arch>.c: fills ops for this CPU and env. */
void ci_select(struct ci_ops *ops, const struct ci_env *env);

#define CI_CFG_FLUSH(f) ((unsigned)(f) << COPYINTENT_CFG_FLUSH_SHIFT)
#define CI_CFG_LINE(log2) ((unsigned)(log2) << COPYINTENT_CFG_LINE_LOG2_SHIFT)

#endif /* COPYINTENT_RUNTIME_INTERNAL_H */
