; Under AddressSanitizer (KASAN: -fsanitize=kernel-address with the kernel's register
; flags) the movnti words of the asm path are invisible to the instrumentation, so
; each one's address is checked first, as the ASan pass checks an IR store. Without
; the sanitizer, nothing is added. The source loads stay IR loads, which the ASan pass
; instruments itself (the last RUN line runs it after the lowering, as clang does).
; RUN: %opt-ci -passes=copyintent-lower -S %s | FileCheck %s
; RUN: %opt-ci -passes='copyintent-lower,asan<kernel>' -S %s | FileCheck %s --check-prefix=ASAN

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare void @copyintent_memcpy_writethrough(ptr, ptr, i64)

; CHECK-LABEL: define void @checked(
; CHECK:       copyintent.nt.loop:
; CHECK:       [[A0:%.*]] = ptrtoint ptr [[P0:%.*]] to i64
; CHECK-NEXT:  call void @__asan_store8_noabort(i64 [[A0]])
; CHECK-NEXT:  call void asm sideeffect "movntiq $1, ($0)", "r,r,~{memory}"(ptr [[P0]], i64 %copyintent.ntval{{[0-9]*}})
; CHECK:       [[A1:%.*]] = ptrtoint ptr [[P1:%.*]] to i64
; CHECK-NEXT:  call void @__asan_store8_noabort(i64 [[A1]])
; CHECK-NEXT:  call void asm sideeffect "movntiq $1, ($0)", "r,r,~{memory}"(ptr [[P1]], i64 %copyintent.ntval{{[0-9]*}})
; CHECK:       [[A2:%.*]] = ptrtoint ptr [[P2:%.*]] to i64
; CHECK-NEXT:  call void @__asan_store8_noabort(i64 [[A2]])
; CHECK-NEXT:  call void asm sideeffect "movntiq $1, ($0)", "r,r,~{memory}"(ptr [[P2]], i64 %copyintent.ntval{{[0-9]*}})
; CHECK:       [[A3:%.*]] = ptrtoint ptr [[P3:%.*]] to i64
; CHECK-NEXT:  call void @__asan_store8_noabort(i64 [[A3]])
; CHECK-NEXT:  call void asm sideeffect "movntiq $1, ($0)", "r,r,~{memory}"(ptr [[P3]], i64 %copyintent.ntval{{[0-9]*}})
; CHECK:       [[A4:%.*]] = ptrtoint ptr [[P4:%.*]] to i64
; CHECK-NEXT:  call void @__asan_store8_noabort(i64 [[A4]])
; CHECK-NEXT:  call void asm sideeffect "movntiq $1, ($0)", "r,r,~{memory}"(ptr [[P4]], i64 %copyintent.ntval{{[0-9]*}})
; CHECK:       [[A5:%.*]] = ptrtoint ptr [[P5:%.*]] to i64
; CHECK-NEXT:  call void @__asan_store8_noabort(i64 [[A5]])
; CHECK-NEXT:  call void asm sideeffect "movntiq $1, ($0)", "r,r,~{memory}"(ptr [[P5]], i64 %copyintent.ntval{{[0-9]*}})
; CHECK:       [[A6:%.*]] = ptrtoint ptr [[P6:%.*]] to i64
; CHECK-NEXT:  call void @__asan_store8_noabort(i64 [[A6]])
; CHECK-NEXT:  call void asm sideeffect "movntiq $1, ($0)", "r,r,~{memory}"(ptr [[P6]], i64 %copyintent.ntval{{[0-9]*}})
; CHECK:       [[A7:%.*]] = ptrtoint ptr [[P7:%.*]] to i64
; CHECK-NEXT:  call void @__asan_store8_noabort(i64 [[A7]])
; CHECK-NEXT:  call void asm sideeffect "movntiq $1, ($0)", "r,r,~{memory}"(ptr [[P7]], i64 %copyintent.ntval{{[0-9]*}})
; CHECK-NOT:   movnti
; CHECK:       copyintent.nt.exit:
; CHECK-NOT:   movnti
; CHECK:       ret void
; ASAN-LABEL:  define void @checked(
; ASAN:        copyintent.nt.loop:
; ASAN:        call void @__asan_report_load
; ASAN:        call void @__asan_store8_noabort(
; ASAN-NEXT:   call void asm sideeffect "movntiq $1, ($0)"
define void @checked(ptr %d, ptr %s, i64 %n) #0 {
  call void @copyintent_memcpy_writethrough(ptr %d, ptr %s, i64 %n)
  ret void
}

; CHECK-LABEL: define void @unchecked(
; CHECK-NOT:   __asan
; CHECK:       ret void
define void @unchecked(ptr %d, ptr %s, i64 %n) #1 {
  call void @copyintent_memcpy_writethrough(ptr %d, ptr %s, i64 %n)
  ret void
}

attributes #0 = { nounwind sanitize_address "target-features"="-sse,-sse2,-mmx,-avx" }
attributes #1 = { nounwind "target-features"="-sse,-sse2,-mmx,-avx" }
