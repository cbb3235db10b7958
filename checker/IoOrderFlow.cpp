//===- IoOrderFlow.cpp - Is a copy into MMIO ordered before the doorbell? -===//

#include "IoOrderFlow.h"
#include "MemorySources.h"
#include "SpelledName.h"

#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;
using namespace llvm;

namespace copyintent::checker {

namespace {

constexpr unsigned MaxCalleeDepth = 4;

bool isOrderAsm(const GCCAsmStmt *Asm, const ASTContext &Ctx) {
  std::string Text = Asm->getAsmString();
  if (any_of(ioOrderMnemonics(),
             [&](StringRef M) { return StringRef(Text).contains(M); }))
    return true;
  // x86's dma_wmb() is barrier(), an empty asm: the macro says what it is.
  return any_of(macrosOf(Asm->getBeginLoc(), Ctx), isIoWriteBarrier);
}

} // namespace

StringRef IoOrderFlow::spelledName(const CallExpr *CE) const {
  for (StringRef M : macrosOf(CE->getBeginLoc(), Ctx))
    if (mmioWriteOrder(M) != MmioWriteOrder::NotAWrite || isIoWriteBarrier(M))
      return M;
  const FunctionDecl *F = CE->getDirectCallee();
  return F && F->getIdentifier() ? F->getName() : StringRef();
}

IoOrderFlow::Event IoOrderFlow::classify(const Stmt *S, Doorbell &D) {
  if (const auto *Asm = dyn_cast<GCCAsmStmt>(S))
    return isOrderAsm(Asm, Ctx) ? Event::Orders : Event::None;
  const auto *CE = dyn_cast<CallExpr>(S);
  if (!CE)
    return Event::None;
  StringRef Name = spelledName(CE);
  if (isIoWriteBarrier(Name))
    return Event::Orders;
  switch (MmioWriteOrder O = mmioWriteOrder(Name)) {
  case MmioWriteOrder::Ordered:
    return Event::Orders;
  case MmioWriteOrder::Relaxed:
  case MmioWriteOrder::Raw:
    D = {CE, Name, O};
    return Event::Doorbell;
  case MmioWriteOrder::NotAWrite:
    break;
  }
  const FunctionDecl *Callee = CE->getDirectCallee();
  return Callee && Callee->hasBody() && orders(Callee, 0) ? Event::Orders : Event::None;
}

bool IoOrderFlow::orders(const FunctionDecl *F, unsigned Depth) {
  return CFGs.containsEvent(
      F,
      [&](const Stmt *S) {
        using E = FunctionCFGs::Element;
        if (const auto *Asm = dyn_cast<GCCAsmStmt>(S))
          return isOrderAsm(Asm, Ctx) ? E::Event : E::None;
        const auto *CE = dyn_cast<CallExpr>(S);
        if (!CE)
          return E::None;
        StringRef Name = spelledName(CE);
        if (isIoWriteBarrier(Name) || mmioWriteOrder(Name) == MmioWriteOrder::Ordered)
          return E::Event;
        return E::Descend;
      },
      OrdersMemo, MaxCalleeDepth, Depth);
}

std::vector<IoOrderFlow::Doorbell>
IoOrderFlow::unorderedDoorbells(const CallExpr *Copy, const FunctionDecl *F) {
  std::vector<Doorbell> Found;
  CFG *G = F ? CFGs.of(F) : nullptr;
  if (!G)
    return Found;
  // A path ends at the first barrier, ordered write or relaxed write; each block is
  // entered once (what follows the copy is the same whichever way it was reached).
  SmallVector<std::pair<const CFGBlock *, unsigned>, 16> Work;
  append_range(Work, CFGs.after(*G, Copy));
  DenseSet<const CFGBlock *> Seen;
  while (!Work.empty()) {
    auto [B, I] = Work.pop_back_val();
    // Past the function's budget: the doorbells found so far are real paths.
    if (!CFGs.charge(F, B->size()))
      break;
    bool Stopped = false;
    for (; I < B->size() && !Stopped; ++I) {
      std::optional<CFGStmt> S = (*B)[I].getAs<CFGStmt>();
      if (!S || S->getStmt() == Copy)
        continue;
      Doorbell D;
      switch (classify(S->getStmt(), D)) {
      case Event::Orders:
        Stopped = true;
        break;
      case Event::Doorbell:
        if (none_of(Found, [&](const Doorbell &X) { return X.Write == D.Write; }))
          Found.push_back(D);
        Stopped = true;
        break;
      case Event::None:
        break;
      }
    }
    if (Stopped)
      continue;
    for (const CFGBlock *Succ : B->succs())
      if (Succ && Seen.insert(Succ).second)
        Work.push_back({Succ, 0});
  }
  return Found;
}

} // namespace copyintent::checker
