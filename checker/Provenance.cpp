//===- Provenance.cpp - Where a destination pointer comes from ------------===//

#include "Provenance.h"
#include "FunctionCFGs.h"
#include "ProvenanceIndex.h"
#include "SpelledName.h"
#include "MemorySources.h"
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


// --- The analysis ------------------------------------------------------------------

namespace {

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

/// The standard library containers whose storage (data(), c_str(), operator[]) is
/// ordinary heap memory with the default allocator, and those that hold their
/// elements inside the object.
bool isHeapContainer(const CXXRecordDecl *RD) {
  if (!RD || !RD->isInStdNamespace() || !RD->getIdentifier() ||
      !isStdHeapContainer(RD->getName()))
    return false;
  const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD);
  if (!Spec)
    return false;
  // The allocator is the last template argument; only std::allocator is known.
  const TemplateArgumentList &Args = Spec->getTemplateArgs();
  if (Args.size() == 0 || Args[Args.size() - 1].getKind() != TemplateArgument::Type)
    return false;
  const CXXRecordDecl *Alloc = Args[Args.size() - 1].getAsType()->getAsCXXRecordDecl();
  return Alloc && Alloc->isInStdNamespace() && Alloc->getName() == StdDefaultAllocator;
}
bool isInlineContainer(const CXXRecordDecl *RD) {
  return RD && RD->isInStdNamespace() && RD->getIdentifier() &&
         isStdInlineContainer(RD->getName());
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

void ProvenanceAnalysis::release() {
  Current.reset();
  FunctionCFGs::release();
}

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
  return rangeNames(R, Ctx, Names);
}

bool ProvenanceAnalysis::typeMarked(QualType T, MemKind K) {
  // sparse's address spaces (__user 1, __iomem 2, __pmem 5) and the kernel's
  // btf_type_tag spellings, when a build makes the markings real.
  for (int Depth = 0; Depth < 4 && !T.isNull(); ++Depth) {
    QualType Pointee = T->getPointeeType();
    if (Pointee.isNull())
      break;
    LangAS AS = Pointee.getAddressSpace();
    if (isTargetAddressSpace(AS) && sparseAddressSpace(K) == toTargetAddressSpace(AS))
      return true;
    if (const auto *BT = Pointee->getAs<BTFTagAttributedType>())
      if (!btfTypeTag(K).empty() && BT->getAttr()->getBTFTypeTag() == btfTypeTag(K))
        return true;
    T = Pointee;
  }
  return false;
}

std::optional<Provenance>
ProvenanceAnalysis::fromMarkings(const Decl *D, SourceLocation Loc,
                                 const std::function<std::string(MemKind)> &Describe) {
  SmallVector<MemKind, 2> Kinds;
  for (MemKind K : MarkedKinds)
    if (declMarked(D, K))
      Kinds.push_back(K);
  if (Kinds.empty())
    return std::nullopt;
  if (Kinds.size() > 1) {
    Conflicts.push_back({D, {Kinds[0], Kinds[1]}});
    return Provenance::unknown();
  }
  std::string Text = Describe(Kinds[0]);
  return Provenance::of(Kinds[0], Loc, [Text] { return Text; });
}

