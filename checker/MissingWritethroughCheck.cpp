//===- MissingWritethroughCheck.cpp ---------------------------------------===//

#include "MissingWritethroughCheck.h"
#include "SpelledName.h"
#include "Transactions.h"

#include "clang/AST/ParentMapContext.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseSet.h"

#include <functional>

using namespace clang;
using namespace llvm;

namespace copyintent::checker {

namespace {

/// The name of the drain as the code spells it (wmb(), not its asm), else its callee.
StringRef drainName(const Stmt *Drain, const ASTContext &Ctx) {
  StringRef Name = spelledAs(
      Drain, Ctx, [](StringRef N) { return pmemApiOfDrain(N) != PmemApi::None; });
  if (Name.empty())
    if (const auto *CE = dyn_cast<CallExpr>(Drain))
      if (const FunctionDecl *F = CE->getDirectCallee(); F && F->getIdentifier())
        Name = F->getName();
  return Name;
}

/// Why there is no fix when another path writes the range back: the fix would make
/// that write-back redundant, and copyintent-redundant-flush would take it away on
/// the next run.
std::string coveredElsewhere(const Stmt *WriteBack, StringRef Repair,
                             const ASTContext &Ctx) {
  return ("another path writes the range back (line " +
          Twine(Ctx.getSourceManager().getExpansionLineNumber(WriteBack->getBeginLoc())) +
          "), and " + Repair +
          " would make that write-back redundant; write the range back on the path "
          "that lacks it")
      .str();
}

/// Whether evaluating E again (in a call added next to the store) does the same: no
/// side effect, and no call but const or pure functions and pmemobj_direct(), which
/// only translates an object id (D_RW(o)->f).
bool repeatable(const Expr *E, const ASTContext &Ctx) {
  if (E->HasSideEffects(Ctx, /*IncludePossibleEffects=*/false))
    return false;
  std::function<bool(const Stmt *)> Calls = [&](const Stmt *S) {
    if (!S)
      return true;
    if (const auto *CE = dyn_cast<CallExpr>(S)) {
      const FunctionDecl *F = CE->getDirectCallee();
      if (!F || !(F->hasAttr<ConstAttr>() || F->hasAttr<PureAttr>() ||
                  (F->getIdentifier() && isAddressTranslation(F->getName()))))
        return false;
    }
    return llvm::all_of(S->children(), Calls);
  };
  return Calls(E);
}

} // namespace

void MissingWritethroughCheck::checkCopyCall(const CopyCall &C) {
  if (C.Fn.Fam != Family::Plain)
    return;
  // Under eADR the caches are in the persistence domain: a cached byte is durable
  // once visible, and no write-back is missing.
  if (persistenceDomain() == PersistenceDomain::EADR)
    return;
  auto PMem = C.pmemDst();
  if (!PMem)
    return;
  const Expr *Dst = PMem->first;
  if (!Flow)
    Flow = std::make_unique<WriteBackFlow>(C.Analysis);
  if (!Tx)
    Tx = std::make_unique<Transactions>(C.Analysis);
  // A copy into a range added to the transaction it is in: the commit persists it.
  if (const FunctionDecl *F = C.Analysis.enclosingFunction(C.Call);
      F && Tx->commitOf(C.Call, F) && Tx->covers(C.Call, Dst, F))
    return;
  std::optional<WriteBackFlow::Uncovered> U = Flow->uncoveredPath(C.Call, Dst);
  if (!U || !U->Drain)
    return;
  const SourceManager &SM = C.Ctx.getSourceManager();
  StringRef DrainName = drainName(U->Drain, C.Ctx);
  std::string WhyNot;
  std::optional<FixItHint> Fix;
  if (U->CoveredElsewhere)
    WhyNot = coveredElsewhere(U->CoveredElsewhere, "a writethrough copy", C.Ctx);
  else
    Fix = fix(C, DrainName, WhyNot);
  StringRef To = writethroughCopyOf(pmemApiOfDrain(DrainName), C.Fn.Name);
  {
    auto D =
        diag(C.Call->getBeginLoc(),
             "%0 leaves the bytes it copies into persistent memory dirty in the "
             "cache, and nothing writes them back before %select{the drain at line "
             "%2|the caller at line %2 drains}1: the fence makes nothing durable; "
             "use %3")
        << C.Fn.Name << (U->Caller != nullptr)
        << SM.getExpansionLineNumber(U->Drain->getBeginLoc())
        << (!To.empty() ? ("'" + To + "'").str()
                        : std::string("a writethrough copy, or write the range back"));
    if (Fix)
      D << *Fix;
  }
  explain(Dst, PMem->second, MemKind::PMem, C.Ctx);
  if (U->Caller)
    diag(U->Caller->getBeginLoc(), "the destination is this call's argument",
         DiagnosticIDs::Note);
  diag(U->Drain->getBeginLoc(),
       "%0 here; the copied range was not written back before it", DiagnosticIDs::Note)
      << (DrainName.empty() ? StringRef("drained") : DrainName);
  if (!Fix)
    noFixNote(C.Call, WhyNot);
}

std::optional<FixItHint> MissingWritethroughCheck::fix(const CopyCall &C,
                                                       StringRef DrainName,
                                                       std::string &WhyNot) const {
  PmemApi Api = pmemApiOfDrain(DrainName);
  StringRef To = writethroughCopyOf(Api, C.Fn.Name);
  if (To.empty()) {
    WhyNot =
        Api == PmemApi::None
            ? "the drain belongs to no API with a writethrough copy; write the range "
              "back before it (a flush of the destination)"
            : ("the API of '" + DrainName + "' has no writethrough " + C.Fn.Name +
               "; write the range back before the drain")
                  .str();
    return std::nullopt;
  }
  if (!isDeclared(C.Ctx, To)) {
    WhyNot = ("'" + To + "' is not declared in this translation unit").str();
    return std::nullopt;
  }
  if (!resultCompatible(C.Call, To, C.Ctx, WhyNot))
    return std::nullopt;
  return renameCallee(C.Call, To, C.Ctx, WhyNot);
}

} // namespace copyintent::checker

