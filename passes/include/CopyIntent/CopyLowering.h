//===- CopyLowering.h - Control flow of a planned copy ----------*- C++ -*-===//
//
// Replaces one call of the copy API with the stores, flushes and fences of a
// CopyPlan, asking a TargetEmitter for each instruction. Known constant sizes become
// straight-line code; unknown sizes become loops with stable block names
// (copyintent.nt.loop, copyintent.flush.loop, ...).
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_COPYLOWERING_H
#define COPYINTENT_COPYLOWERING_H

#include "CopyIntent/Plan.h"

namespace llvm {
class CallInst;
class Value;
} // namespace llvm

namespace copyintent {

class TargetEmitter;

/// Emits, before CI, the copy of N bytes from Src to Dst that Plan describes. The
/// caller erases CI.
void emitPlannedCopy(llvm::CallInst *CI, const CopyPlan &Plan, TargetEmitter &E,
                     llvm::Value *Dst, llvm::Value *Src, llvm::Value *N);
/// Emits the write-back of every line overlapping [P, P+N).
void emitPlannedFlush(llvm::CallInst *CI, const CopyPlan &Plan, TargetEmitter &E,
                      llvm::Value *P, llvm::Value *N);
/// Emits the drain fence.
void emitPlannedDrain(llvm::CallInst *CI, const CopyPlan &Plan, TargetEmitter &E);

} // namespace copyintent

#endif // COPYINTENT_COPYLOWERING_H
