; RISC-V: with Zicbom, ordinary copy then cbo.clean per cache block, fence ow,ow as
; the drain. The block size is the platform's (no feature names it): the loop steps
; by copyintent_line_size(), the runtime's riscv_hwprobe value, unless
; -copyintent-line-size gives it (a fixed 64 would skip every other block of a
; 32-byte-block machine). Without Zicbom nothing can write a block back: the pass keeps the call
; (the runtime looks for Zicbom at run time) and warns, never a silent plain copy.
; RUN: %opt-ci -passes=copyintent-lower -S %s 2>%t.err | FileCheck %s
; RUN: FileCheck --check-prefix=WARN %s < %t.err
; RUN: %opt-ci -passes=copyintent-lower -copyintent-line-size=32 -S %s 2>/dev/null \
; RUN:   | FileCheck --check-prefix=L32 %s

target triple = "riscv64-unknown-linux-gnu"

declare void @copyintent_memcpy_writethrough(ptr, ptr, i64)
declare void @copyintent_memcpy_nocache(ptr, ptr, i64)
declare void @copyintent_drain()

; CHECK-LABEL: define void @wt_zicbom(
; CHECK:       call void @llvm.memcpy
; CHECK:       %copyintent.block = call i64 @copyintent_line_size()
; CHECK:       [[MASK:%.*]] = sub i64 0, %copyintent.block
; CHECK:       and i64 %{{.*}}, [[MASK]]
; CHECK:       copyintent.flush.loop:
; CHECK:       call void asm sideeffect "cbo.clean ($0)", "r,~{memory}"(ptr
; CHECK:       add i64 %copyintent.flush.off, %copyintent.block
; CHECK-NOT:   fence
; CHECK:       ret void
; L32-LABEL:   define void @wt_zicbom(
; L32-NOT:     copyintent_line_size
; L32:         and i64 %{{.*}}, -32
; L32:         call void asm sideeffect "cbo.clean ($0)"
; L32:         add i64 %copyintent.flush.off, 32
; L32:         ret void
define void @wt_zicbom(ptr %d, ptr %s, i64 %n) #0 {
  call void @copyintent_memcpy_writethrough(ptr %d, ptr %s, i64 %n)
  ret void
}

; WARN: warning: copyintent: in function 'wt_no_zicbom': copyintent_memcpy_writethrough cannot be lowered for riscv64 without a cache write-back instruction (RISC-V: enable Zicbom, e.g. -march=rv64gc_zicbom); call left to the runtime
; CHECK-LABEL: define void @wt_no_zicbom(
; CHECK-NEXT:  call void @copyintent_memcpy_writethrough(ptr %d, ptr %s, i64 %n)
; CHECK-NEXT:  ret void
define void @wt_no_zicbom(ptr %d, ptr %s, i64 %n) #1 {
  call void @copyintent_memcpy_writethrough(ptr %d, ptr %s, i64 %n)
  ret void
}

; nocache needs no clean: an ordinary copy without Zihintntl, NT-hinted with it.
; CHECK-LABEL: define void @nc_plain(
; CHECK-NEXT:  call void @llvm.memcpy
; CHECK-NEXT:  ret void
define void @nc_plain(ptr %d, ptr %s, i64 %n) #1 {
  call void @copyintent_memcpy_nocache(ptr %d, ptr %s, i64 %n)
  ret void
}
; CHECK-LABEL: define void @nc_ntl(
; CHECK:       store i64 %{{.*}}, align 8, !nontemporal
; CHECK:       ret void
define void @nc_ntl(ptr %d, ptr %s, i64 %n) #2 {
  call void @copyintent_memcpy_nocache(ptr %d, ptr %s, i64 %n)
  ret void
}

; CHECK-LABEL: define void @drain(
; CHECK-NEXT:  call void asm sideeffect "fence ow, ow", "~{memory}"()
define void @drain() #1 {
  call void @copyintent_drain()
  ret void
}

attributes #0 = { "target-features"="+64bit,+zicbom" }
attributes #1 = { "target-features"="+64bit" }
attributes #2 = { "target-features"="+64bit,+zihintntl" }
