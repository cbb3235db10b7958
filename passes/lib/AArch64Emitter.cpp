//===- AArch64Emitter.cpp - AArch64 cache maintenance and barriers --------===//
//
// DC CVAP (FEAT_DCPoP) / DC CVADP / DC CVAC by virtual address, DSB SY as the drain
// (lowering-reference.md, AArch64 table). LLVM has no intrinsic for DC, so it is
// inline assembly; without the ccpp feature DC CVAP is spelled as the SYS instruction
// with the same encoding, which assembles for any ARMv8.
//
//===----------------------------------------------------------------------===//

#include "CopyIntent/TargetEmitter.h"

#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/IntrinsicsAArch64.h"

using namespace llvm;

namespace copyintent {

namespace {

class AArch64Emitter final : public TargetEmitter {
  TargetCaps Caps;

public:
  explicit AArch64Emitter(const TargetCaps &Caps) : Caps(Caps) {}

  void flushLine(IRBuilder<> &B, Value *Line, FlushKind K) override {
    bool Native = capsHaveFlush(Caps, K);
    switch (K) {
    case FlushKind::DcCvap:
      emitPointerAsm(B, Native ? "dc cvap, $0" : "sys #3, c7, c12, #1, $0", Line);
      return;
    case FlushKind::DcCvadp:
      emitPointerAsm(B, "sys #3, c7, c13, #1, $0", Line);
      return;
    case FlushKind::DcCvac:
      emitPointerAsm(B, "dc cvac, $0", Line);
      return;
    default:
      llvm_unreachable("planner chose a flush that is not AArch64");
    }
  }

  void fence(IRBuilder<> &B, FenceKind K) override {
    assert(K == FenceKind::DsbSy && "AArch64 drains with dsb sy");
    // DSB, not DMB: DMB orders but does not wait for the maintenance to complete.
    B.CreateIntrinsic(Intrinsic::aarch64_dsb, {}, {B.getInt32(15)});
  }

  /// 4 << CTR_EL0.DminLine: the smallest data cache line of any cache the maintenance
  /// may reach. Linux lets EL0 read CTR_EL0 (trapped and emulated where needed).
  Value *lineSize(IRBuilder<> &B, unsigned StaticSize) override {
    if (StaticSize)
      return B.getInt64(StaticSize);
    auto *FTy = FunctionType::get(B.getInt64Ty(), {}, false);
    InlineAsm *IA =
        InlineAsm::get(FTy, "mrs $0, ctr_el0", "=r", /*hasSideEffects=*/false);
    Value *CTR = B.CreateCall(FTy, IA, {}, "copyintent.ctr");
    Value *DminLine = B.CreateAnd(B.CreateLShr(CTR, 16), 0xf);
    return B.CreateShl(B.getInt64(4), DminLine, "copyintent.line");
  }
};

} // namespace

std::unique_ptr<TargetEmitter> createAArch64Emitter(const TargetCaps &Caps) {
  return std::make_unique<AArch64Emitter>(Caps);
}

} // namespace copyintent
