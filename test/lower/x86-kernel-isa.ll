; x86-64 compiled as the kernel is (-mno-sse -mno-mmx -mno-sse2 -mno-avx, or
; -mgeneral-regs-only): the backend would turn !nontemporal stores into plain ones and
; cannot select llvm.x86.sse.sfence or llvm.x86.sse2.clflush ("Cannot select").
; The CPU still has movnti, clflush and sfence, so the lowering spells them as inline
; assembly that needs no vector register: the NT body is movnti words, a line at a
; time, and no IR !nontemporal store or SSE intrinsic is left for the backend.
; RUN: %opt-ci -passes=copyintent-lower -S %s | FileCheck %s
; End to end, the backend accepts it and no plain store replaces an NT one:
; RUN: %opt-ci -passes=copyintent-lower %s | %llc -O2 -o - | FileCheck %s --check-prefix=ASM

target triple = "x86_64-unknown-linux-gnu"

declare void @copyintent_memcpy_writethrough(ptr, ptr, i64)
declare void @copyintent_memcpy_persist(ptr, ptr, i64)
declare void @copyintent_memcpy_nocache(ptr, ptr, i64)
declare void @copyintent_flush(ptr, i64)
declare void @copyintent_drain()

; CHECK-LABEL: define void @wt_var(
; CHECK-NOT:   !nontemporal
; CHECK-NOT:   @llvm.x86.sse
; CHECK:       copyintent.cached:
; CHECK:       copyintent.flush.loop:
; CHECK:       call void asm sideeffect "clflush ($0)", "r,~{memory}"(
; CHECK:       copyintent.nt.loop:
; CHECK-COUNT-8: call void asm sideeffect "movntiq $1, ($0)", "r,r,~{memory}"(ptr %{{.*}}, i64 %{{.*}})
; The ragged tail is cached and flushed: no movnti outside whole lines.
; CHECK:       %copyintent.tail = sub i64
; CHECK-NOT:   movnti
; CHECK:       call void asm sideeffect "clflush ($0)"
; CHECK-NOT:   sfence
; CHECK:       ret void
; ASM-LABEL:   wt_var:
; ASM-NOT:     xmm
; ASM:         clflush
; ASM:         movntiq
; ASM-NOT:     movntil
; ASM-NOT:     sfence
; ASM:         .Lfunc_end
define void @wt_var(ptr %d, ptr %s, i64 %n) #0 {
  call void @copyintent_memcpy_writethrough(ptr %d, ptr %s, i64 %n)
  ret void
}

; nocache ends its NT path with sfence, as inline assembly.
; CHECK-LABEL: define void @nc_var(
; CHECK-NOT:   @llvm.x86.sse
; CHECK:       copyintent.ntfence:
; CHECK-NEXT:  call void asm sideeffect "sfence", "~{memory}"()
; ASM-LABEL:   nc_var:
; ASM-NOT:     xmm
; ASM:         movntiq
; ASM:         sfence
; ASM:         .Lfunc_end
define void @nc_var(ptr %d, ptr %s, i64 %n) #0 {
  call void @copyintent_memcpy_nocache(ptr %d, ptr %s, i64 %n)
  ret void
}

; A line-aligned 64-byte persist: eight movnti words, then the drain.
; CHECK-LABEL: define void @persist_line(
; CHECK-COUNT-8: call void asm sideeffect "movntiq $1, ($0)"
; CHECK-NOT:   clflush
; CHECK:       call void asm sideeffect "sfence", "~{memory}"()
; CHECK-NEXT:  ret void
define void @persist_line(ptr align 64 %d, ptr %s) #0 {
  call void @copyintent_memcpy_persist(ptr %d, ptr %s, i64 64)
  ret void
}

; flush and drain on their own.
; CHECK-LABEL: define void @flush_drain(
; CHECK:       call void asm sideeffect "clflush ($0)"
; CHECK:       call void asm sideeffect "sfence", "~{memory}"()
; ASM-LABEL:   flush_drain:
; ASM:         clflush
; ASM:         sfence
define void @flush_drain(ptr %p, i64 %n) #0 {
  call void @copyintent_flush(ptr %p, i64 %n)
  call void @copyintent_drain()
  ret void
}

; -mgeneral-regs-only also takes x87 away; the result is the same.
; CHECK-LABEL: define void @gro_persist(
; CHECK-NOT:   @llvm.x86.sse
; CHECK-NOT:   !nontemporal
; CHECK:       call void asm sideeffect "sfence", "~{memory}"()
; CHECK-NEXT:  ret void
define void @gro_persist(ptr %d, ptr %s, i64 %n) #1 {
  call void @copyintent_memcpy_persist(ptr %d, ptr %s, i64 %n)
  ret void
}

; Only -mno-sse2: SSE1 is left, so sfence stays an intrinsic; NT stores are movnti
; by inline assembly, clflush too (llvm.x86.sse2.clflush needs SSE2).
; CHECK-LABEL: define void @nosse2_persist(
; CHECK-NOT:   !nontemporal
; CHECK:       call void asm sideeffect "clflush ($0)"
; CHECK:       call void @llvm.x86.sse.sfence()
; CHECK-NEXT:  ret void
define void @nosse2_persist(ptr %d, ptr %s, i64 %n) #2 {
  call void @copyintent_memcpy_persist(ptr %d, ptr %s, i64 %n)
  ret void
}

attributes #0 = { nounwind "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+x87,-avx,-avx2,-avx512f,-mmx,-sse,-sse2,-sse3,-sse4.1,-sse4.2,-ssse3" }
attributes #1 = { nounwind "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,-avx,-avx2,-avx512f,-mmx,-sse,-sse2,-sse3,-x87" }
attributes #2 = { nounwind "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+x87,-avx,-avx2,-avx512f,-sse2,-sse3" }
