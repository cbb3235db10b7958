//===- WriteBackFlow.cpp - Is a copy written back before a drain? ---------===//

#include "WriteBackFlow.h"
#include "AddressExpr.h"
#include "ApiTable.h"
#include "MemorySources.h"

#include "clang/AST/Expr.h"
#include "clang/AST/RecordLayout.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/SaveAndRestore.h"

using namespace clang;
using namespace llvm;

namespace copyintent::checker {

bool isFenceAsm(const GCCAsmStmt *Asm) {
  std::string Text = Asm->getAsmString();
  for (StringRef Fence : fenceMnemonics())
    if (StringRef(Text).contains(Fence))
      return true;
  return false;
}

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

/// The fields an address or lvalue lies in, innermost first, up to the first pointer
/// hop: `s->hdr.len` and `&s->hdr.len` are in len and in hdr (both fields of *s).
SmallVector<const FieldDecl *, 4> enclosingFields(const Expr *E) {
  SmallVector<const FieldDecl *, 4> Out;
  // The field fieldOf() names (through & and pointer arithmetic), then the fields
  // that hold it.
  for (int I = 0; E && I < 16; ++I) {
    E = E->IgnoreParenCasts();
    if (const auto *UO = dyn_cast<UnaryOperator>(E); UO && UO->getOpcode() == UO_AddrOf)
      E = UO->getSubExpr();
    else if (const auto *BO = dyn_cast<BinaryOperator>(E);
             BO && (BO->getOpcode() == BO_Add || BO->getOpcode() == BO_Sub))
      E = BO->getLHS()->getType()->isPointerType() ? BO->getLHS() : BO->getRHS();
    else
      break;
  }
  if (!E)
    return Out;
  for (int I = 0; I < 16; ++I) {
    // An element of an array field is in the field: ck->bitmap[i], lg->recs[n].key.
    if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(E->IgnoreParenCasts());
        ASE && ASE->getBase()->IgnoreParenImpCasts()->getType()->isArrayType()) {
      E = ASE->getBase()->IgnoreParenImpCasts();
      continue;
    }
    const auto *ME = dyn_cast<MemberExpr>(E);
    const auto *F = ME ? dyn_cast<FieldDecl>(ME->getMemberDecl()) : nullptr;
    if (!F)
      break;
    Out.push_back(F);
    if (ME->isArrow())
      break;
    E = ME->getBase()->IgnoreParenCasts();
  }
  return Out;
}

/// The field an address names: `&item->hdr`, `item->value`, `s->base + off`,
/// `ck->bitmap[i]` (the innermost of enclosingFields()).
const FieldDecl *fieldOf(const Expr *E) {
  SmallVector<const FieldDecl *, 4> Fields = enclosingFields(E);
  return Fields.empty() ? nullptr : Fields.front();
}

/// The objects an lvalue or address lies in, innermost first: `m->hdr.len` is in
/// m->hdr and in *m (m), `ring[i].len` in ring[i] and in ring.
SmallVector<const Expr *, 4> enclosingObjects(const Expr *E) {
  SmallVector<const Expr *, 4> Out;
  E = E->IgnoreParenCasts();
  if (const auto *UO = dyn_cast<UnaryOperator>(E); UO && UO->getOpcode() == UO_AddrOf)
    E = UO->getSubExpr()->IgnoreParenCasts();
  for (int I = 0; I < 16; ++I) {
    if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      E = ME->getBase()->IgnoreParenCasts();
      Out.push_back(E);
      if (ME->isArrow())
        break;
    } else if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(E)) {
      Out.push_back(ASE->getBase()->IgnoreParenCasts());
      // An element of an array field lies in the field's object too.
      if (!ASE->getBase()->IgnoreParenImpCasts()->getType()->isArrayType())
        break;
      E = ASE->getBase()->IgnoreParenImpCasts();
    } else if (const auto *UO = dyn_cast<UnaryOperator>(E);
               UO && UO->getOpcode() == UO_Deref) {
      Out.push_back(UO->getSubExpr()->IgnoreParenCasts());
      break;
    } else {
      break;
    }
  }
  return Out;
}

/// Whether Cond asks whether the persistence domain is eADR, and which value of Cond
/// means it is: pmem_has_auto_flush(), !pmem_has_auto_flush(),
/// pmem_has_auto_flush() == 0, a local initialised with it.
std::optional<bool> eadrWhen(const Expr *Cond, const ASTContext &Ctx,
                             unsigned Depth = 0) {
  if (!Cond || Depth > 4)
    return std::nullopt;
  Cond = Cond->IgnoreParenImpCasts();
  if (const auto *CE = dyn_cast<CallExpr>(Cond)) {
    const FunctionDecl *F = CE->getDirectCallee();
    if (F && F->getIdentifier() && isEadrQuery(F->getName()))
      return true;
    return std::nullopt;
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(Cond); UO && UO->getOpcode() == UO_LNot) {
    std::optional<bool> Inner = eadrWhen(UO->getSubExpr(), Ctx, Depth + 1);
    return Inner ? std::optional<bool>(!*Inner) : std::nullopt;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(Cond);
      BO && (BO->getOpcode() == BO_EQ || BO->getOpcode() == BO_NE)) {
    const Expr *Q = BO->getLHS(), *K = BO->getRHS();
    Expr::EvalResult R;
    if (!K->EvaluateAsInt(R, Ctx)) {
      std::swap(Q, K);
      if (!K->EvaluateAsInt(R, Ctx))
        return std::nullopt;
    }
    std::optional<bool> Inner = eadrWhen(Q, Ctx, Depth + 1);
    if (!Inner)
      return std::nullopt;
    // The query is true when it is not 0: (q == 0) is eADR when !*Inner.
    bool EqualsTrue = !R.Val.getInt().isZero();
    bool WhenEqual = EqualsTrue ? *Inner : !*Inner;
    return BO->getOpcode() == BO_EQ ? WhenEqual : !WhenEqual;
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(Cond))
    if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
        V && V->hasLocalStorage() && !isa<ParmVarDecl>(V) && V->getInit())
      return eadrWhen(V->getInit(), Ctx, Depth + 1);
  return std::nullopt;
}

/// Whether successor Index of B is taken when the persistence domain is eADR (a
/// two-way branch on an eADR query lists "true" first).
bool eadrSuccessor(const CFGBlock *B, unsigned Index, const ASTContext &Ctx) {
  if (B->succ_size() != 2)
    return false;
  std::optional<bool> When =
      eadrWhen(dyn_cast_or_null<Expr>(B->getTerminatorCondition()), Ctx);
  return When && *When == (Index == 0);
}

/// The smallest cache line of the targets (x86-64, most AArch64 cores): two fields
/// of one object within this many bytes may lie in one line.
constexpr int64_t SmallestLine = 64;

/// Whether E names a field's own bytes (`&s->f`, an array field `s->buf`, a stored
/// lvalue `s->f`), not the object a pointer field points to (`lg->base + off`).
bool isFieldStorage(const Expr *E) {
  if (E->isGLValue()) { // a store's target, whatever its type (s->next = n)
    E = E->IgnoreParens();
    // An element of an array field (n->child[0]) is in the field.
    while (const auto *ASE = dyn_cast<ArraySubscriptExpr>(E)) {
      if (!ASE->getBase()->IgnoreParenImpCasts()->getType()->isArrayType())
        return false;
      E = ASE->getBase()->IgnoreParenImpCasts();
    }
    return isa<MemberExpr>(E);
  }
  E = E->IgnoreParenCasts();
  if (const auto *UO = dyn_cast<UnaryOperator>(E); UO && UO->getOpcode() == UO_AddrOf)
    return isFieldStorage(UO->getSubExpr());
  const auto *ME = dyn_cast<MemberExpr>(E);
  return ME && (ME->getType()->isArrayType() || !ME->getType()->isPointerType());
}

