//===- WriteBackFlow.cpp - Is a copy written back before a drain? ---------===//

#include "WriteBackFlow.h"

#include "clang/AST/Expr.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSwitch.h"

using namespace clang;
using namespace llvm;

namespace copyintent::checker {

namespace {

/// What a named call does to the data written before it.
enum class Kind { Other, Flush, Persist, Drain };

/// The write-back and drain vocabulary of the kernel, libpmem, our API and the x86
/// intrinsics. A persist is a write-back followed by a drain.
Kind kindOf(StringRef N) {
  return StringSwitch<Kind>(N)
      .Cases("pmem_flush", "pmem_deep_flush", "copyintent_flush", "flush_range",
             Kind::Flush)
      .Cases("arch_wb_cache_pmem", "clean_cache_range", "_mm_clwb", "_mm_clflushopt",
             "_mm_clflush", Kind::Flush)
      .Cases("pmem_persist", "pmem_msync", "pmem_deep_persist", "pmemobj_persist",
             Kind::Persist)
      .Cases("pmem_drain", "copyintent_drain", "drain", "wmb", "pmem_wmb", "_mm_sfence",
             Kind::Drain)
      .Cases("copyintent_memcpy_persist", "memcpy_persist", "pmem_memcpy_persist",
             "pmem_memmove_persist", Kind::Drain)
      .Default(Kind::Other);
}

/// libpmem2 write-backs are called through function pointers of these types.
Kind kindOfPointerCall(const CallExpr *CE) {
  QualType T = CE->getCallee()->IgnoreParenImpCasts()->getType();
  for (int I = 0; I < 4 && !T.isNull(); ++I) {
    if (const auto *TT = T->getAs<TypedefType>()) {
      StringRef N = TT->getDecl()->getName();
      if (N == "pmem2_persist_fn")
        return Kind::Persist;
      if (N == "pmem2_flush_fn")
        return Kind::Flush;
      if (N == "pmem2_drain_fn")
        return Kind::Drain;
      T = TT->desugar();
      continue;
    }
    if (const auto *PT = T->getAs<PointerType>())
      T = PT->getPointeeType();
    else
      break;
  }
  return Kind::Other;
}

/// The field an address names: `&item->hdr`, `item->value`, `s->base + off`.
const FieldDecl *fieldOf(const Expr *E) {
  for (int I = 0; E && I < 16; ++I) {
    E = E->IgnoreParenCasts();
    if (const auto *UO = dyn_cast<UnaryOperator>(E); UO && UO->getOpcode() == UO_AddrOf)
      E = UO->getSubExpr();
    else if (const auto *BO = dyn_cast<BinaryOperator>(E);
             BO && (BO->getOpcode() == BO_Add || BO->getOpcode() == BO_Sub))
      E = BO->getLHS()->getType()->isPointerType() ? BO->getLHS() : BO->getRHS();
    else if (const auto *ME = dyn_cast<MemberExpr>(E))
      return dyn_cast<FieldDecl>(ME->getMemberDecl());
    else
      return nullptr;
  }
  return nullptr;
}

SourceLocation originOf(const Provenance &P) {
  std::vector<ProvNote> Chain = P.why(MemKind::PMem);
  return Chain.empty() ? SourceLocation() : Chain.back().Loc;
}

constexpr unsigned MaxCallerDepth = 2;
constexpr unsigned MaxDrainDepth = 3;

} // namespace

bool WriteBackFlow::coveredOnEveryPath(const CallExpr *Copy, const Expr *Dst) {
  return covered(Copy, Dst, 0);
}

CFG *WriteBackFlow::cfgOf(const FunctionDecl *F) {
  auto [It, New] = CFGs.try_emplace(F);
  if (New && F->hasBody()) {
    CFG::BuildOptions Opts;
    Opts.setAllAlwaysAdd(); // every call is an element of its block
    It->second = CFG::buildCFG(F, F->getBody(), &A.context(), Opts);
  }
  return It->second.get();
}

bool WriteBackFlow::covered(const CallExpr *From, const Expr *Dst, unsigned Depth) {
  const FunctionDecl *F = A.enclosingFunction(From);
  CFG *G = F ? cfgOf(F) : nullptr;
  if (!G)
    return false;
  // Where the copy is: its block and the element after it.
  SmallVector<std::pair<const CFGBlock *, unsigned>, 16> Work;
  for (const CFGBlock *B : *G)
    for (unsigned I = 0; I < B->size(); ++I)
      if (std::optional<CFGStmt> S = (*B)[I].getAs<CFGStmt>(); S && S->getStmt() == From)
        Work.push_back({B, I + 1});
  if (Work.empty())
    return false;
  SmallPtrSet<const CFGBlock *, 32> Seen;
  bool ReachesEnd = false;
  while (!Work.empty()) {
    auto [B, I] = Work.pop_back_val();
    bool Stopped = false;
    for (; I < B->size() && !Stopped; ++I) {
      std::optional<CFGStmt> S = (*B)[I].getAs<CFGStmt>();
      if (!S || S->getStmt() == From)
        continue;
      switch (classify(S->getStmt(), Dst)) {
      case Event::Covers:
        Stopped = true; // this path is fine
        break;
      case Event::Drains:
        return false; // drained (or published) before the write-back
      case Event::None:
        break;
      }
    }
    if (Stopped)
      continue;
    if (B == &G->getExit())
      ReachesEnd = true;
    for (const CFGBlock::AdjacentBlock &Succ : B->succs())
      if (const CFGBlock *SB = Succ.getReachableBlock(); SB && Seen.insert(SB).second)
        Work.push_back({SB, 0});
  }
  return !ReachesEnd || coveredInCallers(F, Dst, Depth);
}

/// The end of F without a write-back: fine when F is a static helper whose every
/// caller writes the range back after the call (the destination is a parameter).
bool WriteBackFlow::coveredInCallers(const FunctionDecl *F, const Expr *Dst,
                                     unsigned Depth) {
  if (Depth >= MaxCallerDepth || F->isExternallyVisible())
    return false;
  const auto *P = dyn_cast_or_null<ParmVarDecl>(ProvenanceAnalysis::rootOf(Dst));
  if (!P || P->getFunctionScopeIndex() >= F->getNumParams())
    return false;
  ArrayRef<const CallExpr *> Callers = A.callersOf(F);
  if (Callers.empty())
    return false;
  unsigned Idx = P->getFunctionScopeIndex();
  return llvm::all_of(Callers, [&](const CallExpr *Call) {
    return Idx < Call->getNumArgs() && covered(Call, Call->getArg(Idx), Depth + 1);
  });
}

/// The lvalue's address, for a store: `log->hdr->tail` -> log->hdr, `*p` -> p.
static const Expr *storedThrough(const Expr *LHS) {
  for (int I = 0; LHS && I < 16; ++I) {
    LHS = LHS->IgnoreParenImpCasts();
    if (const auto *UO = dyn_cast<UnaryOperator>(LHS); UO && UO->getOpcode() == UO_Deref)
      return UO->getSubExpr();
    if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(LHS))
      return ASE->getBase();
    const auto *ME = dyn_cast<MemberExpr>(LHS);
    if (!ME)
      return nullptr;
    if (ME->isArrow())
      return ME->getBase();
    LHS = ME->getBase();
  }
  return nullptr;
}

