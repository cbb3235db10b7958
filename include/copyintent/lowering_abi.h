/*===- copyintent/lowering_abi.h - Contract between the pass and the runtime -===*
 *
 * The names and encodings that the copyintent pass recognizes. Public code includes
 * copyintent/copy.h; this header is the single definition of what the pass and the
 * runtime exchange, included by both (the pass is C++, the runtime C).
 *
 *===-----------------------------------------------------------------------===*/
#ifndef COPYINTENT_LOWERING_ABI_H
#define COPYINTENT_LOWERING_ABI_H

/* Public entry points. The pass replaces calls of these with inline code planned for
 * the calling function's target; the runtime defines them out of line. */
#define COPYINTENT_FN_MEMCPY_NOCACHE "copyintent_memcpy_nocache"
#define COPYINTENT_FN_MEMCPY_WRITETHROUGH "copyintent_memcpy_writethrough"
#define COPYINTENT_FN_MEMCPY_PERSIST "copyintent_memcpy_persist"
#define COPYINTENT_FN_FLUSH "copyintent_flush"
#define COPYINTENT_FN_DRAIN "copyintent_drain"
/* The flush granule the runtime found at run time (RISC-V: riscv_hwprobe's Zicbom
 * block size). The pass calls it where the target has no line size it can know at
 * compile time and -copyintent-line-size does not give one.
 *   size_t copyintent_line_size(void); */
#define COPYINTENT_FN_LINE_SIZE "copyintent_line_size"

/* Runtime-only builtins. They carry an explicit configuration word (a constant), so the
 * runtime can build one variant per CPU feature set from the same planner the pass
 * uses. A call that the pass did not lower stays undefined and fails to link: the
 * runtime cannot silently be built without the planner.
 *   void __copyintent_builtin_copy(void *d, const void *s, size_t n, unsigned cfg);
 *   void __copyintent_builtin_flush(const void *p, size_t n, unsigned cfg);
 *   void __copyintent_builtin_drain(unsigned cfg); */
#define COPYINTENT_FN_BUILTIN_COPY "__copyintent_builtin_copy"
#define COPYINTENT_FN_BUILTIN_FLUSH "__copyintent_builtin_flush"
#define COPYINTENT_FN_BUILTIN_DRAIN "__copyintent_builtin_drain"

/* The size policy, shared by the pass's options and the runtime's environment:
 * copies of at least this many bytes take the non-temporal path.
 *  - writethrough / persist: PMDK's threshold; below it a cached copy and write-backs.
 *  - nocache: a cached copy is as fast as memcpy and spares nothing worth sparing
 *    below it; above it NT stores keep a large copy from evicting the working set
 *    (measured: docs/nocache-policy.md). Override: -copyintent-nocache-threshold=N,
 *    COPYINTENT_NOCACHE_THRESHOLD=N. */
#define COPYINTENT_NT_THRESHOLD_DEFAULT 256
#define COPYINTENT_NOCACHE_THRESHOLD_DEFAULT 32768

/* Configuration word of the builtins. */
/* Bits 0-1: intent. */
#define COPYINTENT_CFG_INTENT_MASK 0x3u
#define COPYINTENT_CFG_NOCACHE 0x0u
#define COPYINTENT_CFG_WRITETHROUGH 0x1u
#define COPYINTENT_CFG_PERSIST 0x2u
/* Bits 4-7: flush instruction; 0 means "the best the function's features allow". */
#define COPYINTENT_CFG_FLUSH_SHIFT 4
#define COPYINTENT_CFG_FLUSH_MASK (0xfu << COPYINTENT_CFG_FLUSH_SHIFT)
/* Bits 8-9: non-temporal body: 0 planner's threshold, 1 never, 2 always. */
#define COPYINTENT_CFG_NT_SHIFT 8
#define COPYINTENT_CFG_NT_MASK (0x3u << COPYINTENT_CFG_NT_SHIFT)
#define COPYINTENT_CFG_NT_AUTO (0x0u << COPYINTENT_CFG_NT_SHIFT)
#define COPYINTENT_CFG_NT_NEVER (0x1u << COPYINTENT_CFG_NT_SHIFT)
#define COPYINTENT_CFG_NT_ALWAYS (0x2u << COPYINTENT_CFG_NT_SHIFT)
/* Bit 10: the persistence domain includes the CPU caches (eADR): no flushes. */
#define COPYINTENT_CFG_EADR (0x1u << 10)
/* Bits 16-23: cache-line (flush granule) size as log2; 0 means the target default. */
#define COPYINTENT_CFG_LINE_LOG2_SHIFT 16
#define COPYINTENT_CFG_LINE_LOG2_MASK (0xffu << COPYINTENT_CFG_LINE_LOG2_SHIFT)

/* Flush instruction numbers (bits 4-7 above, and copyintent_caps.flush):
 * COPYINTENT_FLUSH_AUTO, _NONE, _CLFLUSH, ... from copyintent/flushes.def. */
enum copyintent_flush_number {
#define COPYINTENT_FLUSH_ROW(ABI, Kind, Number, Name, Description, Arch, Drain, Feature) \
  COPYINTENT_FLUSH_##ABI = Number,
#include "copyintent/flushes.def"
  COPYINTENT_FLUSH_END, /* rows are appended in number order */
  COPYINTENT_FLUSH_LAST = COPYINTENT_FLUSH_END - 1
};

/* Run-time dispatch (-copyintent-dispatch=runtime): the pass clones each function
 * that uses the API once per feature level below, lowers each clone for its level,
 * and turns the original into a switch on copyintent_dispatch_level(), which the
 * runtime computes once from CPUID / HWCAP / hwprobe (and the environment).
 *   int copyintent_dispatch_level(void);
 * Level k of an architecture may use the features of level k and below. */
#define COPYINTENT_FN_DISPATCH_LEVEL "copyintent_dispatch_level"
#define COPYINTENT_X86_LEVELS                                                            \
  {"sse2", "+sse2"}, {"clflushopt", "+sse2,+clflushopt"},                                \
      {"avx2_clwb", "+sse2,+avx,+avx2,+clflushopt,+clwb"}, {                             \
    "avx512_clwb", "+sse2,+avx,+avx2,+avx512f,+clflushopt,+clwb"                         \
  }
#define COPYINTENT_AARCH64_LEVELS                                                        \
  {"v8", ""}, { "dcpop", "+ccpp" }
#define COPYINTENT_PPC64_LEVELS                                                          \
  {"isa30", ""}, { "isa31", "+isa-v31-instructions" }
#define COPYINTENT_RISCV64_LEVELS                                                        \
  {"base", ""}, { "zicbom", "+zicbom" }

/* Recording runtime of the model emitter (-copyintent-emit=model): the same plan, with
 * each store, flush and fence turned into a call, so the contract can be checked. */
#define COPYINTENT_FN_MODEL_STORE "__copyintent_model_store"
#define COPYINTENT_FN_MODEL_STORE_NT "__copyintent_model_store_nt"
#define COPYINTENT_FN_MODEL_FLUSH "__copyintent_model_flush"
#define COPYINTENT_FN_MODEL_FENCE "__copyintent_model_fence"
/* uint64_t __copyintent_model_line_size(void): the run-time line size of the model. */
#define COPYINTENT_FN_MODEL_LINE_SIZE "__copyintent_model_line_size"

#endif /* COPYINTENT_LOWERING_ABI_H */
