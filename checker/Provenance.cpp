//===- Provenance.cpp - Where a destination pointer comes from ------------===//

#include "Provenance.h"
#include "CrossTuFacts.h"
#include "WriteBackFlow.h"

#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DynamicRecursiveASTVisitor.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/TypeLoc.h"
#include "clang/Basic/Builtins.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSwitch.h"

using namespace clang;
using namespace llvm;

namespace copyintent::checker {

StringRef memKindName(MemKind K) {
  switch (K) {
  case MemKind::PMem:
    return "persistent memory";
  case MemKind::MMIO:
    return "MMIO";
  case MemKind::User:
    return "user memory";
  case MemKind::RAM:
    return "ordinary memory";
  case MemKind::Unknown:
    return "unknown memory";
  }
  return "?";
}

static bool isIdent(StringRef S) {
  if (S.empty() || !(isalpha(static_cast<unsigned char>(S[0])) || S[0] == '_'))
    return false;
  return llvm::all_of(S, [](char C) { return isalnum(static_cast<unsigned char>(C)) || C == '_'; });
}

bool parseSourceSpecs(StringRef Value, MemKind K, std::vector<SourceSpec> &Out,
                      std::string &Err) {
  SmallVector<StringRef, 8> Entries;
  Value.split(Entries, ';', -1, /*KeepEmpty=*/false);
  for (StringRef E : Entries) {
    E = E.trim();
    if (E.empty())
      continue;
    SourceSpec S;
    S.Kind = K;
    S.Entry = E.str();
    if (E.contains("::")) {
      auto [Rec, Field] = E.split("::");
      S.Is = SourceSpec::Field;
      S.Record = Rec.str();
      S.Name = Field.str();
      if (!isIdent(Rec) || !isIdent(Field)) {
        Err = "'" + E.str() + "' is not struct::field";
        return false;
      }
    } else if (auto [Fn, Num] = E.split(':'); E.contains(':')) {
      S.Is = SourceSpec::Param;
      S.Name = Fn.str();
      if (!isIdent(Fn) || Num.empty() || Num.getAsInteger(10, S.Index)) {
        Err = "'" + E.str() + "' is not function:N (N the 0-based parameter number)";
        return false;
      }
    } else {
      // A function (its return value) or a global variable: decided where the name
      // is declared.
      S.Is = SourceSpec::Named;
      S.Name = E.str();
      if (!isIdent(E)) {
        Err = "'" + E.str() + "' is not a function, function:N, struct::field or global";
        return false;
      }
    }
    Out.push_back(std::move(S));
  }
  return true;
}

// --- Provenance --------------------------------------------------------------------

Provenance Provenance::of(MemKind K, SourceLocation Loc, NoteText Text) {
  Provenance P;
  P.Kinds = 1u << unsigned(K);
  if (Text)
    P.Why[unsigned(K)] =
        std::make_shared<const Step>(Step{Loc, std::move(Text), nullptr});
  return P;
}

std::vector<ProvNote> Provenance::why(MemKind K) const {
  std::vector<ProvNote> Out;
  for (const Step *S = Why[unsigned(K)].get(); S; S = S->Next.get())
    Out.push_back({S->Loc, S->Text()});
  return Out;
}

void Provenance::merge(const Provenance &O) {
  for (unsigned K = 0; K < NumMemKinds; ++K)
    if ((O.Kinds & (1u << K)) && !(Kinds & (1u << K)))
      Why[K] = O.Why[K];
  Kinds |= O.Kinds;
}

Provenance Provenance::through(SourceLocation Loc, const NoteText &Text) const {
  Provenance P = *this;
  for (unsigned K = 0; K < NumMemKinds; ++K)
    if ((Kinds & (1u << K)) && K != unsigned(MemKind::Unknown))
      P.Why[K] = std::make_shared<const Step>(Step{Loc, Text, Why[K]});
  return P;
}

bool ProvenanceConfig::operator==(const ProvenanceConfig &O) const {
  return PMemAnnotations == O.PMemAnnotations && MMIOAnnotations == O.MMIOAnnotations &&
         UserAnnotations == O.UserAnnotations && PMemSources == O.PMemSources &&
         MMIOSources == O.MMIOSources && Sources == O.Sources && Facts == O.Facts;
}

// --- The per-TU index: every place a pointer is stored ------------------------------

/// One store of a pointer into a variable or field (declared in Provenance.h's
/// namespace so the analysis can name it).
struct Assignment {
  const Expr *Value = nullptr;
  SourceLocation Loc;
  /// Set when the variable or field is written through an out-parameter of this call.
  const CallExpr *OutCall = nullptr;
  unsigned OutParam = 0;
};

class ProvenanceIndex : public DynamicRecursiveASTVisitor {
public:
  DenseMap<const VarDecl *, SmallVector<Assignment, 2>> Vars;
  DenseMap<const FieldDecl *, SmallVector<Assignment, 2>> Fields;
  /// Usage evidence per root declaration: the calls that treat it as pmem or MMIO.
  DenseMap<const Decl *, SmallVector<std::pair<const CallExpr *, MemKind>, 2>> UsedAs;
  DenseMap<const FunctionDecl *, SmallVector<const Expr *, 2>> Returns;
  DenseMap<const FunctionDecl *, SmallVector<const CallExpr *, 4>> Calls;
  /// Functions stored into a function-pointer field (an ops table's `.write =
  /// pj_write_nt`, or `ops->write = pj_write_nt`): the field and where.
  DenseMap<const FunctionDecl *, SmallVector<std::pair<const FieldDecl *, SourceLocation>, 1>>
      Installed;
  /// Calls through a function-pointer field (`pj->ops->write(...)`).
  DenseMap<const FieldDecl *, SmallVector<const CallExpr *, 2>> FieldCalls;
  /// Functions installed as a dax_operations ->copy_from_iter / ->copy_to_iter /
  /// ->recovery_write method: their addr is the kernel mapping of the DAX device.
  DenseMap<const FunctionDecl *, const Expr *> DaxCallbacks;
  /// `*p = v` for a pointer-to-pointer parameter p: what the function writes
  /// through its out-parameter.
  DenseMap<const ParmVarDecl *, SmallVector<Assignment, 2>> OutStores;
  /// A pointer-to-pointer parameter passed on as an argument: (call, index).
  DenseMap<const ParmVarDecl *, SmallVector<std::pair<const CallExpr *, unsigned>, 2>>
      OutForwards;

  /// The calls that run (not operands of sizeof, typeof, ...), in walk order, and
  /// the function around each: found here so the checks need no parent map.
  std::vector<const CallExpr *> EvaluatedCalls;
  DenseMap<const CallExpr *, const FunctionDecl *> EnclosingFunction;
  /// Expressions whose value is discarded (expression statements, casts to void).
  SmallPtrSet<const Expr *, 32> Discarded;
  /// Where a pgmap's type is set to MEMORY_DEVICE_FS_DAX: devm_memremap_pages() then
  /// maps persistent memory.
  SourceLocation FsDaxPgmap;

  explicit ProvenanceIndex(const SourceManager &SM) : SM(SM) {
    ShouldVisitTemplateInstantiations = true;
  }

