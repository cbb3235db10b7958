//===- X86Emitter.cpp - x86-64 flush and fence instructions ---------------===//
//
// clwb / clflushopt / clflush and sfence (lowering-reference.md, x86-64 table). The
// intrinsics need the function to enable the feature ("Cannot select" otherwise), so
// a flush forced beyond the function's features is emitted as inline assembly, which
// the integrated assembler accepts without -mattr.
//
//===----------------------------------------------------------------------===//

#include "CopyIntent/TargetEmitter.h"

#include "llvm/IR/IntrinsicsX86.h"

using namespace llvm;

namespace copyintent {

namespace {

class X86Emitter final : public TargetEmitter {
  TargetCaps Caps;

public:
  explicit X86Emitter(const TargetCaps &Caps) : Caps(Caps) {}

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
      B.CreateIntrinsic(Intrinsic::x86_sse2_clflush, {}, {Line});
      return;
    default:
      llvm_unreachable("planner chose a flush that is not x86");
    }
  }

  /// prefetchnta: the streaming body reads its source once. A prefetch never faults,
  /// so running past the end of the source is harmless.
  void prefetchSource(IRBuilder<> &B, Value *Ptr) override {
    B.CreateIntrinsic(Intrinsic::prefetch, {Ptr->getType()},
                      {Ptr, B.getInt32(0), B.getInt32(0), B.getInt32(1)});
  }

  void fence(IRBuilder<> &B, FenceKind K) override {
    assert(K == FenceKind::Sfence && "x86 drains with sfence");
    // Not `fence seq_cst`: x86 lowers it to a locked or, which does not order
    // non-temporal stores with clflushopt / clwb the way sfence does.
    B.CreateIntrinsic(Intrinsic::x86_sse_sfence, ArrayRef<Value *>{});
  }
};

} // namespace

std::unique_ptr<TargetEmitter> createX86Emitter(const TargetCaps &Caps) {
  return std::make_unique<X86Emitter>(Caps);
}

} // namespace copyintent
