/*===- copyintent/annotations.h - Say what memory a pointer points to -----===*
 *
 * What no analysis can see: that a pointer your code gets from elsewhere points to
 * persistent memory, device memory (MMIO) or ordinary RAM. The copyintent checks
 * (clang-tidy and clang -fplugin) read these markings; for every other compiler they
 * are nothing. Put one on:
 *
 *   a function (its return value)  void *COPYINTENT_PMEM pool_base(struct pool *);
 *   a parameter                    void log_put(char *COPYINTENT_PMEM slot, ...);
 *   a field                        struct ring { char *COPYINTENT_MMIO doorbell; };
 *   a variable                     static char *COPYINTENT_PMEM journal;
 *   a typedef (and what uses it)   typedef char COPYINTENT_PMEM pmem_byte;
 *
 * The same without editing code: the checks' PmemSources, MmioSources and RamSources
 * options (docs/checks/common-options.md).
 *
 *===-----------------------------------------------------------------------===*/
#ifndef COPYINTENT_ANNOTATIONS_H
#define COPYINTENT_ANNOTATIONS_H

#if defined(__clang__)
#define COPYINTENT_PMEM __attribute__((annotate("copyintent_pmem")))
#define COPYINTENT_MMIO __attribute__((annotate("copyintent_mmio")))
#define COPYINTENT_RAM __attribute__((annotate("copyintent_ram")))
#else
#define COPYINTENT_PMEM
#define COPYINTENT_MMIO
#define COPYINTENT_RAM
#endif

#endif /* COPYINTENT_ANNOTATIONS_H */