/// Whether the field W and one of the fields of Chain that is W's sibling (a field of
/// the same struct) span at most a cache line together.
bool mayShareLine(const FieldDecl *W, ArrayRef<const FieldDecl *> Chain,
                  const ASTContext &Ctx) {
  auto Span = [&](const FieldDecl *F) -> std::optional<std::pair<int64_t, int64_t>> {
    if (F->isBitField() || F->getType()->isIncompleteType() ||
        F->getParent()->isInvalidDecl())
      return std::nullopt;
    int64_t Off = Ctx.toCharUnitsFromBits(Ctx.getFieldOffset(F)).getQuantity();
    return std::make_pair(Off, Off + Ctx.getTypeSizeInChars(F->getType()).getQuantity());
  };
  std::optional<std::pair<int64_t, int64_t>> SW = Span(W);
  if (!SW)
    return false;
  for (const FieldDecl *C : Chain)
    if (C->getParent() == W->getParent())
      if (std::optional<std::pair<int64_t, int64_t>> SC = Span(C))
        return std::max(SW->second, SC->second) - std::min(SW->first, SC->first) <=
               SmallestLine;
  return false;
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

CFG *WriteBackFlow::cfgOf(const FunctionDecl *F) { return CFGs.of(F); }

bool WriteBackFlow::covered(const CallExpr *From, const Expr *Dst, unsigned Depth) {
  const FunctionDecl *F = A.enclosingFunction(From);
  CFG *G = F ? cfgOf(F) : nullptr;
  if (!G)
    return false;
  // Where the copy is: its block and the element after it.
  SmallVector<std::pair<const CFGBlock *, unsigned>, 16> Work;
  append_range(Work, CFGs.after(*G, From));
  if (Work.empty())
    return false;
  SmallPtrSet<const CFGBlock *, 32> Seen;
  bool ReachesEnd = false;
  while (!Work.empty()) {
    auto [B, I] = Work.pop_back_val();
    // Past the function's budget: taken as covered, which reports nothing.
    if (!CFGs.charge(F, B->size()))
      return true;
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
    unsigned Index = 0;
    for (const CFGBlock::AdjacentBlock &Succ : B->succs())
      // Where the domain is eADR (if (!pmem_has_auto_flush()) pmem_flush(...)), no
      // write-back is needed.
      if (const CFGBlock *SB = Succ.getReachableBlock();
          !eadrSuccessor(B, Index++, A.context()) && SB && Seen.insert(SB).second)
        Work.push_back({SB, 0});
  }
  return !ReachesEnd || coveredInCallers(F, Dst, Depth);
}

std::optional<WriteBackFlow::Uncovered>
WriteBackFlow::uncoveredPath(const CallExpr *Copy, const Expr *Dst, unsigned Depth) {
  return uncoveredPath(Copy, A.enclosingFunction(Copy), Dst, Depth);
}

std::optional<WriteBackFlow::Uncovered>
WriteBackFlow::uncoveredPath(const Stmt *Copy, const FunctionDecl *F, const Expr *Dst,
                             unsigned Depth) {
  CFG *G = F ? cfgOf(F) : nullptr;
  if (!G)
    return std::nullopt;
  // A fixed point over (block, drain passed) pairs; each path keeps its first drain.
  struct Item {
    const CFGBlock *B;
    unsigned I;
    const Stmt *Drain;
  };
  SmallVector<Item, 16> Work;
  for (auto [B, I] : CFGs.after(*G, Copy))
    Work.push_back({B, I, nullptr});
  DenseSet<std::pair<const CFGBlock *, unsigned>> Seen; // (block, drain passed)
  bool EndWithoutDrain = false;
  // The walk goes on after the first uncovered path: whether other paths write the
  // range back decides the fix (a writethrough copy would make that redundant).
  std::optional<Uncovered> Found;
  const Stmt *Covering = nullptr;
  while (!Work.empty()) {
    Item It = Work.pop_back_val();
    if (!CFGs.charge(F, It.B->size()))
      return std::nullopt; // past the function's budget: no finding
    bool Stopped = false;
    for (unsigned I = It.I; I < It.B->size() && !Stopped; ++I) {
      std::optional<CFGStmt> S = (*It.B)[I].getAs<CFGStmt>();
      if (!S || S->getStmt() == Copy)
        continue;
      // A zero stored into the destination's object (s->valid = 0) rejects the data
      // on this path: what was copied is never read as valid, written back or not.
      if (invalidates(S->getStmt(), Dst)) {
        Stopped = true;
        break;
      }
      switch (classify(S->getStmt(), Dst)) {
      case Event::Covers:
        Stopped = true; // written back on this path, whatever came before
        if (!Covering)
          Covering = S->getStmt();
        break;
      case Event::Drains:
        // A call or an asm fence drains; a store into other persistent memory
        // publishes, which is publish-before-persist's matter, not evidence here.
        if (!It.Drain && (isa<CallExpr>(S->getStmt()) || isa<GCCAsmStmt>(S->getStmt())))
          It.Drain = S->getStmt();
        break;
      case Event::None:
        break;
      }
    }
    // A loop that writes the range back line by line (for (...) clwb(dst + off)).
    if (const Stmt *Loop = It.B->getTerminatorStmt();
        !Stopped && Loop && isa<ForStmt, WhileStmt, DoStmt>(Loop) &&
        loopWritesBack(Loop, Dst)) {
      Stopped = true;
      if (!Covering)
        Covering = Loop;
    }
    if (Stopped)
      continue;
    if (It.B == &G->getExit()) {
      if (It.Drain && !Found)
        Found = Uncovered{It.Drain, nullptr};
      else if (!It.Drain)
        EndWithoutDrain = true;
      continue;
    }
    unsigned Index = 0;
    for (const CFGBlock::AdjacentBlock &Succ : It.B->succs())
      if (const CFGBlock *SB = Succ.getReachableBlock();
          !eadrSuccessor(It.B, Index++, A.context()) && SB &&
          Seen.insert({SB, It.Drain ? 1u : 0u}).second)
        Work.push_back({SB, 0, It.Drain});
  }
  if (Found) {
    Found->CoveredElsewhere = Covering;
    return Found;
  }
  // The end without a drain: only the callers can say, and only where they are all
  // in the TU (a static helper) and pass the range as an argument.
  if (!EndWithoutDrain || Depth >= MaxCallerDepth || F->isExternallyVisible())
    return std::nullopt;
  const auto *P = dyn_cast_or_null<ParmVarDecl>(ProvenanceAnalysis::rootOf(Dst));
  if (!P || P->getFunctionScopeIndex() >= F->getNumParams())
    return std::nullopt;
  unsigned Idx = P->getFunctionScopeIndex();
  // A store to a field of the parameter's object (sb->gen++): in the caller, the
  // argument points to that object, and a write-back of that field of it covers.
  SmallVector<const FieldDecl *, 4> Fields;
  if (Dst->isGLValue())
    if (SmallVector<const Expr *, 4> Objects = enclosingObjects(Dst);
        !Objects.empty() && ProvenanceAnalysis::rootOf(Objects.back()) == P &&
        isa<DeclRefExpr>(Objects.back()))
      Fields = enclosingFields(Dst);
  SaveAndRestore Restore(ArgumentFields, ArrayRef<const FieldDecl *>(Fields));
  for (const CallExpr *Call : A.callersOf(F))
    if (Idx < Call->getNumArgs())
      if (std::optional<Uncovered> U = uncoveredPath(Call, Call->getArg(Idx), Depth + 1))
        return Uncovered{U->Drain, Call};
  return std::nullopt;
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

/// The lvalue a store writes, without the kernel's volatile access wrapper:
/// WRITE_ONCE(x, v) is `*(volatile typeof(x) *)&(x) = v`.
const Expr *storedLValue(const Expr *LHS) {
  // Also `*&x`, what WRITE_ONCE(*p, v) becomes when p is &x (smp_store_release()).
  LHS = LHS->IgnoreParenImpCasts();
  for (int I = 0; I < 4; ++I) {
    const auto *UO = dyn_cast<UnaryOperator>(LHS);
    const auto *Addr = UO && UO->getOpcode() == UO_Deref
                           ? dyn_cast<UnaryOperator>(UO->getSubExpr()->IgnoreParenCasts())
                           : nullptr;
    if (!Addr || Addr->getOpcode() != UO_AddrOf)
      break;
    LHS = Addr->getSubExpr()->IgnoreParenImpCasts();
  }
  return LHS;
}

/// The lvalue's address, for a store: `log->hdr->tail` -> log->hdr, `*p` -> p.
const Expr *storedThrough(const Expr *LHS) {
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

/// The atomic stores and read-modify-writes (not loads, not inits).
static const AtomicExpr *atomicStore(const Stmt *S) {
  const auto *AE = dyn_cast<AtomicExpr>(S);
  if (!AE)
    return nullptr;
  StringRef Op = AE->getOpAsString();
  return Op.contains("_load") || Op.contains("_init") ? nullptr : AE;
}

/// The lvalue an atomic store or read-modify-write writes, when its address is
/// written &lvalue (__atomic_store_n(&h->len, n, __ATOMIC_RELEASE)).
static const Expr *atomicStoreLValue(const Stmt *S) {
  const AtomicExpr *AE = atomicStore(S);
  const auto *Addr =
      AE ? dyn_cast<UnaryOperator>(AE->getPtr()->IgnoreParenCasts()) : nullptr;
  return Addr && Addr->getOpcode() == UO_AddrOf ? Addr->getSubExpr() : nullptr;
}

WriteBackFlow::Event WriteBackFlow::classify(const Stmt *S, const Expr *Dst) {
  // A barrier written as inline assembly (the kernel's wmb(): sfence / dsb / sync /
  // fence) drains.
  if (const auto *Asm = dyn_cast<GCCAsmStmt>(S))
    return isFenceAsm(Asm) ? Event::Drains : Event::None;
  // A store into other persistent memory while the copy is not written back (the
  // tail, an index, a pointer: WRITE_ONCE(log->hdr->tail, ...)) publishes before the
  // data is durable: a cache line can be evicted, and so persist, at any time.
  const Expr *Stored = atomicStoreLValue(S);
  if (const auto *BO = dyn_cast<BinaryOperator>(S); BO && BO->isAssignmentOp())
    Stored = BO->getLHS();
  if (Stored) {
    const Expr *Base = storedThrough(Stored);
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
  // A helper of the TU that writes back one of its parameters (persist_range(p, n)
  // around pmem_flush + pmem_drain) covers what the caller passes there.
  if (Callee)
    for (unsigned K : writtenBackParams(Callee))
      if (K < CE->getNumArgs() && covers(CE->getArg(K), Dst))
        return Event::Covers;
  if (Callee && drains(Callee, 0))
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
  // A stored lvalue (h->seq = ...): its bytes against the written-back ones, from the
  // same base pointer.
  if (Dst->isGLValue() && !Dst->getType()->isArrayType()) {
    std::optional<LValueRange> LD = lvalueRange(Dst, Ctx);
    auto [BW, OW] = baseAndOffset(Ptr, Ctx);
    if (!LD || !WB->getArg(W.LengthArg)->EvaluateAsInt(Len, Ctx) ||
        !sameValue(LD->Base, BW, Ctx))
      return false;
    int64_t End = OW + Len.Val.getInt().getExtValue();
    int64_t DEnd = LD->Offset + LD->Size;
    // Apart, and not within one cache line of each other (where the line the
    // write-back cleans may hold the store: quiet, as for sibling fields).
    return (LD->Offset >= End || DEnd <= OW) &&
           std::max(End, DEnd) - std::min(OW, LD->Offset) > SmallestLine;
  }
  std::optional<ByteOffset> OW = byteOffset(Ptr, Ctx), OD = byteOffset(Dst, Ctx);
  if (!OW || !OW->Exact || !OD || !WB->getArg(W.LengthArg)->EvaluateAsInt(Len, Ctx) ||
      ProvenanceAnalysis::rootOf(Ptr) != ProvenanceAnalysis::rootOf(Dst))
    return false;
  int64_t End = OW->Low + Len.Val.getInt().getExtValue();
  // The copy starts at or after the end of the written-back range, or writes the
  // variable-length data of a flexible array member while the write-back stops at
  // the end of the struct's fixed part (pmem_persist(it, sizeof(*it)) is the header:
  // the few bytes of the array inside its padding do not make it the data).
  return OD->Low >= End || (OD->TailAt && End <= *OD->TailAt);
}

/// The pointer whose pointee an address or lvalue lies in, through a local set once:
/// `pd->sb` for &pd->sb->jcount, `pd->jrecs` for pd->jrecs[i], `pd->nodes` for n
/// after `n = &pd->nodes[idx]`.
static const Expr *objectPointerOf(const Expr *E, const ProvenanceAnalysis &A) {
  for (int I = 0; E && I < 16; ++I) {
    E = E->IgnoreParenCasts();
    if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
      if (UO->getOpcode() == UO_AddrOf) {
        E = UO->getSubExpr();
        continue;
      }
      return UO->getOpcode() == UO_Deref ? UO->getSubExpr()->IgnoreParenCasts() : nullptr;
    }
    if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      if (ME->isArrow())
        return ME->getBase()->IgnoreParenCasts();
      E = ME->getBase();
      continue;
    }
    if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(E)) {
      if (!ASE->getBase()->IgnoreParenImpCasts()->getType()->isArrayType())
        return ASE->getBase()->IgnoreParenCasts();
      E = ASE->getBase();
      continue;
    }
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
      const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
      const Expr *Value = V && V->hasLocalStorage() && !isa<ParmVarDecl>(V)
                              ? (V->getInit() ? V->getInit() : A.soleValueOf(V))
                              : nullptr;
      if (!Value || !E->getType()->isPointerType())
        return E;
      E = Value;
      continue;
    }
    return E;
  }
  return nullptr;
}

