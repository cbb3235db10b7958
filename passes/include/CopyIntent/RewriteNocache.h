//===- RewriteNocache.h - Nocache copies into pmem become writethrough -*- C++ -*-===//
//
// The opt-in repair of issue 13: a nocache copy (ours, or the kernel's) whose
// destination the IR shows to be persistent memory on every path is rewritten to the
// writethrough copy of the API table with the same arguments
// (copyintent_memcpy_nocache -> copyintent_memcpy_writethrough,
// _copy_from_iter_nocache -> _copy_from_iter_flushcache). A writethrough copy does
// everything a nocache copy does and leaves no dirty line: strictly stronger, never
// weaker. An unknown destination, one that is persistent on some paths only, or a
// counterpart that depends on the kernel version the IR cannot tell is left alone and
// said in a missed remark.
//
//   -mllvm -copyintent-rewrite=off|remark|apply   (default off)
//
// remark: what would be rewritten, as missed remarks; apply: the rewrite, as passed
// remarks (-Rpass=copyintent). A second run finds nothing left to rewrite.
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_REWRITENOCACHE_H
#define COPYINTENT_REWRITENOCACHE_H

#include "llvm/IR/PassManager.h"

namespace copyintent {

struct RewriteNocachePass : llvm::PassInfoMixin<RewriteNocachePass> {
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &MAM);
  static bool isRequired() { return true; }
};

} // namespace copyintent

#endif // COPYINTENT_REWRITENOCACHE_H
