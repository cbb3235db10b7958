//===- MultiversionDispatch.h - Clones selected at run time -----*- C++ -*-===//
//
// -copyintent-dispatch=runtime: a function that uses the copy API is cloned once per
// feature level of its target (COPYINTENT_<ARCH>_LEVELS in lowering_abi.h); each clone
// gets that level's target features, and so its own static lowering; the original
// becomes a dispatcher that asks copyintent_dispatch_level() (computed once by the
// runtime from CPUID / HWCAP / hwprobe) which clone to call.
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_MULTIVERSIONDISPATCH_H
#define COPYINTENT_MULTIVERSIONDISPATCH_H

#include "CopyIntent/Plan.h"

#include "llvm/ADT/SmallVector.h"

namespace llvm {
class Function;
} // namespace llvm

namespace copyintent {

/// True when F can be multiversioned (a definition, not variadic, no inalloca).
bool canMultiversion(const llvm::Function &F);

/// Clones F per level of Arch and turns F into the dispatcher. Returns the clones
/// (empty for an architecture without levels; F is then unchanged).
llvm::SmallVector<llvm::Function *, 4> multiversion(llvm::Function &F, Arch A);

} // namespace copyintent

#endif // COPYINTENT_MULTIVERSIONDISPATCH_H
