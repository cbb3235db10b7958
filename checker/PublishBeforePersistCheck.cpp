//===- PublishBeforePersistCheck.cpp --------------------------------------===//

#include "PublishBeforePersistCheck.h"
#include "WriteBackFlow.h"

using namespace clang;
using namespace llvm;

namespace copyintent::checker {

/// Where a store is reported: its operator (`=`, `+=`, `++`).
static SourceLocation storeLoc(const Stmt *S) {
  if (const auto *BO = dyn_cast<BinaryOperator>(S))
    return BO->getOperatorLoc();
  if (const auto *UO = dyn_cast<UnaryOperator>(S))
    return UO->getOperatorLoc();
  return S->getBeginLoc();
}

void PublishBeforePersistCheck::checkCopyCall(const CopyCall &C) {
  // What the family leaves to do (WriteBackFlow::pendingOf); the eADR column also
  // holds on the paths where the code has asked that the domain is eADR.
  using Pending = WriteBackFlow::Pending;
  std::optional<WriteBackFlow::CopyPending> Left =
      WriteBackFlow::pendingOf(C.family(), C.Fn.Fam);
  if (!Left)
    return;
  std::optional<Pending> UnderEadr = Left->UnderEadr;
  if (persistenceDomain() == PersistenceDomain::EADR && !UnderEadr)
    return;
  Pending Start =
      persistenceDomain() == PersistenceDomain::EADR ? *UnderEadr : Left->UnderAdr;
  auto PMem = C.pmemDst();
  if (!PMem)
    return;
  const Expr *Dst = PMem->first;
  const Provenance &P = PMem->second;
  if (!Flow) {
    Flow = std::make_unique<WriteBackFlow>(C.Analysis);
    Flow->setPublishFunctions(PublishFunctions);
  }
  for (const WriteBackFlow::EarlyPublish &Early :
       Flow->publishBeforePersist(C.Call, Dst, Start, UnderEadr))
    if (Reported.insert(Early.Store).second)
      report(C.Call, C.Fn.Name, Dst, P, Start, Early, C.Ctx);
}

void PublishBeforePersistCheck::checkWholeTranslationUnit(ASTContext &Ctx,
                                                          ProvenanceAnalysis &A) {
  // Calls of functions of other files that copy into what their argument points to
  // and may return before it is persistent (the facts' summaries): the walk starts
  // after the call.
  using Pending = WriteBackFlow::Pending;
  const bool EADR = persistenceDomain() == PersistenceDomain::EADR;
  // Under eADR a stored byte is durable once visible.
  if (!EADR)
    checkStores(Ctx, A);
  for (const CallExpr *CE : A.evaluatedCalls()) {
    const FunctionDecl *Callee = CE->getDirectCallee();
    if (!Callee || Callee->hasBody() || !Callee->getIdentifier())
      continue;
    for (unsigned I = 0; I < CE->getNumArgs(); ++I) {
      std::optional<bool> Unwritten = A.factLeavesUnwritten(Callee, I, CE->getBeginLoc());
      if (!Unwritten)
        continue;
      const Expr *Arg = CE->getArg(I);
      Provenance P = A.pointerOf(Arg);
      if (!P.has(MemKind::PMem))
        continue;
      // Under eADR a cached copy is durable once visible; the drain of
      // non-temporal stores is still needed (the facts are of ADR).
      std::optional<Pending> UnderEadr;
      if (!*Unwritten)
        UnderEadr = Pending::Drain;
      if (EADR && !UnderEadr)
        continue;
      Pending Start =
          EADR ? *UnderEadr : (*Unwritten ? Pending::WriteBackAndDrain : Pending::Drain);
      if (!Flow) {
        Flow = std::make_unique<WriteBackFlow>(A);
        Flow->setPublishFunctions(PublishFunctions);
      }
      std::string Name = (Callee->getName() + "()").str();
      for (const WriteBackFlow::EarlyPublish &Early :
           Flow->publishBeforePersist(CE, Arg, Start, UnderEadr))
        if (Reported.insert(Early.Store).second)
          report(CE, Name, Arg, P, Start, Early, Ctx);
    }
  }
}

void PublishBeforePersistCheck::checkStores(ASTContext &Ctx, ProvenanceAnalysis &A) {
  if (!Flow) {
    Flow = std::make_unique<WriteBackFlow>(A);
    Flow->setPublishFunctions(PublishFunctions);
  }
  SmallVector<const FunctionDecl *, 64> Functions;
  functionsIn(Ctx.getTranslationUnitDecl(), Functions);
  for (const FunctionDecl *F : Functions)
    for (const Stmt *S : Flow->storesOf(F)) {
      const Expr *Target = storedTarget(S);
      const Expr *Base = Target ? storedThrough(Target) : nullptr;
      if (!Base || !Base->getType()->isPointerType())
        continue;
      // Into persistent memory, and not in a transaction (its commit makes its
      // stores durable together): asked only of a store something may publish.
      Provenance P;
      auto Persistent = [&] {
        P = A.pointerOf(Base);
        if (!P.has(MemKind::PMem))
          return false;
        if (!Tx)
          Tx = std::make_unique<Transactions>(A);
        return !Tx->commitOf(S, F);
      };
      std::vector<WriteBackFlow::EarlyPublish> Found =
          Flow->storePublishedEarly(S, F, Target, Persistent);
      if (Found.empty())
        continue;
      std::string Name = "the store to '" + A.spell(Target) + "'";
      for (const WriteBackFlow::EarlyPublish &Early : Found)
        if (Reported.insert(Early.Store).second)
          report(S, Name, Base, P, WriteBackFlow::Pending::WriteBackAndDrain, Early, Ctx);
    }
}

void PublishBeforePersistCheck::report(const Stmt *Writer, StringRef WriterName,
                                       const Expr *Dst, const Provenance &P,
                                       WriteBackFlow::Pending Start,
                                       const WriteBackFlow::EarlyPublish &E,
                                       ASTContext &Ctx) {
  const WriteBackFlow::EarlyPublish *Early = &E;
  const SourceManager &SM = Ctx.getSourceManager();
  bool NeedsWriteBack =
      Start == WriteBackFlow::Pending::WriteBackAndDrain && !Early->WriteBack;
  SourceLocation At = storeLoc(Early->Store);
  diag(At,
       "'%0' publishes the data that %1 wrote (line %2) before that data is persistent: "
       "after a crash the store can be durable and the data not")
      << spell(cast<Expr>(Early->Store), Ctx) << WriterName
      << SM.getPresumedLineNumber(SM.getExpansionLoc(Writer->getBeginLoc()));
  diag(Writer->getBeginLoc(),
       "the data is written here; it still needs %select{a drain|a "
       "write-back and a drain}0 to be persistent",
       DiagnosticIDs::Note)
      << NeedsWriteBack;
  explain(Dst, P, MemKind::PMem, Ctx);
  if (Early->Via)
    diag(Early->Via->getBeginLoc(),
         "the data comes back to this caller still not persistent", DiagnosticIDs::Note);
  if (Early->WriteBack)
    diag(Early->WriteBack->getBeginLoc(),
         "written back here, but no drain follows before the store", DiagnosticIDs::Note);
  else if (Early->UselessDrain)
    diag(Early->UselessDrain->getBeginLoc(),
         "this fence does not make the data persistent: nothing wrote it back before it",
         DiagnosticIDs::Note);
  if (Early->Branch)
    diag(Early->Branch->getBeginLoc(),
         "on the path where this condition is %select{false|true}0", DiagnosticIDs::Note)
        << Early->BranchTaken;
  diag(At,
       "%select{drain|write the data back and drain}0 before this "
       "%select{store|call}1 "
       "(%select{pmem_drain(), wmb(), copyintent_drain()|pmem_persist(), "
       "arch_wb_cache_pmem() then wmb(), copyintent_flush() then copyintent_drain()}0)",
       DiagnosticIDs::Note)
      << NeedsWriteBack << isa<CallExpr>(Early->Store);
}

} // namespace copyintent::checker
