; -copyintent-dispatch=runtime: the function is cloned once per x86-64 feature level
; (lowering_abi.h), each clone lowered with its level's instructions, and the original
; dispatches on copyintent_dispatch_level(), computed once by the runtime.
; RUN: %opt-ci -passes=copyintent-lower -copyintent-dispatch=runtime -S %s | FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

declare void @copyintent_memcpy_writethrough(ptr, ptr, i64)

; CHECK-LABEL: define i32 @save(ptr %d, ptr %s, i64 %n) {
; CHECK-NEXT:  copyintent.dispatch:
; CHECK-NEXT:    %copyintent.level = call i32 @copyintent_dispatch_level()
; CHECK-NEXT:    switch i32 %copyintent.level, label %copyintent.level.default [
; CHECK-NEXT:      i32 1, label %copyintent.level.clflushopt
; CHECK-NEXT:      i32 2, label %copyintent.level.avx2_clwb
; CHECK-NEXT:      i32 3, label %copyintent.level.avx512_clwb
; CHECK-NEXT:    ]
; CHECK:       copyintent.level.default:
; CHECK-NEXT:    [[R0:%.*]] = tail call i32 @save.copyintent.sse2(ptr %d, ptr %s, i64 %n)
; CHECK-NEXT:    ret i32 [[R0]]
; CHECK:       copyintent.level.avx512_clwb:
; CHECK-NEXT:    [[R3:%.*]] = tail call i32 @save.copyintent.avx512_clwb(ptr %d, ptr %s, i64 %n)
; CHECK-NEXT:    ret i32 [[R3]]
define i32 @save(ptr %d, ptr %s, i64 %n) {
  call void @copyintent_memcpy_writethrough(ptr %d, ptr %s, i64 %n)
  ret i32 7
}

; CHECK-LABEL: define internal i32 @save.copyintent.sse2(
; CHECK-SAME:  #[[SSE2:[0-9]+]]
; CHECK:       store <2 x i64> {{.*}} !nontemporal
; CHECK:       call void @llvm.x86.sse2.clflush(
; CHECK:       ret i32 7
; CHECK-LABEL: define internal i32 @save.copyintent.clflushopt(
; CHECK:       call void @llvm.x86.clflushopt(
; CHECK-LABEL: define internal i32 @save.copyintent.avx2_clwb(
; CHECK:       store <4 x i64> {{.*}} !nontemporal
; CHECK:       call void @llvm.x86.clwb(
; CHECK-LABEL: define internal i32 @save.copyintent.avx512_clwb(
; CHECK:       store <8 x i64> {{.*}} !nontemporal
; CHECK:       call void @llvm.x86.clwb(
; CHECK:       attributes #[[SSE2]] = { "target-features"="+sse2" }