bool ProvenanceAnalysis::declMarked(const Decl *D, MemKind K) {
  if (!D)
    return false;
  static const std::vector<std::string> RAMNames = defaultMarkings(MemKind::RAM);
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

/// Whether a current fact is among Facts (stale ones are said at Use, not used).
static bool anyCurrent(ArrayRef<Fact> Facts, const FactTable &T, SourceLocation Use,
                       std::vector<std::pair<SourceLocation, std::string>> &Stale) {
  bool Found = false;
  for (const Fact &F : Facts) {
    if (T.isCurrent(F))
      Found = true;
    else
      Stale.push_back({Use, F.File});
  }
  return Found;
}

bool ProvenanceAnalysis::factDrains(const FunctionDecl *F, SourceLocation Use) {
  if (!Config.Facts || !F->getIdentifier() || !F->isExternallyVisible() || F->hasBody())
    return false;
  return anyCurrent(Config.Facts->drains(F->getName()), *Config.Facts, Use, StaleFacts);
}

bool ProvenanceAnalysis::factWritesBack(const FunctionDecl *F, unsigned Index,
                                        SourceLocation Use) {
  if (!Config.Facts || !F->getIdentifier() || !F->isExternallyVisible() || F->hasBody())
    return false;
  return anyCurrent(Config.Facts->writesBack(F->getName(), Index), *Config.Facts, Use,
                    StaleFacts);
}

bool ProvenanceAnalysis::factPublishes(const FunctionDecl *F, unsigned Index,
                                       SourceLocation Use) {
  if (!Config.Facts || !F->getIdentifier() || !F->isExternallyVisible() || F->hasBody())
    return false;
  return anyCurrent(Config.Facts->publishes(F->getName(), Index), *Config.Facts, Use,
                    StaleFacts);
}

std::optional<bool> ProvenanceAnalysis::factLeavesUnwritten(const FunctionDecl *F,
                                                            unsigned Index,
                                                            SourceLocation Use) {
  if (!Config.Facts || !F->getIdentifier() || !F->isExternallyVisible() || F->hasBody())
    return std::nullopt;
  const FactTable &T = *Config.Facts;
  if (anyCurrent(T.leaves(Fact::LeavesUnwritten, F->getName(), Index), T, Use, StaleFacts))
    return true;
  if (anyCurrent(T.leaves(Fact::LeavesUndrained, F->getName(), Index), T, Use, StaleFacts))
    return false;
  return std::nullopt;
}

std::string ProvenanceAnalysis::factUnwrittenBy(const FunctionDecl *F, unsigned Index) {
  if (!Config.Facts || !F->getIdentifier() || F->hasBody())
    return "";
  for (Fact::About K : {Fact::LeavesUnwritten, Fact::LeavesUndrained})
    for (const Fact &Ft : Config.Facts->leaves(K, F->getName(), Index))
      if (Config.Facts->isCurrent(Ft))
        return StringRef(Ft.What).trim("'").str();
  return "";
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
            " of '" + F->getName().str() + "'; its callers " +
            (T.wholeProgram() ? "in the program" : "in other files") + " pass %kind: ";
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
    if (!Config.Facts->isCurrent(F)) {
      StaleFacts.push_back({Loc, F.File});
      continue;
    }
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

  std::optional<SourceRole> Role = sourceRole(N);
  if (Role == SourceRole::PMemMapper || Named(Config.PMemSources))
    return Provenance::of(MemKind::PMem, Loc, [=] {
      return ("'" + N + "()' " + roleSays(SourceRole::PMemMapper)).str();
    });
  if (const MappingFlagRule *R = spelledFlagRule(CE, N, Ctx))
    return Provenance::of(R->Kind, Loc, [=] { return R->says(N); });
  if (N == PgmapMapper && Index->FsDaxPgmap.isValid())
    return Provenance::of(MemKind::PMem, Loc, [=] {
      return ("'" + PgmapMapper + "()' maps the " + FsDaxPgmapType +
              " pgmap of this file (persistent memory with struct pages)")
          .str();
    });
  if (Callee->isInStdNamespace() && isStdHeapFactory(N))
    return Provenance::of(MemKind::RAM, Loc, [=] {
      return std::string("'std::" + N.str() + "()' allocates ordinary heap memory");
    });
  if (Role == SourceRole::PageAllocator)
    return Provenance::of(MemKind::RAM, Loc, [=] {
      return ("'" + N + "()' " + roleSays(SourceRole::PageAllocator)).str();
    });
  if (Role == SourceRole::PageMapper && CE->getNumArgs() == 1) {
    Provenance Page = eval(CE->getArg(0), Depth + 1);
    if (!Page.has(MemKind::Unknown))
      return Page.through(Loc, [=] {
        return ("'" + N + "()' " + roleSays(SourceRole::PageMapper)).str();
      });
    return Provenance::unknown();
  }
  if (Role == SourceRole::MMIOMapper || Named(Config.MMIOSources))
    return Provenance::of(MemKind::MMIO, Loc, [=] {
      return ("'" + N + "()' " + roleSays(SourceRole::MMIOMapper)).str();
    });
  if (Role == SourceRole::Allocator)
    return Provenance::of(MemKind::RAM, Loc, [=] {
      return ("'" + N + "()' " + roleSays(SourceRole::Allocator)).str();
    });
  if (std::optional<Provenance> M = fromMarkings(Callee, Loc, [&](MemKind K) {
        return "'" + N.str() + "()' is declared to return " + memKindName(K).str();
      }))
    return *M;
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
  bool Storage = isStdStorageAccessor(N) || MD->getOverloadedOperator() == OO_Subscript;
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
  if (N == StdOwningPointerGet && RD->isInStdNamespace() && RD->getIdentifier() &&
      RD->getName() == StdOwningPointer)
    return eval(Object, Depth + 1);
  return std::nullopt;
}

/// What nothing else tells may show in use: a pointer the code writes back with
/// pmem_persist() / arch_wb_cache_pmem() / a pmem2 persist_fn is persistent memory,
/// one it hands to writel() / ioread32() is MMIO. Only for an otherwise unknown value
/// of a parameter, a local variable or a variable of this file (static: every use is
/// in this TU), and usage does not override what is known.
Provenance ProvenanceAnalysis::orUsage(Provenance P, const VarDecl *V) {
  if (!P.only(MemKind::Unknown) ||
      (!isa<ParmVarDecl>(V) && !V->hasLocalStorage() && V->isExternallyVisible()))
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
    if (std::optional<Provenance> M = fromMarkings(V, V->getLocation(), [&](MemKind K) {
          return "'" + V->getName().str() + "' is declared as " + memKindName(K).str() +
                 " here";
        }))
      return *M;
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
  if (std::optional<OutParamSource> S =
          outParamSource(CN, Idx, Param->getIdentifier() ? Param->getName() : ""))
    return Provenance::of(S->Kind, Param->getLocation(), [=] {
      return S->Function.str() + "() " + S->Says.str();
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
    if (std::optional<Provenance> M = fromMarkings(F, F->getLocation(), [&](MemKind K) {
          return "the field '" + F->getName().str() + "' is declared as " +
                 memKindName(K).str() + " here";
        }))
      return *M;
    // Any store to the field anywhere in the TU counts (it is the same field of every
    // object). A struct declared in a header is shared with other translation units,
    // which may store other things: then the field is never only RAM.
    const SourceManager &SM = Ctx.getSourceManager();
    Provenance P = storesInto(F, Depth);
    // Other files' stores after this file's own: a chain keeps the first reason found,
    // and the evidence here is the one to show.
    Provenance Elsewhere = fromFacts(F);
    P.merge(Elsewhere);
    bool AllStoresKnown =
        Config.Facts && Config.Facts->wholeProgram() && !Elsewhere.empty();
    if (!AllStoresKnown && !SM.isInMainFile(SM.getExpansionLoc(F->getParent()->getLocation())))
      P.merge(Provenance::unknown());
    return P.empty() ? Provenance::unknown() : P;
  });
}

Provenance ProvenanceAnalysis::storesInto(const FieldDecl *F, unsigned Depth) {
  Provenance P;
  auto It = Index->Fields.find(F);
  if (It == Index->Fields.end())
    return P;
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
      return std::string("'" + F->getName().str() + "' is assigned '" + spell(A.Value) +
                         "' here");
    }));
  }
  return P;
}

