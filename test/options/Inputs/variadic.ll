; Input of keep-call.test: a variadic function cannot be multiversioned.
target triple = "x86_64-unknown-linux-gnu"
declare void @copyintent_memcpy_persist(ptr, ptr, i64)
define void @logf(ptr %d, ptr %s, i64 %n, ...) {
  call void @copyintent_memcpy_persist(ptr %d, ptr %s, i64 %n)
  ret void
}