bool WriteBackFlow::covers(const Expr *WriteBack, const Expr *Dst) {
  // The write-back starts at an object the destination lies in (pmem_persist(hdr,
  // sizeof(*hdr)) for hdr->tail; disjoint() then checks a constant length).
  const Expr *WB = WriteBack->IgnoreParenCasts();
  // In the caller of a helper that stored fields of its argument's object: the
  // object itself, or one of those fields (or one sharing a line with them).
  if (!ArgumentFields.empty()) {
    const Expr *Object = Dst->IgnoreParenCasts();
    if (sameExpr(WB, Object))
      return true;
    SmallVector<const Expr *, 4> Objects = enclosingObjects(WB);
    SmallVector<const FieldDecl *, 4> Named = enclosingFields(WB);
    if (!Objects.empty() && !Named.empty() && sameExpr(Objects.back(), Object))
      return is_contained(ArgumentFields, Named.back()) ||
             (isFieldStorage(WriteBack) &&
              mayShareLine(Named.back(), ArgumentFields, A.context()));
  }
  // (A stored lvalue's objects are lvalues too where no pointer is crossed:
  // &lg->recs[n] holds lg->recs[n].key.)
  const auto *WBAddr = dyn_cast<UnaryOperator>(WB);
  const Expr *WBObject = WBAddr && WBAddr->getOpcode() == UO_AddrOf
                             ? WBAddr->getSubExpr()->IgnoreParenCasts()
                             : nullptr;
  if (any_of(enclosingObjects(Dst), [&](const Expr *O) {
        return sameExpr(WB, O) || (WBObject && sameExpr(WBObject, O));
      }))
    return true;
  const FieldDecl *FW = fieldOf(WriteBack), *FD = fieldOf(Dst);
  const Decl *RW = ProvenanceAnalysis::rootOf(WriteBack);
  const Decl *RD = ProvenanceAnalysis::rootOf(Dst);
  // Two fields of an object: the header's flush leaves the data; but a write-back of
  // &s->hdr holds s->hdr.len, and one of a field that may share a cache line with
  // the destination's may write it back too (whether it does depends on where the
  // object lies, which the code may know: quiet).
  if (SmallVector<const FieldDecl *, 4> Chain = enclosingFields(Dst);
      FW && FD && !is_contained(Chain, FW) &&
      !(isFieldStorage(WriteBack) && isFieldStorage(Dst) &&
        mayShareLine(FW, Chain, A.context())))
    return false;
  // Objects behind two different pointer fields of one structure (pd->sb and
  // pd->jrecs) are two objects, although their root is the same.
  const auto *InW = dyn_cast_or_null<MemberExpr>(objectPointerOf(WriteBack, A));
  const auto *InD = dyn_cast_or_null<MemberExpr>(objectPointerOf(Dst, A));
  if (InW && InD && InW->getMemberDecl() != InD->getMemberDecl())
    return false;
  if (RW && RW == RD)
    return true;
  // A field's write-back covers only what lies in its object (by the root above): the
  // same mapping is no reason to take &hdr->count's line for a record elsewhere.
  // Through a local set once to such an address (b = &ht->bucket[h]) as well.
  const Expr *WBValue = WB;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(WB))
    if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()); V && V->hasLocalStorage())
      if (const Expr *Value = V->getInit() ? V->getInit() : A.soleValueOf(V))
        WBValue = Value->IgnoreParenCasts();
  if (fieldOf(WBValue) && isFieldStorage(WBValue))
    return false;
  Provenance PW = A.pointerOf(WriteBack), PD = A.pointerOf(Dst);
  if (!PW.has(MemKind::PMem) || !PD.has(MemKind::PMem))
    return false;
  SourceLocation OW = originOf(PW), OD = originOf(PD);
  return OW.isValid() && OW == OD;
}