  bool TraverseDecl(Decl *D) override {
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

  bool TraverseTypeOfExprTypeLoc(TypeOfExprTypeLoc TL, bool TraverseQualifier) override {
    Scope S(Unevaluated);
    return DynamicRecursiveASTVisitor::TraverseTypeOfExprTypeLoc(TL, TraverseQualifier);
  }
  bool TraverseDecltypeTypeLoc(DecltypeTypeLoc TL, bool TraverseQualifier) override {
    Scope S(Unevaluated);
    return DynamicRecursiveASTVisitor::TraverseDecltypeTypeLoc(TL, TraverseQualifier);
  }

  /// Statements and expressions are walked here rather than by the visitor: the index
  /// runs over every function body of the TU, and the visitor's per-node virtual
  /// Visit/WalkUpFrom chain and type-location walk cost several times what the index
  /// records (measured with callgrind: most of the checks' overhead). Declarations
  /// inside statements go back to the visitor. Iterative, so that deeply nested
  /// expressions cannot exhaust the stack.
  bool TraverseStmt(Stmt *Root) override {
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
          recordStore(cast<BinaryOperator>(S)->getLHS(),
                      cast<BinaryOperator>(S)->getRHS(),
                      cast<BinaryOperator>(S)->getOperatorLoc());
        break;
      case Stmt::ReturnStmtClass:
        if (!Functions.empty() && cast<ReturnStmt>(S)->getRetValue())
          Returns[Functions.back()->getCanonicalDecl()].push_back(
              cast<ReturnStmt>(S)->getRetValue());
        break;
      case Stmt::InitListExprClass:
        visitInitList(cast<InitListExpr>(S));
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

  // C++: default member initializers and constructor member initializers store into
  // the field like assignments do.
  bool VisitFieldDecl(FieldDecl *F) override {
    if (const Expr *Init = F->getInClassInitializer())
      recordField(F, Init, F->getLocation());
    return true;
  }
  bool VisitCXXConstructorDecl(CXXConstructorDecl *CD) override {
    for (const CXXCtorInitializer *I : CD->inits())
      if (I->isMemberInitializer() && I->isWritten())
        recordField(I->getMember(), I->getInit(), I->getSourceLocation());
    return true;
  }

  bool VisitVarDecl(VarDecl *V) override {
    if (const Expr *Init = V->getInit())
      Vars[V->getCanonicalDecl()].push_back({Init, V->getLocation()});
    return true;
  }

  void visitDeclRef(const DeclRefExpr *DRE) {
    if (FsDaxPgmap.isInvalid() && isa<EnumConstantDecl>(DRE->getDecl()) &&
        DRE->getDecl()->getName() == "MEMORY_DEVICE_FS_DAX")
      FsDaxPgmap = DRE->getLocation();
  }

  /// Records the call; true when its arguments are not evaluated
  /// (__builtin_constant_p).
  bool visitCall(CallExpr *CE) {
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
    if (Name == "__builtin_constant_p")
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

  /// Usage evidence: the object a write-back (pmem_persist, arch_wb_cache_pmem, a
  /// pmem2 persist_fn) or an MMIO accessor (writel, ioread32) is applied to.
  void recordUsage(const CallExpr *CE, StringRef Name) {
    int Arg = -1;
    MemKind K = MemKind::Unknown;
    if (WriteBackFunction W = writeBackOf(CE); W.PointerArg >= 0) {
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

  /// The variable whose object the address E points into: `p`, `p + n`, `(char *)p`,
  /// `&p->f`, `&p[i]`, `p->arr + i`. None for `p->base + off`: a pointer field's value
  /// is the address of another object, so writing it back says nothing about *p.
  static const Decl *pointedObjectRoot(const Expr *E) {
    bool LValue = false; // E names an object (under &) rather than holding an address
    for (int I = 0; E && I < 32; ++I) {
      E = E->IgnoreParenCasts();
      if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
        return DRE->getDecl()->getCanonicalDecl();
      if (const auto *UO = dyn_cast<UnaryOperator>(E); UO && !LValue &&
                                                         UO->getOpcode() == UO_AddrOf) {
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

  void visitInitList(InitListExpr *ILE) {
    const InitListExpr *Sem = ILE->isSemanticForm() ? ILE : ILE->getSemanticForm();
    if (!Sem || !SeenInitLists.insert(Sem).second)
      return;
    const RecordDecl *RD = Sem->getType()->getAsRecordDecl();
    if (!RD)
      return;
    if (RD->isUnion()) {
      if (const FieldDecl *F = Sem->getInitializedFieldInUnion(); F && Sem->getNumInits())
        recordField(F, Sem->getInit(0), Sem->getInit(0)->getBeginLoc());
      return;
    }
    unsigned I = 0;
    for (const FieldDecl *F : RD->fields()) {
      if (F->isUnnamedBitField())
        continue;
      if (I >= Sem->getNumInits())
        break;
      const Expr *Init = Sem->getInit(I++);
      recordField(F, Init, Init->getBeginLoc());
      // The dax_operations callbacks of the 4.13-5.16 era receive the pmem address.
      if (RD->getName() == "dax_operations" &&
          (F->getName() == "copy_from_iter" || F->getName() == "copy_to_iter" ||
           F->getName() == "recovery_write"))
        if (const auto *DRE = dyn_cast<DeclRefExpr>(Init->IgnoreParenImpCasts()))
          if (const auto *CB = dyn_cast<FunctionDecl>(DRE->getDecl()))
            DaxCallbacks[CB->getCanonicalDecl()] = Init;
    }
  }

  /// The declaration a pointer expression starts from: `log->base + off` -> log.
  static const Decl *rootDecl(const Expr *E) {
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

private:
  void markDiscarded(Stmt *S) {
    if (auto *E = dyn_cast_or_null<Expr>(S)) {
      const Expr *Inner = E->IgnoreParens();
      if (const auto *EWC = dyn_cast<ExprWithCleanups>(Inner))
        Inner = EWC->getSubExpr()->IgnoreParens();
      // Only calls are ever asked about.
      if (isa<CallExpr>(Inner))
        Discarded.insert(Inner);
    }
  }
  struct Scope {
    unsigned &N;
    bool On;
    Scope(unsigned &N, bool On = true) : N(N), On(On) { N += On; }
    ~Scope() { N -= On; }
  };
  const SourceManager &SM;
  unsigned Unevaluated = 0;
  SmallVector<const FunctionDecl *, 8> Functions;
  SmallPtrSet<const InitListExpr *, 16> SeenInitLists;

  void recordField(const FieldDecl *F, const Expr *Value, SourceLocation Loc) {
    if (isa<ImplicitValueInitExpr>(Value))
      return;
    Fields[F].push_back({Value, Loc});
    if (const FunctionDecl *Fn = functionNamed(Value))
      Installed[Fn->getCanonicalDecl()].push_back({F, Loc});
  }

  /// The function whose address V is (`fn`, `&fn`), if any.
  static const FunctionDecl *functionNamed(const Expr *V) {
    V = V->IgnoreParenCasts();
    if (const auto *UO = dyn_cast<UnaryOperator>(V); UO && UO->getOpcode() == UO_AddrOf)
      V = UO->getSubExpr()->IgnoreParenCasts();
    const auto *DRE = dyn_cast<DeclRefExpr>(V);
    return DRE ? dyn_cast<FunctionDecl>(DRE->getDecl()) : nullptr;
  }

  /// `x = v`, `s->f = v`, `a[i] = v` (an element store counts for the array).
  void recordStore(const Expr *LHS, const Expr *RHS, SourceLocation Loc) {
    LHS = LHS->IgnoreParenImpCasts();
    if (const auto *UO = dyn_cast<UnaryOperator>(LHS); UO && UO->getOpcode() == UO_Deref)
      if (const auto *DRE =
              dyn_cast<DeclRefExpr>(UO->getSubExpr()->IgnoreParenImpCasts()))
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
};

const FieldDecl *calledField(const CallExpr *CE) {
  const Expr *Callee = CE->getCallee()->IgnoreParenImpCasts();
  // (*ops->write)(...) calls the same field.
  if (const auto *UO = dyn_cast<UnaryOperator>(Callee); UO && UO->getOpcode() == UO_Deref)
    Callee = UO->getSubExpr()->IgnoreParenImpCasts();
  const auto *ME = dyn_cast<MemberExpr>(Callee);
  return ME ? dyn_cast<FieldDecl>(ME->getMemberDecl()) : nullptr;
}

// --- The analysis ------------------------------------------------------------------

namespace {

bool isOneOf(StringRef Name, std::initializer_list<StringRef> Names) {
  return llvm::is_contained(Names, Name);
}

/// The kinds a declaration can be marked with (annotations, address spaces).
constexpr MemKind MarkedKinds[] = {MemKind::PMem, MemKind::MMIO, MemKind::User,
                                   MemKind::RAM};

/// Our header's annotation names (copyintent/annotations.h), one per kind.
StringRef annotationOf(MemKind K) {
  switch (K) {
  case MemKind::PMem:
    return "copyintent_pmem";
  case MemKind::MMIO:
    return "copyintent_mmio";
  case MemKind::User:
    return "copyintent_user";
  case MemKind::RAM:
    return "copyintent_ram";
  case MemKind::Unknown:
    break;
  }
  return "";
}

/// Whether T, or what it points to, is spelled with a typedef that carries the
/// annotation (typedef char COPYINTENT_PMEM pmem_byte;).
bool typedefAnnotated(QualType T, StringRef Annotation) {
  for (int Depth = 0; Depth < 8 && !T.isNull(); ++Depth) {
    if (const auto *TT = T->getAs<TypedefType>()) {
      for (const auto *A : TT->getDecl()->specific_attrs<AnnotateAttr>())
        if (A->getAnnotation() == Annotation)
          return true;
      T = TT->desugar();
      continue;
    }
    T = T->getPointeeType();
  }
  return false;
}

bool isRAMAllocator(StringRef N) {
  // Linux 6.10+: kmalloc() and kin are macros around kmalloc_noprof().
  N.consume_back("_noprof");
  return isOneOf(N, {"malloc",
                     "calloc",
                     "realloc",
                     "aligned_alloc",
                     "valloc",
                     "memalign",
                     "pvalloc",
                     "strdup",
                     "strndup",
                     "kmalloc",
                     "kzalloc",
                     "kcalloc",
                     "kmalloc_array",
                     "krealloc",
                     "kmalloc_node",
                     "kzalloc_node",
                     "kvmalloc",
                     "kvzalloc",
                     "kvcalloc",
                     "kvmalloc_array",
                     "vmalloc",
                     "vzalloc",
                     "vmalloc_user",
                     "vmalloc_node",
                     "kmem_cache_alloc",
                     "kmem_cache_zalloc",
                     "page_address",
                     "alloc_pages_exact",
                     "devm_kmalloc",
                     "devm_kzalloc",
                     "devm_kcalloc",
                     "kmemdup",
                     "dma_alloc_coherent",
                     "alloca",
                     "__builtin_alloca",
                     // The page allocator's addresses (unsigned long, cast back).
                     "__get_free_pages",
                     "__get_free_page",
                     "get_zeroed_page",
                     // The linear data of a socket buffer.
                     "skb_put",
                     "__skb_put",
                     "skb_put_zero",
                     "skb_push",
                     "__skb_push"});
}

/// struct page of ordinary memory, from the page allocator.
bool isPageAllocator(StringRef N) {
  N.consume_back("_noprof");
  return isOneOf(N, {"alloc_pages", "alloc_page", "alloc_pages_node", "__alloc_pages",
                     "alloc_pages_exact_nid", "dev_alloc_pages", "dev_alloc_page"});
}

/// A kernel mapping of a struct page: the memory is whatever the page is.
bool isPageMapper(StringRef N) {
  return isOneOf(N, {"kmap", "kmap_local_page", "kmap_atomic", "kmap_local_page_try_from_panic"});
}

/// The standard library containers whose storage (data(), c_str(), operator[]) is
/// ordinary heap memory with the default allocator, and those that hold their
/// elements inside the object.
bool isHeapContainer(const CXXRecordDecl *RD) {
  if (!RD || !RD->isInStdNamespace() || !RD->getIdentifier())
    return false;
  if (!isOneOf(RD->getName(), {"vector", "basic_string"}))
    return false;
  const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD);
  if (!Spec)
    return false;
  // The allocator is the last template argument; only std::allocator is known.
  const TemplateArgumentList &Args = Spec->getTemplateArgs();
  if (Args.size() == 0 || Args[Args.size() - 1].getKind() != TemplateArgument::Type)
    return false;
  const CXXRecordDecl *Alloc = Args[Args.size() - 1].getAsType()->getAsCXXRecordDecl();
  return Alloc && Alloc->isInStdNamespace() && Alloc->getName() == "allocator";
}
bool isInlineContainer(const CXXRecordDecl *RD) {
  return RD && RD->isInStdNamespace() && RD->getIdentifier() && RD->getName() == "array";
}

bool isMMIOMapper(StringRef N) {
  // ioremap, ioremap_wc, devm_ioremap_resource, devm_nvdimm_ioremap, ...
  return N.contains("ioremap") ||
         isOneOf(N, {"pci_iomap", "pci_iomap_wc", "pci_iomap_range", "pcim_iomap",
                     "of_iomap", "devm_of_iomap", "devm_platform_ioremap_resource",
                     "devm_platform_get_and_ioremap_resource", "io_mapping_map_atomic_wc",
                     "io_mapping_map_wc", "io_mapping_map_local_wc", "ioport_map"});
}

bool isPMemMapper(StringRef N) {
  return isOneOf(N, {"pmem_map_file", "pmem2_map_get_address", "pmemobj_direct",
                     "pmemobj_direct_inline"});
}

} // namespace

ProvenanceAnalysis::ProvenanceAnalysis(ASTContext &Ctx, ProvenanceConfig Config)
    : Ctx(Ctx), Config(std::move(Config)),
      Index(std::make_unique<ProvenanceIndex>(Ctx.getSourceManager())) {
  Index->TraverseDecl(Ctx.getTranslationUnitDecl());
}

ProvenanceAnalysis::~ProvenanceAnalysis() = default;

namespace {
// clang-tidy runs one translation unit at a time; every check of that TU shares one
// analysis (the first check to ask builds it; the end of the TU releases it).
std::unique_ptr<ProvenanceAnalysis> Current;
} // namespace

ProvenanceAnalysis &ProvenanceAnalysis::get(ASTContext &Ctx,
                                            const ProvenanceConfig &Config) {
  // Checks configured differently (per-check options) get their own analysis; the
  // comparison is of a few short vectors, cheap next to what it saves.
  if (!Current || &Current->Ctx != &Ctx || !(Current->Config == Config))
    Current = std::make_unique<ProvenanceAnalysis>(Ctx, Config);
  return *Current;
}

void ProvenanceAnalysis::release() { Current.reset(); }

std::string ProvenanceAnalysis::spell(const Expr *E) {
  const SourceManager &SM = Ctx.getSourceManager();
  CharSourceRange R = CharSourceRange::getTokenRange(E->getSourceRange());
  R = Lexer::makeFileCharRange(R, SM, Ctx.getLangOpts());
  StringRef Text = R.isValid() ? Lexer::getSourceText(R, SM, Ctx.getLangOpts()) : "";
  // One line, bounded: notes quote code, they do not reproduce it.
  std::string S;
  for (char C : Text)
    if (!isspace(static_cast<unsigned char>(C)))
      S += C;
    else if (!S.empty() && S.back() != ' ')
      S += ' ';
  if (S.size() > 60)
    S = S.substr(0, 57) + "...";
  return S.empty() ? "the value" : S;
}

bool ProvenanceAnalysis::macroNamed(SourceRange R,
                                    const std::vector<std::string> &Names) {
  const SourceManager &SM = Ctx.getSourceManager();
  if (wordNamed(SM.getExpansionLoc(R.getBegin()), SM.getExpansionLoc(R.getEnd()), Names))
    return true;
  // Written inside a macro's body (u64_to_user_ptr(x) is `(void __user *)...`): the
  // marking is in the definition's text, not at the use.
  // Only when the whole range is one macro body's text: a declaration whose name is a
  // macro argument spans from the body to the call site, and the text between them
  // (other declarations) says nothing about it.
  SourceLocation B = R.getBegin(), E = R.getEnd();
  return B.isMacroID() && E.isMacroID() && SM.isMacroBodyExpansion(B) &&
         SM.isMacroBodyExpansion(E) && SM.getExpansionLoc(B) == SM.getExpansionLoc(E) &&
         wordNamed(SM.getSpellingLoc(B), SM.getSpellingLoc(E), Names);
}

bool ProvenanceAnalysis::wordNamed(SourceLocation B, SourceLocation E,
                                   const std::vector<std::string> &Names) {
  const SourceManager &SM = Ctx.getSourceManager();
  if (B.isInvalid() || E.isInvalid() || SM.getFileID(B) != SM.getFileID(E) ||
      SM.isBeforeInTranslationUnit(E, B))
    return false;
  StringRef Text =
      Lexer::getSourceText(CharSourceRange::getTokenRange(B, E), SM, Ctx.getLangOpts());
  // Identifiers of the written text, so a macro that expands to nothing still counts.
  size_t I = 0;
  while (I < Text.size()) {
    if (isalpha(static_cast<unsigned char>(Text[I])) || Text[I] == '_') {
      size_t J = I;
      while (J < Text.size() &&
             (isalnum(static_cast<unsigned char>(Text[J])) || Text[J] == '_'))
        ++J;
      StringRef Word = Text.slice(I, J);
      if (llvm::any_of(Names, [&](const std::string &N) { return Word == N; }))
        return true;
      I = J;
    } else {
      ++I;
    }
  }
  return false;
}

bool ProvenanceAnalysis::typeMarked(QualType T, MemKind K) {
  // sparse's address spaces (__user 1, __iomem 2, __pmem 5) and the kernel's
  // btf_type_tag spellings, when a build makes the markings real.
  for (int Depth = 0; Depth < 4 && !T.isNull(); ++Depth) {
    QualType Pointee = T->getPointeeType();
    if (Pointee.isNull())
      break;
    LangAS AS = Pointee.getAddressSpace();
    if (isTargetAddressSpace(AS)) {
      unsigned N = toTargetAddressSpace(AS);
      if ((K == MemKind::User && N == 1) || (K == MemKind::MMIO && N == 2) ||
          (K == MemKind::PMem && N == 5))
        return true;
    }
    if (const auto *BT = Pointee->getAs<BTFTagAttributedType>()) {
      StringRef Tag = BT->getAttr()->getBTFTypeTag();
      if ((K == MemKind::User && Tag == "user") ||
          (K == MemKind::MMIO && Tag == "iomem") || (K == MemKind::PMem && Tag == "pmem"))
        return true;
    }
    T = Pointee;
  }
  return false;
}

bool ProvenanceAnalysis::declMarked(const Decl *D, MemKind K) {
  if (!D)
    return false;
  static const std::vector<std::string> RAMNames = {"COPYINTENT_RAM"};
  const std::vector<std::string> *Names = K == MemKind::PMem   ? &Config.PMemAnnotations
                                          : K == MemKind::MMIO ? &Config.MMIOAnnotations
                                          : K == MemKind::User ? &Config.UserAnnotations
                                          : K == MemKind::RAM  ? &RAMNames
                                                               : nullptr;
  if (!Names)
    return false;
  StringRef Annotation = annotationOf(K);
  for (const auto *A : D->specific_attrs<AnnotateAttr>())
    if (A->getAnnotation() == Annotation)
      return true;
  if (const auto *DD = dyn_cast<DeclaratorDecl>(D)) {
    QualType T = DD->getType();
    if (const auto *FD = dyn_cast<FunctionDecl>(D))
      T = FD->getReturnType();
    if (typeMarked(T, K) || typedefAnnotated(T, Annotation))
      return true;
    // The written declaration up to its name: `void __iomem *base`.
    if (macroNamed(SourceRange(DD->getBeginLoc(), DD->getLocation()), *Names))
      return true;
  }
  return false;
}

template <typename Fn>
Provenance ProvenanceAnalysis::memoized(const Decl *D, Fn Compute) {
  auto It = Memo.find(D);
  if (It != Memo.end())
    return It->second;
  if (!InProgress.insert(D).second) {
    // A cycle (x = y; y = x): contribute nothing here; the values entering the cycle
    // from outside are found on the way in.
    ++CycleHits;
    return Provenance();
  }
  unsigned Before = CycleHits;
  Provenance P = Compute();
  InProgress.erase(D);
  // Only complete results are remembered: one computed inside a cycle may lack what
  // flows around it.
  if (CycleHits == Before)
    Memo[D] = P;
  return P;
}

/// The pointer an integer expression was converted from ((unsigned long)kbuf), or null
/// when the integer is a value of its own (a variable, a parameter, arithmetic).
static const Expr *pointerBehindInteger(const Expr *E) {
  while (true) {
    E = E->IgnoreParens();
    const auto *CE = dyn_cast<CastExpr>(E);
    if (!CE)
      return nullptr;
    const Expr *Sub = CE->getSubExpr()->IgnoreParens();
    if (Sub->getType()->isPointerType())
      return Sub->IgnoreParenImpCasts();
    if (!Sub->getType()->isIntegerType())
      return nullptr;
    E = Sub;
  }
}

Provenance ProvenanceAnalysis::pointerOf(const Expr *E) {
  // Every check asks about the same destinations: answer each once per TU.
  auto It = ExprMemo.find(E);
  if (It != ExprMemo.end())
    return It->second;
  QueryLimit = Limit::None;
  Provenance P = query([&] { return eval(E, 0); });
  ExprMemo[E] = P;
  if (QueryLimit != Limit::None)
    LimitOf[E] = QueryLimit;
  return P;
}

template <typename Fn> Provenance ProvenanceAnalysis::query(Fn Run) {
  Budget = 0;
  return Run();
}

Provenance ProvenanceAnalysis::returnOf(const FunctionDecl *F) {
  return query([&] { return ofReturn(F, 0); });
}

Provenance ProvenanceAnalysis::variableOf(const VarDecl *V) {
  return query([&] { return ofVar(V, 0); });
}

Provenance ProvenanceAnalysis::fieldOf(const FieldDecl *F) {
  return query([&] { return ofField(F, 0); });
}

std::vector<const FieldDecl *> ProvenanceAnalysis::assignedFields() const {
  std::vector<const FieldDecl *> Out;
  for (const auto &KV : Index->Fields)
    Out.push_back(KV.first);
  return Out;
}

std::vector<const VarDecl *> ProvenanceAnalysis::assignedVariables() const {
  std::vector<const VarDecl *> Out;
  for (const auto &KV : Index->Vars)
    Out.push_back(KV.first);
  return Out;
}

std::vector<const FunctionDecl *> ProvenanceAnalysis::returningFunctions() const {
  std::vector<const FunctionDecl *> Out;
  for (const auto &KV : Index->Returns)
    Out.push_back(KV.first);
  return Out;
}

Provenance ProvenanceAnalysis::fromFacts(const Decl *D) {
  Provenance P;
  if (!Config.Facts)
    return P;
  const FactTable &T = *Config.Facts;
  ArrayRef<Fact> Facts;
  std::string Intro;
  if (const auto *Parm = dyn_cast<ParmVarDecl>(D)) {
    const auto *F = dyn_cast_or_null<FunctionDecl>(Parm->getDeclContext());
    if (!F || !F->getIdentifier() || !F->isExternallyVisible())
      return P;
    unsigned Idx = Parm->getFunctionScopeIndex();
    Facts = T.param(F->getName(), Idx);
    Intro = "'" + Parm->getName().str() + "' is parameter " + std::to_string(Idx + 1) +
            " of '" + F->getName().str() + "'; its callers in other files pass %kind: ";
  } else if (const auto *F = dyn_cast<FunctionDecl>(D)) {
    if (!F->getIdentifier() || !F->isExternallyVisible())
      return P;
    Facts = T.returnOf(F->getName());
    Intro = "'" + F->getName().str() + "()' is defined in another file and returns %kind";
  } else if (const auto *V = dyn_cast<VarDecl>(D)) {
    if (!V->getIdentifier() || !V->hasGlobalStorage() || !V->isExternallyVisible())
      return P;
    Facts = T.global(V->getName());
    Intro = "the global '" + V->getName().str() + "' is assigned %kind in another file";
  } else if (const auto *FD = dyn_cast<FieldDecl>(D)) {
    const RecordDecl *R = FD->getParent();
    if (!FD->getIdentifier() || !R->getIdentifier())
      return P;
    Facts = T.field(R->getName(), FD->getName());
    Intro = "the field '" + FD->getName().str() + "' is assigned %kind in another file";
  }
  return renderFacts(Facts, Intro, D->getLocation());
}

Provenance ProvenanceAnalysis::fromCallbackFacts(const FieldDecl *Field, unsigned Idx) {
  const RecordDecl *R = Field->getParent();
  if (!Config.Facts || !Field->getIdentifier() || !R->getIdentifier())
    return Provenance();
  return renderFacts(Config.Facts->callback(R->getName(), Field->getName(), Idx),
                     "calls through '" + fieldName(Field) + "' in other files pass %kind: ",
                     Field->getLocation());
}

Provenance ProvenanceAnalysis::renderFacts(ArrayRef<Fact> Facts, const std::string &Intro,
                                           SourceLocation Loc) {
  Provenance P;
  for (const Fact &F : Facts) {
    std::string Text = Intro;
    Text.replace(Text.find("%kind"), 5, memKindName(F.Kind).str());
    Text += (F.What.empty() ? "" : F.What) + " at " + F.File + ":" + std::to_string(F.Line);
    if (!F.Source.empty())
      Text += " (" + F.Source + ")";
    P.merge(Provenance::of(F.Kind, Loc, [=] { return Text; }));
  }
  return P;
}

std::string fieldName(const FieldDecl *F) {
  const RecordDecl *R = F->getParent();
  return (R->getIdentifier() ? R->getName().str() + "::" : std::string()) +
         F->getName().str();
}

ProvenanceAnalysis::Limit ProvenanceAnalysis::limitHit(const Expr *E) const {
  auto It = LimitOf.find(E);
  return It == LimitOf.end() ? Limit::None : It->second;
}

Provenance ProvenanceAnalysis::eval(const Expr *E, unsigned Depth) {
  if (!E)
    return Provenance::unknown();
  if (Depth > MaxDepth || ++Budget > MaxStepsPerQuery) {
    // Cut short: unknown here, and nothing computed on the way is remembered as if
    // it were complete.
    ++CycleHits;
    if (QueryLimit == Limit::None)
      QueryLimit = Depth > MaxDepth ? Limit::Depth : Limit::Steps;
    return Provenance::unknown();
  }
  E = E->IgnoreParens();
  // C++ wrappers of a class-type value (auto p = std::make_unique<T>();): the value
  // is what is wrapped, and a copy or move constructor passes its argument on.
  while (true) {
    if (const auto *FE = dyn_cast<FullExpr>(E))
      E = FE->getSubExpr()->IgnoreParens();
    else if (const auto *MT = dyn_cast<MaterializeTemporaryExpr>(E))
      E = MT->getSubExpr()->IgnoreParens();
    else if (const auto *BT = dyn_cast<CXXBindTemporaryExpr>(E))
      E = BT->getSubExpr()->IgnoreParens();
    else if (const auto *CC = dyn_cast<CXXConstructExpr>(E);
             CC && CC->getNumArgs() == 1 && CC->getConstructor()->isCopyOrMoveConstructor())
      E = CC->getArg(0)->IgnoreParens();
    else
      break;
  }

  if (const auto *CE = dyn_cast<CastExpr>(E)) {
    switch (CE->getCastKind()) {
    case CK_ArrayToPointerDecay:
      return ofObjectAddress(CE->getSubExpr(), Depth + 1);
    case CK_NullToPointer:
      return Provenance(); // no memory at all
    case CK_IntegralToPointer:
      // An integer made a __user pointer ((void __user *)arg, u64_to_user_ptr()): a
      // user address carried as an integer, not a kernel pointer in disguise.
      if (isa<ExplicitCastExpr>(CE) && castsToUser(cast<ExplicitCastExpr>(CE)) &&
          !pointerBehindInteger(CE->getSubExpr()))
        return Provenance::of(MemKind::User, CE->getBeginLoc(), [=] {
          return std::string("'" + spell(CE) + "' is a user address carried as an integer");
        });
      // (void *)__get_free_pages(...), directly or through an unsigned long: only
      // what is known to be RAM is taken from an integer.
      if (Provenance Int = eval(CE->getSubExpr(), Depth + 1);
          Int.has(MemKind::RAM) && !Int.has(MemKind::Unknown) &&
          !Int.has(MemKind::PMem) && !Int.has(MemKind::MMIO))
        return Int;
      return Provenance::unknown();
    case CK_FunctionToPointerDecay:
      return Provenance::unknown();
    default:
      return eval(CE->getSubExpr(), Depth + 1);
    }
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *P = dyn_cast<ParmVarDecl>(DRE->getDecl()))
      return orUsage(ofParam(P, Depth + 1), P);
    if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl())) {
      if (V->getType()->isArrayType())
        return ofObjectAddress(DRE, Depth + 1);
      return orUsage(ofVar(V, Depth + 1), V);
    }
    return Provenance::unknown();
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    if (const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl())) {
      if (F->getType()->isArrayType())
        return ofObjectAddress(ME, Depth + 1);
      return ofField(F, Depth + 1).through(ME->getExprLoc(), [=] {
        return std::string("'" + spell(ME) + "' reads the field '" + F->getName().str() +
                           "'");
      });
    }
    return Provenance::unknown();
  }
  if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(E)) {
    // An element of an array of pointers: what was stored into the array's elements.
    const Expr *Base = ASE->getBase()->IgnoreParenImpCasts();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(Base))
      if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
          V && V->getType()->isArrayType())
        return ofVar(V, Depth + 1);
    if (const auto *ME = dyn_cast<MemberExpr>(Base))
      if (const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
          F && F->getType()->isArrayType())
        return ofField(F, Depth + 1);
    return eval(ASE->getBase(), Depth + 1);
  }
  if (isa<CXXNewExpr>(E))
    return Provenance::of(MemKind::RAM, E->getBeginLoc(),
                          [=] { return std::string("'new' allocates ordinary memory"); });
  if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    if (UO->getOpcode() == UO_AddrOf)
      return ofObjectAddress(UO->getSubExpr(), Depth + 1);
    if (UO->isIncrementDecrementOp())
      return eval(UO->getSubExpr(), Depth + 1);
    return Provenance::unknown();
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    switch (BO->getOpcode()) {
    case BO_Add:
    case BO_Sub:
      // Pointer arithmetic stays inside the object of its pointer operand.
      if (BO->getLHS()->getType()->isPointerType())
        return eval(BO->getLHS(), Depth + 1);
      if (BO->getRHS()->getType()->isPointerType())
        return eval(BO->getRHS(), Depth + 1);
      return Provenance::unknown();
    case BO_Comma:
    case BO_Assign:
      return eval(BO->getRHS(), Depth + 1);
    default:
      return Provenance::unknown();
    }
  }
  if (const auto *CO = dyn_cast<AbstractConditionalOperator>(E)) {
    Provenance P = eval(CO->getTrueExpr(), Depth + 1);
    P.merge(eval(CO->getFalseExpr(), Depth + 1));
    return P;
  }
  if (const auto *Call = dyn_cast<CallExpr>(E))
    return ofCall(Call, Depth + 1);
  if (const auto *SE = dyn_cast<StmtExpr>(E)) {
    if (const auto *Last = dyn_cast_or_null<Expr>(SE->getSubStmt()->body_back()))
      return eval(Last, Depth + 1);
    return Provenance::unknown();
  }
  if (const auto *ILE = dyn_cast<InitListExpr>(E)) {
    Provenance P;
    for (const Expr *Init : ILE->inits())
      P.merge(eval(Init, Depth + 1));
    return P.empty() ? Provenance::unknown() : P;
  }
  if (const auto *EWC = dyn_cast<ExprWithCleanups>(E))
    return eval(EWC->getSubExpr(), Depth + 1);
  if (const auto *MTE = dyn_cast<MaterializeTemporaryExpr>(E))
    return eval(MTE->getSubExpr(), Depth + 1);
  return Provenance::unknown();
}

Provenance ProvenanceAnalysis::ofObjectAddress(const Expr *E, unsigned Depth) {
  E = E->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
    if (!V)
      return Provenance::unknown();
    if (std::optional<Provenance> Opt = fromOptions(V))
      return *Opt;
    for (MemKind K : {MemKind::PMem, MemKind::MMIO, MemKind::RAM})
      if (declMarked(V, K))
        return Provenance::of(K, V->getLocation(), [=] {
          return std::string("'" + V->getName().str() + "' is declared as " +
                             memKindName(K).str() + " here");
        });
    if (V->hasLocalStorage())
      return Provenance::of(MemKind::RAM, V->getLocation(), [=] {
        return std::string("'" + V->getName().str() + "' is a local variable");
      });
    return Provenance::of(MemKind::RAM, V->getLocation(), [=] {
      return std::string("'" + V->getName().str() + "' is a global variable");
    });
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    return ME->isArrow() ? eval(ME->getBase(), Depth + 1)
                         : ofObjectAddress(ME->getBase(), Depth + 1);
  if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(E))
    return eval(ASE->getBase(), Depth + 1);
  if (const auto *UO = dyn_cast<UnaryOperator>(E); UO && UO->getOpcode() == UO_Deref)
    return eval(UO->getSubExpr(), Depth + 1);
  if (isa<CompoundLiteralExpr>(E) || isa<clang::StringLiteral>(E))
    return Provenance::of(MemKind::RAM, E->getBeginLoc(),
                          [=] { return std::string("a literal"); });
  // &s[0] of a container: the element a reference-returning operator[] names.
  if (const auto *CE = dyn_cast<CallExpr>(E);
      CE && CE->getCallReturnType(Ctx)->isReferenceType())
    return ofCall(CE, Depth + 1);
  return Provenance::unknown();
}

Provenance ProvenanceAnalysis::ofCall(const CallExpr *CE, unsigned Depth) {
  const FunctionDecl *Callee = CE->getDirectCallee();
  if (const auto *MD = dyn_cast_or_null<CXXMethodDecl>(Callee))
    if (std::optional<Provenance> P = ofContainerAccess(CE, MD, Depth))
      return *P;
  if (!Callee || !Callee->getIdentifier())
    return Provenance::unknown();
  StringRef N = Callee->getName();
  SourceLocation Loc = CE->getBeginLoc();
  if (std::optional<Provenance> Opt = fromOptions(Callee))
    return Opt->through(Loc, [=] { return std::string("'" + N.str() + "()' is called here"); });
  auto Named = [&](const std::vector<std::string> &L) {
    return llvm::is_contained(L, N);
  };

  if (isPMemMapper(N) || Named(Config.PMemSources))
    return Provenance::of(MemKind::PMem, Loc, [=] {
      return std::string("'" + N.str() + "()' returns persistent memory");
    });
  // memremap, devm_memremap, devm_nvdimm_memremap, ... with the pmem flag spelled.
  if (N.contains("memremap") && macroNamed(CE->getSourceRange(), {"ARCH_MEMREMAP_PMEM"}))
    return Provenance::of(MemKind::PMem, Loc, [=] {
      return std::string("'" + N.str() +
                         "(..., ARCH_MEMREMAP_PMEM)' maps persistent memory");
    });
  if (N == "devm_memremap_pages" && Index->FsDaxPgmap.isValid())
    return Provenance::of(MemKind::PMem, Loc, [=] {
      return std::string("'devm_memremap_pages()' maps the MEMORY_DEVICE_FS_DAX pgmap of "
                         "this file (persistent memory with struct pages)");
    });
  if ((N == "mmap" || N == "mmap64") && CE->getNumArgs() > 3) {
    SourceRange Flags = CE->getArg(3)->getSourceRange();
    if (macroNamed(Flags, {"MAP_SYNC"}))
      return Provenance::of(MemKind::PMem, Loc, [=] {
        return std::string("'mmap(..., MAP_SYNC, ...)' maps a file on a DAX file system "
                           "(persistent memory)");
      });
    if (macroNamed(Flags, {"MAP_ANONYMOUS", "MAP_ANON"}))
      return Provenance::of(MemKind::RAM, Loc, [=] {
        return std::string("'mmap(..., MAP_ANONYMOUS, ...)' maps anonymous memory");
      });
    // Written pages of a private mapping are copies in RAM, never the file's pages.
    if (macroNamed(Flags, {"MAP_PRIVATE"}))
      return Provenance::of(MemKind::RAM, Loc, [=] {
        return std::string("'mmap(..., MAP_PRIVATE, ...)' gives private copy-on-write "
                           "pages: what is written is ordinary memory");
      });
  }
  if (Callee->isInStdNamespace() && isOneOf(N, {"make_unique", "make_shared"}))
    return Provenance::of(MemKind::RAM, Loc, [=] {
      return std::string("'std::" + N.str() + "()' allocates ordinary heap memory");
    });
  if (isPageAllocator(N))
    return Provenance::of(MemKind::RAM, Loc, [=] {
      return std::string("'" + N.str() + "()' allocates pages of ordinary memory");
    });
  if (isPageMapper(N) && CE->getNumArgs() == 1) {
    Provenance Page = eval(CE->getArg(0), Depth + 1);
    if (!Page.has(MemKind::Unknown))
      return Page.through(Loc, [=] {
        return std::string("'" + N.str() + "()' maps that page");
      });
    return Provenance::unknown();
  }
  if (isMMIOMapper(N) || Named(Config.MMIOSources))
    return Provenance::of(MemKind::MMIO, Loc, [=] {
      return std::string("'" + N.str() + "()' maps device memory (MMIO)");
    });
  if (isRAMAllocator(N))
    return Provenance::of(MemKind::RAM, Loc, [=] {
      return std::string("'" + N.str() + "()' allocates ordinary memory");
    });
  for (MemKind K : MarkedKinds)
    if (declMarked(Callee, K))
      return Provenance::of(K, Loc, [=] {
        return std::string("'" + N.str() + "()' is declared to return " +
                           memKindName(K).str());
      });
  if (Callee->hasBody())
    return ofReturn(Callee, Depth + 1);
  if (Provenance Other = fromFacts(Callee); !Other.empty())
    return Other.through(Loc, [=] { return std::string("'" + N.str() + "()' is called here"); });
  return Provenance::unknown();
}

std::optional<Provenance>
ProvenanceAnalysis::ofContainerAccess(const CallExpr *CE, const CXXMethodDecl *MD,
                                      unsigned Depth) {
  const CXXRecordDecl *RD = MD->getParent();
  const Expr *Object = nullptr;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(CE))
    Object = MC->getImplicitObjectArgument();
  else if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(CE); OC && OC->getNumArgs())
    Object = OC->getArg(0);
  if (!Object)
    return std::nullopt;
  StringRef N = MD->getIdentifier() ? MD->getName() : StringRef();
  bool Storage = N == "data" || N == "c_str" || N == "front" || N == "back" ||
                 MD->getOverloadedOperator() == OO_Subscript;
  SourceLocation Loc = CE->getBeginLoc();
  if (Storage && isHeapContainer(RD))
    return Provenance::of(MemKind::RAM, Loc, [=] {
      return std::string("'" + spell(CE) + "' is the heap storage of a std::" +
                         RD->getName().str());
    });
  if (Storage && isInlineContainer(RD))
    return ofObjectAddress(Object, Depth + 1).through(Loc, [=] {
      return std::string("a std::array holds its elements inside the object");
    });
  // std::unique_ptr<T>::get(): what the pointer was made from (make_unique: heap).
  if (N == "get" && RD->isInStdNamespace() && RD->getIdentifier() &&
      RD->getName() == "unique_ptr")
    return eval(Object, Depth + 1);
  return std::nullopt;
}

