; AArch64: writethrough is an ordinary copy then DC CVAP over every line, stepped by
; CTR_EL0.DminLine read at run time (a guessed line size could skip lines). Without
; FEAT_DCPoP the clean is DC CVAC, with a warning that it may not reach persistence.
; nocache bulk uses STNP (<4 x i64> non-temporal), no fence. The drain is DSB SY.
; RUN: %opt-ci -passes=copyintent-lower -S %s 2>%t.err | FileCheck %s
; RUN: FileCheck --check-prefix=WARN %s < %t.err

target triple = "aarch64-unknown-linux-gnu"

declare void @copyintent_memcpy_writethrough(ptr, ptr, i64)
declare void @copyintent_memcpy_nocache(ptr, ptr, i64)
declare void @copyintent_memcpy_persist(ptr, ptr, i64)
declare void @copyintent_drain()

; CHECK-LABEL: define void @wt_dcpop(
; CHECK:       call void @llvm.memcpy
; The line is 4 << CTR_EL0.DminLine (bits 19:16), the smallest data cache line. Not
; ERG (bits 23:20) or IminLine (3:0): where those differ, stepping by them skips lines.
; CHECK:       %copyintent.ctr = call i64 asm "mrs $0, ctr_el0", "=r"()
; CHECK-NEXT:  [[SH:%.*]] = lshr i64 %copyintent.ctr, 16
; CHECK-NEXT:  [[DMIN:%.*]] = and i64 [[SH]], 15
; CHECK-NEXT:  %copyintent.line = shl i64 4, [[DMIN]]
; CHECK:       copyintent.flush.loop:
; CHECK:       call void asm sideeffect "dc cvap, $0", "r,~{memory}"(ptr
; CHECK:       add i64 %copyintent.flush.off, %copyintent.line
; CHECK-NOT:   dsb
; CHECK:       ret void
define void @wt_dcpop(ptr %d, ptr %s, i64 %n) #0 {
  call void @copyintent_memcpy_writethrough(ptr %d, ptr %s, i64 %n)
  ret void
}

; WARN: warning: copyintent: in function 'persist_v8': copyintent_memcpy_persist: this target has no DC CVAP
; WARN-NOT: warning
; CHECK-LABEL: define void @persist_v8(
; CHECK:       call void asm sideeffect "dc cvac, $0", "r,~{memory}"(ptr
; CHECK:       call void @llvm.aarch64.dsb(i32 15)
; CHECK-NEXT:  ret void
define void @persist_v8(ptr %d, ptr %s, i64 %n) #1 {
  call void @copyintent_memcpy_persist(ptr %d, ptr %s, i64 %n)
  ret void
}

; CHECK-LABEL: define void @nc_var(
; CHECK:       copyintent.nt.loop:
; CHECK-COUNT-2: store <4 x i64> %{{.*}}, align 32, !nontemporal
; CHECK-NOT:   dsb
; CHECK-NOT:   asm
; CHECK:       ret void
define void @nc_var(ptr %d, ptr %s, i64 %n) #0 {
  call void @copyintent_memcpy_nocache(ptr %d, ptr %s, i64 %n)
  ret void
}

; CHECK-LABEL: define void @drain(
; CHECK-NEXT:  call void @llvm.aarch64.dsb(i32 15)
define void @drain() #0 {
  call void @copyintent_drain()
  ret void
}

attributes #0 = { "target-features"="+ccpp,+neon" }
attributes #1 = { "target-features"="+neon" }
