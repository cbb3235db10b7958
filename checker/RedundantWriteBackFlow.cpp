//===- RedundantWriteBackFlow.cpp - Write-backs done twice ----------------===//

#include "RedundantWriteBackFlow.h"
#include "AddressExpr.h"
#include "WriteBackFlow.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/Builtins.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang;
using namespace llvm;

namespace copyintent::checker {

namespace {

/// Calls that neither store nor write back: const and pure functions, and the
/// builtins that only advise the compiler (likely(), __builtin_constant_p()).
bool isInertCall(const CallExpr *CE) {
  const FunctionDecl *F = CE->getDirectCallee();
  if (!F)
    return false;
  if (F->hasAttr<ConstAttr>() || F->hasAttr<PureAttr>())
    return true;
  switch (F->getBuiltinID()) {
  case Builtin::BI__builtin_expect:
  case Builtin::BI__builtin_expect_with_probability:
  case Builtin::BI__builtin_constant_p:
  case Builtin::BI__builtin_object_size:
  case Builtin::BI__builtin_dynamic_object_size:
    return true;
  default:
    return false;
  }
}

/// The variables an expression reads (a range is no longer the same once one of
/// them changes).
void variablesOf(const Stmt *S, SmallPtrSetImpl<const VarDecl *> &Out) {
  if (!S)
    return;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
    if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
      Out.insert(V);
  for (const Stmt *C : S->children())
    variablesOf(C, Out);
}

/// A store as this analysis sees it: into a local variable (which one) or into
/// memory (Local null).
struct Store {
  const VarDecl *Local = nullptr;
};
std::optional<Store> storeOf(const Stmt *S) {
  const Expr *Target = nullptr;
  if (const auto *BO = dyn_cast<BinaryOperator>(S); BO && BO->isAssignmentOp())
    Target = BO->getLHS();
  else if (const auto *UO = dyn_cast<UnaryOperator>(S);
           UO && UO->isIncrementDecrementOp())
    Target = UO->getSubExpr();
  else if (const auto *AE = dyn_cast<AtomicExpr>(S))
    return StringRef(AE->getOpAsString()).contains("_load") ? std::nullopt
                                                            : std::optional(Store());
  else
    return std::nullopt;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(Target->IgnoreParenImpCasts()))
    if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()); V && V->hasLocalStorage())
      return Store{V};
  return Store();
}

/// Whether S may store into memory, or change one of Vars: any call but the inert
/// ones and the write-back vocabulary (flushes and drains change no data), inline
/// assembly that is not a fence, a store that is not into a local variable, a
/// declaration or store of one of Vars, a C++ construction that runs code.
/// IsCopy: the write-back vocabulary's copies (pmem_memcpy_persist), which do.
bool mayDirty(const Stmt *S, const SmallPtrSetImpl<const VarDecl *> &Vars,
              function_ref<bool(const CallExpr *)> IsCopy) {
  if (const auto *CE = dyn_cast<CallExpr>(S))
    return (writeBackOf(CE).Kind == WriteBackKind::Other && !isInertCall(CE)) ||
           IsCopy(CE);
  if (const auto *Asm = dyn_cast<GCCAsmStmt>(S))
    return !isFenceAsm(Asm);
  if (isa<AsmStmt>(S))
    return true;
  if (std::optional<Store> St = storeOf(S))
    return !St->Local || Vars.contains(St->Local);
  if (const auto *DS = dyn_cast<DeclStmt>(S))
    return any_of(DS->decls(), [&](const Decl *D) {
      const auto *V = dyn_cast<VarDecl>(D);
      return V && Vars.contains(V);
    });
  if (const auto *CCE = dyn_cast<CXXConstructExpr>(S))
    return !CCE->getConstructor()->isTrivial();
  return isa<CXXNewExpr, CXXDeleteExpr, CXXThrowExpr>(S);
}

std::optional<int64_t> constantOf(const Expr *E, const ASTContext &Ctx) {
  Expr::EvalResult R;
  if (!E || E->isValueDependent() || !E->EvaluateAsInt(R, Ctx))
    return std::nullopt;
  return R.Val.getInt().getExtValue();
}

} // namespace

std::optional<WrittenRange> RedundantWriteBackFlow::writtenBack(const Stmt *S) {
  const auto *CE = dyn_cast<CallExpr>(S);
  if (!CE)
    return std::nullopt;
  WriteBackFunction W = writeBackOf(CE);
  if ((W.Kind == WriteBackKind::Flush || W.Kind == WriteBackKind::Persist) &&
      W.PointerArg >= 0 && unsigned(W.PointerArg) < CE->getNumArgs() &&
      W.LengthArg < int(CE->getNumArgs()))
    return WrittenRange{CE->getArg(W.PointerArg),
                        W.LengthArg >= 0 ? CE->getArg(W.LengthArg) : nullptr,
                        W.Kind == WriteBackKind::Persist};
  return CopyOf(CE);
}