Provenance ProvenanceAnalysis::storesInto(const FieldDecl *F) {
  return query([&] { return storesInto(F, 0); });
}

Provenance ProvenanceAnalysis::ofParam(const ParmVarDecl *P, unsigned Depth) {
  return memoized(P, [&] {
    if (std::optional<Provenance> Opt = fromOptions(P))
      return *Opt;
    if (std::optional<Provenance> M = fromMarkings(P, P->getLocation(), [&](MemKind K) {
          return "the parameter '" + P->getName().str() + "' is declared as " +
                 memKindName(K).str() + " here";
        }))
      return *M;
    const auto *F = dyn_cast_or_null<FunctionDecl>(P->getDeclContext());
    if (!F)
      return Provenance::unknown();
    const FunctionDecl *Canon = F->getCanonicalDecl();
    Provenance R;
    // The kernel address handed to DAX copy paths.
    bool DaxPath =
        Index->DaxCallbacks.count(Canon) ||
        (F->getIdentifier() && isDaxCopyFunction(F->getName()));
    if (DaxPath && P->getName() == DaxAddressParam)
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
      for (const auto &Slot : Slots->second) {
        Installed = true;
        const FieldDecl *Field = Slot.first;
        const SourceManager &SM = Ctx.getSourceManager();
        unsigned Line = SM.getPresumedLineNumber(SM.getFileLoc(Slot.second));
        R.merge(callbackArg(Field, Idx, Depth).through(P->getLocation(), [=] {
          return "'" + F->getName().str() + "' is installed as '" + fieldName(Field) +
                 "' at line " + std::to_string(Line) +
                 ": its calls through that field pass '" + P->getName().str() + "'";
        }));
      }
    Provenance Elsewhere = fromFacts(P);
    R.merge(Elsewhere);
    // Callers outside this TU, or through pointers (an installed method may be called
    // through its field from other files), may pass anything; unless the facts are
    // the whole program's and list this parameter's callers (those with callers
    // outside the program are listed with unknown arguments).
    bool AllCallersKnown =
        Config.Facts && Config.Facts->wholeProgram() && !Elsewhere.empty();
    if (R.empty() || (F->isExternallyVisible() && !AllCallersKnown) || Installed ||
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

const Expr *ProvenanceAnalysis::soleValueOf(const VarDecl *V) const {
  auto It = Index->Vars.find(V->getCanonicalDecl());
  if (It == Index->Vars.end() || It->second.size() != 1 || It->second.front().OutCall)
    return nullptr;
  return It->second.front().Value;
}

ArrayRef<const Stmt *> ProvenanceAnalysis::memoryStoresIn(const FunctionDecl *F) const {
  auto It = Index->MemoryStores.find(F->getCanonicalDecl());
  return It == Index->MemoryStores.end() ? ArrayRef<const Stmt *>() : ArrayRef(It->second);
}

ArrayRef<std::pair<const Stmt *, const FunctionDecl *>>
ProvenanceAnalysis::orderingStatements() const {
  return Index->OrderingStatements;
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
