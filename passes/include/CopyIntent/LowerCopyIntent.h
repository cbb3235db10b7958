//===- LowerCopyIntent.h - Lower the copy-intent API ------------*- C++ -*-===//
//
// FILE:  LowerCopyIntent.h
// DESCRIPTION:
//   Replaces calls of copyintent_memcpy_{nocache,writethrough,persist},
//   copyintent_flush and copyintent_drain (and the runtime's __copyintent_builtin_*)
//   with inline stores, flushes and fences planned for the calling function's target
//   and CPU features. Runs last in the optimization pipeline, when sizes and
//   alignments are as known as they will get; it is required, so it also runs at -O0.
// USAGE:
//   clang-22 -O2 -fpass-plugin=build/lib/CopyIntent.so file.c
//   opt-22 -load-pass-plugin=build/lib/CopyIntent.so -passes=copyintent-lower -S in.ll
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_LOWERCOPYINTENT_H
#define COPYINTENT_LOWERCOPYINTENT_H

#include "llvm/IR/PassManager.h"

namespace copyintent {

struct LowerCopyIntentPass : llvm::PassInfoMixin<LowerCopyIntentPass> {
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &MAM);
  static bool isRequired() { return true; }
};

} // namespace copyintent

#endif // COPYINTENT_LOWERCOPYINTENT_H