bool WriteBackFlow::mayDrain(const FunctionDecl *F, unsigned Depth) {
  if (!F->hasBody())
    return A.factDrains(F, F->getLocation());
  F = F->getDefinition();
  auto [It, New] = MayDrainMemo.try_emplace(F, false); // recursion: no
  if (!New)
    return It->second;
  if (FencesIn.empty())
    for (auto [S, Encl] : A.orderingStatements())
      if (const auto *Asm = dyn_cast<GCCAsmStmt>(S); Asm && Encl && isFenceAsm(Asm))
        FencesIn.insert(Encl->getDefinition() ? Encl->getDefinition() : Encl);
  bool Result = FencesIn.contains(F);
  if (!Result && Depth < MaxDrainDepth)
    for (const CallExpr *CE : callsIn(F)) {
      WriteBackKind K = writeBackOf(CE).Kind;
      const FunctionDecl *Callee = CE->getDirectCallee();
      if (K == WriteBackKind::Persist || K == WriteBackKind::Drain ||
          (K == WriteBackKind::Other && Callee && mayDrain(Callee, Depth + 1))) {
        Result = true;
        break;
      }
    }
  MayDrainMemo[F] = Result;
  return Result;
}

bool WriteBackFlow::drains(const FunctionDecl *F, unsigned Depth) {
  // Defined in another file: what its file proved (the facts).
  if (!F->hasBody())
    return A.factDrains(F, F->getLocation());
  // Most functions have no drain anywhere in their calls: no CFG is built for them.
  if (!mayDrain(F, Depth))
    return false;
  return CFGs.containsEvent(
      F,
      [&](const Stmt *S) {
        using E = FunctionCFGs::Element;
        // A barrier written as inline assembly (the kernel's wmb()).
        if (const auto *Asm = dyn_cast<GCCAsmStmt>(S))
          return isFenceAsm(Asm) ? E::Event : E::None;
        const auto *CE = dyn_cast<CallExpr>(S);
        if (!CE)
          return E::None;
        switch (writeBackOf(CE).Kind) {
        case WriteBackKind::Persist:
        case WriteBackKind::Drain:
          return E::Event;
        case WriteBackKind::Flush:
          return E::None;
        case WriteBackKind::Other:
          break;
        }
        if (const FunctionDecl *Callee = CE->getDirectCallee();
            Callee && !Callee->hasBody())
          return A.factDrains(Callee, CE->getBeginLoc()) ? E::Event : E::None;
        return E::Descend;
      },
      DrainMemo, MaxDrainDepth, Depth);
}

} // namespace copyintent::checker

// --- Publish before persist ---------------------------------------------------------

namespace copyintent::checker {

namespace {

/// The parts an address is computed from, through locals that hold an address or an
/// index (dst = pj->log + tail): each sub-expression, for structural comparison. A
/// call's result is one part: what its arguments say (an allocator's size) is not
/// where the address lies.
void addressParts(const Expr *E, SmallVectorImpl<const Expr *> &Out,
                  const ProvenanceAnalysis &A, unsigned Depth = 0) {
  if (!E || Depth > 8 || Out.size() > 256)
    return;
  E = E->IgnoreParenImpCasts();
  Out.push_back(E);
  if (isa<CallExpr>(E))
    return;
  // A local's value: its initializer, or the one assignment of a local declared
  // first and set later (`n = &pd->nodes[idx];`).
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
        V && V->hasLocalStorage() && !isa<ParmVarDecl>(V))
      if (const Expr *Value = V->getInit() ? V->getInit() : A.soleValueOf(V))
        addressParts(Value, Out, A, Depth + 1);
  for (const Stmt *C : E->children())
    if (const auto *CE = dyn_cast_or_null<Expr>(C))
      addressParts(CE, Out, A, Depth + 1);
}

/// The object an address points into: `&s->data` and `s->data` (an array field) are
/// in *s; a plain pointer is its own object.
const Expr *objectOf(const Expr *Dst) {
  const Expr *E = Dst;
  for (int I = 0; E && I < 16; ++I) {
    E = E->IgnoreParenCasts();
    if (const auto *UO = dyn_cast<UnaryOperator>(E); UO && UO->getOpcode() == UO_AddrOf) {
      // &s->hdr: inside *s.
      const auto *ME = dyn_cast<MemberExpr>(UO->getSubExpr()->IgnoreParenImpCasts());
      return ME && ME->isArrow() ? ME->getBase()->IgnoreParenImpCasts() : nullptr;
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(E);
        BO && (BO->getOpcode() == BO_Add || BO->getOpcode() == BO_Sub)) {
      E = BO->getLHS()->getType()->isPointerType() ? BO->getLHS() : BO->getRHS();
      continue;
    }
    // An array field (it->data + n) is inside *it; a pointer field's value
    // (log->base + off) points to another object, named by that value.
    if (const auto *ME = dyn_cast<MemberExpr>(E))
      return ME->getType()->isArrayType() && ME->isArrow()
                 ? ME->getBase()->IgnoreParenImpCasts()
                 : E;
    return E;
  }
  return nullptr;
}

} // namespace

const ParmVarDecl *paramAddressOf(const Expr *E) {
  for (int I = 0; E && I < 16; ++I) {
    E = E->IgnoreParenCasts();
    if (const auto *BO = dyn_cast<BinaryOperator>(E); BO && BO->isAdditiveOp()) {
      E = BO->getLHS()->getType()->isPointerType() ? BO->getLHS() : BO->getRHS();
      continue;
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(E); UO && UO->getOpcode() == UO_AddrOf)
      if (const auto *ASE =
              dyn_cast<ArraySubscriptExpr>(UO->getSubExpr()->IgnoreParens())) {
        E = ASE->getBase();
        continue;
      }
    break;
  }
  const auto *DRE = dyn_cast_or_null<DeclRefExpr>(E);
  return DRE ? dyn_cast<ParmVarDecl>(DRE->getDecl()) : nullptr;
}

