//===- WriteBackFlow.cpp - Is a copy written back before a drain? ---------===//

#include "WriteBackFlow.h"
#include "ApiTable.h"

#include "clang/AST/Expr.h"
#include "clang/AST/RecordLayout.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"

using namespace clang;
using namespace llvm;

namespace copyintent::checker {

namespace {

} // namespace

WriteBackFunction writeBackOf(const CallExpr *CE) {
  if (const FunctionDecl *Callee = CE->getDirectCallee())
    return Callee->getIdentifier() ? writeBackFunction(Callee->getName())
                                   : WriteBackFunction();
  QualType T = CE->getCallee()->IgnoreParenImpCasts()->getType();
  for (int I = 0; I < 4 && !T.isNull(); ++I) {
    if (const auto *TT = T->getAs<TypedefType>()) {
      WriteBackFunction W = writeBackPointerType(TT->getDecl()->getName());
      if (W.Kind != WriteBackKind::Other)
        return W;
      T = TT->desugar();
      continue;
    }
    if (const auto *PT = T->getAs<PointerType>())
      T = PT->getPointeeType();
    else
      break;
  }
  return {};
}

namespace {

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

/// Where the address E lies relative to the declaration it starts from, in bytes:
/// Low is a lower bound, exact when Exact. `p` 0; `&p->f` and `p->arr` the field's
/// offset; `p + 2` two elements; `p->arr + n` with an unsigned n at least the field's.
struct ByteOffset {
  int64_t Low = 0;
  bool Exact = true;
};
std::optional<ByteOffset> byteOffset(const Expr *E, ASTContext &Ctx) {
  E = E->IgnoreParenCasts();
  if (isa<DeclRefExpr>(E))
    return ByteOffset();
  bool AddressOf = false;
  if (const auto *UO = dyn_cast<UnaryOperator>(E); UO && UO->getOpcode() == UO_AddrOf) {
    E = UO->getSubExpr()->IgnoreParens();
    AddressOf = true;
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    // The field's address: under & or when it is an array. A pointer field's value
    // is another object.
    const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!F || !ME->isArrow() || !(AddressOf || F->getType()->isArrayType()) ||
        F->getParent()->isInvalidDecl())
      return std::nullopt;
    std::optional<ByteOffset> Base = byteOffset(ME->getBase(), Ctx);
    if (!Base)
      return std::nullopt;
    const ASTRecordLayout &L = Ctx.getASTRecordLayout(F->getParent());
    Base->Low += Ctx.toCharUnitsFromBits(L.getFieldOffset(F->getFieldIndex())).getQuantity();
    return Base;
  }
  if (AddressOf)
    return std::nullopt;
  if (const auto *BO = dyn_cast<BinaryOperator>(E); BO && BO->getOpcode() == BO_Add) {
    const Expr *Ptr = BO->getLHS(), *Int = BO->getRHS();
    if (!Ptr->getType()->isPointerType())
      std::swap(Ptr, Int);
    QualType Pointee = Ptr->getType()->getPointeeType();
    std::optional<ByteOffset> Base = byteOffset(Ptr, Ctx);
    if (!Base || Pointee.isNull() || (!Pointee->isVoidType() && Pointee->isIncompleteType()))
      return std::nullopt;
    int64_t Elem = Pointee->isVoidType() ? 1 : Ctx.getTypeSizeInChars(Pointee).getQuantity();
    Expr::EvalResult R;
    if (Int->EvaluateAsInt(R, Ctx)) {
      Base->Low += R.Val.getInt().getExtValue() * Elem;
      return Base;
    }
    if (!Int->IgnoreParenImpCasts()->getType()->isUnsignedIntegerType())
      return std::nullopt;
    Base->Exact = false; // at least the base
    return Base;
  }
  return std::nullopt;
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
  WriteBackFunction W = writeBackOf(CE);
  bool Covering = W.PointerArg >= 0 && unsigned(W.PointerArg) < CE->getNumArgs() &&
                  covers(CE->getArg(W.PointerArg), Dst) && !disjoint(CE, W, Dst);
  switch (W.Kind) {
  case WriteBackKind::Flush:
    return Covering ? Event::Covers : Event::None;
  case WriteBackKind::Persist:
    // A persist of the copy's range covers it; of anything else it drains first.
    return Covering ? Event::Covers : Event::Drains;
  case WriteBackKind::Drain:
    return Event::Drains;
  case WriteBackKind::Other:
    break;
  }
  if (Callee && Callee->hasBody() && drains(Callee, 0))
    return Event::Drains;
  return Event::None;
}

bool WriteBackFlow::disjoint(const CallExpr *WB, const WriteBackFunction &W,
                             const Expr *Dst) {
  if (W.LengthArg < 0 || unsigned(W.LengthArg) >= WB->getNumArgs())
    return false;
  ASTContext &Ctx = A.context();
  const Expr *Ptr = WB->getArg(W.PointerArg);
  Expr::EvalResult Len;
  std::optional<ByteOffset> OW = byteOffset(Ptr, Ctx), OD = byteOffset(Dst, Ctx);
  if (!OW || !OW->Exact || !OD || !WB->getArg(W.LengthArg)->EvaluateAsInt(Len, Ctx) ||
      ProvenanceAnalysis::rootOf(Ptr) != ProvenanceAnalysis::rootOf(Dst))
    return false;
  // The copy starts at or after the end of the written-back range.
  return OD->Low >= OW->Low + Len.Val.getInt().getExtValue();
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
        WriteBackKind K = writeBackOf(CE).Kind;
        if (K == WriteBackKind::Persist || K == WriteBackKind::Drain ||
            (K == WriteBackKind::Other && Callee && Callee->hasBody() &&
             drains(Callee, Depth + 1)))
          Result = true;
      }
      if (Result)
        break;
    }
  DrainMemo[F] = Result;
  return Result;
}

} // namespace copyintent::checker

