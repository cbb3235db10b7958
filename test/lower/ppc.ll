; POWER: 128-byte blocks. ISA 3.1 (pwr10): dcbstps (dcbf L=6, spelled so it assembles
; for any CPU) and phwsync. Earlier CPUs: dcbf and hwsync (sync) — never nothing.
; POWER has no non-temporal store: nocache is an ordinary copy.
; RUN: %opt-ci -passes=copyintent-lower -S %s | FileCheck %s

target triple = "powerpc64le-unknown-linux-gnu"

declare void @copyintent_memcpy_nocache(ptr, ptr, i64)
declare void @copyintent_memcpy_persist(ptr, ptr, i64)

; CHECK-LABEL: define void @persist_pwr10(
; CHECK:       call void @llvm.memcpy
; CHECK:       and i64 %{{.*}}, -128
; CHECK:       copyintent.flush.loop:
; CHECK:       call void asm sideeffect "dcbf 0, $0, 6", "r,~{memory}"(ptr
; CHECK:       add i64 %copyintent.flush.off, 128
; CHECK:       call void asm sideeffect "phwsync", "~{memory}"()
; CHECK-NEXT:  ret void
define void @persist_pwr10(ptr %d, ptr %s, i64 %n) #0 {
  call void @copyintent_memcpy_persist(ptr %d, ptr %s, i64 %n)
  ret void
}

; CHECK-LABEL: define void @persist_pwr9(
; CHECK:       call void asm sideeffect "dcbf 0, $0", "r,~{memory}"(ptr
; CHECK:       call void @llvm.ppc.sync()
; CHECK-NEXT:  ret void
define void @persist_pwr9(ptr %d, ptr %s, i64 %n) #1 {
  call void @copyintent_memcpy_persist(ptr %d, ptr %s, i64 %n)
  ret void
}

; CHECK-LABEL: define void @nocache(
; CHECK-NEXT:  call void @llvm.memcpy.p0.p0.i64(ptr align 1 %d, ptr align 1 %s, i64 %n, i1 false)
; CHECK-NEXT:  ret void
define void @nocache(ptr %d, ptr %s, i64 %n) #0 {
  call void @copyintent_memcpy_nocache(ptr %d, ptr %s, i64 %n)
  ret void
}

attributes #0 = { "target-cpu"="pwr10" "target-features"="+altivec,+isa-v31-instructions" }
attributes #1 = { "target-cpu"="pwr9" "target-features"="+altivec,+isa-v30-instructions" }