ArrayRef<const CallExpr *> WriteBackFlow::callsIn(const FunctionDecl *F) {
  if (CallsIn.empty())
    for (const CallExpr *CE : A.evaluatedCalls())
      if (const FunctionDecl *Encl = A.enclosingFunction(CE))
        CallsIn[Encl].push_back(CE);
  auto It = CallsIn.find(F);
  return It == CallsIn.end() ? ArrayRef<const CallExpr *>() : ArrayRef(It->second);
}

bool WriteBackFlow::isPublishCall(const Stmt *S) const {
  const auto *CE = dyn_cast<CallExpr>(S);
  const FunctionDecl *F = CE ? CE->getDirectCallee() : nullptr;
  return F && F->getIdentifier() && PublishFunctions.contains(F->getName());
}

/// The parameters of F (a function of another file) that a summary of the facts
/// names.
static SmallVector<unsigned, 2> paramsWithFact(const FunctionDecl *F,
                                               function_ref<bool(unsigned)> Has) {
  SmallVector<unsigned, 2> Out;
  for (unsigned I = 0; I < F->getNumParams(); ++I)
    if (Has(I))
      Out.push_back(I);
  return Out;
}

SmallVector<unsigned, 2> WriteBackFlow::writtenBackParams(const FunctionDecl *F) {
  F = F->getDefinition() ? F->getDefinition() : F;
  (void)callsIn(F);
  auto [It, New] = WrittenBackMemo.try_emplace(F);
  if (!New)
    return It->second;
  // The calls of F's body, from the index: no CFG is needed to know what it writes
  // back somewhere. Defined in another file: what its file proved (the facts).
  SmallVector<unsigned, 2> Out;
  if (!F->hasBody()) {
    Out = paramsWithFact(
        F, [&](unsigned I) { return A.factWritesBack(F, I, F->getLocation()); });
    WrittenBackMemo[F] = Out;
    return Out;
  }
  auto Add = [&](const Expr *Arg) {
    if (const ParmVarDecl *P = paramAddressOf(Arg))
      if (!is_contained(Out, P->getFunctionScopeIndex()))
        Out.push_back(P->getFunctionScopeIndex());
  };
  auto Calls = CallsIn.find(F);
  if (Calls != CallsIn.end())
    for (const CallExpr *CE : Calls->second) {
      WriteBackFunction W = writeBackOf(CE);
      if ((W.Kind == WriteBackKind::Flush || W.Kind == WriteBackKind::Persist) &&
          W.PointerArg >= 0 && unsigned(W.PointerArg) < CE->getNumArgs())
        Add(CE->getArg(W.PointerArg));
      // A helper that writes back what it is passed (of this file, or of another by
      // its facts: a wrapper of a wrapper). Recursion finds the memo's empty entry.
      const FunctionDecl *Callee = CE->getDirectCallee();
      if (W.Kind == WriteBackKind::Other && Callee && Callee != F)
        for (unsigned K : writtenBackParams(Callee))
          if (K < CE->getNumArgs())
            Add(CE->getArg(K));
    }
  WrittenBackMemo[F] = Out;
  return Out;
}

/// A store as the walk sees it: the lvalue written, the pointer it is written
/// through, and the value (null for ++/--). An atomic store through a pointer
/// (__atomic_store_n(slot, n, ...)) has no lvalue in the source: Target is the
/// pointer then, as Through is.
struct StoreSite {
  const Expr *Target = nullptr;
  const Expr *Value = nullptr;
  bool Assign = false; ///< plain '=' (not += or ++)
  const Expr *Through = nullptr;
};

static std::optional<StoreSite> storeOf(const Stmt *S) {
  if (const auto *BO = dyn_cast<BinaryOperator>(S); BO && BO->isAssignmentOp()) {
    // a = b = v stores v into both.
    const Expr *V = BO->getRHS()->IgnoreParenCasts();
    while (const auto *Inner = dyn_cast<BinaryOperator>(V))
      if (Inner->getOpcode() == BO_Assign)
        V = Inner->getRHS()->IgnoreParenCasts();
      else
        break;
    const Expr *LV = storedLValue(BO->getLHS());
    return StoreSite{LV, V, BO->getOpcode() == BO_Assign, storedThrough(LV)};
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(S); UO && UO->isIncrementDecrementOp()) {
    const Expr *LV = storedLValue(UO->getSubExpr());
    return StoreSite{LV, nullptr, false, storedThrough(LV)};
  }
  // An atomic store publishes as an assignment does; a read-modify-write as += does.
  if (const AtomicExpr *AE = atomicStore(S)) {
    const Expr *LV = atomicStoreLValue(S);
    LV = LV ? LV->IgnoreParenImpCasts() : AE->getPtr()->IgnoreParenImpCasts();
    StringRef Op = AE->getOpAsString();
    bool Store = Op.contains("_store");
    // __atomic_store(p, &v, order) passes the value by address.
    bool ByAddress = Op == "__atomic_store" || Op == "__scoped_atomic_store";
    return StoreSite{LV,
                     Store && !ByAddress ? AE->getVal1()->IgnoreParenCasts() : nullptr,
                     Store, atomicStoreLValue(S) ? storedThrough(LV) : LV};
  }
  return std::nullopt;
}

const Expr *storedTarget(const Stmt *S) {
  std::optional<StoreSite> St = storeOf(S);
  return St ? St->Target : nullptr;
}

/// A store of a number that is not a known zero (`= 0` clears; `|=`, `+=` of anything
/// and `= VALID` set).
static bool isNonZeroNumber(const Expr *Value, bool Assign, const ASTContext &Ctx) {
  if (Value->getType()->isPointerType())
    return false;
  Expr::EvalResult Zero;
  return !(Assign && Value->EvaluateAsInt(Zero, Ctx) && Zero.Val.getInt().isZero());
}

/// Whether the stored location is computed from a local integer (or an integer
/// parameter) that the data's address parts use too: the shared index of a ring.
static bool sharesIndex(const Expr *Target, ArrayRef<const Expr *> DataParts,
                        const ProvenanceAnalysis &A) {
  SmallVector<const Expr *, 16> BaseParts;
  addressParts(Target, BaseParts, A);
  return any_of(BaseParts, [&](const Expr *P) {
    const auto *DRE = dyn_cast<DeclRefExpr>(P);
    const auto *V = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    return V && V->hasLocalStorage() && V->getType()->isIntegerType() &&
           any_of(DataParts, [&](const Expr *D) { return sameExpr(D, DRE); });
  });
}

/// The object a stored lvalue lies in: e for `e->hdr.len`, p for `*p`, the element
/// `recs[i]` for `recs[i].val` (through a pointer); null where it is not one of these.
static const Expr *storedObjectOf(const Expr *LV) {
  const Expr *E = LV->IgnoreParenCasts();
  for (int I = 0; I < 16; ++I) {
    if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      if (ME->isArrow())
        return ME->getBase()->IgnoreParenCasts();
      E = ME->getBase()->IgnoreParenCasts();
    } else if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(E)) {
      // An element of an array field lies in the field's object.
      if (!ASE->getBase()->IgnoreParenImpCasts()->getType()->isArrayType())
        return E;
      E = ASE->getBase()->IgnoreParenCasts();
    } else if (const auto *UO = dyn_cast<UnaryOperator>(E);
               UO && UO->getOpcode() == UO_Deref) {
      return UO->getSubExpr()->IgnoreParenCasts();
    } else {
      return nullptr;
    }
  }
  return nullptr;
}

/// Whether two lvalues may be the same bytes, one inside the other: `e->hdr` and
/// `e->hdr.len`, `*p` and `p->x`.
static bool nested(const Expr *L, const Expr *R) {
  auto Inside = [](const Expr *In, const Expr *Out) {
    return sameExpr(In, Out) ||
           any_of(enclosingObjects(In), [&](const Expr *O) { return sameExpr(O, Out); });
  };
  return Inside(L, R) || Inside(R, L);
}

