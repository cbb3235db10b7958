//===- Transactions.cpp - libpmemobj transactions of a function -----------===//

#include "Transactions.h"
#include "AddressExpr.h"

#include "clang/AST/ParentMapContext.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringSwitch.h"

using namespace clang;
using namespace llvm;

namespace copyintent::checker {

namespace {

enum class TxCall { None, Begin, End, AddOid, AddDirect, Alloc };

TxCall txCallOf(const CallExpr *CE) {
  const FunctionDecl *F = CE->getDirectCallee();
  if (!F || !F->getIdentifier())
    return TxCall::None;
  return StringSwitch<TxCall>(F->getName())
      .Case("pmemobj_tx_begin", TxCall::Begin)
      .Case("pmemobj_tx_end", TxCall::End)
      .Cases({"pmemobj_tx_add_range", "pmemobj_tx_xadd_range"}, TxCall::AddOid)
      .Cases({"pmemobj_tx_add_range_direct", "pmemobj_tx_xadd_range_direct"},
             TxCall::AddDirect)
      .Cases({"pmemobj_tx_alloc", "pmemobj_tx_zalloc", "pmemobj_tx_xalloc"},
             TxCall::Alloc)
      .Default(TxCall::None);
}

std::optional<int64_t> constant(const Expr *E, const ASTContext &Ctx) {
  Expr::EvalResult R;
  if (E->isValueDependent() || !E->EvaluateAsInt(R, Ctx))
    return std::nullopt;
  return R.Val.getInt().getExtValue();
}

/// The variable an expression names, through member accesses (`(o).oid` -> o).
const VarDecl *variableOf(const Expr *E) {
  for (int I = 0; E && I < 8; ++I) {
    E = E->IgnoreParenCasts();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      return dyn_cast<VarDecl>(DRE->getDecl());
    const auto *ME = dyn_cast<MemberExpr>(E);
    if (!ME || ME->isArrow())
      return nullptr;
    E = ME->getBase();
  }
  return nullptr;
}

} // namespace

const Transactions::OfFunction &Transactions::of(const FunctionDecl *F) {
  if (!Indexed) {
    Indexed = true;
    DenseMap<const FunctionDecl *, SmallVector<const CallExpr *, 4>> Marks;
    for (const CallExpr *CE : A.evaluatedCalls()) {
      TxCall K = txCallOf(CE);
      const FunctionDecl *Encl = K == TxCall::None ? nullptr : A.enclosingFunction(CE);
      if (!Encl)
        continue;
      OfFunction &Fn = Functions[Encl->getFirstDecl()];
      if (K == TxCall::Begin || K == TxCall::End)
        Marks[Encl->getFirstDecl()].push_back(CE);
      else if (K == TxCall::Alloc)
        Fn.Allocs.push_back(CE);
      else
        Fn.Adds.push_back(CE);
    }
    // Each pmemobj_tx_end() closes the innermost open pmemobj_tx_begin(), in the order
    // the source writes them.
    for (auto &[Encl, Calls] : Marks) {
      llvm::sort(Calls,
                 [&](const CallExpr *X, const CallExpr *Y) { return before(X, Y); });
      SmallVector<const CallExpr *, 2> Open;
      for (const CallExpr *CE : Calls)
        if (txCallOf(CE) == TxCall::Begin)
          Open.push_back(CE);
        else if (!Open.empty())
          Functions[Encl].Spans.push_back({Open.pop_back_val(), CE});
    }
  }
  static const OfFunction None;
  auto It = Functions.find(F->getFirstDecl());
  return It == Functions.end() ? None : It->second;
}

bool Transactions::before(const Stmt *X, const Stmt *Y) const {
  const SourceManager &SM = A.context().getSourceManager();
  return SM.isBeforeInTranslationUnit(SM.getExpansionLoc(X->getBeginLoc()),
                                      SM.getExpansionLoc(Y->getBeginLoc()));
}

const CallExpr *Transactions::commitOf(const Stmt *S, const FunctionDecl *F) {
  const Span *Inner = nullptr;
  for (const Span &Tx : of(F).Spans)
    if (before(Tx.Begin, S) && before(S, Tx.End) &&
        (!Inner || before(Inner->Begin, Tx.Begin)))
      Inner = &Tx;
  return Inner ? Inner->End : nullptr;
}

const Expr *Transactions::oidOf(const Expr *Ptr) const {
  for (int I = 0; Ptr && I < 4; ++I) {
    Ptr = Ptr->IgnoreParenCasts();
    if (const auto *CE = dyn_cast<CallExpr>(Ptr)) {
      const FunctionDecl *F = CE->getDirectCallee();
      return F && F->getIdentifier() && F->getName() == "pmemobj_direct" &&
                     CE->getNumArgs() == 1
                 ? CE->getArg(0)
                 : nullptr;
    }
    const auto *DRE = dyn_cast<DeclRefExpr>(Ptr);
    const auto *V = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    if (!V || !V->hasLocalStorage() || isa<ParmVarDecl>(V))
      return nullptr;
    Ptr = V->getInit();
  }
  return nullptr;
}

bool Transactions::addHolds(const CallExpr *Add, const Expr *Dst) const {
  ASTContext &Ctx = A.context();
  bool Direct = txCallOf(Add) == TxCall::AddDirect;
  unsigned SizeArg = Direct ? 1 : 2;
  if (Add->getNumArgs() <= SizeArg)
    return false;
  // pmemobj_tx_add_range_direct(&x, sizeof(x)) before a store to x, whatever x's
  // index (&r->accounts[r->n] for r->accounts[r->n] = oid).
  if (Direct && Dst->isGLValue())
    if (const auto *UO = dyn_cast<UnaryOperator>(Add->getArg(0)->IgnoreParenCasts());
        UO && UO->getOpcode() == UO_AddrOf && sameValue(UO->getSubExpr(), Dst, Ctx))
      return true;
  // Where the destination lies: a stored lvalue's bytes, or a copy's start.
  std::optional<std::pair<const Expr *, int64_t>> At;
  std::optional<int64_t> Size;
  if (Dst->isGLValue() && !Dst->getType()->isArrayType()) {
    At = lvalueAddress(Dst, Ctx);
    if (!Dst->getType()->isIncompleteType())
      Size = Ctx.getTypeSizeInChars(Dst->getType()).getQuantity();
  } else {
    At = baseAndOffset(Dst, Ctx);
  }
  if (!At)
    return false;
  std::optional<int64_t> Len = constant(Add->getArg(SizeArg), Ctx);
  int64_t From;
  if (Direct) {
    auto [Base, Off] = baseAndOffset(Add->getArg(0), Ctx);
    if (!sameValue(Base, At->first, Ctx))
      return false;
    From = Off;
  } else {
    const Expr *Oid = oidOf(At->first);
    std::optional<int64_t> Off = constant(Add->getArg(1), Ctx);
    if (!Oid || !sameValue(Oid, Add->getArg(0), Ctx))
      return false;
    if (!Off)
      return true; // an added range of this object, not a constant: quiet
    From = *Off;
  }
  // A length or a copy size that is not a constant: the object's range was added.
  if (!Len || !Size)
    return true;
  return At->second >= From && At->second + *Size <= From + *Len;
}

bool Transactions::allocatedIn(const Expr *Oid, const Span &Tx,
                               const OfFunction &Fn) const {
  const VarDecl *V = variableOf(Oid);
  if (!V)
    return false;
  ASTContext &Ctx = A.context();
  for (const CallExpr *Alloc : Fn.Allocs) {
    if (!before(Tx.Begin, Alloc) || !before(Alloc, Tx.End))
      continue;
    // Up through casts (TX_NEW's) to the assignment or declaration that keeps it.
    DynTypedNode N = DynTypedNode::create(*Alloc);
    for (int I = 0; I < 8; ++I) {
      DynTypedNodeList Parents = Ctx.getParents(N);
      if (Parents.size() != 1)
        break;
      if (const auto *D = Parents[0].get<VarDecl>()) {
        if (D == V)
          return true;
        break;
      }
      const auto *E = Parents[0].get<Expr>();
      if (const auto *BO = dyn_cast_or_null<BinaryOperator>(E);
          BO && BO->getOpcode() == BO_Assign) {
        if (variableOf(BO->getLHS()) == V)
          return true;
        break;
      }
      if (!E || !isa<CastExpr, ParenExpr>(E))
        break;
      N = Parents[0];
    }
  }
  return false;
}

bool Transactions::covers(const Stmt *S, const Expr *Dst, const FunctionDecl *F) {
  const OfFunction &Fn = of(F);
  const Span *Tx = nullptr;
  for (const Span &T : Fn.Spans)
    if (before(T.Begin, S) && before(S, T.End) && (!Tx || before(Tx->Begin, T.Begin)))
      Tx = &T;
  if (!Tx)
    return false;
  for (const CallExpr *Add : Fn.Adds)
    // TX_SET's add and store share a position: at or before the store.
    if (before(Tx->Begin, Add) && !before(S, Add) && addHolds(Add, Dst))
      return true;
  // An object allocated in this transaction is written back whole at its commit.
  const Expr *Base =
      Dst->isGLValue() && !Dst->getType()->isArrayType()
          ? (lvalueAddress(Dst, A.context()) ? lvalueAddress(Dst, A.context())->first
                                             : nullptr)
          : baseAndOffset(Dst, A.context()).first;
  const Expr *Oid = Base ? oidOf(Base) : nullptr;
  return Oid && allocatedIn(Oid, *Tx, Fn);
}

} // namespace copyintent::checker
