//===- RISCVEmitter.cpp - RISC-V Zicbom cache-block clean and fence -------===//
//
// cbo.clean per cache block, fence ow,ow as the drain (Linux pmem_wmb on RISC-V).
// Clang has no builtin for cbo.*, so it is inline assembly: the mnemonic when the
// function enables Zicbom, else the .insn encoding, which needs no feature.
//
//===----------------------------------------------------------------------===//

#include "CopyIntent/TargetEmitter.h"

using namespace llvm;

namespace copyintent {

namespace {

class RISCVEmitter final : public TargetEmitter {
  TargetCaps Caps;

public:
  explicit RISCVEmitter(const TargetCaps &Caps) : Caps(Caps) {}

  void flushLine(IRBuilder<> &B, Value *Line, FlushKind K) override {
    assert(K == FlushKind::CboClean && "planner chose a flush that is not RISC-V");
    (void)K;
    emitPointerAsm(B,
                   capsHaveFlush(Caps, FlushKind::CboClean)
                       ? "cbo.clean ($0)"
                       : ".insn i 0x0F, 2, x0, $0, 1",
                   Line);
  }

  void fence(IRBuilder<> &B, FenceKind K) override {
    assert(K == FenceKind::FenceOwOw && "RISC-V drains with fence ow,ow");
    (void)K;
    // Cache-block operations order as writes (W) or device output (O).
    emitBareAsm(B, "fence ow, ow");
  }
};

} // namespace

std::unique_ptr<TargetEmitter> createRISCVEmitter(const TargetCaps &Caps) {
  return std::make_unique<RISCVEmitter>(Caps);
}

} // namespace copyintent
