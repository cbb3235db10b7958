//===- ModelEmitter.cpp - The plan as calls of a recording runtime --------===//
//
// Same control flow as the native lowering; every leaf becomes a call, so a test
// runtime can perform the copy, record each store / flush / fence, and check the
// contract (no dirty line after writethrough, fence after NT stores, ...) over sweeps
// of sizes and alignments on any machine.
//
//===----------------------------------------------------------------------===//

#include "CopyIntent/TargetEmitter.h"
#include "copyintent/lowering_abi.h"

#include "llvm/IR/Module.h"

using namespace llvm;

namespace copyintent {

namespace {

class ModelEmitter final : public TargetEmitter {
  FunctionCallee get(IRBuilder<> &B, StringRef Name, ArrayRef<Type *> Params) {
    Module *M = B.GetInsertBlock()->getModule();
    return M->getOrInsertFunction(Name, FunctionType::get(B.getVoidTy(), Params, false));
  }

public:
  // __copyintent_model_store(void *dst, const void *src, size_t n)
  void cachedCopy(IRBuilder<> &B, Value *Dst, Value *Src, Value *Len) override {
    if (auto *C = dyn_cast<ConstantInt>(Len); C && C->isZero())
      return;
    B.CreateCall(
        get(B, COPYINTENT_FN_MODEL_STORE, {B.getPtrTy(), B.getPtrTy(), B.getInt64Ty()}),
        {Dst, Src, Len});
  }
  // __copyintent_model_store_nt(void *dst, const void *src, size_t width)
  void ntStore(IRBuilder<> &B, Value *Dst, Value *Src, unsigned Width) override {
    B.CreateCall(get(B, COPYINTENT_FN_MODEL_STORE_NT,
                     {B.getPtrTy(), B.getPtrTy(), B.getInt64Ty()}),
                 {Dst, Src, B.getInt64(Width)});
  }
  void ntStoreGroup(IRBuilder<> &B, Value *Dst, Value *Src, unsigned Width,
                    unsigned Count) override {
    for (unsigned I = 0; I < Count; ++I)
      ntStore(B, B.CreateConstGEP1_64(B.getInt8Ty(), Dst, uint64_t(I) * Width),
              B.CreateConstGEP1_64(B.getInt8Ty(), Src, uint64_t(I) * Width), Width);
  }
  // __copyintent_model_flush(const void *line, unsigned kind)
  void flushLine(IRBuilder<> &B, Value *Line, FlushKind K) override {
    B.CreateCall(get(B, COPYINTENT_FN_MODEL_FLUSH, {B.getPtrTy(), B.getInt32Ty()}),
                 {Line, B.getInt32(static_cast<unsigned>(K))});
  }
  // __copyintent_model_fence(unsigned kind)
  void fence(IRBuilder<> &B, FenceKind K) override {
    B.CreateCall(get(B, COPYINTENT_FN_MODEL_FENCE, {B.getInt32Ty()}),
                 {B.getInt32(static_cast<unsigned>(K))});
  }
  // A run-time line size is the harness's (line=N), so a sweep can check that a
  // target whose granule is only known at run time steps by the real one.
  Value *lineSize(IRBuilder<> &B, unsigned StaticSize) override {
    if (StaticSize)
      return B.getInt64(StaticSize);
    Module *M = B.GetInsertBlock()->getModule();
    return B.CreateCall(M->getOrInsertFunction(COPYINTENT_FN_MODEL_LINE_SIZE,
                                               FunctionType::get(B.getInt64Ty(), false)),
                        {}, "copyintent.line");
  }
};

} // namespace

std::unique_ptr<TargetEmitter> createModelEmitter() {
  return std::make_unique<ModelEmitter>();
}

} // namespace copyintent
