; Input of keep-call.test: a declaration with another return type.
target triple = "x86_64-unknown-linux-gnu"
declare ptr @copyintent_memcpy_writethrough(ptr, ptr, i64)
define ptr @odd(ptr %d, ptr %s, i64 %n) {
  %r = call ptr @copyintent_memcpy_writethrough(ptr %d, ptr %s, i64 %n)
  ret ptr %r
}