// --- Publish before persist ---------------------------------------------------------

namespace copyintent::checker {

namespace {

/// Whether the variable V is named anywhere in E (an index in an address).
bool mentions(const Expr *E, const ValueDecl *V) {
  if (!E)
    return false;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
    return DRE->getDecl() == V;
  for (const Stmt *C : E->children())
    if (const auto *CE = dyn_cast_or_null<Expr>(C); CE && mentions(CE, V))
      return true;
  return false;
}

} // namespace

SmallVector<unsigned, 2> WriteBackFlow::writtenBackParams(const FunctionDecl *F) {
  SmallVector<unsigned, 2> Out;
  CFG *G = cfgOf(F->getDefinition() ? F->getDefinition() : F);
  if (!G)
    return Out;
  for (const CFGBlock *B : *G)
    for (const CFGElement &E : *B) {
      std::optional<CFGStmt> S = E.getAs<CFGStmt>();
      const auto *CE = S ? dyn_cast<CallExpr>(S->getStmt()) : nullptr;
      if (!CE)
        continue;
      WriteBackFunction W = writeBackOf(CE);
      if ((W.Kind != WriteBackKind::Flush && W.Kind != WriteBackKind::Persist) ||
          W.PointerArg < 0 || unsigned(W.PointerArg) >= CE->getNumArgs())
        continue;
      if (const auto *P = dyn_cast_or_null<ParmVarDecl>(
              ProvenanceAnalysis::rootOf(CE->getArg(W.PointerArg))))
        if (!is_contained(Out, P->getFunctionScopeIndex()))
          Out.push_back(P->getFunctionScopeIndex());
    }
  return Out;
}

bool WriteBackFlow::publishes(const BinaryOperator *S, const Expr *Dst) {
  const Expr *Base = storedThrough(S->getLHS());
  if (!Base || !Base->getType()->isPointerType() || !A.pointerOf(Base).has(MemKind::PMem))
    return false;
  const Decl *RS = ProvenanceAnalysis::rootOf(Base);
  const Decl *RD = ProvenanceAnalysis::rootOf(Dst);
  const FieldDecl *FS = fieldOf(S->getLHS()), *FD = fieldOf(Dst);
  const Expr *V = S->getRHS()->IgnoreParenCasts();
  // Another field of the object the data went into holding a number (a valid flag, a
  // length, a sequence number) vouches for the data. A pointer there is the object's
  // own link (a new node's next, set before the node is linked), and a store inside
  // the copied range itself (the copy wrote the whole object) is more data.
  // A zero clears (an expiry time, a link reset): it vouches for nothing.
  if (RS && RS == RD) {
    Expr::EvalResult Zero;
    bool Clears = S->getOpcode() == BO_Assign && V->EvaluateAsInt(Zero, A.context()) &&
                  Zero.Val.getInt().isZero();
    return FS && FD && FS != FD && !V->getType()->isPointerType() && !Clears;
  }
  // A pointer to the data, linked into persistent memory.
  if (V->getType()->isPointerType())
    return RD && ProvenanceAnalysis::rootOf(V) == RD;
  // An index or count that the data's address is computed from (log->head = idx
  // after a copy to log->entries + idx).
  if (const auto *DRE = dyn_cast<DeclRefExpr>(V))
    return V->getType()->isIntegerType() && mentions(Dst, DRE->getDecl());
  return false;
}

std::optional<WriteBackFlow::EarlyPublish>
WriteBackFlow::publishBeforePersist(const CallExpr *Copy, const Expr *Dst, Pending Start) {
  const FunctionDecl *F = A.enclosingFunction(Copy);
  CFG *G = F ? cfgOf(F) : nullptr;
  if (!G)
    return std::nullopt;
  struct Item {
    const CFGBlock *B;
    unsigned I;
    Pending P;
    EarlyPublish Why;
  };
  SmallVector<Item, 16> Work;
  for (const CFGBlock *B : *G)
    for (unsigned I = 0; I < B->size(); ++I)
      if (std::optional<CFGStmt> S = (*B)[I].getAs<CFGStmt>(); S && S->getStmt() == Copy)
        Work.push_back({B, I + 1, Start, {}});
  // Each block is entered at most once per pending state: the fixed point.
  DenseSet<std::pair<const CFGBlock *, unsigned>> Seen;
  while (!Work.empty()) {
    Item It = Work.pop_back_val();
    bool Persistent = false;
    for (unsigned I = It.I; I < It.B->size() && !Persistent; ++I) {
      std::optional<CFGStmt> CS = (*It.B)[I].getAs<CFGStmt>();
      if (!CS || CS->getStmt() == Copy)
        continue;
      const Stmt *S = CS->getStmt();
      if (const auto *BO = dyn_cast<BinaryOperator>(S); BO && BO->isAssignmentOp()) {
        if (publishes(BO, Dst)) {
          It.Why.Store = BO;
          return It.Why;
        }
        continue;
      }
      bool Fence = false, Covering = false, CoveringPersist = false;
      if (const auto *Asm = dyn_cast<GCCAsmStmt>(S)) {
        std::string Text = Asm->getAsmString();
        for (StringRef Mnemonic : {"sfence", "mfence", "dsb", "sync", "fence"})
          Fence |= StringRef(Text).contains(Mnemonic);
      } else if (const auto *CE = dyn_cast<CallExpr>(S)) {
        WriteBackFunction W = writeBackOf(CE);
        bool Covers = W.PointerArg >= 0 && unsigned(W.PointerArg) < CE->getNumArgs() &&
                      covers(CE->getArg(W.PointerArg), Dst) && !disjoint(CE, W, Dst);
        const FunctionDecl *Callee = CE->getDirectCallee();
        switch (W.Kind) {
        case WriteBackKind::Flush:
          Covering = Covers;
          break;
        case WriteBackKind::Persist:
          CoveringPersist = Covers;
          Fence = true; // a persist of anything ends with the fence
          break;
        case WriteBackKind::Drain:
          Fence = true;
          break;
        case WriteBackKind::Other:
          Fence = Callee && Callee->hasBody() && drains(Callee, 0);
          // A helper of the TU that writes back one of its parameters (persist_range(p,
          // n) around pmem_flush + pmem_drain) covers what the caller passes there.
          if (Callee && Callee->hasBody())
            for (unsigned K : writtenBackParams(Callee))
              if (K < CE->getNumArgs() && covers(CE->getArg(K), Dst))
                Covering = true;
          CoveringPersist = Covering && Fence;
          break;
        }
      }
      if (CoveringPersist || (Fence && It.P == Pending::Drain)) {
        Persistent = true; // this path is done
      } else if (Covering) {
        It.P = Pending::Drain;
        It.Why.WriteBack = S;
      } else if (Fence && !It.Why.UselessDrain) {
        It.Why.UselessDrain = S; // a fence orders nothing that was not written back
      }
    }
    if (Persistent)
      continue;
    unsigned Index = 0;
    const Stmt *Cond = It.B->succ_size() == 2 ? It.B->getTerminatorCondition() : nullptr;
    for (const CFGBlock::AdjacentBlock &Succ : It.B->succs()) {
      EarlyPublish Why = It.Why;
      if (Cond) {
        Why.Branch = Cond;
        Why.BranchTaken = Index == 0; // a two-way terminator lists "true" first
      }
      ++Index;
      if (const CFGBlock *SB = Succ.getReachableBlock();
          SB && Seen.insert({SB, unsigned(It.P)}).second)
        Work.push_back({SB, 0, It.P, Why});
    }
  }
  return std::nullopt;
}

} // namespace copyintent::checker
