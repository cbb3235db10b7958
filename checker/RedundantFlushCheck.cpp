//===- RedundantFlushCheck.cpp --------------------------------------------===//

#include "RedundantFlushCheck.h"
#include "SpelledName.h"
#include "WriteBackFlow.h"

#include "clang/AST/ParentMapContext.h"
#include "clang/Lex/Lexer.h"

using namespace clang;
using namespace llvm;

namespace copyintent::checker {

namespace {

/// The name the code gives a write-back or drain: its macro (wmb()) or its callee.
std::string nameOf(const Stmt *S, const ASTContext &Ctx) {
  StringRef N = spelledAs(S, Ctx, [](StringRef Name) {
    return writeBackFunction(Name).Kind != WriteBackKind::Other ||
           lookupCopyFunction(Name);
  });
  if (N.empty())
    if (const auto *CE = dyn_cast<CallExpr>(S))
      if (const FunctionDecl *F = CE->getDirectCallee(); F && F->getIdentifier())
        N = F->getName();
  if (!N.empty())
    return ("'" + N + "'").str();
  if (isa<CallExpr>(S))
    return "the call";
  return "the fence";
}

unsigned lineOf(const Stmt *S, const ASTContext &Ctx) {
  return Ctx.getSourceManager().getExpansionLineNumber(S->getBeginLoc());
}

} // namespace

void RedundantFlushCheck::checkWholeTranslationUnit(ASTContext &Ctx,
                                                    ProvenanceAnalysis &A) {
  // Kernel code is built with -D__KERNEL__. The check is about speed, and a tree's
  // first run should show its durability bugs: kernel code only when asked.
  if (isDeclared(Ctx, "__KERNEL__") && !InKernelCode)
    return;
  RedundantWriteBackFlow Flow(
      A,
      [&](const CallExpr *CE) -> std::optional<WrittenRange> {
        const CopyFunction *Fn = copyFunctionOf(CE, Ctx);
        if (!Fn || Fn->Dst < 0 || Fn->Size < 0 ||
            std::max({Fn->Dst, Fn->Src, Fn->Size}) >= static_cast<int>(CE->getNumArgs()))
          return std::nullopt;
        Family Fam = CopyCall{CE, *Fn, Ctx, A}.family();
        if (Fam != Family::Writethrough && Fam != Family::Persist)
          return std::nullopt;
        return WrittenRange{CE->getArg(Fn->Dst), CE->getArg(Fn->Size),
                            Fam == Family::Persist};
      },
      persistenceDomain() == PersistenceDomain::EADR);
  for (const CallExpr *CE : A.evaluatedCalls()) {
    WriteBackFunction W = writeBackOf(CE);
    if (W.BeyondCpu)
      continue;
    switch (W.Kind) {
    case WriteBackKind::Flush:
    case WriteBackKind::Persist:
      checkFlush(CE, Flow, Ctx);
      break;
    case WriteBackKind::Drain:
      // Not the copies that end with a drain (pmem_memcpy_persist): they copy.
      if (!copyFunctionOf(CE, Ctx))
        checkDrain(CE, A.enclosingFunction(CE), Flow, Ctx);
      break;
    case WriteBackKind::Other:
      break;
    }
  }
  // The kernel's wmb() and pmem_wmb() are inline assembly.
  for (auto [S, Fn] : A.orderingStatements())
    if (const auto *Asm = dyn_cast<GCCAsmStmt>(S); Asm && isFenceAsm(Asm))
      if (!spelledAs(S, Ctx, [](StringRef N) {
             return writeBackFunction(N).Kind == WriteBackKind::Drain;
           }).empty())
        checkDrain(S, Fn, Flow, Ctx);
}

void RedundantFlushCheck::checkFlush(const CallExpr *F, RedundantWriteBackFlow &Flow,
                                     ASTContext &Ctx) {
  std::optional<WrittenRange> R = Flow.writtenBack(F);
  if (!R)
    return;
  ProvenanceAnalysis &A = analysis(Ctx);
  Provenance P = A.pointerOf(R->Ptr);
  if (!P.has(MemKind::PMem))
    return;
  bool EADR = persistenceDomain() == PersistenceDomain::EADR;
  const Stmt *By = EADR ? nullptr : Flow.alreadyWrittenBack(F);
  if (!EADR && !By)
    return;
  std::string Name = nameOf(F, Ctx);
  std::string WhyNot;
  if (writeBackOf(F).Kind == WriteBackKind::Flush) {
    std::optional<FixItHint> Fix = removal(F, Ctx, WhyNot);
    {
      auto D = EADR ? diag(F->getBeginLoc(),
                           "%0 writes back persistent memory, but the persistence "
                           "domain is eADR (PersistenceDomain): the caches are "
                           "persistent, and the flush only costs time")
                    : diag(F->getBeginLoc(),
                           "%0 writes back a range that every path to it has already "
                           "written back (%1 at line %2), and nothing since may have "
                           "dirtied it: the flush only costs time");
      D << Name;
      if (By)
        D << nameOf(By, Ctx) << lineOf(By, Ctx);
      if (Fix)
        D << *Fix;
    }
    explain(R->Ptr, P, MemKind::PMem, Ctx);
    if (By)
      diag(By->getBeginLoc(), "written back here", DiagnosticIDs::Note);
    if (!Fix)
      noFix(F, WhyNot);
    return;
  }
  // A persist: its write-back is done; its drain may still be needed.
  const Stmt *Drained = Flow.alreadyDrained(F, A.enclosingFunction(F));
  PersistDrain Drain =
      drainOfPersist(F->getDirectCallee() && F->getDirectCallee()->getIdentifier()
                         ? F->getDirectCallee()->getName()
                         : StringRef());
  std::optional<FixItHint> Fix =
      Drained ? removal(F, Ctx, WhyNot) : drainInstead(F, Drain, Ctx, WhyNot);
  {
    auto D = diag(F->getBeginLoc(),
                  "%0 writes back a range that %select{every path to it has already "
                  "written back (%2 at line %3)|is persistent once visible under eADR "
                  "(PersistenceDomain)}1%select{; only its drain is needed: use %4|, "
                  "and every path to it has drained since (%5 at line %6): the call "
                  "only costs time}7");
    D << Name << EADR;
    if (By)
      D << nameOf(By, Ctx) << lineOf(By, Ctx);
    else
      D << "" << 0u;
    D << (Drain.Name.empty() ? std::string("the API's drain")
                             : ("'" + Drain.Name + "()'").str());
    if (Drained)
      D << nameOf(Drained, Ctx) << lineOf(Drained, Ctx);
    else
      D << "" << 0u;
    D << (Drained != nullptr);
    if (Fix)
      D << *Fix;
  }
  explain(R->Ptr, P, MemKind::PMem, Ctx);
  if (By)
    diag(By->getBeginLoc(), "written back here", DiagnosticIDs::Note);
  if (Drained)
    diag(Drained->getBeginLoc(), "drained here", DiagnosticIDs::Note);
  if (!Fix)
    noFix(F, WhyNot);
}

void RedundantFlushCheck::checkDrain(const Stmt *S, const FunctionDecl *Fn,
                                     RedundantWriteBackFlow &Flow, ASTContext &Ctx) {
  const Stmt *Before = Flow.alreadyDrained(S, Fn);
  if (!Before)
    return;
  std::string WhyNot;
  std::optional<FixItHint> Fix = removal(S, Ctx, WhyNot);
  {
    auto D = diag(S->getBeginLoc(),
                  "%0 has nothing to wait for: every path to it has drained (%1 at line "
                  "%2), and nothing since leaves a write-back or a non-temporal store "
                  "pending")
             << nameOf(S, Ctx) << nameOf(Before, Ctx) << lineOf(Before, Ctx);
    if (Fix)
      D << *Fix;
  }
  diag(Before->getBeginLoc(), "drained here", DiagnosticIDs::Note);
  if (!Fix)
    noFix(S, WhyNot);
}

std::optional<FixItHint> RedundantFlushCheck::removal(const Stmt *S, ASTContext &Ctx,
                                                      std::string &WhyNot) const {
  const SourceManager &SM = Ctx.getSourceManager();
  const LangOptions &LO = Ctx.getLangOpts();
  if (const auto *CE = dyn_cast<CallExpr>(S))
    for (const Expr *Arg : CE->arguments())
      if (Arg->HasSideEffects(Ctx)) {
        WhyNot = "its arguments have side effects";
        return std::nullopt;
      }
  // The statement must be S itself, a statement of a block written in the file.
  DynTypedNodeList Parents = Ctx.getParents(*S);
  const auto *Block = Parents.size() == 1 ? Parents[0].get<CompoundStmt>() : nullptr;
  CharSourceRange R = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(S->getSourceRange()), SM, LO);
  if (!Block || !Block->getLBracLoc().isFileID() || R.isInvalid()) {
    WhyNot = "it is not a statement of its own in a block written in the file";
    return std::nullopt;
  }
  // The ';' that ends it, and its line when the line holds nothing else (no comment
  // either).
  StringRef Buf = SM.getBufferData(SM.getFileID(R.getBegin()));
  unsigned Begin = SM.getFileOffset(R.getBegin()), End = SM.getFileOffset(R.getEnd());
  while (End < Buf.size() && (Buf[End] == ' ' || Buf[End] == '\t'))
    ++End;
  if (End >= Buf.size() || Buf[End] != ';') {
    WhyNot = "no ';' follows it in the file";
    return std::nullopt;
  }
  ++End;
  unsigned LineStart = Begin;
  while (LineStart > 0 && (Buf[LineStart - 1] == ' ' || Buf[LineStart - 1] == '\t'))
    --LineStart;
  unsigned LineEnd = End;
  while (LineEnd < Buf.size() && (Buf[LineEnd] == ' ' || Buf[LineEnd] == '\t'))
    ++LineEnd;
  // The line goes from the newline before it, not up to the one after it: a removal
  // that ends at the next line's indentation is widened by one blank when the
  // fix-its are merged (clang's EditedSource::adjustRemoval).
  if (LineStart > 0 && Buf[LineStart - 1] == '\n' && LineEnd < Buf.size() &&
      Buf[LineEnd] == '\n') {
    Begin = LineStart - 1;
    End = LineEnd;
  }
  SourceLocation FileStart = SM.getLocForStartOfFile(SM.getFileID(R.getBegin()));
  return FixItHint::CreateRemoval(CharSourceRange::getCharRange(
      FileStart.getLocWithOffset(Begin), FileStart.getLocWithOffset(End)));
}

