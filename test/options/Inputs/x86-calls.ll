; Shared input of the option tests: one call of each entry point on x86-64.
target triple = "x86_64-unknown-linux-gnu"

declare void @copyintent_memcpy_nocache(ptr, ptr, i64)
declare void @copyintent_memcpy_writethrough(ptr, ptr, i64)
declare void @copyintent_memcpy_persist(ptr, ptr, i64)
declare void @copyintent_flush(ptr, i64)
declare void @copyintent_drain()

define void @nc(ptr %d, ptr %s, i64 %n) #0 {
  call void @copyintent_memcpy_nocache(ptr %d, ptr %s, i64 %n)
  ret void
}
define void @wt(ptr %d, ptr %s, i64 %n) #0 {
  call void @copyintent_memcpy_writethrough(ptr %d, ptr %s, i64 %n)
  ret void
}
define void @persist(ptr %d, ptr %s, i64 %n) #0 {
  call void @copyintent_memcpy_persist(ptr %d, ptr %s, i64 %n)
  ret void
}
define void @flush(ptr %p, i64 %n) #0 {
  call void @copyintent_flush(ptr %p, i64 %n)
  ret void
}
define void @drain() #0 {
  call void @copyintent_drain()
  ret void
}
attributes #0 = { "target-features"="+sse2,+clflushopt" }
