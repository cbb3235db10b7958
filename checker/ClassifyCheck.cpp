//===- ClassifyCheck.cpp --------------------------------------------------===//

#include "ClassifyCheck.h"

using namespace clang;
using namespace llvm;

namespace copyintent::checker {

void ClassifyCheck::checkCopyCall(const CopyCall &C) {
  const Expr *Dst = C.dst();
  // skb_add_data_nocache(sk, skb, from, copy) copies into the socket buffer's data.
  Provenance P = Dst ? C.Analysis.pointerOf(Dst)
                     : Provenance::of(MemKind::RAM, C.Call->getBeginLoc(),
                                      [] { return ImplicitDestinationSays.str(); });
  // The most specific kind with evidence: pmem, then MMIO, user, RAM.
  MemKind Shown = MemKind::Unknown;
  for (MemKind K : {MemKind::PMem, MemKind::MMIO, MemKind::User, MemKind::RAM})
    if (P.has(K)) {
      Shown = K;
      break;
    }
  diag(C.Call->getBeginLoc(), "%0: %1 into %2%3")
      << C.Fn.Name << familyIntent(C.family()) << memKindName(Shown)
      << (Shown != MemKind::Unknown && !P.only(Shown) ? " (on some paths)" : "");
  if (Shown != MemKind::Unknown)
    explain(Dst, P, Shown, C.Ctx);
}

} // namespace copyintent::checker
