//===- TargetEmitter.cpp - Default leaves shared by the emitters ----------===//

#include "CopyIntent/TargetEmitter.h"

#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/MDBuilder.h"

using namespace llvm;

namespace copyintent {

TargetEmitter::~TargetEmitter() = default;

void TargetEmitter::cachedCopy(IRBuilder<> &B, Value *Dst, Value *Src, Value *Len) {
  if (auto *C = dyn_cast<ConstantInt>(Len); C && C->isZero())
    return;
  const DataLayout &DL = B.GetInsertBlock()->getDataLayout();
  B.CreateMemCpy(Dst, Dst->getPointerAlignment(DL), Src, Src->getPointerAlignment(DL),
                 Len);
}

namespace {

Type *ntType(LLVMContext &Ctx, unsigned Width) {
  assert(Width >= 4 && (Width & (Width - 1)) == 0 && "NT store width must be 2^n >= 4");
  // 4 and 8 bytes are scalar (x86 movnti); wider stores are i64 vectors, which the
  // backends turn into movntdq / vmovntdq / stnp.
  if (Width == 4)
    return Type::getInt32Ty(Ctx);
  if (Width == 8)
    return Type::getInt64Ty(Ctx);
  return FixedVectorType::get(Type::getInt64Ty(Ctx), Width / 8);
}

} // namespace

void TargetEmitter::storeNT(IRBuilder<> &B, Value *V, Value *Dst, unsigned Width) {
  StoreInst *S = B.CreateAlignedStore(V, Dst, Align(Width));
  LLVMContext &Ctx = B.getContext();
  S->setMetadata(LLVMContext::MD_nontemporal,
                 MDNode::get(Ctx, ConstantAsMetadata::get(
                                      ConstantInt::get(Type::getInt32Ty(Ctx), 1))));
}

void TargetEmitter::ntStore(IRBuilder<> &B, Value *Dst, Value *Src, unsigned Width) {
  Type *Ty = ntType(B.getContext(), Width);
  storeNT(B, B.CreateAlignedLoad(Ty, Src, Align(1), "copyintent.ntval"), Dst, Width);
}

void TargetEmitter::ntStoreGroup(IRBuilder<> &B, Value *Dst, Value *Src, unsigned Width,
                                 unsigned Count) {
  Type *Ty = ntType(B.getContext(), Width);
  SmallVector<Value *, 16> Vals;
  for (unsigned I = 0; I < Count; ++I)
    Vals.push_back(B.CreateAlignedLoad(
        Ty, B.CreateConstGEP1_64(B.getInt8Ty(), Src, uint64_t(I) * Width), Align(1),
        "copyintent.ntval"));
  for (unsigned I = 0; I < Count; ++I)
    storeNT(B, Vals[I], B.CreateConstGEP1_64(B.getInt8Ty(), Dst, uint64_t(I) * Width),
            Width);
}

Value *TargetEmitter::lineSize(IRBuilder<> &B, unsigned StaticSize) {
  assert(StaticSize && "this target has no run-time line size");
  return B.getInt64(StaticSize);
}

void emitPointerAsm(IRBuilder<> &B, StringRef Asm, Value *Ptr) {
  auto *FTy = FunctionType::get(B.getVoidTy(), {Ptr->getType()}, false);
  // The memory clobber keeps the flush after the stores it writes back, whatever
  // the pointer's aliasing information says.
  InlineAsm *IA = InlineAsm::get(FTy, Asm, "r,~{memory}", /*hasSideEffects=*/true);
  B.CreateCall(FTy, IA, {Ptr});
}

void emitBareAsm(IRBuilder<> &B, StringRef Asm) {
  auto *FTy = FunctionType::get(B.getVoidTy(), {}, false);
  InlineAsm *IA = InlineAsm::get(FTy, Asm, "~{memory}", /*hasSideEffects=*/true);
  B.CreateCall(FTy, IA, {});
}

} // namespace copyintent

namespace copyintent {

bool capsHaveFlush(const TargetCaps &Caps, FlushKind K) {
  return llvm::is_contained(Caps.Flushes, K);
}

std::unique_ptr<TargetEmitter> createNativeEmitter(const TargetCaps &Caps) {
#define COPYINTENT_TARGET(A, Name, CapsFn, Emitter, ...)                                 \
  if (Caps.TheArch == Arch::A)                                                           \
    return Emitter(Caps);
#include "CopyIntent/Targets.def"
  return nullptr;
}

} // namespace copyintent