/// What nothing else tells may show in use: a pointer the code writes back with
/// pmem_persist() / arch_wb_cache_pmem() / a pmem2 persist_fn is persistent memory,
/// one it hands to writel() / ioread32() is MMIO. Only for an otherwise unknown value
/// of a parameter or a local variable (usage does not override what is known).
Provenance ProvenanceAnalysis::orUsage(Provenance P, const VarDecl *V) {
  if (!P.only(MemKind::Unknown) || (!isa<ParmVarDecl>(V) && !V->hasLocalStorage()))
    return P;
  auto It = Index->UsedAs.find(V->getCanonicalDecl());
  if (It == Index->UsedAs.end())
    return P;
  Provenance U;
  for (const auto &[Call, K] : It->second) {
    std::string Callee = spell(Call->getCallee());
    std::string Name = V->getName().str();
    MemKind Kind = K;
    U.merge(Provenance::of(K, Call->getBeginLoc(), [=] {
      return "'" + Name + "' is " +
             (Kind == MemKind::PMem ? std::string("written back by '") : "accessed by '") +
             Callee + "()' here: it is " + memKindName(Kind).str() + " (usage)";
    }));
  }
  return U;
}

/// The name of the option that lists a kind's sources.
static StringRef sourcesOption(MemKind K) {
  return K == MemKind::PMem ? "PmemSources" : K == MemKind::MMIO ? "MmioSources" : "RamSources";
}

