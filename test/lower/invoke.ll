; C++ calls a function that may throw through `invoke` inside a scope with a
; destructor. The API never throws, so the pass turns the invoke into a call (the
; unwind edge is dead) and lowers it: nothing is left to the runtime.
; RUN: %opt-ci -passes=copyintent-lower -S %s | FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

declare void @copyintent_memcpy_persist(ptr, ptr, i64)
declare void @copyintent_flush(ptr, i64)
declare void @destroy(ptr)
declare i32 @__gxx_personality_v0(...)

; CHECK-LABEL: define void @in_scope(
; CHECK-NOT:   invoke
; CHECK-NOT:   @copyintent_
; CHECK:       call void @llvm.x86.sse.sfence()
; CHECK:       call void @destroy(ptr %obj)
; CHECK:       ret void
define void @in_scope(ptr %d, ptr %s, ptr %obj) personality ptr @__gxx_personality_v0 {
entry:
  invoke void @copyintent_memcpy_persist(ptr %d, ptr %s, i64 24)
          to label %cont unwind label %lpad
cont:
  invoke void @copyintent_flush(ptr %d, i64 8)
          to label %done unwind label %lpad
done:
  call void @destroy(ptr %obj)
  ret void
lpad:
  %lp = landingpad { ptr, i32 } cleanup
  call void @destroy(ptr %obj)
  resume { ptr, i32 } %lp
}
