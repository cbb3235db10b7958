; In functions optimized for size (-Os: optsize, -Oz: minsize) the copies stay calls
; into libcopyintent: inline, even a constant 64-byte persist with its alignment cases
; is about 1 KiB of x86 code, the call 5 bytes. Flush and drain stay inline (a few
; instructions), and so do the runtime's own builtins, which are its implementation.
; -copyintent-inline=always lowers everything; a missed-optimization remark says why.
; -copyintent-inline=never keeps every copy a call (IR for analysis); flush, drain and
; the builtins are still lowered.
; RUN: %opt-ci -passes=copyintent-lower -S %s | FileCheck %s --check-prefixes=CHECK,AUTO
; RUN: %opt-ci -passes=copyintent-lower -copyintent-inline=always -S %s \
; RUN:   | FileCheck %s --check-prefixes=CHECK,ALWAYS
; RUN: %opt-ci -passes=copyintent-lower -copyintent-inline=never -S %s \
; RUN:   | FileCheck %s --check-prefix=NEVER
; RUN: %opt-ci -passes=copyintent-lower -pass-remarks-missed=copyintent-lower \
; RUN:   -disable-output %s 2>&1 | FileCheck %s --check-prefix=REMARK
; RUN: not %opt-ci -passes=copyintent-lower -copyintent-inline=sometimes -disable-output \
; RUN:   %s 2>&1 | FileCheck %s --check-prefix=BAD
; BAD: Cannot find option named 'sometimes'

target triple = "x86_64-unknown-linux-gnu"

declare void @copyintent_memcpy_persist(ptr, ptr, i64)
declare void @copyintent_flush(ptr, i64)
declare void @copyintent_drain()
declare void @__copyintent_builtin_copy(ptr, ptr, i64, i32)

; NEVER-LABEL: define void @speed(
; NEVER-NEXT:  call void @copyintent_memcpy_persist(ptr %d, ptr %s, i64 %n)
; NEVER-NEXT:  ret void
; CHECK-LABEL: define void @speed(
; CHECK-NOT:   call void @copyintent_memcpy_persist
; CHECK:       call void @llvm.x86.sse.sfence()
define void @speed(ptr %d, ptr %s, i64 %n) #0 {
  call void @copyintent_memcpy_persist(ptr %d, ptr %s, i64 %n)
  ret void
}

; CHECK-LABEL: define void @small(
; AUTO-NEXT:   call void @copyintent_memcpy_persist(ptr %d, ptr %s, i64 64)
; AUTO-NEXT:   ret void
; ALWAYS-NOT:  call void @copyintent_memcpy_persist
; ALWAYS:      call void @llvm.x86.sse.sfence()
; REMARK: remark: <unknown>:0:0: call of copyintent_memcpy_persist left to libcopyintent: the function is optimized for size (-copyintent-inline=always lowers it)
define void @small(ptr %d, ptr %s) #1 {
  call void @copyintent_memcpy_persist(ptr %d, ptr %s, i64 64)
  ret void
}

; NEVER-LABEL: define void @tiny(
; NEVER-NEXT:  call void @copyintent_memcpy_persist(ptr %d, ptr %s, i64 %n)
; NEVER-NOT:   call void @copyintent_flush
; NEVER:       call void @llvm.x86.clwb(
; NEVER-NOT:   call void @copyintent_drain
; NEVER:       call void @llvm.x86.sse.sfence()
; CHECK-LABEL: define void @tiny(
; AUTO:        call void @copyintent_memcpy_persist(ptr %d, ptr %s, i64 %n)
; ALWAYS-NOT:  call void @copyintent_memcpy_persist
; CHECK-NOT:   call void @copyintent_flush
; CHECK:       call void @llvm.x86.clwb(
; CHECK-NOT:   call void @copyintent_drain
; CHECK:       call void @llvm.x86.sse.sfence()
; CHECK:       ret void
; REMARK: remark: <unknown>:0:0: call of copyintent_memcpy_persist left to libcopyintent
define void @tiny(ptr %d, ptr %s, i64 %n) #2 {
  call void @copyintent_memcpy_persist(ptr %d, ptr %s, i64 %n)
  call void @copyintent_flush(ptr %d, i64 %n)
  call void @copyintent_drain()
  ret void
}

; NEVER-LABEL: define void @builtin_in_optsize(
; NEVER-NOT:   call void @__copyintent_builtin_copy
; NEVER:       call void @llvm.x86.sse.sfence()
; CHECK-LABEL: define void @builtin_in_optsize(
; CHECK-NOT:   call void @__copyintent_builtin_copy
; CHECK:       call void @llvm.x86.sse.sfence()
define void @builtin_in_optsize(ptr %d, ptr %s, i64 %n) #1 {
  call void @__copyintent_builtin_copy(ptr %d, ptr %s, i64 %n, i32 2)
  ret void
}

attributes #0 = { "target-features"="+clwb" }
attributes #1 = { optsize "target-features"="+clwb" }
attributes #2 = { minsize optsize "target-features"="+clwb" }
