//===- RISCVEmitter.cpp - RISC-V Zicbom cache-block clean and fence -------===//
//
// cbo.clean per cache block, fence ow,ow as the drain (Linux pmem_wmb on RISC-V).
// The block size is the runtime's (riscv_hwprobe) unless an option fixes it.
// Clang has no builtin for cbo.*, so it is inline assembly: the mnemonic when the
// function enables Zicbom, else the .insn encoding, which needs no feature.
//
//===----------------------------------------------------------------------===//

#include "CopyIntent/TargetEmitter.h"
#include "copyintent/lowering_abi.h"

#include "llvm/IR/Module.h"

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

  /// The block size the runtime read from riscv_hwprobe (copyintent_line_size()).
  Value *lineSize(IRBuilder<> &B, unsigned StaticSize) override {
    if (StaticSize)
      return B.getInt64(StaticSize);
    Module *M = B.GetInsertBlock()->getModule();
    FunctionCallee F = M->getOrInsertFunction(COPYINTENT_FN_LINE_SIZE,
                                              FunctionType::get(B.getInt64Ty(), false));
    CallInst *Call = B.CreateCall(F, {}, "copyintent.block");
    Call->setDoesNotThrow();
    return Call;
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
