/*===- runtime/env.c - Environment overrides ------------------------------===*
 *
 *   COPYINTENT_FLUSH=clwb|clflushopt|clflush|dc-cvap|dc-cvadp|dc-cvac|dcbstps|dcbf|
 *                    cbo-clean     force a flush instruction (must exist on this CPU)
 *   COPYINTENT_NO_NT=1             never use non-temporal stores
 *   COPYINTENT_NT_THRESHOLD=N      writethrough / persist of at least N bytes go
 *                                  non-temporal
 *   COPYINTENT_NOCACHE_THRESHOLD=N nocache copies of at least N bytes go non-temporal
 *   COPYINTENT_NT_WIDTH=16|32|64   x86: use SSE2 / AVX / AVX-512 non-temporal stores
 *                                  (at most what the CPU has; default the widest)
 *   COPYINTENT_DOMAIN=adr|eadr     persistence domain (default: eadr only when every
 *                                  /sys/bus/nd region reports cpu_cache, as PMDK does)
 * A bad value is reported on stderr and the default is kept.
 *
 *===---------------------------------------------------------------------===*/
#include "internal.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The names COPYINTENT_FLUSH accepts: the pass's -copyintent-flush names. */
static const char *const flush_names[COPYINTENT_FLUSH_LAST + 1] = {
#define COPYINTENT_FLUSH_ROW(ABI, Kind, Number, Name, ...) [Number] = Name,
#include "copyintent/flushes.def"
};

const char *ci_flush_name(int flush) {
  if (flush < 0 || flush > COPYINTENT_FLUSH_LAST)
    return "?";
  return flush_names[flush];
}

