//===- ProvenanceIndex.cpp - Every place a TU stores a pointer -------------===//

#include "ProvenanceIndex.h"
#include "ApiTable.h"
#include "MemorySources.h"
#include "Provenance.h"
#include "WriteBackFlow.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"

using namespace clang;
using namespace llvm;

namespace copyintent::checker {

void ProvenanceIndex::visitDeclRef(const DeclRefExpr *DRE) {
  if (FsDaxPgmap.isInvalid() && isa<EnumConstantDecl>(DRE->getDecl()) &&
      DRE->getDecl()->getName() == FsDaxPgmapType)
    FsDaxPgmap = DRE->getLocation();
}

bool ProvenanceIndex::TraverseDecl(Decl *D) {
  // System headers hold no stores of the program's pointers: skipping them keeps
  // the index cheap on TUs that include half of libc.
  if (D && !isa<TranslationUnitDecl>(D) && SM.isInSystemHeader(D->getLocation()))
    return true;
  auto *FD = dyn_cast_or_null<FunctionDecl>(D);
  if (FD)
    Functions.push_back(FD);
  bool R = DynamicRecursiveASTVisitor::TraverseDecl(D);
  if (FD)
    Functions.pop_back();
  return R;
}

bool ProvenanceIndex::TraverseStmt(Stmt *Root) {
  enum Kind : uint8_t { Visit, PopFunction, PopUnevaluated };
  SmallVector<std::pair<Stmt *, Kind>, 64> Work{{Root, Visit}};
  while (!Work.empty()) {
    auto [S, K] = Work.pop_back_val();
    if (K == PopFunction) {
      Functions.pop_back();
      continue;
    }
    if (K == PopUnevaluated) {
      --Unevaluated;
      continue;
    }
    // Implicit casts and parentheses (a third of all nodes) hold one operand and
    // nothing to record: step through them without the stack.
    while (S && isa<ImplicitCastExpr, ParenExpr>(S))
      S = isa<ParenExpr>(S) ? cast<ParenExpr>(S)->getSubExpr()
                            : cast<ImplicitCastExpr>(S)->getSubExpr();
    if (!S)
      continue;
    auto EnterUnevaluated = [&] {
      ++Unevaluated;
      Work.push_back({nullptr, PopUnevaluated});
    };
    switch (S->getStmtClass()) {
    case Stmt::DeclStmtClass:
      // Plain local variables directly (the common case: the visitor would walk
      // their type locations too); anything else (local records, static_assert,
      // variables of a typeof type) through the visitor.
      for (Decl *D : llvm::reverse(cast<DeclStmt>(S)->decls())) {
        auto *V = dyn_cast<VarDecl>(D);
        if (V && V->getKind() == Decl::Var && !V->getType()->isVariablyModifiedType() &&
            !isa<TypeOfExprType, TypeOfType, DecltypeType>(V->getType().getTypePtr())) {
          VisitVarDecl(V);
          Work.push_back({V->getInit(), Visit});
        } else {
          TraverseDecl(D);
        }
      }
      continue;
    case Stmt::BlockExprClass:
      TraverseDecl(cast<BlockExpr>(S)->getBlockDecl());
      continue;
    case Stmt::LambdaExprClass:
      Functions.push_back(cast<LambdaExpr>(S)->getCallOperator());
      Work.push_back({nullptr, PopFunction});
      break;
    case Stmt::UnaryExprOrTypeTraitExprClass:
      EnterUnevaluated();
      break;
    case Stmt::CXXTypeidExprClass:
      if (!cast<CXXTypeidExpr>(S)->isPotentiallyEvaluated())
        EnterUnevaluated();
      break;
    case Stmt::GenericSelectionExprClass: {
      // Only the controlling expression is unevaluated; the chosen association runs.
      auto *GS = cast<GenericSelectionExpr>(S);
      for (Expr *A : llvm::reverse(GS->getAssocExprs()))
        Work.push_back({A, Visit});
      if (GS->isExprPredicate()) {
        EnterUnevaluated();
        Work.push_back({GS->getControllingExpr(), Visit});
      }
      continue;
    }
    case Stmt::CompoundStmtClass:
      for (Stmt *Child : cast<CompoundStmt>(S)->body())
        markDiscarded(Child);
      break;
    case Stmt::IfStmtClass:
      markDiscarded(cast<IfStmt>(S)->getThen());
      markDiscarded(cast<IfStmt>(S)->getElse());
      break;
    case Stmt::CStyleCastExprClass:
      if (cast<CStyleCastExpr>(S)->getType()->isVoidType())
        markDiscarded(cast<CStyleCastExpr>(S)->getSubExpr());
      break;
    case Stmt::DeclRefExprClass:
      visitDeclRef(cast<DeclRefExpr>(S));
      break;
    case Stmt::BinaryOperatorClass:
      if (cast<BinaryOperator>(S)->getOpcode() == BO_Assign)
        recordStore(cast<BinaryOperator>(S)->getLHS(), cast<BinaryOperator>(S)->getRHS(),
                    cast<BinaryOperator>(S)->getOperatorLoc());
      if (cast<BinaryOperator>(S)->isAssignmentOp())
        recordMemoryStore(S, cast<BinaryOperator>(S)->getLHS());
      break;
    case Stmt::CompoundAssignOperatorClass:
      recordMemoryStore(S, cast<CompoundAssignOperator>(S)->getLHS());
      break;
    case Stmt::UnaryOperatorClass:
      if (cast<UnaryOperator>(S)->isIncrementDecrementOp())
        recordMemoryStore(S, cast<UnaryOperator>(S)->getSubExpr());
      break;
    case Stmt::ReturnStmtClass:
      if (!Functions.empty() && cast<ReturnStmt>(S)->getRetValue())
        Returns[Functions.back()->getCanonicalDecl()].push_back(
            cast<ReturnStmt>(S)->getRetValue());
      break;
    case Stmt::InitListExprClass:
      visitInitList(cast<InitListExpr>(S));
      break;
    case Stmt::AtomicExprClass:
      // Its operand is the location's address: through memory even when a variable.
      if (!Unevaluated && !Functions.empty())
        MemoryStores[Functions.back()->getCanonicalDecl()].push_back(S);
      [[fallthrough]];
    case Stmt::GCCAsmStmtClass:
      if (!Unevaluated)
        OrderingStatements.push_back({S, Functions.empty() ? nullptr : Functions.back()});
      break;
    default:
      if (auto *CE = dyn_cast<CallExpr>(S))
        if (visitCall(CE))
          EnterUnevaluated();
      break;
    }
    // Children in source order: the first store found is the first reported.
    // Leaves are handled here rather than pushed.
    size_t Mark = Work.size();
    for (Stmt *Child : S->children()) {
      if (!Child ||
          isa<IntegerLiteral, CharacterLiteral, FloatingLiteral, clang::StringLiteral>(
              Child))
        continue;
      if (auto *DRE = dyn_cast<DeclRefExpr>(Child)) {
        visitDeclRef(DRE);
        continue;
      }
      Work.push_back({Child, Visit});
    }
    std::reverse(Work.begin() + Mark, Work.end());
  }
  return true;
}

bool ProvenanceIndex::visitCall(CallExpr *CE) {
  // A call the walk never reaches (inside a type, as in a cast to typeof(...)) is
  // not listed either: only what runs is a copy.
  if (!Unevaluated &&
      EnclosingFunction.try_emplace(CE, Functions.empty() ? nullptr : Functions.back())
          .second)
    EvaluatedCalls.push_back(CE);
  const FunctionDecl *Callee = CE->getDirectCallee();
  if (!Callee) {
    if (const FieldDecl *F = calledField(CE))
      FieldCalls[F].push_back(CE);
    recordUsage(CE, StringRef());
    return false;
  }
  // Callers are looked up for the parameters of functions defined in the TU.
  if (CE->getNumArgs() && Callee->hasBody())
    Calls[Callee->getCanonicalDecl()].push_back(CE);
  StringRef Name = Callee->getIdentifier() ? Callee->getName() : StringRef();
  if (argumentsUnevaluated(Name))
    return true;
  recordUsage(CE, Name);
  for (unsigned I = 0; I < CE->getNumArgs(); ++I)
    if (const auto *DRE = dyn_cast<DeclRefExpr>(CE->getArg(I)->IgnoreParenImpCasts()))
      if (const auto *P = dyn_cast<ParmVarDecl>(DRE->getDecl()))
        if (P->getType()->isPointerType() &&
            P->getType()->getPointeeType()->isPointerType())
          OutForwards[P].push_back({CE, I});
  // Out-parameters: a variable or a field whose address is passed is written by
  // the call (dax_direct_access(..., &kaddr, ...), dm-writecache's
  // dax_direct_access(..., &wc->memory_map, ...)).
  for (unsigned I = 0; I < CE->getNumArgs(); ++I) {
    const auto *UO = dyn_cast<UnaryOperator>(CE->getArg(I)->IgnoreParenImpCasts());
    if (!UO || UO->getOpcode() != UO_AddrOf)
      continue;
    const Expr *Target = UO->getSubExpr()->IgnoreParens();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(Target)) {
      if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
        Vars[V->getCanonicalDecl()].push_back({nullptr, CE->getBeginLoc(), CE, I});
    } else if (const auto *ME = dyn_cast<MemberExpr>(Target)) {
      if (const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl()))
        Fields[F].push_back({nullptr, CE->getBeginLoc(), CE, I});
    }
  }
  return false;
}

