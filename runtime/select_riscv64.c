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

/* Each RISC-V row of copyintent/flushes.def. Line size 0 in the configuration word:
 * the pass steps by copyintent_line_size(), the block size read below, whatever it
 * is. */
#define COPYINTENT_FLUSH_ROW(ABI, Kind, Number, Name, Description, Arch, Drain, Feature) \
  CI_IF_##Arch(CI_PLAIN_COLUMN_FUNCTIONS(Kind, Number))
#include "copyintent/flushes.def"

/* The columns: the rows in ABI order, then eADR (its drain: the row's fence). */
static const struct ci_flush_column columns[] = {
#define COPYINTENT_FLUSH_ROW(ABI, Kind, Number, Name, Description, Arch, Drain, Feature) \
  CI_IF_##Arch(CI_PLAIN_COLUMN(Kind, Number))
#include "copyintent/flushes.def"
    {COPYINTENT_FLUSH_NONE, ci_plain_copy, ci_no_flush, NULL},
};
enum { F_COUNT = sizeof columns / sizeof *columns, F_EADR = F_COUNT - 1 };

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
    ci_warn(
        "riscv_hwprobe reports a Zicbom block size of %llu bytes; not using cbo.clean",
        block);
    zicbom = 0;
  }

  /* cbo.clean is the one row: nothing to choose, only a request to refuse (without
   * Zicbom the fallback is no write-back at all, not another instruction). */
  int col = 0;
  if (env->flush != COPYINTENT_FLUSH_AUTO && env->flush != columns[col].number)
    ci_warn("COPYINTENT_FLUSH=%s does not exist on RISC-V; keeping the default",
            ci_flush_name(env->flush));
  else if (env->flush == columns[col].number && !zicbom)
    ci_warn("COPYINTENT_FLUSH=%s: riscv_hwprobe does not report Zicbom",
            ci_flush_name(env->flush));

  memset(ops, 0, sizeof *ops);
  /* The zicbom clones step by copyintent_line_size() too. */
  ops->dispatch_level = zicbom;
  ops->nt_threshold = env->nt_threshold;
  ops->drain = columns[col].drain;
  struct copyintent_caps *c = &ops->caps;
  c->drain_name = ci_drain_name(columns[col].number);
  c->nt_threshold = (unsigned)env->nt_threshold;
  c->domain = env->eadr ? COPYINTENT_DOMAIN_EADR : COPYINTENT_DOMAIN_ADR;
  c->note = "";
  if (env->eadr) {
    ops->wt_cached = columns[F_EADR].wt_cached;
    ops->flush = columns[F_EADR].flush;
    c->flush = COPYINTENT_FLUSH_NONE;
    c->line_size = block ? (unsigned)block : 64;
    c->writethrough_durable = 1;
  } else if (zicbom) {
    ops->wt_cached = columns[col].wt_cached;
    ops->flush = columns[col].flush;
    c->flush = columns[col].number;
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