std::optional<Provenance> ProvenanceAnalysis::fromOptions(const Decl *D) {
  const auto *ND = dyn_cast<NamedDecl>(D);
  if (Config.Sources.empty() || !ND || !ND->getIdentifier())
    return std::nullopt;
  StringRef Name = ND->getName();
  for (const SourceSpec &S : Config.Sources) {
    bool Match = false;
    switch (S.Is) {
    case SourceSpec::Named:
      if (const auto *V = dyn_cast<VarDecl>(D))
        Match = Name == S.Name && V->hasGlobalStorage() && !isa<ParmVarDecl>(V);
      else
        Match = isa<FunctionDecl>(D) && Name == S.Name;
      break;
    case SourceSpec::Param:
      if (const auto *P = dyn_cast<ParmVarDecl>(D))
        if (const auto *F = dyn_cast<FunctionDecl>(P->getDeclContext()))
          Match = F->getIdentifier() && F->getName() == S.Name &&
                  P->getFunctionScopeIndex() == S.Index;
      break;
    case SourceSpec::Field:
      if (const auto *F = dyn_cast<FieldDecl>(D))
        Match = Name == S.Name && F->getParent()->getIdentifier() &&
                F->getParent()->getName() == S.Record;
      break;
    }
    if (Match) {
      MemKind K = S.Kind;
      std::string Entry = S.Entry;
      return Provenance::of(K, D->getLocation(), [=] {
        return "'" + Entry + "' is listed as " + memKindName(K).str() + " in the " +
               sourcesOption(K).str() + " option";
      });
    }
  }
  return std::nullopt;
}

