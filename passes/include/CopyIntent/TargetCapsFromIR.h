//===- TargetCapsFromIR.h - What a function's target allows -----*- C++ -*-===//
//
// Reads a function's target triple and "target-features" attribute into the
// planner's TargetCaps. Kept apart from the planner so the planner has no LLVM
// dependency.
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_TARGETCAPSFROMIR_H
#define COPYINTENT_TARGETCAPSFROMIR_H

#include "CopyIntent/Plan.h"

#include "llvm/ADT/StringRef.h"

namespace llvm {
class Function;
class Triple;
} // namespace llvm

namespace copyintent {

Arch archOf(const llvm::Triple &T);

/// Capabilities of code compiled for Arch with the comma-separated feature list
/// Features ("+avx2,-clwb,..."), as clang writes it into "target-features".
TargetCaps capsFor(Arch A, llvm::StringRef Features);

/// What to enable for a write-back instruction on A (Targets.def), or "".
const char *noFlushAdvice(Arch A);

/// Capabilities of F, from its module's triple and its "target-features".
TargetCaps capsForFunction(const llvm::Function &F);

} // namespace copyintent

#endif // COPYINTENT_TARGETCAPSFROMIR_H
