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
  // What each family leaves to do. Persist copies are done; a libpmem copy does what
  // its flags say (nothing is known when they are not a constant); MMIO and user
  // copies are not persistent-memory writes.
  // Under eADR the caches are persistent: cached stores are durable once visible
  // (and become visible in order), so only non-temporal stores without their fence
  // leave work: a writethrough copy's, and libpmem's with NOFLUSH (a kernel or
  // copyintent nocache copy ends with its fence).
  // The same holds on the paths where the code has asked that the domain is eADR.
  using Pending = WriteBackFlow::Pending;
  std::optional<Pending> UnderEadr;
  Pending UnderAdr;
  switch (C.family()) {
  case Family::Plain:
    UnderAdr = Pending::WriteBackAndDrain;
    break;
  case Family::Nocache:
    UnderAdr = Pending::WriteBackAndDrain;
    if (C.Fn.Fam == Family::Libpmem)
      UnderEadr = Pending::Drain;
    break;
  case Family::Writethrough:
    UnderAdr = Pending::Drain;
    UnderEadr = Pending::Drain;
    break;
  default:
    return;
  }
  if (persistenceDomain() == PersistenceDomain::EADR && !UnderEadr)
    return;
  Pending Start = persistenceDomain() == PersistenceDomain::EADR ? *UnderEadr : UnderAdr;
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
      report(C, Dst, P, Start, Early);
}

void PublishBeforePersistCheck::report(const CopyCall &C, const Expr *Dst,
                                       const Provenance &P, WriteBackFlow::Pending Start,
                                       const WriteBackFlow::EarlyPublish &E) {
  const WriteBackFlow::EarlyPublish *Early = &E;
  const SourceManager &SM = C.Ctx.getSourceManager();
  bool NeedsWriteBack =
      Start == WriteBackFlow::Pending::WriteBackAndDrain && !Early->WriteBack;
  SourceLocation At = storeLoc(Early->Store);
  diag(At,
       "'%0' publishes the data that %1 wrote (line %2) before that data is persistent: "
       "after a crash the store can be durable and the data not")
      << spell(cast<Expr>(Early->Store), C.Ctx) << C.Fn.Name
      << SM.getPresumedLineNumber(SM.getExpansionLoc(C.Call->getBeginLoc()));
  diag(C.Call->getBeginLoc(),
       "the data is written here; it still needs %select{a drain|a "
       "write-back and a drain}0 to be persistent",
       DiagnosticIDs::Note)
      << NeedsWriteBack;
  explain(Dst, P, MemKind::PMem, C.Ctx);
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