Provenance ProvenanceAnalysis::ofVar(const VarDecl *V, unsigned Depth) {
  V = V->getCanonicalDecl();
  return memoized(V, [&] {
    if (std::optional<Provenance> Opt = fromOptions(V))
      return *Opt;
    for (MemKind K : MarkedKinds)
      if (declMarked(V, K))
        return Provenance::of(K, V->getLocation(), [=] {
          return std::string("'" + V->getName().str() + "' is declared as " +
                             memKindName(K).str() + " here");
        });
    Provenance P;
    auto It = Index->Vars.find(V);
    if (It != Index->Vars.end()) {
      for (const Assignment &A : It->second) {
        if (A.OutCall) {
          if (V->getType()->isPointerType())
            P.merge(ofOutCall(A, Depth + 1).through(A.Loc, [=] {
              return std::string("'" + V->getName().str() + "' is written by '" +
                                 spell(A.OutCall) + "' here");
            }));
          continue;
        }
        P.merge(eval(A.Value, Depth + 1).through(A.Loc, [=] {
          return std::string("'" + V->getName().str() + "' is assigned '" +
                             spell(A.Value) + "' here");
        }));
      }
    }
    P.merge(fromFacts(V));
    // Nothing known, or a global another translation unit may also write.
    if (P.empty() || (V->hasGlobalStorage() && V->isExternallyVisible() &&
                      !V->getType().isConstQualified()))
      P.merge(Provenance::unknown());
    return P;
  });
}