bool WriteBackFlow::drainsNext(const CallExpr *CE, const FunctionDecl *F) {
  CFG *G = cfgOf(F);
  if (!G)
    return false;
  for (auto [B, I] : CFGs.after(*G, CE))
    for (unsigned K = I; K < B->size(); ++K) {
      std::optional<CFGStmt> CS = (*B)[K].getAs<CFGStmt>();
      const Stmt *S = CS ? CS->getStmt() : nullptr;
      if (const auto *Asm = dyn_cast_or_null<GCCAsmStmt>(S))
        return isFenceAsm(Asm);
      if (const auto *Next = dyn_cast_or_null<CallExpr>(S)) {
        WriteBackKind Kind = writeBackOf(Next).Kind;
        const FunctionDecl *Callee = Next->getDirectCallee();
        return Kind == WriteBackKind::Drain || Kind == WriteBackKind::Persist ||
               (Kind == WriteBackKind::Other && Callee && drains(Callee, 0));
      }
      if (S && storeOf(S))
        return false;
    }
  return false;
}

bool WriteBackFlow::writesBackApart(const FunctionDecl *F, const Expr *Flag,
                                    const Expr *Dst) {
  // The write-back names the flag's field (or a field around it), not merely one
  // beside it in its line or the whole object.
  SmallVector<const FieldDecl *, 4> FlagFields = enclosingFields(Flag);
  auto Apart = [&](const Expr *Ptr) {
    const FieldDecl *Named = fieldOf(Ptr);
    return Named && is_contained(FlagFields, Named) && covers(Ptr, Flag) &&
           !covers(Ptr, Dst);
  };
  for (const CallExpr *CE : callsIn(F)) {
    WriteBackFunction W = writeBackOf(CE);
    bool HasPointer = W.PointerArg >= 0 && unsigned(W.PointerArg) < CE->getNumArgs();
    if (W.Kind == WriteBackKind::Persist && HasPointer && Apart(CE->getArg(W.PointerArg)))
      return true;
    if (W.Kind == WriteBackKind::Flush && HasPointer && Apart(CE->getArg(W.PointerArg)) &&
        drainsNext(CE, F))
      return true;
    if (const FunctionDecl *Callee = CE->getDirectCallee();
        W.Kind == WriteBackKind::Other && Callee)
      for (unsigned K : writtenBackParams(Callee))
        if (K < CE->getNumArgs() && Apart(CE->getArg(K)) && drains(Callee, 0))
          return true;
  }
  return false;
}

bool WriteBackFlow::onlyUnderEadr(const Stmt *S, const FunctionDecl *F) {
  CFG *G = cfgOf(F);
  if (!G)
    return false;
  SmallVector<const CFGBlock *, 16> Work;
  DenseSet<const CFGBlock *> Seen;
  for (auto [B, I] : CFGs.after(*G, S))
    if (Seen.insert(B).second)
      Work.push_back(B);
  if (Work.empty())
    return false;
  // Backwards to the entry, not through the eADR side of a branch.
  while (!Work.empty()) {
    const CFGBlock *B = Work.pop_back_val();
    if (B == &G->getEntry())
      return false;
    for (const CFGBlock::AdjacentBlock &Pred : B->preds()) {
      const CFGBlock *P = Pred.getReachableBlock();
      if (!P || Seen.contains(P))
        continue;
      unsigned Index = 0;
      bool Eadr = false;
      for (const CFGBlock::AdjacentBlock &Succ : P->succs())
        Eadr |= Succ.getReachableBlock() == B && eadrSuccessor(P, Index++, A.context());
      if (!Eadr && Seen.insert(P).second)
        Work.push_back(P);
    }
  }
  return true;
}

bool WriteBackFlow::publishes(const Stmt *Store, const Expr *Dst,
                              ArrayRef<const Expr *> Parts, bool Linked, DataShape Shape,
                              const FunctionDecl *F, bool ShapeOnly) {
  std::optional<StoreSite> St = storeOf(Store);
  if (!St)
    return false;
  const Expr *Base = St->Through;
  if (!Base || !Base->getType()->isPointerType())
    return false;
  // Where the store goes is asked only of a store whose shape publishes (a
  // provenance query costs more than all the comparisons).
  auto IntoPMem = [&] { return ShapeOnly || A.pointerOf(Base).has(MemKind::PMem); };
  // Stored data: another store into the same bytes writes more data (a second
  // field store, the struct around it); it publishes nothing.
  const bool Stored = Shape == DataShape::Stored;
  if (Stored && nested(St->Target, Dst))
    return false;
  // The index or offset the data's address is computed from (log->hdr->tail += n
  // after a copy to log->base + log->hdr->tail; pj->head = idx after a copy to
  // pj->log + idx * size).
  if (any_of(Parts, [&](const Expr *P) { return sameExpr(P, St->Target); }))
    return IntoPMem();
  if (St->Value && St->Value->getType()->isIntegerType()) {
    SmallVector<const Expr *, 16> ValueParts;
    addressParts(St->Value, ValueParts, A);
    for (const Expr *V : ValueParts)
      if (const auto *DRE = dyn_cast<DeclRefExpr>(V))
        if (isa<VarDecl>(DRE->getDecl()) && DRE->getType()->isIntegerType() &&
            any_of(Parts, [&](const Expr *P) { return sameExpr(P, DRE); }))
          return IntoPMem();
  }
  // The object the data lies in, and the one the store writes into: for stored data
  // the objects of the two lvalues (e for e->val, the element recs[i] for
  // recs[i].val), for copied data the copy's object and the store's pointer.
  const Expr *Obj = Stored ? storedObjectOf(Dst) : objectOf(Dst);
  const Expr *Into = Stored ? storedObjectOf(St->Target) : Base;
  const bool SameObject = Obj && Into && sameExpr(Obj, Into);
  // A pointer to the data, linked into persistent memory (NULL links nothing; the
  // object's own field pointing at itself makes nothing reachable).
  if (St->Value && St->Value->getType()->isPointerType() &&
      !St->Value->isNullPointerConstant(A.context(), Expr::NPC_ValueDependentIsNotNull) &&
      !(Stored && SameObject)) {
    const Decl *RD = ProvenanceAnalysis::rootOf(Dst);
    if (RD && ProvenanceAnalysis::rootOf(St->Value) == RD)
      return IntoPMem();
  }
  // The remaining rules take a number in a field for a flag. After a copy the copied
  // bytes are the data and such a field the flag; after stores every field is
  // data unless the function writes the field back on its own, the code's sign that
  // it commits (checked last: it looks at the function's write-backs).
  auto FlagByUse = [&] {
    return ShapeOnly || Shape == DataShape::Copied || writesBackApart(F, St->Target, Dst);
  };
  // A number in a field of another object, a descriptor that the data's own index
  // selects: a ring whose d = &desc[i] describes buf = bufs + i * size, and
  // d->flags = VALID vouches for buf. The index is a local integer both addresses are
  // computed from. Not a pointer, not a zero (a clear).
  const FieldDecl *FS = fieldOf(St->Target);
  if (FS && St->Value && !SameObject && sharesIndex(St->Target, Parts, A) &&
      isNonZeroNumber(St->Value, St->Assign, A.context()) && IntoPMem() && FlagByUse())
    return true;
  // A number in another field of the object the data went into (a valid flag, a
  // sequence number) vouches for it, unless this function links the object somewhere
  // (then the object is new and unreachable until the link, and its fields are more
  // data). Not a pointer (the object's own link), not a zero (a clear).
  const FieldDecl *FD = fieldOf(Dst);
  if (Linked || !SameObject || !FS || !FD || FS == FD)
    return false;
  if (St->Value) {
    Expr::EvalResult Zero;
    if (St->Value->getType()->isPointerType() ||
        (St->Assign && St->Value->EvaluateAsInt(Zero, A.context()) &&
         Zero.Val.getInt().isZero()))
      return false;
  }
  return IntoPMem() && FlagByUse();
}