namespace copyintent::checker {

void MissingWritethroughCheck::checkWholeTranslationUnit(ASTContext &Ctx,
                                                         ProvenanceAnalysis &A) {
  if (persistenceDomain() == PersistenceDomain::EADR)
    return;
  // Where a store can be followed by a drain: functions that drain (a drain or
  // persist call, an asm fence), and the static functions they call (the store's
  // object then a parameter, followed into the caller).
  DenseSet<const FunctionDecl *> Draining;
  if (!Flow)
    Flow = std::make_unique<WriteBackFlow>(A);
  for (const CallExpr *CE : A.evaluatedCalls()) {
    WriteBackKind K = writeBackOf(CE).Kind;
    const FunctionDecl *Callee = CE->getDirectCallee();
    // A transaction's commit writes back what was added to it.
    bool Commits =
        Callee && Callee->getIdentifier() && Callee->getName() == "pmemobj_tx_begin";
    // A function of another file that drains (the facts).
    bool DrainsElsewhere =
        Callee && !Callee->hasBody() && A.factDrains(Callee, CE->getBeginLoc());
    // A function of the TU that drains (persist_range(), a link helper that persists
    // the slot it writes).
    bool DrainsHere = Callee && Callee->hasBody() && K == WriteBackKind::Other &&
                      Flow->callDrains(Callee);
    if (K == WriteBackKind::Drain || K == WriteBackKind::Persist || Commits ||
        DrainsElsewhere || DrainsHere)
      if (const FunctionDecl *F = A.enclosingFunction(CE))
        Draining.insert(F->getFirstDecl());
  }
  for (auto [S, F] : A.orderingStatements())
    if (const auto *Asm = dyn_cast<GCCAsmStmt>(S); Asm && isFenceAsm(Asm) && F)
      Draining.insert(F->getFirstDecl());
  if (Draining.empty())
    return;
  if (!Flow)
    Flow = std::make_unique<WriteBackFlow>(A);
  // Calls of functions of other files that copy into what their argument points to
  // and return it unwritten (the facts' summaries): the caller's path from the call.
  for (const CallExpr *CE : A.evaluatedCalls())
    if (const FunctionDecl *Callee = CE->getDirectCallee();
        Callee && !Callee->hasBody() && Callee->getIdentifier())
      for (unsigned I = 0; I < CE->getNumArgs(); ++I)
        // A plain copy's (a nocache one is reported at the copy, in its file).
        if (A.factLeavesUnwritten(Callee, I, CE->getBeginLoc()).value_or(false))
          if (const CopyFunction *By = lookupCopyFunction(A.factUnwrittenBy(Callee, I));
              By && By->Fam == Family::Plain)
            checkLeftUnwritten(CE, Callee, I, A, Ctx);
  SmallVector<const FunctionDecl *, 64> Functions;
  functionsIn(Ctx.getTranslationUnitDecl(), Functions);
  if (!Flow)
    Flow = std::make_unique<WriteBackFlow>(A);
  for (const FunctionDecl *F : Functions) {
    bool Candidate = Draining.contains(F->getFirstDecl());
    if (!Candidate && !F->isExternallyVisible())
      for (const CallExpr *Call : A.callersOf(F))
        if (const FunctionDecl *Caller = A.enclosingFunction(Call);
            Caller && Draining.contains(Caller->getFirstDecl()))
          Candidate = true;
    if (!Candidate)
      continue;
    for (const Stmt *Store : Flow->storesOf(F))
      if (isa<BinaryOperator, UnaryOperator>(Store))
        checkStore(cast<Expr>(Store), F, A, Ctx);
  }
}

void MissingWritethroughCheck::checkLeftUnwritten(const CallExpr *Call,
                                                  const FunctionDecl *Callee,
                                                  unsigned Index, ProvenanceAnalysis &A,
                                                  ASTContext &Ctx) {
  const Expr *Arg = Call->getArg(Index);
  Provenance P = A.pointerOf(Arg);
  const FunctionDecl *F = A.enclosingFunction(Call);
  if (!F || !P.has(MemKind::PMem))
    return;
  std::optional<WriteBackFlow::Uncovered> U = Flow->uncoveredPath(Call, F, Arg);
  if (!U || !U->Drain)
    return;
  StringRef DrainName = drainName(U->Drain, Ctx);
  diag(Call->getBeginLoc(),
       "%0() copies into persistent memory and returns with the bytes dirty in the cache "
       "(its file's facts say so), and nothing writes them back before %select{the "
       "drain at line %2|the caller at line %2 drains}1: the fence makes nothing "
       "durable; write the range back after the call")
      << Callee->getName() << (U->Caller != nullptr)
      << Ctx.getSourceManager().getExpansionLineNumber(U->Drain->getBeginLoc());
  explain(Arg, P, MemKind::PMem, Ctx);
  diag(U->Drain->getBeginLoc(),
       "%0 here; the copied range was not written back before it", DiagnosticIDs::Note)
      << (DrainName.empty() ? StringRef("drained") : DrainName);
}

void MissingWritethroughCheck::checkStore(const Expr *Store, const FunctionDecl *F,
                                          ProvenanceAnalysis &A, ASTContext &Ctx) {
  const Expr *LHS = isa<BinaryOperator>(Store) ? cast<BinaryOperator>(Store)->getLHS()
                                               : cast<UnaryOperator>(Store)->getSubExpr();
  const Expr *Target = storedLValue(LHS);
  const Expr *Base = storedThrough(Target);
  if (!Base || !Base->getType()->isPointerType())
    return;
  Provenance P = A.pointerOf(Base);
  if (!P.has(MemKind::PMem))
    return;
  if (!Tx)
    Tx = std::make_unique<Transactions>(A);
  // In a transaction the commit writes back what was added to it, and nothing else.
  if (const CallExpr *Commit = Tx->commitOf(Store, F)) {
    if (!Tx->covers(Store, Target, F))
      reportUnadded(Store, Target, Commit, P, A, Ctx);
    return;
  }
  // Where the code asked that the caches are persistent, nothing is to write back.
  if (Flow->onlyUnderEadr(Store, F))
    return;
  std::optional<WriteBackFlow::Uncovered> U = Flow->uncoveredPath(Store, F, Target);
  if (!U || !U->Drain)
    return;
  const SourceManager &SM = Ctx.getSourceManager();
  StringRef DrainName = drainName(U->Drain, Ctx);
  StringRef Flush = flushOf(pmemApiOfDrain(DrainName));
  std::string WhyNot;
  std::optional<FixItHint> Fix;
  if (U->CoveredElsewhere)
    WhyNot = coveredElsewhere(U->CoveredElsewhere, "a flush after the store", Ctx);
  else
    Fix = flushAfter(Store, Target, Flush, Ctx, WhyNot);
  std::string What = A.spell(Target);
  {
    auto D =
        diag(Store->getBeginLoc(),
             "the store to '%0' leaves persistent memory dirty in the cache, and "
             "nothing writes it back before %select{the drain at line %2|the "
             "caller at line %2 drains}1: the fence makes nothing durable; %3")
        << What << (U->Caller != nullptr)
        << SM.getExpansionLineNumber(U->Drain->getBeginLoc())
        << (Flush.empty() ? std::string("write it back after the store")
                          : ("write it back with '" + Flush + "' after the store").str());
    if (Fix)
      D << *Fix;
  }
  explain(Base, P, MemKind::PMem, Ctx);
  if (U->Caller)
    diag(U->Caller->getBeginLoc(), "the stored object is this call's argument",
         DiagnosticIDs::Note);
  diag(U->Drain->getBeginLoc(),
       "%0 here; the stored bytes were not written back before it", DiagnosticIDs::Note)
      << (DrainName.empty() ? StringRef("drained") : DrainName);
  if (!Fix)
    diag(Store->getBeginLoc(), "no automatic fix: %0", DiagnosticIDs::Note) << WhyNot;
}

void MissingWritethroughCheck::reportUnadded(const Expr *Store, const Expr *Target,
                                             const CallExpr *Commit, const Provenance &P,
                                             ProvenanceAnalysis &A, ASTContext &Ctx) {
  std::string WhyNot;
  std::optional<FixItHint> Fix = addBefore(Store, Target, Ctx, WhyNot);
  {
    auto D = diag(Store->getBeginLoc(),
                  "the store to '%0' is in a transaction that commits at line %1, but "
                  "its range was never added to it (TX_ADD_FIELD, "
                  "pmemobj_tx_add_range): the commit neither logs nor writes it back")
             << A.spell(Target)
             << Ctx.getSourceManager().getExpansionLineNumber(Commit->getBeginLoc());
    if (Fix)
      D << *Fix;
  }
  if (const Expr *Base = storedThrough(Target))
    explain(Base, P, MemKind::PMem, Ctx);
  if (!Fix)
    diag(Store->getBeginLoc(), "no automatic fix: %0", DiagnosticIDs::Note) << WhyNot;
}

std::optional<MissingWritethroughCheck::StoreSlot>
MissingWritethroughCheck::storeSlot(const Expr *Store, const Expr *Target,
                                    ASTContext &Ctx, std::string &WhyNot,
                                    bool InLoopToo) const {
  const SourceManager &SM = Ctx.getSourceManager();
  const LangOptions &LO = Ctx.getLangOpts();
  if (!repeatable(Target, Ctx)) {
    WhyNot = "the stored lvalue has side effects";
    return std::nullopt;
  }
  if (Target->getSourceBitField()) {
    WhyNot = "a bit-field has no address; write back the object that holds it";
    return std::nullopt;
  }
  if (Target->getType().isVolatileQualified()) {
    WhyNot = "the stored lvalue is volatile";
    return std::nullopt;
  }
  // A statement of a block, not in a loop (a call per iteration is exact but slow:
  // one after the loop is what a maintainer writes).
  DynTypedNodeList Parents = Ctx.getParents(*Store);
  const auto *Block = Parents.size() == 1 ? Parents[0].get<CompoundStmt>() : nullptr;
  if (!Block) {
    WhyNot = "the store is not a statement of its own in a block";
    return std::nullopt;
  }
  // (A loop of a macro, such as the stage loop of TX_BEGIN, runs the code once.)
  for (DynTypedNode N = DynTypedNode::create(*Block); InLoopToo == false;) {
    DynTypedNodeList Up = Ctx.getParents(N);
    const auto *S = Up.size() == 1 ? Up[0].get<Stmt>() : nullptr;
    if (!S)
      break;
    if (isa<ForStmt, WhileStmt, DoStmt>(S) && S->getBeginLoc().isFileID()) {
      WhyNot = "the store is in a loop; write the range back once after the loop";
      return std::nullopt;
    }
    N = Up[0];
  }
  CharSourceRange R = fileRange(Target, Ctx);
  if (R.isInvalid()) {
    WhyNot = "the stored lvalue is written inside a macro";
    return std::nullopt;
  }
  StoreSlot Slot;
  StringRef Text = Lexer::getSourceText(R, SM, LO);
  Slot.Size = ("sizeof(" + Text + ")").str();
  if (const auto *UO = dyn_cast<UnaryOperator>(Target->IgnoreParens());
      UO && UO->getOpcode() == UO_Deref) {
    CharSourceRange PR = fileRange(UO->getSubExpr(), Ctx);
    if (PR.isInvalid()) {
      WhyNot = "the stored lvalue is written inside a macro";
      return std::nullopt;
    }
    Slot.Address = Lexer::getSourceText(PR, SM, LO).str();
  } else {
    Slot.Address = isa<DeclRefExpr, MemberExpr, ArraySubscriptExpr, ParenExpr>(Target)
                       ? ("&" + Text).str()
                       : ("&(" + Text + ")").str();
  }
  // The store's line, its indentation, and the ';' that ends it.
  CharSourceRange SR = fileRange(Store, Ctx);
  if (SR.isInvalid()) {
    WhyNot = "the store is written inside a macro";
    return std::nullopt;
  }
  StringRef Buf = SM.getBufferData(SM.getFileID(SR.getBegin()));
  unsigned End = SM.getFileOffset(SR.getEnd());
  while (End < Buf.size() && (Buf[End] == ' ' || Buf[End] == '\t'))
    ++End;
  if (End >= Buf.size() || Buf[End] != ';') {
    WhyNot = "no ';' follows the store in the file";
    return std::nullopt;
  }
  unsigned Begin = SM.getFileOffset(SR.getBegin());
  unsigned LineStart = Begin;
  while (LineStart > 0 && Buf[LineStart - 1] != '\n')
    --LineStart;
  Slot.Indent = Buf.substr(LineStart, Begin - LineStart).str();
  if (StringRef(Slot.Indent).find_first_not_of(" \t") != StringRef::npos) {
    WhyNot = "the store shares its line with other code";
    return std::nullopt;
  }
  Slot.Start = SR.getBegin();
  Slot.AfterSemi =
      SM.getLocForStartOfFile(SM.getFileID(SR.getBegin())).getLocWithOffset(End + 1);
  return Slot;
}

std::optional<FixItHint> MissingWritethroughCheck::flushAfter(const Expr *Store,
                                                              const Expr *Target,
                                                              StringRef Flush,
                                                              ASTContext &Ctx,
                                                              std::string &WhyNot) const {
  if (Flush.empty()) {
    WhyNot = "the drain belongs to no API with a flush of a range; write the stored "
             "bytes back before it";
    return std::nullopt;
  }
  if (!isDeclared(Ctx, Flush)) {
    WhyNot = ("'" + Flush + "' is not declared in this translation unit").str();
    return std::nullopt;
  }
  std::optional<StoreSlot> Slot = storeSlot(Store, Target, Ctx, WhyNot);
  if (!Slot)
    return std::nullopt;
  return FixItHint::CreateInsertion(
      Slot->AfterSemi,
      ("\n" + Slot->Indent + Flush + "(" + Slot->Address + ", " + Slot->Size + ");")
          .str());
}

std::optional<FixItHint> MissingWritethroughCheck::addBefore(const Expr *Store,
                                                             const Expr *Target,
                                                             ASTContext &Ctx,
                                                             std::string &WhyNot) const {
  StringRef Add = "pmemobj_tx_add_range_direct";
  if (!isDeclared(Ctx, Add)) {
    WhyNot = ("'" + Add + "' is not declared in this translation unit").str();
    return std::nullopt;
  }
  // Adding a range twice is harmless: a store in a loop can take it too.
  std::optional<StoreSlot> Slot = storeSlot(Store, Target, Ctx, WhyNot, true);
  if (!Slot)
    return std::nullopt;
  return FixItHint::CreateInsertion(
      Slot->Start,
      (Add + "(" + Slot->Address + ", " + Slot->Size + ");\n" + Slot->Indent).str());
}

} // namespace copyintent::checker