bool RedundantWriteBackFlow::holds(const WrittenRange &Outer, const WrittenRange &Inner) {
  const ASTContext &Ctx = A.context();
  bool SamePtr = sameValue(Outer.Ptr, Inner.Ptr, Ctx);
  std::optional<int64_t> LO = constantOf(Outer.Len, Ctx);
  if (!Inner.Len) // the line that holds Inner.Ptr
    return SamePtr && (!Outer.Len || (LO && *LO >= 1));
  if (!Outer.Len)
    return false;
  std::optional<int64_t> LI = constantOf(Inner.Len, Ctx);
  if (SamePtr)
    return sameValue(Outer.Len, Inner.Len, Ctx) || (LO && LI && *LO >= *LI);
  // Constant offsets from one base: the header's flush holds its field's.
  if (!LO || !LI)
    return false;
  auto [BO, OO] = baseAndOffset(Outer.Ptr, A.context());
  auto [BI, OI] = baseAndOffset(Inner.Ptr, A.context());
  return sameValue(BO, BI, Ctx) && OI >= OO && OI + *LI <= OO + *LO;
}

const Stmt *
RedundantWriteBackFlow::onEveryPathBefore(const Stmt *At, const FunctionDecl *Fn,
                                          function_ref<Verdict(const Stmt *)> Rule) {
  CFG *G = Fn ? CFGs.of(Fn) : nullptr;
  if (!G)
    return nullptr;
  // (block, how many of its first elements are still to scan, last first).
  SmallVector<std::pair<const CFGBlock *, unsigned>, 16> Work;
  for (auto [B, After] : CFGs.after(*G, At))
    Work.push_back({B, After - 1});
  if (Work.empty())
    return nullptr;
  const Stmt *Witness = nullptr;
  SmallPtrSet<const CFGBlock *, 32> Seen;
  while (!Work.empty()) {
    auto [B, End] = Work.pop_back_val();
    if (!CFGs.charge(Fn, End))
      return nullptr; // past the function's budget: not redundant

    bool Found = false;
    for (unsigned I = End; I-- > 0 && !Found;) {
      const CFGElement &El = (*B)[I];
      // A destructor runs code the walk does not see.
      if (El.getAs<CFGImplicitDtor>())
        return nullptr;
      std::optional<CFGStmt> S = El.getAs<CFGStmt>();
      if (!S)
        continue;
      switch (Rule(S->getStmt())) {
      case Verdict::Found:
        Found = true;
        if (!Witness)
          Witness = S->getStmt();
        break;
      case Verdict::Blocks:
        return nullptr;
      case Verdict::Neutral:
        break;
      }
    }
    if (Found)
      continue;
    // The function's start (or code nothing reaches): the caller may have left work.
    if (B == &G->getEntry() || B->pred_empty())
      return nullptr;
    for (const CFGBlock::AdjacentBlock &Pred : B->preds())
      if (const CFGBlock *PB = Pred.getReachableBlock(); PB && Seen.insert(PB).second)
        Work.push_back({PB, PB->size()});
  }
  return Witness;
}

const Stmt *RedundantWriteBackFlow::alreadyWrittenBack(const CallExpr *F) {
  auto [It, New] = WrittenBackMemo.try_emplace(F, nullptr);
  if (!New)
    return It->second;
  std::optional<WrittenRange> R = writtenBack(F);
  if (!R)
    return nullptr;
  auto IsCopy = [&](const CallExpr *CE) { return CopyOf(CE).has_value(); };
  SmallPtrSet<const VarDecl *, 8> Vars;
  variablesOf(R->Ptr, Vars);
  variablesOf(R->Len, Vars);
  const Stmt *By =
      onEveryPathBefore(F, A.enclosingFunction(F), [&](const Stmt *S) -> Verdict {
        if (std::optional<WrittenRange> W = writtenBack(S); W && holds(*W, *R))
          return Verdict::Found;
        return mayDirty(S, Vars, IsCopy) ? Verdict::Blocks : Verdict::Neutral;
      });
  WrittenBackMemo[F] = By;
  return By;
}

bool RedundantWriteBackFlow::flushIsRedundant(const CallExpr *F) {
  WriteBackFunction W = writeBackOf(F);
  std::optional<WrittenRange> R = writtenBack(F);
  if (!R || W.BeyondCpu || !A.pointerOf(R->Ptr).has(MemKind::PMem))
    return false;
  return EADR || alreadyWrittenBack(F);
}

const Stmt *RedundantWriteBackFlow::alreadyDrained(const Stmt *At,
                                                   const FunctionDecl *Fn) {
  static const SmallPtrSet<const VarDecl *, 1> NoVars;
  auto IsCopy = [&](const CallExpr *CE) { return CopyOf(CE).has_value(); };
  return onEveryPathBefore(At, Fn, [&](const Stmt *S) -> Verdict {
    if (const auto *CE = dyn_cast<CallExpr>(S)) {
      switch (writeBackOf(CE).Kind) {
      case WriteBackKind::Drain:
      case WriteBackKind::Persist:
        return Verdict::Found;
      case WriteBackKind::Flush:
        // A flush leaves its write-back for the drain, unless it had nothing to do.
        return flushIsRedundant(CE) ? Verdict::Neutral : Verdict::Blocks;
      case WriteBackKind::Other:
        break;
      }
      if (std::optional<WrittenRange> W = CopyOf(CE); W && W->Drains)
        return Verdict::Found;
      return isInertCall(CE) ? Verdict::Neutral : Verdict::Blocks;
    }
    if (const auto *Asm = dyn_cast<GCCAsmStmt>(S))
      return isFenceAsm(Asm) ? Verdict::Found : Verdict::Blocks;
    // A store into memory may be a write-combining one the drain orders.
    return mayDirty(S, NoVars, IsCopy) ? Verdict::Blocks : Verdict::Neutral;
  });
}

} // namespace copyintent::checker