std::optional<FixItHint> RedundantFlushCheck::drainInstead(const CallExpr *P,
                                                           const PersistDrain &Drain,
                                                           ASTContext &Ctx,
                                                           std::string &WhyNot) const {
  if (Drain.Name.empty()) {
    WhyNot = "its API has no drain to call by name; call the drain function instead";
    return std::nullopt;
  }
  if (!isDeclared(Ctx, Drain.Name)) {
    WhyNot = ("'" + Drain.Name + "' is not declared in this translation unit").str();
    return std::nullopt;
  }
  CharSourceRange R = fileRange(P, Ctx);
  if (R.isInvalid() || !P->getBeginLoc().isFileID()) {
    WhyNot = "the call is written inside a macro";
    return std::nullopt;
  }
  std::string Kept;
  for (unsigned I = 0; I < P->getNumArgs(); ++I) {
    const Expr *Arg = P->getArg(I);
    if (int(I) == Drain.KeepArg) {
      CharSourceRange AR = fileRange(Arg, Ctx);
      if (AR.isInvalid()) {
        WhyNot = "its arguments are written inside a macro";
        return std::nullopt;
      }
      Kept = Lexer::getSourceText(AR, Ctx.getSourceManager(), Ctx.getLangOpts()).str();
    } else if (Arg->HasSideEffects(Ctx)) {
      WhyNot = "the arguments it would drop have side effects";
      return std::nullopt;
    }
  }
  return FixItHint::CreateReplacement(R, (Drain.Name + "(" + Kept + ")").str());
}

void RedundantFlushCheck::noFix(const Stmt *S, StringRef Why) {
  diag(S->getBeginLoc(), "no automatic fix: %0", DiagnosticIDs::Note) << Why;
}

} // namespace copyintent::checker