void ProvenanceIndex::recordUsage(const CallExpr *CE, StringRef Name) {
  int Arg = -1;
  MemKind K = MemKind::Unknown;
  if (WriteBackFunction W = writeBackOf(CE); W.PointerArg >= 0 && W.UsageEvidence) {
    Arg = W.PointerArg;
    K = MemKind::PMem;
  } else if (!Name.empty() && (Arg = mmioAccessorPointerArg(Name)) >= 0) {
    K = MemKind::MMIO;
  }
  if (Arg < 0 || unsigned(Arg) >= CE->getNumArgs())
    return;
  if (const Decl *Root = pointedObjectRoot(CE->getArg(Arg)))
    UsedAs[Root].push_back({CE, K});
}

const Decl *ProvenanceIndex::pointedObjectRoot(const Expr *E) {
  bool LValue = false; // E names an object (under &) rather than holding an address
  for (int I = 0; E && I < 32; ++I) {
    E = E->IgnoreParenCasts();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      return DRE->getDecl()->getCanonicalDecl();
    if (const auto *UO = dyn_cast<UnaryOperator>(E);
        UO && !LValue && UO->getOpcode() == UO_AddrOf) {
      E = UO->getSubExpr();
      LValue = true;
      continue;
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(E);
        BO && !LValue && (BO->getOpcode() == BO_Add || BO->getOpcode() == BO_Sub)) {
      E = BO->getLHS()->getType()->isPointerType() ? BO->getLHS() : BO->getRHS();
      continue;
    }
    if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(E); ASE && LValue) {
      // &p[i] is in the object p points to; &s.arr[i] in s.
      E = ASE->getBase();
      LValue = !ASE->getBase()->IgnoreParenImpCasts()->getType()->isPointerType();
      continue;
    }
    if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      // &p->f and p->arr (an array decays to its own address) are inside *p; a
      // pointer field read without & is a value: another object.
      if (!LValue && !ME->getType()->isArrayType())
        return nullptr;
      E = ME->getBase();
      LValue = !ME->isArrow();
      continue;
    }
    return nullptr;
  }
  return nullptr;
}

