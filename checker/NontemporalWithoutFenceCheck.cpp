//===- NontemporalWithoutFenceCheck.cpp -----------------------------------===//

#include "NontemporalWithoutFenceCheck.h"

#include "clang/AST/ParentMapContext.h"
#include "clang/Basic/TargetInfo.h"
#include "clang/Lex/Lexer.h"

using namespace clang;
using namespace llvm;

namespace copyintent::checker {

namespace {

using Finding = NtFenceFlow::Finding;
using ReleaseKind = NtFenceFlow::ReleaseKind;

const CallExpr *originCall(const NtFenceFlow::Origin &O) {
  return O.Via ? O.Via : dyn_cast<CallExpr>(O.Store);
}

/// What made the stores, as the message names it.
std::string originName(const NtFenceFlow::Origin &O) {
  if (const CallExpr *CE = originCall(O))
    if (const FunctionDecl *F = CE->getDirectCallee(); F && F->getIdentifier())
      return ("'" + F->getName() + "'").str();
  return O.Via ? "a call" : "the inline assembly";
}

/// A release that stores a value (rather than unlocking or fencing): what
/// publish-before-persist follows when the stores went to persistent memory.
bool storesAValue(const Finding &F) {
  StringRef N = F.Name;
  return !N.contains("unlock") && !N.contains("fence") && N != "smp_wmb";
}

} // namespace

void NontemporalWithoutFenceCheck::checkWholeTranslationUnit(ASTContext &Ctx,
                                                             ProvenanceAnalysis &A) {
  // Only x86 lets a release pass non-temporal stores (AArch64's STNP, POWER's and
  // RISC-V's stores are ordered by a release like any other).
  if (!Ctx.getTargetInfo().getTriple().isX86())
    return;
  NtFenceFlow Flow(A, [&](const CallExpr *CE) -> std::optional<NtOrder> {
    const CopyFunction *Fn = copyFunctionOf(CE, Ctx);
    if (!Fn ||
        std::max({Fn->Dst, Fn->Src, Fn->Size}) >= static_cast<int>(CE->getNumArgs()))
      return std::nullopt;
    return ntOrderOfCopy(*Fn, CopyCall{CE, *Fn, Ctx, A}.family());
  });
  for (const Finding &F : Flow.run()) {
    // A copy into persistent memory then a store that publishes it is
    // publish-before-persist's finding (the durability is what is at stake).
    if (!F.From.Via && storesAValue(F))
      if (const CallExpr *CE = originCall(F.From))
        if (const CopyFunction *Fn = copyFunctionOf(CE, Ctx))
          if (Fn->Dst >= 0 && A.pointerOf(CE->getArg(Fn->Dst)).has(MemKind::PMem))
            continue;
    report(F, Ctx);
  }
}

StringRef NontemporalWithoutFenceCheck::fenceFor(const Finding &F,
                                                 ASTContext &Ctx) const {
  StringRef Origin;
  if (const CallExpr *CE = originCall(F.From))
    if (const FunctionDecl *Fn = CE->getDirectCallee(); Fn && Fn->getIdentifier())
      Origin = Fn->getName();
  if (Origin.starts_with("pmem_") && isDeclared(Ctx, "pmem_drain"))
    return "pmem_drain()";
  if (Origin.starts_with("copyintent_") && isDeclared(Ctx, "copyintent_drain"))
    return "copyintent_drain()";
  if (isDeclared(Ctx, "wmb"))
    return "wmb()";
  if (isDeclared(Ctx, "_mm_sfence"))
    return "_mm_sfence()";
  return "";
}

void NontemporalWithoutFenceCheck::report(const Finding &F, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation At = SM.getExpansionLoc(F.Release->getBeginLoc());
  unsigned Line = SM.getExpansionLineNumber(F.From.Via ? F.From.Via->getBeginLoc()
                                                       : F.From.Store->getBeginLoc());
  StringRef Fence = fenceFor(F, Ctx);
  std::string FenceText = Fence.empty() ? "a fence (sfence)" : Fence.str();
  std::string WhyNot;
  std::optional<FixItHint> Fix = fix(F, Ctx, WhyNot);
  {
    DiagnosticBuilder D =
        F.Name == "smp_wmb"
            ? diag(At,
                   "smp_wmb() does not order the non-temporal stores of %0 (line %1): "
                   "on x86 it is only a compiler barrier, so the stores after it can "
                   "be seen before the data; use %2")
                  << originName(F.From) << Line << FenceText
        : F.Kind == ReleaseKind::Ordered
            ? diag(At, "a release %select{store|fence}0 does not order the non-temporal "
                       "stores of %1 (line %2): on x86 it is %select{a plain store|no "
                       "instruction}0, which they may pass, so another CPU can see what "
                       "follows before the data; use a sequentially consistent one, or "
                       "put %3 before it")
                  << F.Name.contains("fence") << originName(F.From) << Line << FenceText
            : diag(At,
                   "%0 does not order the non-temporal stores of %1 (line %2): on x86 "
                   "it is a plain store, which they may pass, so another CPU can see "
                   "it before the data; put %3 before it")
                  << F.Name << originName(F.From) << Line << FenceText;
    if (Fix)
      D << *Fix;
  }
  if (F.Kind == ReleaseKind::ViaCallee && F.InnerRelease)
    diag(F.InnerRelease->getBeginLoc(), "%0 releases here", DiagnosticIDs::Note)
        << F.InnerName;
  if (F.From.Via)
    diag(F.From.Via->getBeginLoc(), "%0 returns with its non-temporal stores not fenced",
         DiagnosticIDs::Note)
        << originName(F.From);
  diag(F.From.Store->getBeginLoc(), "non-temporal stores here", DiagnosticIDs::Note);
  if (!Fix)
    diag(At, "no automatic fix: %0", DiagnosticIDs::Note) << WhyNot;
}

std::optional<FixItHint> NontemporalWithoutFenceCheck::fix(const Finding &F,
                                                           ASTContext &Ctx,
                                                           std::string &WhyNot) const {
  const SourceManager &SM = Ctx.getSourceManager();
  const LangOptions &LO = Ctx.getLangOpts();
  if (F.Name == "smp_wmb") {
    // wmb() orders what smp_wmb() orders, on every architecture, and is SFENCE on x86.
    SourceLocation Loc = SM.getExpansionLoc(F.Release->getBeginLoc());
    if (!isDeclared(Ctx, "wmb")) {
      WhyNot = "wmb() is not defined in this translation unit";
      return std::nullopt;
    }
    if (Lexer::getSourceText(CharSourceRange::getTokenRange(Loc, Loc), SM, LO) !=
        "smp_wmb") {
      WhyNot = "smp_wmb() is spelled inside another macro";
      return std::nullopt;
    }
    return FixItHint::CreateReplacement(CharSourceRange::getTokenRange(Loc, Loc), "wmb");
  }
  if (F.Kind == ReleaseKind::Ordered && F.OrderArg) {
    // The same operation, sequentially consistent: XCHG or MFENCE on x86, which orders
    // the stores; at least as strong everywhere.
    CharSourceRange R = Lexer::makeFileCharRange(
        CharSourceRange::getTokenRange(F.OrderArg->getSourceRange()), SM, LO);
    StringRef Text = R.isValid() ? Lexer::getSourceText(R, SM, LO) : "";
    for (auto [From, To] :
         {std::pair<StringRef, StringRef>{"memory_order_release", "memory_order_seq_cst"},
          {"memory_order_acq_rel", "memory_order_seq_cst"},
          {"__ATOMIC_RELEASE", "__ATOMIC_SEQ_CST"},
          {"__ATOMIC_ACQ_REL", "__ATOMIC_SEQ_CST"},
          {"memory_order::release", "memory_order::seq_cst"},
          {"memory_order::acq_rel", "memory_order::seq_cst"}})
      if (Text.ends_with(From))
        return FixItHint::CreateReplacement(R, (Text.drop_back(From.size()) + To).str());
    WhyNot = "the memory order is not written as a release constant in the file";
    return std::nullopt;
  }
  StringRef Fence = fenceFor(F, Ctx);
  if (Fence.empty()) {
    WhyNot = "no fence (wmb(), _mm_sfence(), pmem_drain()) is declared here";
    return std::nullopt;
  }
  return insertBefore(F.Release, Fence, Ctx, WhyNot);
}

std::optional<FixItHint>
NontemporalWithoutFenceCheck::insertBefore(const Stmt *S, StringRef Fence,
                                           ASTContext &Ctx, std::string &WhyNot) const {
  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation Start = SM.getExpansionLoc(S->getBeginLoc());
  // Up to the statement that the release starts and that a block written in the file
  // holds: a fence can go right before it.
  DynTypedNode N = DynTypedNode::create(*S);
  for (int I = 0; I < 32; ++I) {
    DynTypedNodeList Parents = Ctx.getParents(N);
    if (Parents.size() != 1) {
      break;
    }
    const DynTypedNode &P = Parents[0];
    const auto *Block = P.get<CompoundStmt>();
    if (Block && Block->getLBracLoc().isFileID()) {
      const auto *Self = N.get<Stmt>();
      if (!Self || SM.getExpansionLoc(Self->getBeginLoc()) != Start || !Start.isFileID())
        break;
      // The indentation of the line the statement starts.
      FileID FID = SM.getFileID(Start);
      unsigned Col = SM.getSpellingColumnNumber(Start);
      StringRef Buf = SM.getBufferData(FID);
      unsigned Off = SM.getFileOffset(Start);
      StringRef Indent = Buf.substr(Off - (Col - 1), Col - 1);
      if (Indent.find_first_not_of(" \t") != StringRef::npos) {
        WhyNot = "the release shares its line with other code";
        return std::nullopt;
      }
      return FixItHint::CreateInsertion(Start, (Fence + ";\n" + Indent).str());
    }
    if (!P.get<Stmt>())
      break;
    N = P;
  }
  WhyNot =
      ("the release is not a statement of its own; put " + Fence + " before it").str();
  return std::nullopt;
}

} // namespace copyintent::checker
