//===- PPCEmitter.cpp - POWER cache block stores and syncs ----------------===//
//
// ISA 3.1 (POWER10): dcbstps per 128-byte block, phwsync drain. Earlier CPUs: dcbf and
// hwsync (lowering-reference.md, POWER table; pitfall 15: never "nothing"). The flushes
// are inline assembly with a memory clobber because llvm.ppc.dcb* are only ordered
// against accesses that may alias their operand.
//
//===----------------------------------------------------------------------===//

#include "CopyIntent/TargetEmitter.h"

#include "llvm/IR/IntrinsicsPowerPC.h"

using namespace llvm;

namespace copyintent {

namespace {

class PPCEmitter final : public TargetEmitter {
public:
  void flushLine(IRBuilder<> &B, Value *Line, FlushKind K) override {
    switch (K) {
    case FlushKind::Dcbstps:
      // dcbf with L=6: assembles for any CPU; ISA 3.1 gives it the dcbstps meaning.
      emitPointerAsm(B, "dcbf 0, $0, 6", Line);
      return;
    case FlushKind::Dcbf:
      emitPointerAsm(B, "dcbf 0, $0", Line);
      return;
    default:
      llvm_unreachable("planner chose a flush that is not POWER");
    }
  }

  void fence(IRBuilder<> &B, FenceKind K) override {
    switch (K) {
    case FenceKind::PhwSync:
      emitBareAsm(B, "phwsync");
      return;
    case FenceKind::HwSync:
      B.CreateIntrinsic(Intrinsic::ppc_sync, ArrayRef<Value *>{});
      return;
    default:
      llvm_unreachable("POWER drains with phwsync or hwsync");
    }
  }
};

} // namespace

std::unique_ptr<TargetEmitter> createPPCEmitter(const TargetCaps &) {
  return std::make_unique<PPCEmitter>();
}

} // namespace copyintent
