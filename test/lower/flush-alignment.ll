; Which lines a flush touches depends on the alignment the pass can prove. Only a
; line-aligned pointer (align >= 64 on x86) starts the range at a line boundary; a
; 16-byte-aligned 24-byte record (a struct with a 16-byte-aligned member) can start
; at offset 48 of a line and span two, so its flush needs the guarded second line.
; Treating 16-byte alignment as line alignment would flush one line and leave the
; record's last 8 bytes dirty.
; RUN: %opt-ci -passes=copyintent-lower -copyintent-nt=never -S %s | FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

declare void @copyintent_memcpy_persist(ptr, ptr, i64)
declare void @copyintent_flush(ptr, i64)

; CHECK-LABEL: define void @persist_rec16(
; CHECK:       [[P:%.*]] = ptrtoint ptr %d to i64
; CHECK:       and i64 [[P]], -64
; CHECK:       call void @llvm.x86.sse2.clflush
; CHECK:       copyintent.flush.extra:
; CHECK-NEXT:  getelementptr i8, ptr %d,
; CHECK-NEXT:  call void @llvm.x86.sse2.clflush
; CHECK:       call void @llvm.x86.sse.sfence()
define void @persist_rec16(ptr align 16 %d, ptr %s) #0 {
  call void @copyintent_memcpy_persist(ptr %d, ptr %s, i64 24)
  ret void
}

; CHECK-LABEL: define void @flush_rec16(
; CHECK:       call void @llvm.x86.sse2.clflush
; CHECK:       copyintent.flush.extra:
; CHECK:       call void @llvm.x86.sse2.clflush
define void @flush_rec16(ptr align 16 %d) #0 {
  call void @copyintent_flush(ptr %d, i64 24)
  ret void
}

; Line-aligned: 24 bytes are in one line, one flush of the pointer itself.
; CHECK-LABEL: define void @flush_rec64(
; CHECK-NOT:   ptrtoint
; CHECK:       call void @llvm.x86.sse2.clflush(ptr
; CHECK-NOT:   clflush
; CHECK:       ret void
define void @flush_rec64(ptr align 64 %d) #0 {
  call void @copyintent_flush(ptr %d, i64 24)
  ret void
}

attributes #0 = { "target-features"="+sse2" }
