/*===- runtime/select_riscv64.c - RISC-V implementations and hwprobe -----===*
 *
 * cbo.clean when riscv_hwprobe reports Zicbom (Linux then enables it for user space),
 * stepped by the reported block size (copyintent_line_size(), which the lowered
 * builtins call). Without Zicbom nothing can write a line back:
 * writethrough is an ordinary copy and copyintent_query says it is not durable.
 *
 *===---------------------------------------------------------------------===*/
#if defined(__riscv) && __riscv_xlen == 64
#include "internal.h"

#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define CI_NR_RISCV_HWPROBE 258
#define CI_HWPROBE_KEY_IMA_EXT_0 4
#define CI_HWPROBE_EXT_ZICBOM (1ULL << 55)
#define CI_HWPROBE_KEY_ZICBOM_BLOCK_SIZE 12

struct ci_hwprobe {
  long long key;
  unsigned long long value;
};

/* Line size 0 in the configuration word: the pass steps by copyintent_line_size(),
 * the block size read below, whatever it is. */
static void wt_cbo(void *d, const void *s, size_t n) {
  __copyintent_builtin_copy(d, s, n,
                            COPYINTENT_CFG_WRITETHROUGH | COPYINTENT_CFG_NT_NEVER |
                                CI_CFG_FLUSH(COPYINTENT_FLUSH_CBO_CLEAN));
}
static void flush_cbo(const void *p, size_t n) {
  __copyintent_builtin_flush(p, n, CI_CFG_FLUSH(COPYINTENT_FLUSH_CBO_CLEAN));
}
static void drain_fence(void) {
  __copyintent_builtin_drain(CI_CFG_FLUSH(COPYINTENT_FLUSH_CBO_CLEAN));
}

void ci_select(struct ci_ops *ops, const struct ci_env *env) {
  if (env->nt_width)
    ci_warn("COPYINTENT_NT_WIDTH has no effect on this architecture");
  struct ci_hwprobe probe[2] = {{CI_HWPROBE_KEY_IMA_EXT_0, 0},
                                {CI_HWPROBE_KEY_ZICBOM_BLOCK_SIZE, 0}};
  long rc = syscall(CI_NR_RISCV_HWPROBE, probe, 2, 0, NULL, 0);
  int zicbom = rc == 0 && (probe[0].value & CI_HWPROBE_EXT_ZICBOM) && probe[1].key >= 0;
  unsigned long long block = zicbom ? probe[1].value : 0;
  /* The block size is a power of two (the CMO specification); anything else is a
   * kernel that reports nonsense, and stepping by it could skip blocks. */
  if (zicbom && (block < 4 || (block & (block - 1)))) {
    ci_warn("riscv_hwprobe reports a Zicbom block size of %llu bytes; not using cbo.clean",
            block);
    zicbom = 0;
  }

  if (env->flush != COPYINTENT_FLUSH_AUTO && env->flush != COPYINTENT_FLUSH_CBO_CLEAN)
    ci_warn("COPYINTENT_FLUSH=%s does not exist on RISC-V; keeping the default",
            ci_flush_name(env->flush));
  else if (env->flush == COPYINTENT_FLUSH_CBO_CLEAN && !zicbom)
    ci_warn("COPYINTENT_FLUSH=cbo-clean: riscv_hwprobe does not report Zicbom");

  memset(ops, 0, sizeof *ops);
  /* The zicbom clones step by copyintent_line_size() too. */
  ops->dispatch_level = zicbom;
  ops->nt_threshold = env->nt_threshold;
  ops->drain = drain_fence;
  struct copyintent_caps *c = &ops->caps;
  c->drain_name = "fence ow,ow";
  c->nt_threshold = (unsigned)env->nt_threshold;
  c->domain = env->eadr ? COPYINTENT_DOMAIN_EADR : COPYINTENT_DOMAIN_ADR;
  c->note = "";
  if (env->eadr) {
    ops->wt_cached = ci_plain_copy;
    ops->flush = ci_no_flush;
    c->flush = COPYINTENT_FLUSH_NONE;
    c->line_size = block ? (unsigned)block : 64;
    c->writethrough_durable = 1;
  } else if (zicbom) {
    ops->wt_cached = wt_cbo;
    ops->flush = flush_cbo;
    c->flush = COPYINTENT_FLUSH_CBO_CLEAN;
    c->line_size = (unsigned)block;
    /* RISC-V defines no point of persistence; cbo.clean is the best there is. */
    c->writethrough_durable = 1;
  } else {
    ops->wt_cached = ci_nondurable_copy;
    ops->flush = ci_nondurable_flush;
    c->flush = COPYINTENT_FLUSH_NONE;
    c->line_size = 64;
    c->writethrough_durable = 0;
    c->note = "no Zicbom reported by riscv_hwprobe: no cache-block clean, "
              "writethrough is an ordinary copy";
  }
  c->flush_name = ci_flush_name(c->flush);
}
#endif
