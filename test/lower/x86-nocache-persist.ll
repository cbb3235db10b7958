; nocache and persist on x86-64, and the range flush / drain entry points.
; nocache: ordinary copy below its NT threshold; above it NT stores of the widest
; enabled vector width and an sfence at the end (NT stores are weakly ordered), no
; flushes. persist: writethrough plus the sfence drain. The CHECK lines show the NT
; path's shape with the threshold lowered to 256 bytes; DEFAULT shows the default
; policy (COPYINTENT_NOCACHE_THRESHOLD_DEFAULT, 32 KiB: docs/nocache-policy.md).
; RUN: %opt-ci -passes=copyintent-lower -copyintent-nocache-threshold=256 -S %s | FileCheck %s
; RUN: %opt-ci -passes=copyintent-lower -S %s | FileCheck %s --check-prefix=DEFAULT

; Below the default threshold a constant-size nocache is a plain copy: no NT store,
; no fence. At run time the size decides, at 32 KiB.
; DEFAULT-LABEL: define void @nc_var_sse2(
; DEFAULT:       %copyintent.small = icmp ult i64 %n, 32768
; DEFAULT-LABEL: define void @nc_4096_avx512(
; DEFAULT-NEXT:  call void @llvm.memcpy.p0.p0.i64(ptr align 64 %d, ptr align 1 %s, i64 4096, i1 false)
; DEFAULT-NEXT:  ret void

target triple = "x86_64-unknown-linux-gnu"

declare void @copyintent_memcpy_nocache(ptr, ptr, i64)
declare void @copyintent_memcpy_persist(ptr, ptr, i64)
declare void @copyintent_flush(ptr, i64)
declare void @copyintent_drain()

; CHECK-LABEL: define void @nc_var_sse2(
; CHECK:       copyintent.cached:
; CHECK-NEXT:  call void @llvm.memcpy
; CHECK-NOT:   clwb
; CHECK:       copyintent.nt.loop:
; CHECK-COUNT-4: store <2 x i64> %{{.*}}, align 16, !nontemporal
; CHECK:       call void @llvm.x86.sse.sfence()
; CHECK-NOT:   clflush
; CHECK:       ret void
define void @nc_var_sse2(ptr %d, ptr %s, i64 %n) #0 {
  call void @copyintent_memcpy_nocache(ptr %d, ptr %s, i64 %n)
  ret void
}

; AVX-512F: one 64-byte NT store per line, four lines per iteration with the loads
; first; a 64-aligned constant 4096 needs no head, and no line-by-line remainder.
; No software prefetch (it cost 3-5% at 4 KiB and gained nothing at 1-16 MiB).
; CHECK-LABEL: define void @nc_4096_avx512(
; CHECK-NOT:   llvm.memcpy
; CHECK-NOT:   llvm.prefetch
; CHECK:       copyintent.ntgroup.loop:
; CHECK-NEXT:  %copyintent.ntgroup.off = phi i64 [ 0,
; CHECK-NOT:   llvm.prefetch
; CHECK-COUNT-4: load <8 x i64>, ptr %{{.*}}, align 1
; CHECK-COUNT-4: store <8 x i64> %{{.*}}, align 64, !nontemporal
; CHECK-NOT:   store
; CHECK:       icmp slt i64 %copyintent.ntgroup.next, 4096
; CHECK-NOT:   copyintent.nt.loop
; CHECK-NOT:   llvm.prefetch
; CHECK:       call void @llvm.x86.sse.sfence()
; CHECK-NEXT:  ret void
define void @nc_4096_avx512(ptr align 64 %d, ptr %s) #1 {
  call void @copyintent_memcpy_nocache(ptr %d, ptr %s, i64 4096)
  ret void
}

; A small nocache copy is a plain copy: no NT store, no fence.
; CHECK-LABEL: define void @nc_small(
; CHECK-NEXT:  call void @llvm.memcpy.p0.p0.i64(ptr align 1 %d, ptr align 1 %s, i64 100, i1 false)
; CHECK-NEXT:  ret void
define void @nc_small(ptr %d, ptr %s) #0 {
  call void @copyintent_memcpy_nocache(ptr %d, ptr %s, i64 100)
  ret void
}

; persist = writethrough + sfence at the very end.
; CHECK-LABEL: define void @persist_32(
; CHECK:       call void @llvm.memcpy
; CHECK:       call void @llvm.x86.clwb(
; CHECK:       call void @llvm.x86.sse.sfence()
; CHECK-NEXT:  ret void
define void @persist_32(ptr %d, ptr %s) #2 {
  call void @copyintent_memcpy_persist(ptr %d, ptr %s, i64 32)
  ret void
}

; flush(p, n) of unknown n: guarded against n == 0, loop from p & ~63.
; CHECK-LABEL: define void @flush_var(
; CHECK:       icmp ne i64 %n, 0
; CHECK:       copyintent.flush:
; CHECK:       and i64 %{{.*}}, -64
; CHECK:       copyintent.flush.loop:
; CHECK:       call void @llvm.x86.clwb(
; CHECK:       add i64 %copyintent.flush.off, 64
; CHECK-NOT:   sfence
; CHECK:       ret void
define void @flush_var(ptr %p, i64 %n) #2 {
  call void @copyintent_flush(ptr %p, i64 %n)
  ret void
}

; CHECK-LABEL: define void @drain_only(
; CHECK-NEXT:  call void @llvm.x86.sse.sfence()
; CHECK-NEXT:  ret void
define void @drain_only() #0 {
  call void @copyintent_drain()
  ret void
}

attributes #0 = { "target-features"="+sse2" }
attributes #1 = { "target-features"="+avx512f,+avx2,+avx,+clwb" }
attributes #2 = { "target-features"="+sse2,+clwb" }