void forEachFieldInit(const InitListExpr *ILE,
                      function_ref<void(const FieldDecl *, const Expr *)> Fn) {
  const InitListExpr *Sem = ILE->isSemanticForm() ? ILE : ILE->getSemanticForm();
  const RecordDecl *RD = Sem ? Sem->getType()->getAsRecordDecl() : nullptr;
  if (!RD)
    return;
  if (RD->isUnion()) {
    if (const FieldDecl *F = Sem->getInitializedFieldInUnion(); F && Sem->getNumInits())
      Fn(F, Sem->getInit(0));
    return;
  }
  unsigned I = 0;
  for (const FieldDecl *F : RD->fields()) {
    if (F->isUnnamedBitField())
      continue;
    if (I >= Sem->getNumInits())
      break;
    const Expr *Init = Sem->getInit(I++);
    if (!isa<ImplicitValueInitExpr>(Init))
      Fn(F, Init);
  }
}

void ProvenanceIndex::visitInitList(InitListExpr *ILE) {
  const InitListExpr *Sem = ILE->isSemanticForm() ? ILE : ILE->getSemanticForm();
  if (!Sem || !SeenInitLists.insert(Sem).second)
    return;
  forEachFieldInit(Sem, [&](const FieldDecl *F, const Expr *Init) {
    recordField(F, Init, Init->getBeginLoc());
    // The dax_operations callbacks of the 4.13-5.16 era receive the pmem address.
    const RecordDecl *RD = F->getParent();
    if (RD->getIdentifier() && F->getIdentifier() &&
        isDaxMethodSlot(RD->getName(), F->getName()))
      if (const auto *DRE = dyn_cast<DeclRefExpr>(Init->IgnoreParenImpCasts()))
        if (const auto *CB = dyn_cast<FunctionDecl>(DRE->getDecl()))
          DaxCallbacks[CB->getCanonicalDecl()] = Init;
  });
}