bool WriteBackFlow::invalidates(const Stmt *S, const Expr *Dst) {
  std::optional<StoreSite> St = storeOf(S);
  if (!St || !St->Assign || !St->Value || !St->Target)
    return false;
  // A zero: a number known to be 0, or a null pointer (any other pointer is a link,
  // not a clear).
  if (St->Value->getType()->isPointerType()
          ? !St->Value->isNullPointerConstant(A.context(),
                                              Expr::NPC_ValueDependentIsNotNull)
          : isNonZeroNumber(St->Value, St->Assign, A.context()))
    return false;
  const Expr *Base = St->Through;
  const Decl *Root = Base ? ProvenanceAnalysis::rootOf(Base) : nullptr;
  return Root && Root == ProvenanceAnalysis::rootOf(Dst);
}

bool WriteBackFlow::loopWritesBack(const Stmt *S, const Expr *Dst, const Stmt *Loop) {
  if (!Loop)
    Loop = S;
  if (const auto *CE = dyn_cast<CallExpr>(S)) {
    WriteBackFunction W = writeBackOf(CE);
    if ((W.Kind == WriteBackKind::Flush || W.Kind == WriteBackKind::Persist) &&
        W.PointerArg >= 0 && unsigned(W.PointerArg) < CE->getNumArgs()) {
      const Expr *Ptr = CE->getArg(W.PointerArg);
      if (covers(Ptr, Dst))
        return true;
      // for (p = (uintptr_t)slot & ~63; p < (uintptr_t)slot + n; p += 64) clwb((void
      // *)p): the loop variable starts from the data's address.
      const auto *V = dyn_cast<DeclRefExpr>(Ptr->IgnoreParenCasts());
      const auto *For = dyn_cast<ForStmt>(Loop);
      const Expr *Start = nullptr;
      if (V && For && For->getInit()) {
        if (const auto *BO = dyn_cast<BinaryOperator>(For->getInit());
            BO && BO->getOpcode() == BO_Assign &&
            isa<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts()) &&
            cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts())->getDecl() ==
                V->getDecl())
          Start = BO->getRHS();
        else if (const auto *DS = dyn_cast<DeclStmt>(For->getInit()))
          if (DS->isSingleDecl() && DS->getSingleDecl() == V->getDecl())
            Start = cast<VarDecl>(V->getDecl())->getInit();
      }
      if (Start) {
        SmallVector<const Expr *, 16> StartParts;
        addressParts(Start, StartParts, A);
        // It starts at the data, or at an object the data lies in (p = (uintptr_t)m
        // & ~63 over sizeof(*m) for a copy into m->body or a store to m->hdr.len;
        // ring for ring[i].len) ...
        const Expr *DstBase = Dst->IgnoreParenCasts();
        SmallVector<const Expr *, 4> DstObjects = enclosingObjects(Dst);
        SmallVector<const FieldDecl *, 4> DstFields = enclosingFields(Dst);
        // ... but not at another field of one (&m->hdr covers the header only).
        bool OtherField = any_of(StartParts, [&](const Expr *P) {
          const auto *ME = dyn_cast<MemberExpr>(P->IgnoreParenCasts());
          return ME && !is_contained(DstFields, ME->getMemberDecl()) &&
                 any_of(DstObjects, [&](const Expr *O) {
                   return sameExpr(ME->getBase()->IgnoreParenCasts(), O);
                 });
        });
        if (any_of(StartParts, [&](const Expr *P) {
              return sameExpr(P, DstBase) ||
                     (!OtherField &&
                      any_of(DstObjects, [&](const Expr *O) { return sameExpr(P, O); }));
            }))
          return true;
      }
    }
  }
  for (const Stmt *C : S->children())
    if (C && loopWritesBack(C, Dst, Loop))
      return true;
  return false;
}

SmallVector<unsigned, 2> WriteBackFlow::paramsPublished(const FunctionDecl *F) {
  F = F->getDefinition() ? F->getDefinition() : F;
  auto [It, New] = PublishedMemo.try_emplace(F);
  if (!New)
    return It->second;
  SmallVector<unsigned, 2> Out;
  if (!F->hasBody()) {
    Out = paramsWithFact(
        F, [&](unsigned I) { return A.factPublishes(F, I, F->getLocation()); });
  } else {
    for (const Stmt *S : storesOf(F)) {
      std::optional<StoreSite> St = storeOf(S);
      if (!St || !St->Value || !St->Value->getType()->isPointerType() ||
          St->Value->isNullPointerConstant(A.context(),
                                           Expr::NPC_ValueDependentIsNotNull))
        continue;
      const auto *P =
          dyn_cast_or_null<ParmVarDecl>(ProvenanceAnalysis::rootOf(St->Value));
      const Expr *Base = St->Through;
      if (P && P->getDeclContext() == F && Base && Base->getType()->isPointerType() &&
          A.pointerOf(Base).has(MemKind::PMem) &&
          !is_contained(Out, P->getFunctionScopeIndex()))
        Out.push_back(P->getFunctionScopeIndex());
    }
  }
  PublishedMemo[F] = Out;
  return Out;
}

ArrayRef<const CallExpr *> WriteBackFlow::publishingCalls(const FunctionDecl *F) {
  auto [It, New] = PublishingCallsIn.try_emplace(F);
  if (New)
    for (const CallExpr *CE : callsIn(F)) {
      const FunctionDecl *Callee = CE->getDirectCallee();
      if (isPublishCall(CE) || (Callee && !paramsPublished(Callee).empty()))
        It->second.push_back(CE);
    }
  return It->second;
}

bool WriteBackFlow::publishesArgument(const Stmt *S, const Expr *Dst) {
  const auto *CE = dyn_cast<CallExpr>(S);
  const FunctionDecl *Callee = CE ? CE->getDirectCallee() : nullptr;
  if (!Callee)
    return false;
  const Decl *Root = ProvenanceAnalysis::rootOf(Dst);
  for (unsigned I : paramsPublished(Callee))
    if (I < CE->getNumArgs() && Root && ProvenanceAnalysis::rootOf(CE->getArg(I)) == Root)
      return true;
  return false;
}

std::optional<WriteBackFlow::CopyPending> WriteBackFlow::pendingOf(Family Fam,
                                                                   Family TableFam) {
  switch (Fam) {
  case Family::Plain:
    return CopyPending{Pending::WriteBackAndDrain, std::nullopt};
  case Family::Nocache:
    return CopyPending{Pending::WriteBackAndDrain, TableFam == Family::Libpmem
                                                       ? std::optional(Pending::Drain)
                                                       : std::nullopt};
  case Family::Writethrough:
    return CopyPending{Pending::Drain, Pending::Drain};
  default:
    return std::nullopt;
  }
}

ArrayRef<const Stmt *> WriteBackFlow::storesOf(const FunctionDecl *F) {
  auto [It, New] = StoresIn.try_emplace(F);
  if (New)
    for (const Stmt *S : A.memoryStoresIn(F))
      if (storeOf(S))
        It->second.push_back(S);
  return It->second;
}

