//===- CopyCallCheck.cpp - Base of the checks on copy call sites ----------===//

#include "CopyCallCheck.h"
#include "CrossTuFacts.h"
#include "FunctionCFGs.h"
#include "OptionTable.h"

#include "clang/AST/ASTContext.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/MacroInfo.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/StringExtras.h"

#include <algorithm>

using namespace clang;
using namespace llvm;

namespace copyintent::checker {

namespace {

std::vector<std::string> splitNames(StringRef List) {
  SmallVector<StringRef, 8> Parts;
  List.split(Parts, ';', -1, /*KeepEmpty=*/false);
  std::vector<std::string> Out;
  for (StringRef P : Parts)
    if (!P.trim().empty())
      Out.push_back(P.trim().str());
  return Out;
}

bool isIdentifier(StringRef S) {
  if (S.empty() || !(isAlpha(S[0]) || S[0] == '_'))
    return false;
  return llvm::all_of(S, [](char C) { return isAlnum(C) || C == '_'; });
}

} // namespace

CopyCallCheck::CopyCallCheck(StringRef Name, CheckHost &Host) : Host(Host), Id(Name) {
  for (const OptionSpec &S : optionSpecs())
    if (S.Check.empty() || S.Check == Name)
      Values.push_back({S.Name.str(), Host.option(S.Name, S.Default)});
  const std::string &ApiEraOpt = optionValue("ApiEra");
  bool Ok;
  ForcedEra = parseEra(ApiEraOpt, Ok);
  if (!Ok)
    Host.configurationError("invalid value '%0' for option 'ApiEra' of %1: expected %2")
        << ApiEraOpt << Name << eraNamesForHumans();

  const std::string &DomainOpt = optionValue("PersistenceDomain");
  if (std::optional<PersistenceDomain> D = parsePersistenceDomain(DomainOpt))
    Domain = *D;
  else
    Host.configurationError("invalid value '%0' for option 'PersistenceDomain' of %1: "
                            "expected %2")
        << DomainOpt << Name << persistenceDomainNames();

  auto Read = [&](StringRef Opt, std::vector<std::string> &Out) {
    if (std::optional<std::vector<std::string>> Names = nameListOption(Opt))
      Out = std::move(*Names);
  };
  Read("PmemAnnotations", Config.PMemAnnotations);
  Read("MmioAnnotations", Config.MMIOAnnotations);
  Read("UserAnnotations", Config.UserAnnotations);
  Read("PmemSourceFunctions", Config.PMemSources);
  Read("MmioSourceFunctions", Config.MMIOSources);

  for (auto [Opt, K] : {std::pair<StringRef, MemKind>{"PmemSources", MemKind::PMem},
                        {"MmioSources", MemKind::MMIO},
                        {"RamSources", MemKind::RAM}}) {
    std::string Err;
    if (!parseSourceSpecs(optionValue(Opt), K, Config.Sources, Err))
      Host.configurationError("invalid value for option '%0' of %1: %2")
          << Opt << Name << Err;
  }
  // One declaration named for two kinds cannot be both: a configuration error.
  for (size_t I = 0; I < Config.Sources.size(); ++I)
    for (size_t J = I + 1; J < Config.Sources.size(); ++J) {
      const SourceSpec &A = Config.Sources[I], &B = Config.Sources[J];
      if (A.Kind != B.Kind && A.Is == B.Is && A.Name == B.Name && A.Record == B.Record &&
          A.Index == B.Index)
        Host.configurationError("options of %0 name '%1' both as %2 and as %3: "
                                "give it one kind")
            << Name << A.Entry << memKindName(A.Kind) << memKindName(B.Kind);
    }

  if (const std::string &Facts = optionValue("FactsFile"); !Facts.empty()) {
    if (Expected<std::shared_ptr<const FactTable>> T = loadFactTable(Facts))
      Config.Facts = std::move(*T);
    else
      Host.configurationError("invalid value for option 'FactsFile' of %0: %1")
          << Name << toString(T.takeError());
  }

  std::string Err;
  if (!parseExtraCopyFunctions(optionValue("ExtraCopyFunctions"), Extras, Err)) {
    Host.configurationError("invalid value for option 'ExtraCopyFunctions' of %0: %1")
        << Name << Err;
    Extras.clear();
  }
  for (const ExtraCopyFunction &E : Extras) {
    if (!isIdentifier(E.Name)) {
      Host.configurationError(
          "invalid value for option 'ExtraCopyFunctions' of %0: '%1' is "
          "not an identifier")
          << Name << E.Name;
      continue;
    }
    ExtraTable.push_back({E.Name, E.Fam, E.Dst, E.Src, E.Size, false, {}, {}, {}, ""});
  }
}

const std::string &CopyCallCheck::optionValue(StringRef Name) const {
  for (const auto &[N, V] : Values)
    if (N == Name)
      return V;
  llvm_unreachable("an option that Options.def does not give this check");
}

std::optional<std::vector<std::string>> CopyCallCheck::nameListOption(StringRef Option) {
  const std::string &Value = optionValue(Option);
  std::vector<std::string> Names = splitNames(Value);
  for (const std::string &N : Names)
    if (!isIdentifier(N)) {
      Host.configurationError("invalid value '%0' for option '%1' of %2: '%3' is not an "
                              "identifier; expected names separated by ';'")
          << Value << Option << Id << N;
      return std::nullopt;
    }
  return Names;
}

bool CopyCallCheck::boolOption(StringRef Option) {
  const std::string &Value = optionValue(Option);
  StringRef V = StringRef(Value).trim();
  if (V == "true" || V == "1")
    return true;
  if (V == "false" || V == "0")
    return false;
  Host.configurationError("invalid value '%0' for option '%1' of %2: expected true or "
                          "false")
      << Value << Option << Id;
  return false;
}

const CopyFunction *CopyCallCheck::lookup(StringRef Name) const {
  for (const CopyFunction &F : ExtraTable)
    if (F.Name == Name)
      return &F;
  return lookupCopyFunction(Name);
}

void CopyCallCheck::checkTranslationUnit(ASTContext &Ctx) {
  checkSourcesAgainstDeclarations(Ctx);
  ProvenanceAnalysis &A = ProvenanceAnalysis::get(Ctx, Config);
  // Set for the whole TU: the whole-TU walks spell expressions too, in files
  // without a copy call.
  CurrentAnalysis = &A;
  for (const CallExpr *Call : A.evaluatedCalls())
    checkCall(Call, Ctx, A);
  CurrentCall = nullptr;
  checkWholeTranslationUnit(Ctx, A);
  // A limit that was hit is said, once per function whichever check hit it.
  for (const FunctionDecl *F : FunctionCFGs::forContext(Ctx).takeExhausted())
    Host.report(F->getLocation(),
                "the ordering checks stopped following the paths of '%0' after %1 CFG "
                "elements (their budget per function): what lies beyond is not "
                "followed, so this function may lack ordering findings",
                DiagnosticIDs::Remark)
        << F->getNameAsString() << FunctionCFGs::ElementBudget;
  // Declarations whose markings contradict each other are treated as unknown; say so.
  for (const auto &[D, Kinds] : A.conflictingMarkings())
    if (A.claimStaleReport("marking:" + std::to_string(reinterpret_cast<uintptr_t>(D))))
      Host.report(D->getLocation(),
                  "'%0' is marked both as %1 and as %2: the markings conflict, so its "
                  "memory is taken as unknown",
                  DiagnosticIDs::Warning)
          << cast<NamedDecl>(D)->getName() << memKindName(Kinds.first)
          << memKindName(Kinds.second);
  // Never silently weaker: facts lines that turned out broken, and facts that no
  // longer describe the code, are said once.
  if (Config.Facts)
    for (const std::string &P : Config.Facts->problems())
      if (A.claimStaleReport("facts:" + P))
        Host.report(SourceLocation(), "%0; the facts of that line were not used",
                    DiagnosticIDs::Error)
            << P;
  for (const auto &[Loc, File] : A.staleFacts())
    if (A.claimStaleReport(File))
      Host.report(
          Loc,
          "the cross-TU facts from %0 are stale (the file changed after the facts "
          "were made) and were not used here; make the facts again",
          DiagnosticIDs::Warning)
          << File;
}

/// A function:N entry whose N is past the function's parameters never matches: say so
/// when the function is declared, naming the entry (once per run).
void CopyCallCheck::checkSourcesAgainstDeclarations(ASTContext &Ctx) {
  for (const SourceSpec &S : Config.Sources) {
    if (S.Is != SourceSpec::Param || !ReportedEntries.insert(S.Entry).second)
      continue;
    DeclContextLookupResult R =
        Ctx.getTranslationUnitDecl()->lookup(&Ctx.Idents.get(S.Name));
    for (const NamedDecl *D : R)
      if (const auto *F = dyn_cast<FunctionDecl>(D); F && S.Index >= F->getNumParams()) {
        Host.configurationError("option entry '%0' of %1: '%2' has %3 parameter(s), "
                                "numbered from 0")
            << S.Entry << Id << S.Name << F->getNumParams();
        break;
      }
    if (R.empty())
      ReportedEntries.erase(S.Entry); // not declared in this TU: look again in the next
  }
  // An ExtraCopyFunctions entry whose argument index is past the function's
  // parameters would never match a call: say so when the function is declared.
  for (const ExtraCopyFunction &E : Extras) {
    if (!ReportedEntries.insert("extra:" + E.Name).second)
      continue;
    DeclContextLookupResult R =
        Ctx.getTranslationUnitDecl()->lookup(&Ctx.Idents.get(E.Name));
    int Highest = std::max({E.Dst, E.Src, E.Size});
    for (const NamedDecl *D : R)
      if (const auto *F = dyn_cast<FunctionDecl>(D);
          F && !F->isVariadic() && Highest >= int(F->getNumParams())) {
        Host.configurationError("option entry '%0' of ExtraCopyFunctions of %1: argument "
                                "%2 is past the %3 parameter(s) of '%0', numbered from 0")
            << E.Name << Id << Highest << F->getNumParams();
        break;
      }
    if (R.empty())
      ReportedEntries.erase("extra:" + E.Name);
  }
}

void CopyCallCheck::checkCall(const CallExpr *Call, ASTContext &Ctx,
                              ProvenanceAnalysis &A) {
  const CopyFunction *Entry = copyFunctionOf(Call, Ctx);
  if (!Entry)
    return;
  // The body of a copy function (copy.h's memcpy_nocache wrapper, a kernel helper
  // defined in the TU) is its implementation, not a call site: its callers are.
  if (const FunctionDecl *Encl = A.enclosingFunction(Call))
    if (Encl->getIdentifier() && lookup(Encl->getName()))
      return;
  // A declaration with too few parameters is not the function of the table.
  int MaxArg = std::max({Entry->Dst, Entry->Src, Entry->Size});
  if (MaxArg >= static_cast<int>(Call->getNumArgs()))
    return;
  CurrentCall = Call;
  CurrentAnalysis = &A;
  checkCopyCall({Call, *Entry, Ctx, A});
  reportLimit(Call, *Entry, A);
}

const CopyFunction *CopyCallCheck::copyFunctionOf(const CallExpr *Call,
                                                  ASTContext &Ctx) const {
  // A named function, or (libpmem2) a pointer of a known function type.
  const NamedDecl *Fn = Call->getDirectCallee();
  if (!Fn)
    if (const auto *TT =
            Call->getCallee()->IgnoreParenImpCasts()->getType()->getAs<TypedefType>())
      Fn = TT->getDecl();
  if (!Fn || !Fn->getIdentifier())
    return nullptr;
  const CopyFunction *Entry = lookup(Fn->getName());
  if (!Entry)
    return nullptr;
  // A callee spelled as another copy function that a macro maps onto this one
  // (`#define _copy_from_iter_flushcache _copy_from_iter_nocache` where the
  // architecture has no flushcache copy) is judged by its spelling: that is what its
  // author asked for, and what a fix-it would have to write.
  SourceLocation CalleeLoc = Call->getCallee()->IgnoreParenImpCasts()->getExprLoc();
  if (CalleeLoc.isMacroID()) {
    StringRef Spelled = Lexer::getImmediateMacroName(CalleeLoc, Ctx.getSourceManager(),
                                                     Ctx.getLangOpts());
    if (const CopyFunction *AsSpelled = lookup(Spelled))
      Entry = AsSpelled;
  }
  return Entry;
}

/// A verdict the analysis could not reach because a bound cut it short is said, as
/// a remark, so that "no finding" is never silently "gave up".
void CopyCallCheck::reportLimit(const CallExpr *Call, const CopyFunction &Fn,
                                ProvenanceAnalysis &A) {
  for (int Arg : {Fn.Dst, Fn.Src}) {
    if (Arg < 0)
      continue;
    ProvenanceAnalysis::Limit L = A.limitHit(Call->getArg(Arg));
    if (L == ProvenanceAnalysis::Limit::None || !A.claimLimitReport(Call))
      continue;
    bool Depth = L == ProvenanceAnalysis::Limit::Depth;
    Host.report(Call->getArg(Arg)->getExprLoc(),
                "the %select{destination|source}0 of %1 was not followed to its end: "
                "the provenance analysis stopped at its %select{depth bound (%3 "
                "expression levels and declaration hops)|step bound (%3 steps)}2; what "
                "lies beyond is unknown, so this call may lack a finding",
                DiagnosticIDs::Remark)
        << (Arg == Fn.Dst ? 0 : 1) << Fn.Name << (Depth ? 0 : 1)
        << (Depth ? ProvenanceAnalysis::MaxDepth : ProvenanceAnalysis::MaxStepsPerQuery);
    return;
  }
}

void CopyCallCheck::endTranslationUnit() {
  CurrentCall = nullptr;
  CurrentAnalysis = nullptr;
  resetTranslationUnit();
  ProvenanceAnalysis::release();
}

const Expr *CopyCallCheck::CopyCall::dst() const {
  return Fn.Dst >= 0 ? Call->getArg(Fn.Dst) : nullptr;
}
Family CopyCallCheck::CopyCall::family() const {
  Expr::EvalResult Flags;
  if (Fn.Fam != Family::Libpmem || Call->getNumArgs() <= LibpmemFlagsArg ||
      !Call->getArg(LibpmemFlagsArg)->EvaluateAsInt(Flags, Ctx))
    return Fn.Fam;
  return libpmemFamily(Flags.Val.getInt().getZExtValue());
}

std::optional<std::pair<const Expr *, Provenance>>
CopyCallCheck::CopyCall::pmemDst() const {
  const Expr *D = dst();
  if (!D)
    return std::nullopt;
  Provenance P = Analysis.pointerOf(D);
  if (!P.has(MemKind::PMem))
    return std::nullopt;
  return std::make_pair(D, std::move(P));
}

const Expr *CopyCallCheck::CopyCall::src() const {
  return Fn.Src >= 0 ? Call->getArg(Fn.Src) : nullptr;
}

bool CopyCallCheck::isDeclared(ASTContext &Ctx, StringRef Name) const {
  DeclContextLookupResult R = Ctx.getTranslationUnitDecl()->lookup(&Ctx.Idents.get(Name));
  if (llvm::any_of(R, [](const NamedDecl *D) { return isa<FunctionDecl>(D); }))
    return true;
  return PP && PP->isMacroDefined(Name);
}

std::optional<Era> CopyCallCheck::era(ASTContext &Ctx) const {
  if (ForcedEra)
    return ForcedEra;
  // The newest era whose names this TU declares.
  for (const EraMarker &M : eraMarkers())
    if (any_of(M.AnyOf, [&](StringRef N) { return isDeclared(Ctx, N); }) &&
        (M.Unless.empty() || !isDeclared(Ctx, M.Unless)))
      return M.E;
  return std::nullopt;
}

std::optional<StringRef> CopyCallCheck::pickCounterpart(ArrayRef<Counterpart> Cands,
                                                        ASTContext &Ctx,
                                                        std::string &WhyNot) const {
  std::optional<Era> E = era(Ctx);
  SmallVector<StringRef, 4> InEra;
  for (const Counterpart &C : Cands)
    if (!E || (C.Eras & unsigned(*E)))
      InEra.push_back(C.Name);
  if (InEra.empty()) {
    WhyNot = E ? ("there is none in the " + eraName(*E) + " API").str() : "there is none";
    return std::nullopt;
  }
  for (StringRef N : InEra)
    if (isDeclared(Ctx, N))
      return N;
  WhyNot = ("'" + InEra.front() + "' is not declared in this translation unit").str();
  return std::nullopt;
}

std::optional<FixItHint> CopyCallCheck::renameCallee(const CallExpr *Call,
                                                     StringRef NewName, ASTContext &Ctx,
                                                     std::string &WhyNot) const {
  const SourceManager &SM = Ctx.getSourceManager();
  const Expr *Callee = Call->getCallee()->IgnoreParenImpCasts();
  SourceLocation Loc = Callee->getExprLoc();
  // The result is used and the replacement returns something else: the rewrite
  // would not compile (or would change what the caller computes).
  if (!resultCompatible(Call, NewName, Ctx, WhyNot))
    return std::nullopt;
  if (Loc.isMacroID() && !SM.isMacroArgExpansion(Loc)) {
    // `#define copy_to_nontemporal copy_to_nontemporal` (a feature-test macro): the
    // name at the call site is the whole expansion; rewriting it is exact.
    StringRef Macro = Lexer::getImmediateMacroName(Loc, SM, Ctx.getLangOpts());
    CharSourceRange Exp = SM.getImmediateExpansionRange(Loc);
    const MacroInfo *MI = PP ? PP->getMacroInfo(&Ctx.Idents.get(Macro)) : nullptr;
    if (MI && MI->isObjectLike() && MI->getNumTokens() == 1 &&
        MI->getReplacementToken(0).getIdentifierInfo() &&
        MI->getReplacementToken(0).getIdentifierInfo()->getName() == Macro &&
        Exp.getBegin().isFileID() && Exp.getBegin() == Exp.getEnd())
      return FixItHint::CreateReplacement(
          CharSourceRange::getTokenRange(Exp.getBegin(), Exp.getBegin()), NewName);
  }
  if (Loc.isMacroID()) {
    if (!SM.isMacroArgExpansion(Loc)) {
      WhyNot = ("the call is spelled inside the macro '" +
                Lexer::getImmediateMacroName(Loc, SM, Ctx.getLangOpts()) +
                "', whose other uses may rightly stay as they are")
                   .str();
      return std::nullopt;
    }
    Loc = SM.getSpellingLoc(Loc);
    if (Loc.isMacroID() || !Loc.isFileID()) {
      WhyNot = "the call's name is produced by a macro";
      return std::nullopt;
    }
  }
  return FixItHint::CreateReplacement(CharSourceRange::getTokenRange(Loc, Loc), NewName);
}

std::optional<FixItHint> CopyCallCheck::stripCast(const Expr *Cast, const Expr *Inner,
                                                  StringRef What, ASTContext &Ctx,
                                                  std::string &WhyNot) const {
  CharSourceRange Outer = fileRange(Cast, Ctx), In = fileRange(Inner, Ctx);
  if (Outer.isInvalid() || In.isInvalid()) {
    WhyNot = ("the " + What + " argument is written inside a macro").str();
    return std::nullopt;
  }
  return FixItHint::CreateReplacement(
      Outer, Lexer::getSourceText(In, Ctx.getSourceManager(), Ctx.getLangOpts()));
}

void CopyCallCheck::noFixNote(const CallExpr *Call, StringRef Why) {
  diag(Call->getBeginLoc(), "no automatic fix: %0", DiagnosticIDs::Note) << Why;
}

bool CopyCallCheck::resultCompatible(const CallExpr *Call, StringRef NewName,
                                     ASTContext &Ctx, std::string &WhyNot) const {
  if (CurrentAnalysis && CurrentAnalysis->isDiscarded(Call))
    return true;
  QualType Old = Call->getCallReturnType(Ctx);
  // A name that is an object-like macro for another function (the kernel's
  // `#define _copy_from_iter_flushcache _copy_from_iter_nocache` fallback) returns
  // what that function returns.
  StringRef Target = NewName;
  if (const MacroInfo *MI = PP ? PP->getMacroInfo(&Ctx.Idents.get(NewName)) : nullptr;
      MI && MI->isObjectLike() && MI->getNumTokens() == 1 &&
      MI->getReplacementToken(0).getIdentifierInfo())
    Target = MI->getReplacementToken(0).getIdentifierInfo()->getName();
  for (const NamedDecl *D : Ctx.getTranslationUnitDecl()->lookup(&Ctx.Idents.get(Target)))
    if (const auto *FD = dyn_cast<FunctionDecl>(D)) {
      QualType New = FD->getReturnType();
      if (Ctx.hasSameUnqualifiedType(Old, New) ||
          (Old->isIntegerType() && New->isIntegerType()))
        return true;
      WhyNot = ("the call's value is used, and '" + NewName + "' returns '" +
                New.getAsString() + "' where '" + Call->getDirectCallee()->getName() +
                "' returns '" + Old.getAsString() + "'")
                   .str();
      return false;
    }
  WhyNot = ("the call's value is used, and the type '" + NewName + "' returns is unknown")
               .str();
  return false;
}

CharSourceRange CopyCallCheck::fileRange(const Expr *E, ASTContext &Ctx) const {
  CharSourceRange R =
      Lexer::makeFileCharRange(CharSourceRange::getTokenRange(E->getSourceRange()),
                               Ctx.getSourceManager(), Ctx.getLangOpts());
  return R;
}

std::string CopyCallCheck::spell(const Expr *E, ASTContext &Ctx) const {
  (void)Ctx;
  return CurrentAnalysis ? CurrentAnalysis->spell(E) : "the value";
}

void CopyCallCheck::explain(const Expr *Dst, const Provenance &P, MemKind K,
                            ASTContext &Ctx) {
  // In a template, say which instantiation this verdict is about.
  if (CurrentCall && CurrentAnalysis)
    if (const FunctionDecl *F = CurrentAnalysis->enclosingFunction(CurrentCall);
        F && F->isTemplateInstantiation()) {
      std::string Name;
      llvm::raw_string_ostream OS(Name);
      F->getNameForDiagnostic(OS, Ctx.getPrintingPolicy(), /*Qualified=*/true);
      diag(CurrentCall->getBeginLoc(), "in instantiation of '%0'", DiagnosticIDs::Note)
          << Name;
    }
  if (Dst)
    diag(Dst->getBeginLoc(), "destination derives from '%0'", DiagnosticIDs::Note)
        << spell(Dst, Ctx);
  // A long chain (a pointer handed through many variables) is shown by its ends: the
  // first steps from the destination and the last ones that reach the source.
  constexpr size_t Head = 4, Tail = 3;
  const std::vector<ProvNote> Why = P.why(K);
  for (size_t I = 0; I < Why.size(); ++I) {
    const ProvNote &N = Why[I];
    if (Why.size() > Head + Tail + 1 && I >= Head && I < Why.size() - Tail) {
      if (I == Head && N.Loc.isValid())
        diag(N.Loc, "... %0 more steps ...", DiagnosticIDs::Note)
            << unsigned(Why.size() - Head - Tail);
      continue;
    }
    if (N.Loc.isValid())
      diag(N.Loc, "%0", DiagnosticIDs::Note) << N.Message;
  }
}

} // namespace copyintent::checker