const Decl *ProvenanceIndex::rootDecl(const Expr *E) {
  for (int I = 0; E && I < 32; ++I) {
    E = E->IgnoreParenCasts();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      return DRE->getDecl()->getCanonicalDecl();
    if (const auto *ME = dyn_cast<MemberExpr>(E))
      E = ME->getBase();
    else if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(E))
      E = ASE->getBase();
    else if (const auto *UO = dyn_cast<UnaryOperator>(E))
      E = UO->getSubExpr();
    else if (const auto *BO = dyn_cast<BinaryOperator>(E))
      E = BO->getLHS()->getType()->isPointerType() ? BO->getLHS() : BO->getRHS();
    else
      return nullptr;
  }
  return nullptr;
}

void ProvenanceIndex::markDiscarded(Stmt *S) {
  if (auto *E = dyn_cast_or_null<Expr>(S)) {
    const Expr *Inner = E->IgnoreParens();
    if (const auto *EWC = dyn_cast<ExprWithCleanups>(Inner))
      Inner = EWC->getSubExpr()->IgnoreParens();
    // Only calls are ever asked about.
    if (isa<CallExpr>(Inner))
      Discarded.insert(Inner);
  }
}

void ProvenanceIndex::recordMemoryStore(const Stmt *S, const Expr *LHS) {
  if (Unevaluated || Functions.empty() || isa<DeclRefExpr>(LHS->IgnoreParenImpCasts()))
    return;
  MemoryStores[Functions.back()->getCanonicalDecl()].push_back(S);
}

void ProvenanceIndex::recordStore(const Expr *LHS, const Expr *RHS, SourceLocation Loc) {
  LHS = LHS->IgnoreParenImpCasts();
  if (const auto *UO = dyn_cast<UnaryOperator>(LHS); UO && UO->getOpcode() == UO_Deref)
    if (const auto *DRE = dyn_cast<DeclRefExpr>(UO->getSubExpr()->IgnoreParenImpCasts()))
      if (const auto *P = dyn_cast<ParmVarDecl>(DRE->getDecl())) {
        OutStores[P].push_back({RHS, Loc});
        return;
      }
  if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(LHS))
    LHS = ASE->getBase()->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(LHS)) {
    if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
      Vars[V->getCanonicalDecl()].push_back({RHS, Loc});
  } else if (const auto *ME = dyn_cast<MemberExpr>(LHS)) {
    if (const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl()))
      recordField(F, RHS, Loc);
  }
}

const FieldDecl *calledField(const CallExpr *CE) {
  const Expr *Callee = CE->getCallee()->IgnoreParenImpCasts();
  // (*ops->write)(...) calls the same field.
  if (const auto *UO = dyn_cast<UnaryOperator>(Callee); UO && UO->getOpcode() == UO_Deref)
    Callee = UO->getSubExpr()->IgnoreParenImpCasts();
  const auto *ME = dyn_cast<MemberExpr>(Callee);
  return ME ? dyn_cast<FieldDecl>(ME->getMemberDecl()) : nullptr;
}

} // namespace copyintent::checker
