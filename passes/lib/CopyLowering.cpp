//===- CopyLowering.cpp - Control flow of a planned copy ------------------===//
//
// The symbolic twin of layoutCopy() / simulateCopy() in Planner.cpp: the same head /
// body / tail split, computed in IR. The model tests check that the two agree with the
// contract over every size and alignment.
//
//===----------------------------------------------------------------------===//

#include "CopyIntent/CopyLowering.h"
#include "CopyIntent/TargetEmitter.h"

#include "llvm/IR/Instructions.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

using namespace llvm;

namespace copyintent {

namespace {

/// Loops with a constant trip count up to this are emitted straight-line.
constexpr uint64_t MaxUnrolledIterations = 8;

class CopyLowering {
  CallInst *CI;
  const CopyPlan &Plan;
  TargetEmitter &E;
  IRBuilder<> B;
  Type *I64;

public:
  CopyLowering(CallInst *CI, const CopyPlan &Plan, TargetEmitter &E)
      : CI(CI), Plan(Plan), E(E), B(CI), I64(B.getInt64Ty()) {}

  void copy(Value *Dst, Value *Src, Value *N);
  void flushRange(Value *P, Value *Len);
  /// A public flush of a range that runs past the end of the address space traps.
  void trapIfWraps(Value *P, Value *Len);
  void drain() { E.fence(B, Plan.Fence); }

private:
  Value *toI64(Value *V) { return B.CreateZExtOrTrunc(V, I64); }
  Value *at(Value *P, Value *Off) { return B.CreateGEP(B.getInt8Ty(), P, Off); }

  void cachedPath(Value *Dst, Value *Src, Value *N);
  Value *ragged(Value *Dst, Value *N);
  /// Copies Len (< Bound, a power of two) bytes with ordinary stores, as a few
  /// constant-size pieces instead of a call.
  void smallCopy(Value *Dst, Value *Src, Value *Len, uint64_t Bound);
  /// WholeLines: Dst is line-aligned and N a multiple of the line (checked by the
  /// caller), so there is no head and no tail.
  void ntPath(Value *Dst, Value *Src, Value *N, bool WholeLines);
  /// Whole lines below the NT threshold, line by line without a loop.
  void linesPath(Value *Dst, Value *Src, Value *N);

