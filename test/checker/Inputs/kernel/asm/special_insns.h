/* Mock <asm/special_insns.h>: x86's one-line cache write-backs (v6.1 spells them
 * with alternatives; the instruction is what matters here). */
#ifndef _ASM_X86_SPECIAL_INSNS_H
#define _ASM_X86_SPECIAL_INSNS_H

static inline void clflush(volatile void *__p) {
  __asm__ __volatile__("clflush %0" : "+m"(*(volatile char *)__p));
}
static inline void clflushopt(volatile void *__p) {
  __asm__ __volatile__("clflushopt %0" : "+m"(*(volatile char *)__p));
}
static inline void clwb(volatile void *__p) {
  __asm__ __volatile__("clwb %0" : "+m"(*(volatile char *)__p));
}

#endif /* _ASM_X86_SPECIAL_INSNS_H */
