//===- NtFenceFlow.cpp - Are non-temporal stores fenced before a release? -===//

#include "NtFenceFlow.h"
#include "SpelledName.h"

#include "clang/AST/DeclCXX.h"
#include "clang/Basic/Builtins.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallVector.h"

using namespace clang;
using namespace llvm;

namespace copyintent::checker {

namespace {

// The C ABI's memory orders (__ATOMIC_* and memory_order_*).
constexpr int64_t OrderRelease = 3, OrderAcqRel = 4, OrderSeqCst = 5;

/// A store with this order: SEQ_CST is XCHG (locked), RELEASE a plain MOV. An order
/// that is no constant may be either: taken to order.
NtOrder storeOrder(std::optional<int64_t> O) {
  if (!O || *O == OrderSeqCst)
    return NtOrder::Orders;
  return *O == OrderRelease ? NtOrder::PlainRelease : NtOrder::Unrelated;
}

/// A fence: SEQ_CST is MFENCE; RELEASE and ACQ_REL emit nothing on x86.
NtOrder fenceOrder(std::optional<int64_t> O) {
  if (!O || *O == OrderSeqCst)
    return NtOrder::Orders;
  return *O == OrderRelease || *O == OrderAcqRel ? NtOrder::PlainRelease
                                                 : NtOrder::Unrelated;
}

/// std::atomic's members and the free functions of <atomic>.
bool isStdAtomic(const NamedDecl *D) {
  const auto *RD = dyn_cast<CXXRecordDecl>(D->getDeclContext());
  const DeclContext *DC = RD ? RD->getDeclContext() : D->getDeclContext();
  while (DC && !DC->isStdNamespace() && isa<NamespaceDecl>(DC) &&
         cast<NamespaceDecl>(DC)->isInline())
    DC = DC->getParent();
  if (!DC || !DC->isStdNamespace())
    return false;
  return !RD || RD->getName().contains("atomic");
}

} // namespace

NtFenceFlow::Event NtFenceFlow::classifyCall(const CallExpr *CE) {
  Event E;
  E.Name =
      spelledAs(CE, Ctx, [](StringRef N) { return ntOrder(N) != NtOrder::Unrelated; });
  if (!E.Name.empty()) {
    const FunctionDecl *Direct = CE->getDirectCallee();
    E.Order = ntOrder(E.Name);
    E.Kind = Direct && Direct->getIdentifier() && Direct->getName() == E.Name
                 ? ReleaseKind::Call
                 : ReleaseKind::Macro;
    if (E.Name.starts_with("__sync_lock_release"))
      E.Name = "__sync_lock_release"; // as written, without Sema's size suffix
    return E;
  }
  if (std::optional<NtOrder> O = Copies(CE)) {
    E.Order = *O;
    return E;
  }
  const FunctionDecl *F = CE->getDirectCallee();
  if (!F) {
    E.Order = NtOrder::Orders; // through a pointer: may run anything
    return E;
  }
  if (F->getIdentifier())
    E.Name = F->getName();
  auto ArgOrder = [&](unsigned I) -> std::optional<int64_t> {
    Expr::EvalResult R;
    if (I < CE->getNumArgs() && CE->getArg(I)->EvaluateAsInt(R, Ctx))
      return R.Val.getInt().getExtValue();
    return std::nullopt;
  };
  if (unsigned ID = F->getIdentifier() ? F->getBuiltinID() : 0) {
    if (ID == Builtin::BI__atomic_thread_fence ||
        ID == Builtin::BI__c11_atomic_thread_fence) {
      E.Order = fenceOrder(ArgOrder(0));
      E.Kind = ReleaseKind::Ordered;
      E.OrderArg = CE->getArg(0);
    } else if (E.Name.starts_with("__sync_"))
      E.Order = NtOrder::Orders; // LOCK-prefixed; __sync_lock_release is in the table
    else if (E.Name.contains("movnt") && !E.Name.contains("movntdqa"))
      E.Order = NtOrder::NonTemporalStore;
    return E;
  }
  if (isStdAtomic(F)) {
    // Operators: = and the arithmetic ones are seq_cst stores and read-modify-writes;
    // the conversion is a load.
    StringRef M = isa<CXXConversionDecl>(F) ? "load" : E.Name;
    bool Member = isa<CXXMethodDecl>(F);
    unsigned OrderIdx =
        Member ? (M == "store" ? 1 : 0) : (M == "atomic_thread_fence" ? 0 : 2);
    if (M == "atomic_thread_fence")
      E.Order = fenceOrder(ArgOrder(OrderIdx));
    else if (M == "store" || M == "atomic_store_explicit")
      E.Order =
          storeOrder(CE->getNumArgs() > OrderIdx ? ArgOrder(OrderIdx) : OrderSeqCst);
    else if (M == "clear") // atomic_flag::clear(order): a store
      E.Order = storeOrder(CE->getNumArgs() > 0 ? ArgOrder(0) : OrderSeqCst);
    else if (M.starts_with("load") || M.starts_with("atomic_load") || M == "is_lock_free")
      E.Order = NtOrder::Unrelated;
    else
      E.Order = NtOrder::Orders; // exchange, fetch_*, compare_exchange_*, operator=
    if (E.Order == NtOrder::PlainRelease) {
      E.Kind = ReleaseKind::Ordered;
      unsigned I = M == "clear" ? 0 : OrderIdx;
      E.OrderArg = I < CE->getNumArgs() ? CE->getArg(I) : nullptr;
    }
    return E;
  }
  if (!E.Name.empty() && writeBackFunction(E.Name).Kind == WriteBackKind::Flush)
    return E; // a write-back orders nothing
  if (F->hasBody()) {
    if (Shallow)
      E.Body = F;
    else
      E.Callee = &summaryOf(F);
    return E;
  }
  // Defined elsewhere and named by no table: it may fence (nvdimm_flush()-like
  // helpers do), so it is taken to order.
  E.Order = NtOrder::Orders;
  return E;
}

NtFenceFlow::Event NtFenceFlow::classify(const Stmt *S) {
  Event E;
  if (const auto *Asm = dyn_cast<GCCAsmStmt>(S)) {
    // smp_wmb() and smp_store_release() are barrier(), an empty asm, on x86: the
    // macro says what it is meant to be.
    E.Name =
        spelledAs(Asm, Ctx, [](StringRef N) { return ntOrder(N) != NtOrder::Unrelated; });
    E.Order = E.Name.empty() ? ntOrderOfAsm(Asm->getAsmString()) : ntOrder(E.Name);
    E.Kind = ReleaseKind::Macro;
    return E;
  }
  if (const auto *AE = dyn_cast<AtomicExpr>(S)) {
    StringRef Op = AE->getOpAsString();
    E.Name = Op;
    if (Op.contains("_init") || Op.contains("_load"))
      return E;
    std::optional<int64_t> O;
    Expr::EvalResult R;
    if (AE->getOrder()->EvaluateAsInt(R, Ctx))
      O = R.Val.getInt().getExtValue();
    // Stores by their order; read-modify-writes are LOCK-prefixed whatever it is.
    E.Order = Op.contains("_store") ? storeOrder(O) : NtOrder::Orders;
    E.Kind = ReleaseKind::Ordered;
    E.OrderArg = AE->getOrder();
    // atomic_store_explicit() is a macro around __c11_atomic_store: say what is written.
    for (StringRef M : macrosOf(AE->getBeginLoc(), Ctx))
      if (M.contains("atomic_store")) {
        E.Name = M;
        break;
      }
    return E;
  }
  if (const auto *CE = dyn_cast<CallExpr>(S))
    return classifyCall(CE);
  return E;
}

bool NtFenceFlow::mayRelease(const FunctionDecl *F) {
  F = F->getDefinition() ? F->getDefinition() : F;
  if (Events.empty()) {
    // The calls, asm statements and atomics of each function, from the index.
    for (const CallExpr *CE : A.evaluatedCalls())
      if (const FunctionDecl *Encl = A.enclosingFunction(CE))
        Events[Encl].push_back(CE);
    for (auto [S, Encl] : A.orderingStatements())
      if (Encl)
        Events[Encl].push_back(S);
  }
  auto [It, New] = MayReleaseMemo.try_emplace(F, false); // recursion: no
  if (!New)
    return It->second;
  bool Found = false;
  auto EvIt = Events.find(F);
  for (const Stmt *S : EvIt == Events.end() ? ArrayRef<const Stmt *>()
                                            : ArrayRef<const Stmt *>(EvIt->second)) {
    // Most calls are plain ones outside macros: a name and, for a function of the
    // TU, its body decide without the full classification.
    if (const auto *CE = dyn_cast<CallExpr>(S); CE && !CE->getBeginLoc().isMacroID())
      if (const FunctionDecl *G = CE->getDirectCallee();
          G && G->getIdentifier() && !G->getBuiltinID() && !isStdAtomic(G)) {
        Found = ntOrder(G->getName()) == NtOrder::PlainRelease ||
                (G->hasBody() && mayRelease(G));
        if (Found)
          break;
        continue;
      }
    bool Saved = Shallow;
    Shallow = true;
    Event E = classify(S);
    Shallow = Saved;
    Found = E.Order == NtOrder::PlainRelease || (E.Body && mayRelease(E.Body));
    if (Found)
      break;
  }
  MayReleaseMemo[F] = Found;
  return Found;
}

void NtFenceFlow::report(const FunctionDecl *F, const Stmt *S, const Event &E,
                         const Origin &From) {
  const SourceManager &SM = Ctx.getSourceManager();
  if (!Reported.insert(SM.getExpansionLoc(S->getBeginLoc())).second)
    return;
  Finding Fd;
  Fd.Function = F;
  Fd.Release = S;
  Fd.Name = E.Name;
  Fd.Kind = E.Callee ? ReleaseKind::ViaCallee : E.Kind;
  Fd.OrderArg = E.OrderArg;
  if (E.Callee) {
    Fd.InnerRelease = E.Callee->Release;
    Fd.InnerName = E.Callee->ReleaseName;
  }
  Fd.From = From;
  Findings.push_back(Fd);
}

void NtFenceFlow::transfer(const FunctionDecl *F, const Stmt *S, State &St,
                           Summary &Out) {
  Event E = classify(S);
  if (const Summary *C = E.Callee) {
    if (C->Release) {
      if (St.Own)
        report(F, S, E, St.Own);
      if (St.CallerPending && !Out.Release)
        Out.Release = S, Out.ReleaseName = E.Name;
      St.Own = {};
      St.CallerPending = false;
    } else if (!C->PassesThrough) {
      St.Own = {};
      St.CallerPending = false;
    }
    if (C->Generates && !St.Own)
      St.Own = {C->Generates.Store, cast<CallExpr>(S)};
    return;
  }
  switch (E.Order) {
  case NtOrder::Unrelated:
    break;
  case NtOrder::NonTemporalStore:
    if (!St.Own)
      St.Own = {S, nullptr};
    break;
  case NtOrder::Orders:
    St = {};
    break;
  case NtOrder::PlainRelease:
    if (St.Own)
      report(F, S, E, St.Own);
    if (St.CallerPending && !Out.Release)
      Out.Release = S, Out.ReleaseName = E.Name;
    // Reported once: what follows on this path is the same finding.
    St = {};
    break;
  }
}

const NtFenceFlow::Summary &NtFenceFlow::summaryOf(const FunctionDecl *F) {
  F = F->getDefinition() ? F->getDefinition() : F;
  if (auto It = Summaries.find(F); It != Summaries.end())
    return It->second;
  static const Summary Orders; // recursion, or no CFG: taken to order
  CFG *G = CFGs.of(F);
  if (!G || !InProgress.insert(F).second)
    return Orders;
  Summary Out;
  // In[B]; a block is visited again only when what enters it grows.
  DenseMap<const CFGBlock *, State> In;
  SmallVector<const CFGBlock *, 16> Work;
  In[&G->getEntry()] = {true, {}};
  Work.push_back(&G->getEntry());
  while (!Work.empty()) {
    const CFGBlock *B = Work.pop_back_val();
    // Past the function's budget: the findings recorded so far are real paths; its
    // callers take it to order (report nothing through it).
    if (!CFGs.charge(F, B->size())) {
      InProgress.erase(F);
      return Summaries[F] = Orders;
    }
    State St = In[B];
    for (const CFGElement &El : *B)
      if (std::optional<CFGStmt> CS = El.getAs<CFGStmt>())
        transfer(F, CS->getStmt(), St, Out);
    for (const CFGBlock *Succ : B->succs()) {
      if (!Succ)
        continue;
      auto [It, New] = In.try_emplace(Succ, St);
      State Merged = It->second;
      Merged.CallerPending |= St.CallerPending;
      if (!Merged.Own)
        Merged.Own = St.Own;
      if (New || !(Merged == It->second)) {
        It->second = Merged;
        Work.push_back(Succ);
      }
    }
  }
  if (auto It = In.find(&G->getExit()); It != In.end()) {
    Out.PassesThrough = It->second.CallerPending;
    Out.Generates = It->second.Own;
  }
  InProgress.erase(F);
  return Summaries[F] = Out;
}

std::vector<NtFenceFlow::Finding> NtFenceFlow::run() {
  // The functions that make non-temporal stores themselves (where the analysis
  // starts), and who calls each function of the TU: from the provenance index's
  // walk, which has seen every call and asm statement once already.
  std::vector<const FunctionDecl *> Found;
  DenseSet<const FunctionDecl *> Storing;
  DenseMap<const FunctionDecl *, SmallVector<const FunctionDecl *, 2>> Callers;
  auto Stores = [&](const FunctionDecl *F) {
    if (F && Storing.insert(F).second)
      Found.push_back(F);
  };
  for (const CallExpr *CE : A.evaluatedCalls()) {
    const FunctionDecl *Encl = A.enclosingFunction(CE);
    const FunctionDecl *F = CE->getDirectCallee();
    if (!Encl)
      continue;
    if (F && F->hasBody())
      Callers[F->getFirstDecl()].push_back(Encl);
    if (F && F->getIdentifier() &&
        (ntOrder(F->getName()) == NtOrder::NonTemporalStore ||
         (F->getBuiltinID() && F->getName().contains("movnt") &&
          !F->getName().contains("movntdqa"))))
      Stores(Encl);
    else if (std::optional<NtOrder> O = Copies(CE); O && *O == NtOrder::NonTemporalStore)
      Stores(Encl);
  }
  for (auto [S, Encl] : A.orderingStatements())
    if (const auto *Asm = dyn_cast<GCCAsmStmt>(S);
        Asm && ntOrderOfAsm(Asm->getAsmString()) == NtOrder::NonTemporalStore)
      Stores(Encl);

  // Each function that stores, and the functions of the TU that call one (the stores
  // may be pending at the return): those that may reach a release get the dataflow,
  // which builds the summaries of what they call. The others report nothing, and
  // their CFGs are never built.
  std::vector<const FunctionDecl *> Work = Found;
  DenseSet<const FunctionDecl *> Done;
  while (!Work.empty()) {
    const FunctionDecl *F = Work.back();
    Work.pop_back();
    if (!Done.insert(F).second)
      continue;
    if (mayRelease(F))
      summaryOf(F);
    if (auto It = Callers.find(F->getFirstDecl()); It != Callers.end())
      append_range(Work, It->second);
  }
  const SourceManager &SM = Ctx.getSourceManager();
  std::sort(Findings.begin(), Findings.end(), [&](const Finding &A, const Finding &B) {
    return SM.isBeforeInTranslationUnit(A.Release->getBeginLoc(),
                                        B.Release->getBeginLoc());
  });
  return Findings;
}

} // namespace copyintent::checker