  /// if (Cond) { Then(); } — folded when Cond is constant. B stays before CI.
  void emitIf(Value *Cond, const Twine &Name, function_ref<void()> Then);
  /// if (Cond) { Then(); } else { Else(); }
  void emitIfElse(Value *Cond, const Twine &ThenName, function_ref<void()> Then,
                  const Twine &ElseName, function_ref<void()> Else);
  /// for (Off = Begin; Off < End; Off += Step) Body(Off); signed i64 offsets.
  void emitLoop(Value *Begin, Value *End, uint64_t Step, Value *StepV, const Twine &Name,
                function_ref<void(Value *)> Body, bool MayUnroll = true);
};

void CopyLowering::emitIf(Value *Cond, const Twine &Name, function_ref<void()> Then) {
  if (auto *C = dyn_cast<ConstantInt>(Cond)) {
    if (C->isOne())
      Then();
    return;
  }
  // The instruction B inserts before moves to the continuation block; come back to it.
  Instruction *IP = &*B.GetInsertPoint();
  Instruction *ThenTerm = SplitBlockAndInsertIfThen(Cond, IP, /*Unreachable=*/false);
  ThenTerm->getParent()->setName(Name);
  B.SetInsertPoint(ThenTerm);
  Then();
  B.SetInsertPoint(IP);
}

void CopyLowering::emitIfElse(Value *Cond, const Twine &ThenName,
                              function_ref<void()> Then, const Twine &ElseName,
                              function_ref<void()> Else) {
  if (auto *C = dyn_cast<ConstantInt>(Cond)) {
    C->isOne() ? Then() : Else();
    return;
  }
  Instruction *IP = &*B.GetInsertPoint();
  Instruction *ThenTerm, *ElseTerm;
  SplitBlockAndInsertIfThenElse(Cond, IP, &ThenTerm, &ElseTerm);
  ThenTerm->getParent()->setName(ThenName);
  ElseTerm->getParent()->setName(ElseName);
  B.SetInsertPoint(ThenTerm);
  Then();
  B.SetInsertPoint(ElseTerm);
  Else();
  B.SetInsertPoint(IP);
}

void CopyLowering::emitLoop(Value *Begin, Value *End, uint64_t Step, Value *StepV,
                            const Twine &Name, function_ref<void(Value *)> Body,
                            bool MayUnroll) {
  auto *CB = dyn_cast<ConstantInt>(Begin);
  auto *CE = dyn_cast<ConstantInt>(End);
  if (CB && CE && Step) {
    int64_t Lo = CB->getSExtValue(), Hi = CE->getSExtValue();
    if (Lo >= Hi)
      return;
    uint64_t Trips = (uint64_t(Hi - Lo) + Step - 1) / Step;
    if (MayUnroll && Trips <= MaxUnrolledIterations) {
      for (int64_t Off = Lo; Off < Hi; Off += Step)
        Body(B.getInt64(Off));
      return;
    }
  }
  std::string N = Name.str();
  emitIf(B.CreateICmpSLT(Begin, End), N + ".guard", [&] {
    Instruction *IP = &*B.GetInsertPoint();
    BasicBlock *Pre = B.GetInsertBlock();
    BasicBlock *Exit = Pre->splitBasicBlock(IP, N + ".exit");
    BasicBlock *Loop =
        BasicBlock::Create(B.getContext(), N + ".loop", Pre->getParent(), Exit);
    Pre->getTerminator()->setSuccessor(0, Loop);
    B.SetInsertPoint(Loop);
    PHINode *Off = B.CreatePHI(I64, 2, N + ".off");
    Off->addIncoming(Begin, Pre);
    Body(Off);
    Value *Next = B.CreateAdd(Off, StepV, N + ".next");
    Off->addIncoming(Next, B.GetInsertBlock());
    B.CreateCondBr(B.CreateICmpSLT(Next, End), Loop, Exit);
    B.SetInsertPoint(IP);
  });
}

void CopyLowering::copy(Value *Dst, Value *Src, Value *N) {
  N = toI64(N);
  if (!Plan.hasNTPath()) {
    cachedPath(Dst, Src, N);
  } else if (Plan.NTThreshold == 0) {
    ntPath(Dst, Src, N, /*WholeLines=*/false);
  } else {
    Value *Small = B.CreateICmpULT(N, B.getInt64(Plan.NTThreshold), "copyintent.small");
    auto Cached = [&] { cachedPath(Dst, Src, N); };
    auto NT = [&] { ntPath(Dst, Src, N, /*WholeLines=*/false); };
    if (!Plan.NTWholeLines) {
      emitIfElse(Small, "copyintent.cached", Cached, "copyintent.nt", NT);
    } else {
      // Below the threshold whole lines go NT too, by a path of their own: no head,
      // no tail, nothing to flush, so a line-aligned 64-byte persist is a few stores.
      emitIfElse(
          Small, "copyintent.below",
          [&] {
            emitIfElse(ragged(Dst, N), "copyintent.cached", Cached, "copyintent.lines",
                       [&] { linesPath(Dst, Src, N); });
          },
          "copyintent.nt", NT);
    }
  }
  if (Plan.DrainAtEnd)
    drain();
}

/// Whether [Dst, Dst + N) is not whole lines (takesNTPath()), as an i1. Folded here
/// where the length or the alignment is known, since no optimization runs after the
/// pass.
Value *CopyLowering::ragged(Value *Dst, Value *N) {
  const uint64_t Mask = Plan.BodyAlign - 1;
  auto *NC = dyn_cast<ConstantInt>(N);
  if (NC && (NC->getZExtValue() & Mask))
    return B.getTrue();
  bool DstAligned = Dst->getPointerAlignment(CI->getDataLayout()).value() > Mask;
  if (DstAligned && NC)
    return B.getFalse(); // whole lines
  Value *Bits = DstAligned ? N : B.CreateOr(B.CreatePtrToInt(Dst, I64), N);
  return B.CreateICmpNE(B.CreateAnd(Bits, Mask), B.getInt64(0), "copyintent.ragged");
}

void CopyLowering::cachedPath(Value *Dst, Value *Src, Value *N) {
  E.cachedCopy(B, Dst, Src, N);
  flushRange(Dst, N);
}

/// \code
///   if (len & 32) copy 32 bytes; if (len & 16) copy 16 bytes; ... if (len & 1) 1 byte
/// \endcode
/// A library call for a few bytes costs more than these branches; known lengths fold.
void CopyLowering::smallCopy(Value *Dst, Value *Src, Value *Len, uint64_t Bound) {
  if (isa<ConstantInt>(Len)) {
    E.cachedCopy(B, Dst, Src, Len);
    return;
  }
  Value *Off = B.getInt64(0);
  for (uint64_t Piece = Bound / 2; Piece >= 1; Piece /= 2) {
    Value *Has = B.CreateICmpNE(B.CreateAnd(Len, Piece), B.getInt64(0));
    Value *At = Off;
    emitIf(Has, "copyintent.piece" + Twine(Piece),
           [&] { E.cachedCopy(B, at(Dst, At), at(Src, At), B.getInt64(Piece)); });
    Off = B.CreateAdd(Off, B.CreateAnd(Len, Piece));
  }
}

/// \code
///   head = min(n, -dst & (A-1));        memcpy(dst, src, head); flush(dst, head)
///   for (off = head; off < head + body; off += A)      // whole lines, NT stores
///     for (k = 0; k < A; k += W) nt_store_W(dst+off+k, src+off+k)
///   memcpy(rest); flush(rest); [sfence]                 // the last < A bytes
/// \endcode
void CopyLowering::ntPath(Value *Dst, Value *Src, Value *N, bool WholeLines) {
  const uint64_t A = Plan.BodyAlign;
  Value *Head;
  if (WholeLines || Dst->getPointerAlignment(CI->getDataLayout()).value() >= A) {
    Head = B.getInt64(0);
  } else {
    Value *Mis = B.CreateAnd(B.CreateNeg(B.CreatePtrToInt(Dst, I64)), A - 1);
    Head = B.CreateBinaryIntrinsic(Intrinsic::umin, N, Mis, nullptr, "copyintent.head");
  }
  smallCopy(Dst, Src, Head, A);
  flushRange(Dst, Head);

  Value *Rem = WholeLines ? N : B.CreateSub(N, Head);
  Value *Body = WholeLines ? N : B.CreateAnd(Rem, ~(A - 1), "copyintent.body");
  Value *BodyEnd = B.CreateAdd(Head, Body);
  Value *LinesFrom = Head;
  const unsigned PerLine = A / Plan.NTWidth;
  if (Plan.NTUnroll > 1) {
    // Whole groups of NTUnroll lines, loads first; the rest line by line below.
    const uint64_t Group = uint64_t(A) * Plan.NTUnroll;
    Value *GroupEnd = B.CreateAdd(Head, B.CreateAnd(Body, ~(Group - 1)));
    // No software prefetch of the source: prefetchnta two KiB ahead cost 3-5% at
    // 4 KiB (the source is in the cache there) and gained nothing at 1 and 16 MiB
    // in paired runs against libpmem and the AVX2 loop (docs/lowering.md).
    emitLoop(Head, GroupEnd, Group, B.getInt64(Group), "copyintent.ntgroup",
             [&](Value *Off) {
               E.ntStoreGroup(B, at(Dst, Off), at(Src, Off), Plan.NTWidth,
                              PerLine * Plan.NTUnroll);
             });
    LinesFrom = GroupEnd;
  }
  emitLoop(LinesFrom, BodyEnd, A, B.getInt64(A), "copyintent.nt", [&](Value *Off) {
    E.ntStoreGroup(B, at(Dst, Off), at(Src, Off), Plan.NTWidth, PerLine);
  });

  // The ragged tail, like the head, goes through the cache and is written back: a
  // partial line is never stored non-temporally. movnti words then cached bytes in
  // one line made a 4 KiB writethrough to a destination 63 bytes past a line 2.8x
  // slower than libpmem on the benchmark machine (the cached store waits for the
  // write-combining buffer's partial eviction and refetches the line); libpmem too
  // stores ragged lines cached.
  Value *Rest = WholeLines ? B.getInt64(0) : B.CreateSub(Rem, Body, "copyintent.tail");
  if (!isa<ConstantInt>(Rest) || !cast<ConstantInt>(Rest)->isZero()) {
    Value *RestDst = at(Dst, BodyEnd);
    smallCopy(RestDst, at(Src, BodyEnd), Rest, A);
    flushRange(RestDst, Rest);
  }
  // Order the NT stores, if there were any: a fence after none is wasted work.
  if (Plan.FenceAfterNT)
    emitIf(B.CreateICmpNE(B.CreateSub(N, B.CreateAdd(Head, Rest)), B.getInt64(0)),
           "copyintent.ntfence", [&] { E.fence(B, Plan.Fence); });
}

/// [Dst, Dst + N) is whole lines and N is below the NT threshold (the caller checked
/// both), so at most (threshold - 1) / A lines: each is stored non-temporally under a
/// test of N (none where N is known), with no head, tail or flush. With a threshold
/// too large to unroll, the NT path's loops do it.
void CopyLowering::linesPath(Value *Dst, Value *Src, Value *N) {
  const uint64_t A = Plan.BodyAlign;
  auto *NC = dyn_cast<ConstantInt>(N);
  uint64_t MaxN = NC ? NC->getZExtValue() : (Plan.NTThreshold - 1) / A * A;
  if (MaxN / A > MaxUnrolledIterations) {
    ntPath(Dst, Src, N, /*WholeLines=*/true);
    return;
  }
  for (uint64_t Off = 0; Off < MaxN; Off += A) {
    auto Line = [&] {
      E.ntStoreGroup(B, at(Dst, B.getInt64(Off)), at(Src, B.getInt64(Off)), Plan.NTWidth,
                     A / Plan.NTWidth);
    };
    if (NC)
      Line();
    else
      emitIf(B.CreateICmpUGT(N, B.getInt64(Off)), "copyintent.line", Line);
  }
  if (Plan.FenceAfterNT)
    emitIf(B.CreateICmpNE(N, B.getInt64(0)), "copyintent.ntfence",
           [&] { E.fence(B, Plan.Fence); });
}

/// \code
///   if (len != 0)
///     for (a = p & ~(L-1); a <= (p+len-1) & ~(L-1); a += L) flush(a)
/// \endcode
/// Offsets are taken from p (a GEP, not an inttoptr) so the flush keeps p's provenance.
void CopyLowering::flushRange(Value *P, Value *Len) {
  if (!Plan.flushes())
    return;
  Len = toI64(Len);
  if (auto *C = dyn_cast<ConstantInt>(Len); C && C->isZero())
    return;
  emitIf(B.CreateICmpNE(Len, B.getInt64(0)), "copyintent.flush", [&] {
    Value *L = E.lineSize(B, Plan.LineSize);
    Value *Mask = B.CreateNeg(L);
    uint64_t StaticL = Plan.LineSize;
    bool Aligned =
        StaticL && P->getPointerAlignment(CI->getDataLayout()).value() >= StaticL;
    Value *LastByte = B.CreateSub(Len, B.getInt64(1));
    Value *First, *Last;
    if (Aligned) {
      First = B.getInt64(0);
      Last = B.CreateAnd(LastByte, Mask);
    } else {
      Value *PInt = B.CreatePtrToInt(P, I64);
      First = B.CreateSub(B.CreateAnd(PInt, Mask), PInt);
      Last = B.CreateSub(B.CreateAnd(B.CreateAdd(PInt, LastByte), Mask), PInt);
    }
    Value *End = B.CreateAdd(Last, B.getInt64(1));
    auto FlushAt = [&](Value *Off) { E.flushLine(B, at(P, Off), Plan.Flush); };

    // A known length with an unknown address touches either ceil(len/L) lines or one
    // more: emit the first ones straight-line and guard only the possible extra one.
    auto *CLen = dyn_cast<ConstantInt>(Len);
    if (CLen && StaticL && !Aligned) {
      uint64_t N = CLen->getZExtValue();
      uint64_t MinLines = (N + StaticL - 1) / StaticL;
      uint64_t MaxLines = (N - 1 + StaticL - 1) / StaticL + 1;
      if (MaxLines <= MaxUnrolledIterations) {
        for (uint64_t K = 0; K < MinLines; ++K)
          FlushAt(B.CreateAdd(First, B.getInt64(K * StaticL)));
        if (MaxLines > MinLines) {
          Value *Extra = B.CreateAdd(First, B.getInt64(MinLines * StaticL));
          emitIf(B.CreateICmpSLE(Extra, Last), "copyintent.flush.extra",
                 [&] { FlushAt(Extra); });
        }
        return;
      }
    }
    emitLoop(First, End, StaticL, L, "copyintent.flush", FlushAt);
  });
}

/// \code
///   if (len > 2^63 - 1 || p + (len - 1) overflows) trap   // len != 0
/// \endcode
/// The line loop counts in signed offsets from p; a range that wraps around the
/// address space would make it flush nothing and return as if done. No object is
/// that large, so this is a caller's bug: stop there rather than be silently weaker.
/// (A copy of such a length faults in its stores before it gets to a flush.)
void CopyLowering::trapIfWraps(Value *P, Value *Len) {
  if (!Plan.flushes())
    return;
  Len = toI64(Len);
  if (auto *C = dyn_cast<ConstantInt>(Len); C && !C->isNegative())
    return; // a constant below 2^63 is an object's size
  Value *LastByte = B.CreateSub(Len, B.getInt64(1));
  Value *Sum = B.CreateBinaryIntrinsic(Intrinsic::uadd_with_overflow, B.CreatePtrToInt(P, I64),
                                       LastByte);
  Value *Wraps = B.CreateOr(B.CreateExtractValue(Sum, 1),
                            B.CreateICmpSLT(LastByte, B.getInt64(0)));
  Wraps = B.CreateAnd(Wraps, B.CreateICmpNE(Len, B.getInt64(0)), "copyintent.wrapped");
  emitIf(Wraps, "copyintent.wraps", [&] {
    B.CreateIntrinsic(Intrinsic::trap, {});
  });
}

} // namespace

void emitPlannedCopy(CallInst *CI, const CopyPlan &Plan, TargetEmitter &E, Value *Dst,
                     Value *Src, Value *N) {
  CopyLowering(CI, Plan, E).copy(Dst, Src, N);
}

void emitPlannedFlush(CallInst *CI, const CopyPlan &Plan, TargetEmitter &E, Value *P,
                      Value *N) {
  CopyLowering L(CI, Plan, E);
  L.trapIfWraps(P, N);
  L.flushRange(P, N);
}

void emitPlannedDrain(CallInst *CI, const CopyPlan &Plan, TargetEmitter &E) {
  CopyLowering(CI, Plan, E).drain();
}

} // namespace copyintent
