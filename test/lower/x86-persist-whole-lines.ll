; persist on x86-64 below the NT threshold: a destination range of whole lines
; (line-aligned destination, length a multiple of 64) goes by NT stores, any other
; range by stores + clwb; the sfence drain ends both. NT stores leave no line for
; the drain to wait on. writethrough and nocache keep the plain threshold, and
; -copyintent-persist-nt-lines=false turns the rule off.
; RUN: %opt-ci -passes=copyintent-lower -S %s | FileCheck %s
; RUN: %opt-ci -passes=copyintent-lower -copyintent-persist-nt-lines=false -S %s \
; RUN:   | FileCheck %s --check-prefix=OFF

target triple = "x86_64-unknown-linux-gnu"

declare void @copyintent_memcpy_writethrough(ptr, ptr, i64)
declare void @copyintent_memcpy_persist(ptr, ptr, i64)

; Unknown size and alignment: at or above the threshold the NT path; below it, a
; ragged range goes cached and whole lines by a path of their own: each possible line
; (at most three below 256 bytes) under a test of n, NT stores, no head, tail or flush.
; CHECK-LABEL: define void @persist_var(
; CHECK:       %copyintent.small = icmp ult i64 %n, 256
; CHECK-NEXT:  br i1 %copyintent.small, label %copyintent.below, label %copyintent.nt
; CHECK:       copyintent.below:
; CHECK-NEXT:  [[P:%.*]] = ptrtoint ptr %d to i64
; CHECK-NEXT:  [[BITS:%.*]] = or i64 [[P]], %n
; CHECK-NEXT:  [[LOW:%.*]] = and i64 [[BITS]], 63
; CHECK-NEXT:  %copyintent.ragged = icmp ne i64 [[LOW]], 0
; CHECK-NEXT:  br i1 %copyintent.ragged, label %copyintent.cached, label %copyintent.lines
; CHECK:       copyintent.cached:
; CHECK:       call void @llvm.x86.clwb(
; CHECK:       copyintent.lines:
; CHECK-NEXT:  icmp ugt i64 %n, 0
; CHECK:       copyintent.line:
; CHECK-NOT:   clwb
; CHECK-COUNT-2: store <4 x i64> %{{.*}}, !nontemporal
; CHECK:       icmp ugt i64 %n, 64
; CHECK:       copyintent.line{{[0-9]+}}:
; CHECK-COUNT-2: store <4 x i64> %{{.*}}, !nontemporal
; CHECK:       icmp ugt i64 %n, 128
; CHECK:       copyintent.line{{[0-9]+}}:
; CHECK-COUNT-2: store <4 x i64> %{{.*}}, !nontemporal
; CHECK-NOT:   icmp ugt i64 %n, 192
; CHECK-NOT:   clwb
; CHECK:       copyintent.nt:
; CHECK:       store <4 x i64> %{{.*}}, !nontemporal
; CHECK:       call void @llvm.x86.sse.sfence()
; CHECK-NEXT:  ret void
; OFF-LABEL:   define void @persist_var(
; OFF:         %copyintent.small = icmp ult i64 %n, 256
; OFF-NEXT:    br i1 %copyintent.small,
define void @persist_var(ptr %d, ptr %s, i64 %n) #0 {
  call void @copyintent_memcpy_persist(ptr %d, ptr %s, i64 %n)
  ret void
}

; A constant 64 bytes to a destination of unknown alignment: the test is on the
; address alone; the whole-line side is two NT stores, nothing else.
; CHECK-LABEL: define void @persist_64(
; CHECK:       [[P:%.*]] = ptrtoint ptr %d to i64
; CHECK-NEXT:  [[BITS:%.*]] = or i64 [[P]], 64
; CHECK-NEXT:  [[LOW:%.*]] = and i64 [[BITS]], 63
; CHECK-NEXT:  %copyintent.ragged = icmp ne i64 [[LOW]], 0
; CHECK-NEXT:  br i1 %copyintent.ragged, label %copyintent.cached, label %copyintent.lines
; CHECK:       copyintent.cached:
; CHECK:       call void @llvm.x86.clwb(
; CHECK:       copyintent.lines:
; CHECK-NOT:   ptrtoint
; CHECK-NOT:   icmp
; CHECK-NOT:   br
; CHECK-COUNT-2: store <4 x i64> %{{.*}}, !nontemporal
; CHECK-NEXT:  br label
; CHECK:       call void @llvm.x86.sse.sfence()
; CHECK-NEXT:  ret void
define void @persist_64(ptr %d, ptr %s) #0 {
  call void @copyintent_memcpy_persist(ptr %d, ptr %s, i64 64)
  ret void
}

; Known to be whole lines: two NT stores and the drain, no branch, no flush.
; CHECK-LABEL: define void @persist_64_aligned(
; CHECK-NOT:   br
; CHECK-NOT:   clwb
; CHECK-COUNT-2: store <4 x i64> %{{.*}}, align 32, !nontemporal
; CHECK-NOT:   clwb
; CHECK:       call void @llvm.x86.sse.sfence()
; CHECK-NEXT:  ret void
; OFF-LABEL:   define void @persist_64_aligned(
; OFF-NOT:     !nontemporal
; OFF:         call void @llvm.x86.clwb(
; OFF-NOT:     !nontemporal
; OFF:         call void @llvm.x86.sse.sfence()
define void @persist_64_aligned(ptr align 64 %d, ptr %s) #0 {
  call void @copyintent_memcpy_persist(ptr %d, ptr %s, i64 64)
  ret void
}

; A length that is not whole lines never goes NT below the threshold: no test.
; CHECK-LABEL: define void @persist_100(
; CHECK-NOT:   ragged
; CHECK-NOT:   !nontemporal
; CHECK:       call void @llvm.x86.clwb(
; CHECK:       call void @llvm.x86.sse.sfence()
; CHECK-NEXT:  ret void
define void @persist_100(ptr align 64 %d, ptr %s) #0 {
  call void @copyintent_memcpy_persist(ptr %d, ptr %s, i64 100)
  ret void
}

; writethrough has no drain to wait on: ordinary stores + clwb as below the threshold.
; CHECK-LABEL: define void @wt_64_aligned(
; CHECK-NOT:   !nontemporal
; CHECK:       call void @llvm.x86.clwb(
; CHECK-NOT:   sfence
; CHECK:       ret void
define void @wt_64_aligned(ptr align 64 %d, ptr %s) #0 {
  call void @copyintent_memcpy_writethrough(ptr %d, ptr %s, i64 64)
  ret void
}

attributes #0 = { "target-features"="+avx2,+avx,+clwb" }