Provenance ProvenanceAnalysis::ofOutCall(const Assignment &A, unsigned Depth) {
  const FunctionDecl *Callee = A.OutCall->getDirectCallee();
  const ParmVarDecl *Param = Callee && A.OutParam < Callee->getNumParams()
                                 ? Callee->getParamDecl(A.OutParam)
                                 : nullptr;
  return ofOutParam(Callee, Param, A.OutParam, Depth);
}

Provenance ProvenanceAnalysis::ofOutParam(const FunctionDecl *Callee,
                                          const ParmVarDecl *Param, unsigned Idx,
                                          unsigned Depth) {
  if (!Callee || !Param)
    return Provenance::unknown();
  StringRef CN = Callee->getIdentifier() ? Callee->getName() : "";
  // The sources that fill an out-parameter.
  if (CN == "dax_direct_access" && Param->getName() == "kaddr")
    return Provenance::of(MemKind::PMem, Param->getLocation(), [=] {
      return std::string("dax_direct_access() stores the kernel address of persistent "
                         "memory through 'kaddr'");
    });
  if (CN == "posix_memalign" && Idx == 0)
    return Provenance::of(MemKind::RAM, Param->getLocation(), [=] {
      return std::string("posix_memalign() allocates ordinary memory");
    });
  const FunctionDecl *Def = Callee->getDefinition();
  if (!Def || Idx >= Def->getNumParams())
    return Provenance::unknown();
  const ParmVarDecl *DefParam = Def->getParamDecl(Idx);
  // A function of this TU: what it stores through the parameter, or passes it on to.
  // Memoized apart from the parameter's own value (ofParam): the key is the
  // parameter's address with the low bit set (declarations are 8-byte aligned).
  const auto *Key = reinterpret_cast<const Decl *>(
      reinterpret_cast<uintptr_t>(static_cast<const Decl *>(DefParam)) | 1);
  return memoized(Key, [&] {
    Provenance R;
    if (auto It = Index->OutStores.find(DefParam); It != Index->OutStores.end())
      for (const Assignment &A : It->second)
        R.merge(eval(A.Value, Depth + 1).through(A.Loc, [=] {
          return std::string("'" + Def->getName().str() + "()' stores '" +
                             spell(A.Value) + "' through '" + DefParam->getName().str() +
                             "' here");
        }));
    if (auto It = Index->OutForwards.find(DefParam); It != Index->OutForwards.end())
      for (const auto &Forward : It->second) {
        const CallExpr *CE = Forward.first;
        unsigned I = Forward.second;
        const FunctionDecl *Next = CE->getDirectCallee();
        R.merge(
            ofOutParam(Next,
                       Next && I < Next->getNumParams() ? Next->getParamDecl(I) : nullptr,
                       I, Depth + 1)
                .through(CE->getBeginLoc(), [=] {
                  return std::string("'" + Def->getName().str() + "()' passes '" +
                                     DefParam->getName().str() + "' to '" + spell(CE) +
                                     "' here");
                }));
      }
    return R.empty() ? Provenance::unknown() : R;
  });
}

