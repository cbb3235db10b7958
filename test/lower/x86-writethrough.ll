; Writethrough on x86-64: below the NT threshold an ordinary copy and a clwb of every
; line it touched; at or above it a cached head to 64-byte alignment, whole lines by
; non-temporal stores, a cached tail; every cached byte's line is written back, and
; there is no fence (the caller drains). A partial line is never stored
; non-temporally: movnti words and cached bytes in one line stall on the
; write-combining buffer (2.8x slower than libpmem at 4 KiB, destination + 63).
; RUN: %opt-ci -passes=copyintent-lower -S %s | FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

declare void @copyintent_memcpy_writethrough(ptr, ptr, i64)
declare void @copyintent_flush(ptr, i64)

; CHECK-LABEL: define void @wt_var(
; CHECK:       %copyintent.small = icmp ult i64 %n, 256
; CHECK-NEXT:  br i1 %copyintent.small, label %copyintent.cached, label %copyintent.nt
; CHECK:       copyintent.cached:
; CHECK-NEXT:  call void @llvm.memcpy.p0.p0.i64(ptr align 1 %d, ptr align 1 %s, i64 %n, i1 false)
; CHECK:       copyintent.flush.loop:
; CHECK:       call void @llvm.x86.clwb(
; CHECK:       copyintent.nt:
; CHECK:       %copyintent.head = call i64 @llvm.umin.i64(i64 %n,
; CHECK:       copyintent.nt.loop:
; CHECK-COUNT-2: store <4 x i64> %{{.*}}, align 32, !nontemporal
; CHECK:       %copyintent.tail = sub i64
; CHECK-NOT:   !nontemporal
; CHECK:       call void @llvm.x86.clwb(
; CHECK-NOT:   sfence
; CHECK:       ret void
define void @wt_var(ptr %d, ptr %s, i64 %n) #0 {
  call void @copyintent_memcpy_writethrough(ptr %d, ptr %s, i64 %n)
  ret void
}

; A small constant size is straight-line: no call, no loop. 16 bytes at an unknown
; address touch one line or two: the second flush is guarded.
; CHECK-LABEL: define void @wt_16(
; CHECK-NOT:   call void @copyintent_memcpy_writethrough
; CHECK:       call void @llvm.memcpy.p0.p0.i64(ptr align 1 %d, ptr align 1 %s, i64 16, i1 false)
; CHECK:       call void @llvm.x86.clwb(
; CHECK:       copyintent.flush.extra:
; CHECK-NEXT:  getelementptr
; CHECK-NEXT:  call void @llvm.x86.clwb(
; CHECK-NOT:   .loop
; CHECK:       ret void
define void @wt_16(ptr %d, ptr %s) #0 {
  call void @copyintent_memcpy_writethrough(ptr %d, ptr %s, i64 16)
  ret void
}

; A 64-byte-aligned destination of 128 bytes: exactly two lines, no guard.
; CHECK-LABEL: define void @wt_128_aligned(
; CHECK:       call void @llvm.memcpy.p0.p0.i64(ptr align 64 %d, ptr align 1 %s, i64 128, i1 false)
; CHECK-NEXT:  [[L0:%.*]] = getelementptr i8, ptr %d, i64 0
; CHECK-NEXT:  call void @llvm.x86.clwb(ptr [[L0]])
; CHECK-NEXT:  [[L1:%.*]] = getelementptr i8, ptr %d, i64 64
; CHECK-NEXT:  call void @llvm.x86.clwb(ptr [[L1]])
; CHECK-NEXT:  ret void
define void @wt_128_aligned(ptr align 64 %d, ptr %s) #0 {
  call void @copyintent_memcpy_writethrough(ptr %d, ptr %s, i64 128)
  ret void
}

; Zero bytes: nothing at all.
; CHECK-LABEL: define void @wt_0(
; CHECK-NEXT:  ret void
define void @wt_0(ptr %d, ptr %s) #0 {
  call void @copyintent_memcpy_writethrough(ptr %d, ptr %s, i64 0)
  ret void
}

; Without clwb and clflushopt the flush is clflush.
; CHECK-LABEL: define void @wt_old_cpu(
; CHECK:       call void @llvm.x86.sse2.clflush(
; CHECK-NOT:   clwb
; CHECK:       ret void
define void @wt_old_cpu(ptr %d, ptr %s) #1 {
  call void @copyintent_memcpy_writethrough(ptr %d, ptr %s, i64 8)
  ret void
}

; clflushopt when it is the best there is.
; CHECK-LABEL: define void @wt_clflushopt(
; CHECK:       call void @llvm.x86.clflushopt(
; CHECK:       ret void
define void @wt_clflushopt(ptr %d, ptr %s) #2 {
  call void @copyintent_memcpy_writethrough(ptr %d, ptr %s, i64 8)
  ret void
}

attributes #0 = { "target-features"="+avx,+avx2,+clwb,+clflushopt,+sse2" }
attributes #1 = { "target-features"="+sse2" }
attributes #2 = { "target-features"="+sse2,+clflushopt" }

; A public flush of a run-time length checks first that the range does not run past
; the end of the address space (nor is 2^63 bytes or more): the loop counts in
; signed offsets and would otherwise flush nothing.
; CHECK-LABEL: define void @flush_var(
; CHECK:       call { i64, i1 } @llvm.uadd.with.overflow.i64(i64 %{{.*}}, i64 %{{.*}})
; CHECK:       %copyintent.wrapped = and i1
; CHECK:       copyintent.wraps:
; CHECK-NEXT:  call void @llvm.trap()
; CHECK:       copyintent.flush.loop:
define void @flush_var(ptr %p, i64 %n) {
  call void @copyintent_flush(ptr %p, i64 %n)
  ret void
}
; A constant length below 2^63 is an object's size: no check.
; CHECK-LABEL: define void @flush_const(
; CHECK-NOT:   llvm.trap
; CHECK:       ret void
define void @flush_const(ptr %p) {
  call void @copyintent_flush(ptr %p, i64 100)
  ret void
}