WriteBackFlow::Event WriteBackFlow::classify(const Stmt *S, const Expr *Dst) {
  // A barrier written as inline assembly (the kernel's wmb(): sfence / dsb / sync /
  // fence) drains.
  if (const auto *Asm = dyn_cast<GCCAsmStmt>(S)) {
    std::string Text = Asm->getAsmString();
    for (StringRef Fence : {"sfence", "mfence", "dsb", "sync", "fence"})
      if (StringRef(Text).contains(Fence))
        return Event::Drains;
    return Event::None;
  }
  // A store into other persistent memory while the copy is not written back (the
  // tail, an index, a pointer: WRITE_ONCE(log->hdr->tail, ...)) publishes before the
  // data is durable: a cache line can be evicted, and so persist, at any time.
  if (const auto *BO = dyn_cast<BinaryOperator>(S); BO && BO->isAssignmentOp()) {
    const Expr *Base = storedThrough(BO->getLHS());
    if (Base && Base->getType()->isPointerType() && !covers(Base, Dst) &&
        A.pointerOf(Base).has(MemKind::PMem))
      return Event::Drains;
    return Event::None;
  }
  const auto *CE = dyn_cast<CallExpr>(S);
  if (!CE)
    return Event::None;
  const FunctionDecl *Callee = CE->getDirectCallee();
  Kind K = Callee ? (Callee->getIdentifier() ? kindOf(Callee->getName()) : Kind::Other)
                  : kindOfPointerCall(CE);
  switch (K) {
  case Kind::Flush:
    return CE->getNumArgs() && covers(CE->getArg(0), Dst) ? Event::Covers : Event::None;
  case Kind::Persist:
    // A persist of the copy's range covers it; of anything else it drains first.
    return CE->getNumArgs() && covers(CE->getArg(0), Dst) ? Event::Covers : Event::Drains;
  case Kind::Drain:
    return Event::Drains;
  case Kind::Other:
    break;
  }
  if (Callee && Callee->hasBody() && drains(Callee, 0))
    return Event::Drains;
  return Event::None;
}

bool WriteBackFlow::covers(const Expr *WriteBack, const Expr *Dst) {
  const FieldDecl *FW = fieldOf(WriteBack), *FD = fieldOf(Dst);
  const Decl *RW = ProvenanceAnalysis::rootOf(WriteBack);
  const Decl *RD = ProvenanceAnalysis::rootOf(Dst);
  if (FW && FD && FW != FD)
    return false; // two fields of an object: the header's flush leaves the data
  if (RW && RW == RD)
    return true;
  Provenance PW = A.pointerOf(WriteBack), PD = A.pointerOf(Dst);
  if (!PW.has(MemKind::PMem) || !PD.has(MemKind::PMem))
    return false;
  SourceLocation OW = originOf(PW), OD = originOf(PD);
  return OW.isValid() && OW == OD;
}

bool WriteBackFlow::drains(const FunctionDecl *F, unsigned Depth) {
  F = F->getDefinition() ? F->getDefinition() : F;
  auto It = DrainMemo.find(F);
  if (It != DrainMemo.end())
    return It->second;
  DrainMemo[F] = false; // recursion: assume not while computing
  bool Result = false;
  if (CFG *G = Depth < MaxDrainDepth ? cfgOf(F) : nullptr)
    for (const CFGBlock *B : *G) {
      for (const CFGElement &E : *B) {
        std::optional<CFGStmt> S = E.getAs<CFGStmt>();
        const auto *CE = S ? dyn_cast<CallExpr>(S->getStmt()) : nullptr;
        if (!CE)
          continue;
        const FunctionDecl *Callee = CE->getDirectCallee();
        Kind K = Callee ? (Callee->getIdentifier() ? kindOf(Callee->getName()) : Kind::Other)
                        : kindOfPointerCall(CE);
        if (K == Kind::Persist || K == Kind::Drain ||
            (K == Kind::Other && Callee && Callee->hasBody() && drains(Callee, Depth + 1)))
          Result = true;
      }
      if (Result)
        break;
    }
  DrainMemo[F] = Result;
  return Result;
}

} // namespace copyintent::checker