Provenance ProvenanceAnalysis::ofField(const FieldDecl *F, unsigned Depth) {
  return memoized(F, [&] {
    if (std::optional<Provenance> Opt = fromOptions(F))
      return *Opt;
    for (MemKind K : MarkedKinds)
      if (declMarked(F, K))
        return Provenance::of(K, F->getLocation(), [=] {
          return std::string("the field '" + F->getName().str() + "' is declared as " +
                             memKindName(K).str() + " here");
        });
    // Any store to the field anywhere in the TU counts (it is the same field of every
    // object). A struct declared in a header is shared with other translation units,
    // which may store other things: then the field is never only RAM.
    const SourceManager &SM = Ctx.getSourceManager();
    Provenance P;
    auto It = Index->Fields.find(F);
    if (It != Index->Fields.end())
      for (const Assignment &A : It->second) {
        if (A.OutCall) {
          if (F->getType()->isPointerType())
            P.merge(ofOutCall(A, Depth + 1).through(A.Loc, [=] {
              return std::string("'" + F->getName().str() + "' is written by '" +
                                 spell(A.OutCall) + "' here");
            }));
          continue;
        }
        P.merge(eval(A.Value, Depth + 1).through(A.Loc, [=] {
          return std::string("'" + F->getName().str() + "' is assigned '" +
                             spell(A.Value) + "' here");
        }));
      }
    // Other files' stores after this file's own: a chain keeps the first reason found,
    // and the evidence here is the one to show.
    P.merge(fromFacts(F));
    if (!SM.isInMainFile(SM.getExpansionLoc(F->getParent()->getLocation())))
      P.merge(Provenance::unknown());
    return P.empty() ? Provenance::unknown() : P;
  });
}

