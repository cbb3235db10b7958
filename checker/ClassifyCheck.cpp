//===- ClassifyCheck.cpp --------------------------------------------------===//

#include "ClassifyCheck.h"

using namespace clang;
using namespace llvm;

namespace copyintent::checker {

namespace {

StringRef intentOf(Family F) {
  switch (F) {
  case Family::Plain:
    return "ordinary copy";
  case Family::Nocache:
    return "cache-avoiding (nocache) copy";
  case Family::Writethrough:
    return "writethrough copy (no dirty line on return)";
  case Family::Persist:
    return "persist copy (writethrough and fence)";
  case Family::ToIO:
    return "MMIO copy";
  case Family::UserCopy:
    return "user-to-kernel copy";
  case Family::Libpmem:
    return "libpmem copy (intent from its flags)";
  }
  return "copy";
}

} // namespace

void ClassifyCheck::checkCopyCall(const CopyCall &C) {
  const Expr *Dst = C.dst();
  // skb_add_data_nocache(sk, skb, from, copy) copies into the socket buffer's data.
  Provenance P =
      Dst ? C.Analysis.pointerOf(Dst)
          : Provenance::of(MemKind::RAM, C.Call->getBeginLoc(), [] {
              return std::string("the destination is the socket buffer's data");
            });
  // The most specific kind with evidence: pmem, then MMIO, user, RAM.
  MemKind Shown = MemKind::Unknown;
  for (MemKind K : {MemKind::PMem, MemKind::MMIO, MemKind::User, MemKind::RAM})
    if (P.has(K)) {
      Shown = K;
      break;
    }
  diag(C.Call->getBeginLoc(), "%0: %1 into %2%3")
      << C.Fn.Name << intentOf(C.family()) << memKindName(Shown)
      << (Shown != MemKind::Unknown && !P.only(Shown) ? " (on some paths)" : "");
  if (Shown != MemKind::Unknown)
    explain(Dst, P, Shown, C.Ctx);
}

} // namespace copyintent::checker
