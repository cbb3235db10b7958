//===- X86Emitter.cpp - x86-64 flush and fence instructions ---------------===//
//
// clwb / clflushopt / clflush and sfence (lowering-reference.md, x86-64 table). The
// intrinsics need the function to enable the feature ("Cannot select" otherwise), so
// a flush forced beyond the function's features is emitted as inline assembly, which
// the integrated assembler accepts without -mattr. Code built without SSE (the
// kernel's -mno-sse -mno-sse2 / -mgeneral-regs-only) gets movnti, clflush and sfence
// as inline assembly too: the CPU has them, only the backend may not select them.
//
//===----------------------------------------------------------------------===//

#include "CopyIntent/TargetEmitter.h"

#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/IntrinsicsX86.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace copyintent {

namespace {

class X86Emitter final : public TargetEmitter {
  TargetCaps Caps;

  /// AddressSanitizer (KASAN, in the kernel builds that take the asm path) cannot see
  /// into inline assembly, so a store written as asm would go unchecked where the same
  /// store in IR is checked. Check its address as the instrumentation checks an IR
  /// store, through the callback both the kernel (mm/kasan) and compiler-rt define.
  /// `_noabort`: KASAN always recovers; in user space the report still halts unless
  /// halt_on_error=0.
  static void checkAsmStore(IRBuilder<> &B, Value *Dst, unsigned Width) {
    Function *F = B.GetInsertBlock()->getParent();
    if (!F->hasFnAttribute(Attribute::SanitizeAddress))
      return;
    Module &M = *F->getParent();
    Type *IntPtr = M.getDataLayout().getIntPtrType(Dst->getType());
    FunctionCallee Check = M.getOrInsertFunction(Width == 8 ? "__asan_store8_noabort"
                                                            : "__asan_store4_noabort",
                                                 B.getVoidTy(), IntPtr);
    B.CreateCall(Check, {B.CreatePtrToInt(Dst, IntPtr)});
  }

public:
  explicit X86Emitter(const TargetCaps &Caps) : Caps(Caps) {}

  /// movnti from a general register; the only NT store without SSE2 codegen.
  void storeNT(IRBuilder<> &B, Value *V, Value *Dst, unsigned Width) override {
    if (!Caps.NTStoresByAsm)
      return TargetEmitter::storeNT(B, V, Dst, Width);
    assert((Width == 4 || Width == 8) && "only movnti stores without SSE2 codegen");
    checkAsmStore(B, Dst, Width);
    auto *FTy = FunctionType::get(B.getVoidTy(), {Dst->getType(), V->getType()}, false);
    InlineAsm *IA = InlineAsm::get(FTy, Width == 8 ? "movntiq $1, ($0)" : "movntil $1, ($0)",
                                   "r,r,~{memory}", /*hasSideEffects=*/true);
    B.CreateCall(FTy, IA, {Dst, V});
  }

  void flushLine(IRBuilder<> &B, Value *Line, FlushKind K) override {
    bool Native = capsHaveFlush(Caps, K);
    switch (K) {
    case FlushKind::Clwb:
      if (Native)
        B.CreateIntrinsic(Intrinsic::x86_clwb, {}, {Line});
      else
        emitPointerAsm(B, "clwb ($0)", Line);
      return;
    case FlushKind::Clflushopt:
      if (Native)
        B.CreateIntrinsic(Intrinsic::x86_clflushopt, {}, {Line});
      else
        emitPointerAsm(B, "clflushopt ($0)", Line);
      return;
    case FlushKind::Clflush:
      if (!Caps.FlushByAsm)
        B.CreateIntrinsic(Intrinsic::x86_sse2_clflush, {}, {Line});
      else
        emitPointerAsm(B, "clflush ($0)", Line);
      return;
    default:
      llvm_unreachable("planner chose a flush that is not x86");
    }
  }

  void fence(IRBuilder<> &B, FenceKind K) override {
    assert(K == FenceKind::Sfence && "x86 drains with sfence");
    // Not `fence seq_cst`: x86 lowers it to a locked or, which does not order
    // non-temporal stores with clflushopt / clwb the way sfence does.
    if (Caps.FenceByAsm)
      emitBareAsm(B, "sfence");
    else
      B.CreateIntrinsic(Intrinsic::x86_sse_sfence, ArrayRef<Value *>{});
  }
};

} // namespace

std::unique_ptr<TargetEmitter> createX86Emitter(const TargetCaps &Caps) {
  return std::make_unique<X86Emitter>(Caps);
}

} // namespace copyintent