void ci_warn(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("copyintent: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
}

/* PMDK's rule: eADR only when there is at least one region and every region's
 * persistence_domain is cpu_cache; anything unknown means ADR. */
static int all_regions_cpu_cache(void) {
  DIR *dir = opendir("/sys/bus/nd/devices");
  if (!dir)
    return 0;
  int regions = 0, cpu_cache = 0;
  struct dirent *de;
  while ((de = readdir(dir))) {
    if (strncmp(de->d_name, "region", 6) != 0)
      continue;
    char path[512], buf[64] = "";
    snprintf(path, sizeof path, "/sys/bus/nd/devices/%s/persistence_domain", de->d_name);
    FILE *f = fopen(path, "r");
    ++regions;
    if (!f)
      continue;
    if (fgets(buf, sizeof buf, f) && strncmp(buf, "cpu_cache", 9) == 0)
      ++cpu_cache;
    fclose(f);
  }
  closedir(dir);
  return regions > 0 && regions == cpu_cache;
}

/* A byte count from the environment; a bad value is reported and changes nothing. */
static void read_bytes(const char *name, size_t *out) {
  const char *v = getenv(name);
  if (!v || !*v)
    return;
  char *end;
  errno = 0;
  unsigned long long n = strtoull(v, &end, 10);
  if (errno || *end || v[0] == '-' || n > SIZE_MAX)
    ci_warn("%s='%s' is not a byte count; keeping %zu", name, v, *out);
  else
    *out = (size_t)n;
}

void ci_read_env(struct ci_env *env) {
  env->flush = COPYINTENT_FLUSH_AUTO;
  env->no_nt = 0;
  env->nt_threshold = COPYINTENT_NT_THRESHOLD_DEFAULT;
  env->nocache_threshold = COPYINTENT_NOCACHE_THRESHOLD_DEFAULT;
  env->eadr = all_regions_cpu_cache();
  env->nt_width = 0;

  const char *v = getenv("COPYINTENT_FLUSH");
  if (v && *v) {
    int found = -1;
    for (int i = COPYINTENT_FLUSH_CLFLUSH; i <= COPYINTENT_FLUSH_LAST; ++i)
      if (strcmp(v, flush_names[i]) == 0)
        found = i;
    if (strcmp(v, "auto") == 0)
      found = COPYINTENT_FLUSH_AUTO;
    if (found < 0) {
      /* The names from copyintent/flushes.def, "none" aside (COPYINTENT_DOMAIN=eadr). */
      char names[256] = "";
      for (int i = 0; i <= COPYINTENT_FLUSH_LAST; ++i)
        if (i != COPYINTENT_FLUSH_NONE) {
          if (names[0])
            strncat(names, ", ", sizeof names - strlen(names) - 1);
          strncat(names, flush_names[i], sizeof names - strlen(names) - 1);
        }
      ci_warn(
          "COPYINTENT_FLUSH='%s' is not a flush instruction (%s); keeping the default", v,
          names);
    } else
      env->flush = found;
  }

  v = getenv("COPYINTENT_NO_NT");
  if (v && *v) {
    if (strcmp(v, "1") == 0)
      env->no_nt = 1;
    else if (strcmp(v, "0") != 0)
      ci_warn("COPYINTENT_NO_NT='%s' must be 0 or 1; keeping the default", v);
  }

  read_bytes("COPYINTENT_NT_THRESHOLD", &env->nt_threshold);
  read_bytes("COPYINTENT_NOCACHE_THRESHOLD", &env->nocache_threshold);

  v = getenv("COPYINTENT_NT_WIDTH");
  if (v && *v) {
    if (strcmp(v, "16") == 0 || strcmp(v, "32") == 0 || strcmp(v, "64") == 0)
      env->nt_width = (unsigned)atoi(v);
    else
      ci_warn("COPYINTENT_NT_WIDTH='%s' must be 16, 32 or 64; keeping the widest", v);
  }

  v = getenv("COPYINTENT_DOMAIN");
  if (v && *v) {
    if (strcmp(v, "adr") == 0)
      env->eadr = 0;
    else if (strcmp(v, "eadr") == 0)
      env->eadr = 1;
    else
      ci_warn("COPYINTENT_DOMAIN='%s' must be adr or eadr; keeping %s", v,
              env->eadr ? "eadr" : "adr");
  }
}

int ci_forced_flush(const struct ci_env *env, const struct ci_flush_column *cols,
                    const int *have, int columns, int best, const char *arch) {
  if (env->flush == COPYINTENT_FLUSH_AUTO)
    return best;
  for (int i = 0; i < columns; ++i) {
    if (cols[i].number != env->flush)
      continue;
    if (have[i])
      return i;
    ci_warn("COPYINTENT_FLUSH=%s: this CPU does not have it; keeping %s",
            ci_flush_name(env->flush), ci_flush_name(cols[best].number));
    return best;
  }
  ci_warn("COPYINTENT_FLUSH=%s does not exist on %s; keeping %s",
          ci_flush_name(env->flush), arch, ci_flush_name(cols[best].number));
  return best;
}

/* The fences by name, then each flush's fence. */
enum ci_fence {
#define COPYINTENT_FENCE_ROW(Kind, Name) CI_FENCE_##Kind,
#include "copyintent/fences.def"
};
static const char *const fence_names[] = {
#define COPYINTENT_FENCE_ROW(Kind, Name) [CI_FENCE_##Kind] = Name,
#include "copyintent/fences.def"
};
static const enum ci_fence flush_drains[COPYINTENT_FLUSH_LAST + 1] = {
#define COPYINTENT_FLUSH_ROW(ABI, Kind, Number, Name, Description, Arch, Drain, Feature) \
  [Number] = CI_FENCE_##Drain,
#include "copyintent/flushes.def"
};

const char *ci_drain_name(int flush) {
  if (flush < 0 || flush > COPYINTENT_FLUSH_LAST)
    return "?";
  return fence_names[flush_drains[flush]];
}

void ci_plain_copy(void *dst, const void *src, size_t n) {
  if (n)
    memcpy(dst, src, n);
}

void ci_no_flush(const void *p, size_t n) {
  (void)p;
  (void)n;
}

static void drain_full_fence(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }

void ci_select_nondurable(struct ci_ops *ops, const struct ci_env *env, const char *why) {
  memset(ops, 0, sizeof *ops);
  ops->nt_threshold = env->nt_threshold;
  ops->wt_cached = env->eadr ? ci_plain_copy : ci_nondurable_copy;
  ops->flush = env->eadr ? ci_no_flush : ci_nondurable_flush;
  ops->drain = drain_full_fence;
  struct copyintent_caps *c = &ops->caps;
  c->flush = COPYINTENT_FLUSH_NONE;
  c->flush_name = ci_flush_name(COPYINTENT_FLUSH_NONE);
  c->drain_name = "seq_cst fence";
  c->line_size = 64;
  c->nt_threshold = (unsigned)env->nt_threshold;
  c->domain = env->eadr ? COPYINTENT_DOMAIN_EADR : COPYINTENT_DOMAIN_ADR;
  c->writethrough_durable = env->eadr;
  c->note = why;
}
