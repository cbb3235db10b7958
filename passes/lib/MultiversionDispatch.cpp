//===- MultiversionDispatch.cpp - Clones selected at run time -------------===//
//
// \code
//   T f(args) {                                  // the dispatcher
//     switch (copyintent_dispatch_level()) {
//     case 1:  return f.copyintent.clflushopt(args);
//     ...
//     default: return f.copyintent.sse2(args);
//     }
//   }
// \endcode
//
//===----------------------------------------------------------------------===//

#include "CopyIntent/MultiversionDispatch.h"
#include "copyintent/lowering_abi.h"

#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/Cloning.h"

using namespace llvm;

namespace copyintent {

namespace {

struct Level {
  const char *Name;
  const char *Features;
};

ArrayRef<Level> levelsOf(Arch A) {
#define COPYINTENT_TARGET(Ar, Name, Caps, Emitter, Family, Levels, ...)                  \
  if (A == Arch::Ar) {                                                                   \
    static const Level L[] = {Levels};                                                   \
    return L;                                                                            \
  }
#include "CopyIntent/Targets.def"
  return {};
}

std::string withFeatures(const Function &F, StringRef Extra) {
  std::string Features = F.getFnAttribute("target-features").getValueAsString().str();
  if (!Extra.empty())
    Features += (Features.empty() ? "" : ",") + Extra.str();
  return Features;
}

} // namespace

bool canMultiversion(const Function &F) {
  if (F.isDeclaration() || F.isVarArg() || F.hasAvailableExternallyLinkage())
    return false;
  for (const Argument &A : F.args())
    if (A.hasInAllocaAttr() || A.hasPreallocatedAttr() || A.hasSwiftErrorAttr())
      return false;
  return true;
}

SmallVector<Function *, 4> multiversion(Function &F, Arch A) {
  SmallVector<Function *, 4> Clones;
  ArrayRef<Level> Levels = levelsOf(A);
  if (Levels.empty() || !canMultiversion(F))
    return Clones;

  for (const Level &L : Levels) {
    ValueToValueMapTy VMap;
    Function *C = CloneFunction(&F, VMap);
    C->setName(F.getName() + ".copyintent." + L.Name);
    C->setLinkage(GlobalValue::InternalLinkage);
    C->setVisibility(GlobalValue::DefaultVisibility);
    C->setComdat(nullptr);
    std::string Features = withFeatures(F, L.Features);
    if (!Features.empty())
      C->addFnAttr("target-features", Features);
    Clones.push_back(C);
  }

  // F's body becomes the dispatcher. Its debug location, if any, is the function's
  // own line, so the calls to the (inlinable) clones are well formed.
  DISubprogram *SP = F.getSubprogram();
  F.dropAllReferences();
  LLVMContext &Ctx = F.getContext();
  BasicBlock *Entry = BasicBlock::Create(Ctx, "copyintent.dispatch", &F);
  IRBuilder<> B(Entry);
  if (SP)
    B.SetCurrentDebugLocation(DILocation::get(Ctx, SP->getLine(), 0, SP));
  FunctionCallee LevelFn = F.getParent()->getOrInsertFunction(
      COPYINTENT_FN_DISPATCH_LEVEL, FunctionType::get(B.getInt32Ty(), false));
  Value *Lvl = B.CreateCall(LevelFn, {}, "copyintent.level");

  SmallVector<Value *, 8> Args;
  for (Argument &Arg : F.args())
    Args.push_back(&Arg);
  auto EmitCase = [&](Function *Clone, const Twine &Name) {
    BasicBlock *BB = BasicBlock::Create(Ctx, Name, &F);
    IRBuilder<> CB(BB);
    CB.SetCurrentDebugLocation(B.getCurrentDebugLocation());
    CallInst *Call = CB.CreateCall(Clone, Args);
    Call->setCallingConv(F.getCallingConv());
    Call->setAttributes(Clone->getAttributes().removeFnAttributes(Ctx));
    Call->setTailCallKind(CallInst::TCK_Tail);
    if (F.getReturnType()->isVoidTy())
      CB.CreateRetVoid();
    else
      CB.CreateRet(Call);
    return BB;
  };
  BasicBlock *Default = EmitCase(Clones.front(), "copyintent.level.default");
  SwitchInst *SI = B.CreateSwitch(Lvl, Default, Clones.size() - 1);
  for (unsigned I = 1; I < Clones.size(); ++I)
    SI->addCase(B.getInt32(I),
                EmitCase(Clones[I], Twine("copyintent.level.") + Levels[I].Name));
  return Clones;
}

} // namespace copyintent