bool WriteBackFlow::mayBePublished(const Stmt *Write, const FunctionDecl *F,
                                   const Expr *Dst, DataShape Shape, unsigned Depth) {
  if (!F || !F->hasBody())
    return false;
  SmallVector<const Expr *, 32> Parts;
  addressParts(Dst, Parts, A);
  if (any_of(storesOf(F),
             [&](const Stmt *S) {
               return S != Write && publishes(S, Dst, Parts, false, Shape, F, true);
             }) ||
      any_of(publishingCalls(F), [&](const CallExpr *CE) {
        return isPublishCall(CE) || publishesArgument(CE, Dst);
      }))
    return true;
  // A static helper's data goes back to its callers as the argument.
  const auto *Param = dyn_cast_or_null<ParmVarDecl>(ProvenanceAnalysis::rootOf(Dst));
  if (Depth >= MaxCallerDepth || F->isExternallyVisible() || !Param ||
      Param->getFunctionScopeIndex() >= F->getNumParams())
    return false;
  unsigned Idx = Param->getFunctionScopeIndex();
  return any_of(A.callersOf(F), [&](const CallExpr *Call) {
    return Idx < Call->getNumArgs() &&
           mayBePublished(Call, A.enclosingFunction(Call), Call->getArg(Idx),
                          DataShape::StoredByCallee, Depth + 1);
  });
}

std::vector<WriteBackFlow::EarlyPublish>
WriteBackFlow::walkPublishes(const Stmt *Copy, const FunctionDecl *F, const Expr *Dst,
                             DataShape Shape, Pending Start,
                             std::optional<Pending> UnderEadr, unsigned Depth,
                             std::optional<Pending> *AtReturn) {
  std::vector<EarlyPublish> Found;
  if (!F || !F->hasBody())
    return Found;
  // A static helper whose destination is its parameter returns the data, maybe not
  // yet persistent, to callers of this file, which may publish it.
  const auto *Param = dyn_cast_or_null<ParmVarDecl>(ProvenanceAnalysis::rootOf(Dst));
  bool ToCallers = !AtReturn && Depth < MaxCallerDepth && !F->isExternallyVisible() &&
                   Param && Param->getFunctionScopeIndex() < F->getNumParams() &&
                   !A.callersOf(F).empty();
  // Whether the function links the data somewhere (then its object's own fields are
  // data until the link).
  // The parts of the data's address, once: every store is compared with them. A
  // function without a store that could publish the data needs no CFG (most do not);
  // one that links the data (a pointer to it, an index of it) makes it new, and the
  // numbers in its own object data until the link.
  SmallVector<const Expr *, 32> Parts;
  addressParts(Dst, Parts, A);
  ArrayRef<const Stmt *> Stores = storesOf(F);
  // Each store is looked at twice below: paid from the function's budget like the
  // walk (a generated function's thousands of copies times its stores).
  // (Whether a call publishes is asked last: it looks into the callees.)
  auto CallsPublish = [&] {
    return any_of(publishingCalls(F), [&](const CallExpr *CE) {
      return isPublishCall(CE) || publishesArgument(CE, Dst);
    });
  };
  if (!CFGs.charge(F, 2 * Stores.size()) || (none_of(Stores,
                                                     [&](const Stmt *S) {
                                                       return publishes(S, Dst, Parts,
                                                                        false, Shape, F);
                                                     }) &&
                                             !ToCallers && !AtReturn && !CallsPublish()))
    return Found;
  bool Linked = any_of(
      Stores, [&](const Stmt *S) { return publishes(S, Dst, Parts, true, Shape, F); });
  CFG *G = cfgOf(F);
  if (!G)
    return Found;
  // A write only on the paths where the code asked that the domain is eADR leaves
  // what eADR leaves.
  if (Depth == 0 && onlyUnderEadr(Copy, F)) {
    if (!UnderEadr)
      return Found;
    Start = *UnderEadr;
  }
  struct Item {
    const CFGBlock *B;
    unsigned I;
    Pending P;
    EarlyPublish Why;
  };
  SmallVector<Item, 16> Work;
  for (auto [B, I] : CFGs.after(*G, Copy))
    Work.push_back({B, I, Start, {}});
  // Each block is entered at most once per pending state: the fixed point.
  DenseSet<std::pair<const CFGBlock *, unsigned>> Seen;
  std::optional<Pending> AtExit; // the most left to do on a path that returns
  while (!Work.empty()) {
    Item It = Work.pop_back_val();
    // Past the function's budget: the publishes found so far are real paths; the
    // rest is not followed.
    if (!CFGs.charge(F, It.B->size()))
      break;
    bool Persistent = false;
    for (unsigned I = It.I; I < It.B->size() && !Persistent; ++I) {
      std::optional<CFGStmt> CS = (*It.B)[I].getAs<CFGStmt>();
      if (!CS || CS->getStmt() == Copy)
        continue;
      const Stmt *S = CS->getStmt();
      // A configured commit function publishes whatever is pending; a function that
      // links its argument (here, or by the facts of its file) publishes the data
      // passed there.
      if (isPublishCall(S) || publishesArgument(S, Dst)) {
        if (none_of(Found, [&](const EarlyPublish &E) { return E.Store == S; })) {
          Found.push_back(It.Why);
          Found.back().Store = S;
        }
        continue;
      }
      if (storeOf(S)) {
        // Every publish on the way is one (the tail, then the count): the walk goes on.
        if (publishes(S, Dst, Parts, Linked, Shape, F) &&
            none_of(Found, [&](const EarlyPublish &E) { return E.Store == S; })) {
          Found.push_back(It.Why);
          Found.back().Store = S;
        }
        continue;
      }
      bool Fence = false, Covering = false, CoveringPersist = false;
      if (const auto *Asm = dyn_cast<GCCAsmStmt>(S)) {
        Fence = isFenceAsm(Asm);
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
          Fence = Callee && drains(Callee, 0);
          // A helper of the TU that writes back one of its parameters (persist_range(p,
          // n) around pmem_flush + pmem_drain) covers what the caller passes there.
          if (Callee)
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
    // A loop that writes the data back line by line (for (...) clwb(dst + off)): its
    // exit is taken after the write-backs, or without any when there is nothing to
    // write back (n == 0); either way what follows needs only the drain.
    if (It.P == Pending::WriteBackAndDrain)
      if (const Stmt *Loop = It.B->getTerminatorStmt();
          Loop && isa<ForStmt, WhileStmt, DoStmt>(Loop) && loopWritesBack(Loop, Dst)) {
        It.P = Pending::Drain;
        It.Why.WriteBack = Loop;
      }
    if (It.B == &G->getExit()) {
      if (!AtExit || It.P == Pending::WriteBackAndDrain)
        AtExit = It.P;
      continue;
    }
    unsigned Index = 0;
    const Stmt *Cond = It.B->succ_size() == 2 ? It.B->getTerminatorCondition() : nullptr;
    for (const CFGBlock::AdjacentBlock &Succ : It.B->succs()) {
      EarlyPublish Why = It.Why;
      if (Cond) {
        Why.Branch = Cond;
        Why.BranchTaken = Index == 0; // a two-way terminator lists "true" first
      }
      // Where the domain is eADR, what the copy leaves to do there (for a cached
      // copy nothing; for non-temporal stores their fence).
      Pending P = It.P;
      if (eadrSuccessor(It.B, Index++, A.context()) && P == Pending::WriteBackAndDrain) {
        if (!UnderEadr)
          continue;
        P = *UnderEadr;
      }
      if (const CFGBlock *SB = Succ.getReachableBlock();
          SB && Seen.insert({SB, unsigned(P)}).second)
        Work.push_back({SB, 0, P, Why});
    }
  }
  if (AtReturn)
    *AtReturn = AtExit;
  // Some path returns with the data not persistent: the callers carry on after the
  // call, with what is still to do.
  if (AtExit && ToCallers) {
    unsigned Idx = Param->getFunctionScopeIndex();
    for (const CallExpr *Call : A.callersOf(F))
      if (Idx < Call->getNumArgs())
        for (EarlyPublish E :
             walkPublishes(Call, A.enclosingFunction(Call), Call->getArg(Idx),
                           Shape == DataShape::Copied ? Shape : DataShape::StoredByCallee,
                           *AtExit, UnderEadr, Depth + 1, nullptr)) {
          if (!E.Via)
            E.Via = Call;
          Found.push_back(E);
        }
  }
  return Found;
}

} // namespace copyintent::checker