Provenance ProvenanceAnalysis::ofParam(const ParmVarDecl *P, unsigned Depth) {
  return memoized(P, [&] {
    if (std::optional<Provenance> Opt = fromOptions(P))
      return *Opt;
    for (MemKind K : MarkedKinds)
      if (declMarked(P, K))
        return Provenance::of(K, P->getLocation(), [=] {
          return std::string("the parameter '" + P->getName().str() +
                             "' is declared as " + memKindName(K).str() + " here");
        });
    const auto *F = dyn_cast_or_null<FunctionDecl>(P->getDeclContext());
    if (!F)
      return Provenance::unknown();
    const FunctionDecl *Canon = F->getCanonicalDecl();
    Provenance R;
    // The kernel address handed to DAX copy paths.
    bool DaxPath =
        Index->DaxCallbacks.count(Canon) || F->getName() == "dax_copy_from_iter";
    if (DaxPath && P->getName() == "addr")
      R.merge(Provenance::of(MemKind::PMem, P->getLocation(), [=] {
        return std::string("'addr' of '" + F->getName().str() +
                           "' is the kernel address of persistent memory that the "
                           "DAX write path copies into");
      }));
    unsigned Idx = P->getFunctionScopeIndex();
    auto It = Index->Calls.find(Canon);
    if (It != Index->Calls.end())
      for (const CallExpr *CE : It->second)
        if (Idx < CE->getNumArgs())
          R.merge(eval(CE->getArg(Idx), Depth + 1)
                      .through(CE->getArg(Idx)->getBeginLoc(), [=] {
                        return std::string("'" + P->getName().str() + "' of '" +
                                           F->getName().str() + "' receives '" +
                                           spell(CE->getArg(Idx)) + "' here");
                      }));
    // Installed in an ops table: the calls through that field are its callers too.
    bool Installed = false;
    if (auto Slots = Index->Installed.find(Canon); Slots != Index->Installed.end())
      for (const auto &[Field, At] : Slots->second) {
        Installed = true;
        R.merge(callbackArg(Field, Idx, Depth).through(P->getLocation(), [=] {
          return std::string("'" + F->getName().str() + "' is installed as '" +
                             fieldName(Field) + "' at line " +
                             std::to_string(Ctx.getSourceManager().getPresumedLineNumber(
                                 Ctx.getSourceManager().getFileLoc(At))) +
                             ": its calls through that field pass '" + P->getName().str() +
                             "'");
        }));
      }
    R.merge(fromFacts(P));
    // Callers outside this TU, or through pointers (an installed method may be called
    // through its field from other files), may pass anything.
    if (R.empty() || F->isExternallyVisible() || Installed ||
        Index->DaxCallbacks.count(Canon))
      R.merge(Provenance::unknown());
    return R;
  });
}

Provenance ProvenanceAnalysis::callbackArg(const FieldDecl *Field, unsigned Idx,
                                           unsigned Depth) {
  Provenance R;
  if (auto Calls = Index->FieldCalls.find(Field); Calls != Index->FieldCalls.end())
    for (const CallExpr *CE : Calls->second)
      if (Idx < CE->getNumArgs())
        R.merge(eval(CE->getArg(Idx), Depth + 1).through(CE->getArg(Idx)->getBeginLoc(), [=] {
          return std::string("'" + spell(CE->getCallee()) + "()' is called with '" +
                             spell(CE->getArg(Idx)) + "' here");
        }));
  R.merge(fromCallbackFacts(Field, Idx));
  return R;
}

Provenance ProvenanceAnalysis::callbackArg(const FieldDecl *Field, unsigned Idx) {
  return query([&] { return callbackArg(Field, Idx, 0); });
}

std::vector<ProvenanceAnalysis::Installation> ProvenanceAnalysis::installedFunctions() const {
  std::vector<Installation> Out;
  for (const auto &[F, Slots] : Index->Installed)
    for (const auto &[Field, Loc] : Slots)
      Out.push_back({F, Field, Loc});
  return Out;
}

std::vector<const FieldDecl *> ProvenanceAnalysis::calledFields() const {
  std::vector<const FieldDecl *> Out;
  for (const auto &KV : Index->FieldCalls)
    Out.push_back(KV.first);
  return Out;
}

Provenance ProvenanceAnalysis::ofReturn(const FunctionDecl *F, unsigned Depth) {
  F = F->getCanonicalDecl();
  return memoized(F, [&] {
    Provenance P;
    auto It = Index->Returns.find(F);
    if (It != Index->Returns.end())
      for (const Expr *R : It->second)
        P.merge(eval(R, Depth + 1).through(R->getBeginLoc(), [=] {
          return std::string("'" + F->getName().str() + "()' returns '" + spell(R) +
                             "' here");
        }));
    return P.empty() ? Provenance::unknown() : P;
  });
}

bool ProvenanceAnalysis::isDiscarded(const CallExpr *CE) const {
  return Index->Discarded.contains(CE);
}

ArrayRef<const CallExpr *> ProvenanceAnalysis::callersOf(const FunctionDecl *F) const {
  auto It = Index->Calls.find(F->getCanonicalDecl());
  if (It == Index->Calls.end())
    return {};
  return It->second;
}

const Decl *ProvenanceAnalysis::rootOf(const Expr *E) { return ProvenanceIndex::rootDecl(E); }

ArrayRef<const CallExpr *> ProvenanceAnalysis::evaluatedCalls() const {
  return Index->EvaluatedCalls;
}

const FunctionDecl *ProvenanceAnalysis::enclosingFunction(const CallExpr *CE) const {
  return Index->EnclosingFunction.lookup(CE);
}

bool ProvenanceAnalysis::castsToUser(const ExplicitCastExpr *EC) {
  if (!EC->getType()->isPointerType())
    return false;
  const TypeSourceInfo *TSI = EC->getTypeInfoAsWritten();
  return typeMarked(EC->getType(), MemKind::User) ||
         (TSI && macroNamed(TSI->getTypeLoc().getSourceRange(), Config.UserAnnotations));
}

bool ProvenanceAnalysis::isCastToUser(const Expr *E, const Expr *&Inner) {
  const auto *EC = dyn_cast<ExplicitCastExpr>(E->IgnoreParenImpCasts());
  if (!EC || !castsToUser(EC))
    return false;
  Inner = EC->getSubExpr()->IgnoreParenImpCasts();
  // A user address carried as an integer (an ioctl's or a syscall's unsigned long,
  // an address in mm code, u64_to_user_ptr()) is user memory whatever the integer's
  // own provenance: the cast is how the kernel turns it back into a user pointer.
  // Only an integer made from a pointer (a kernel pointer round-tripped through
  // unsigned long) can hide a kernel pointer.
  if (!Inner->getType()->isPointerType()) {
    Inner = pointerBehindInteger(Inner);
    if (!Inner)
      return false;
  }
  if (typeMarked(Inner->getType(), MemKind::User))
    return false;
  Provenance P = pointerOf(Inner);
  return !P.has(MemKind::User) && !P.empty();
}

} // namespace copyintent::checker
