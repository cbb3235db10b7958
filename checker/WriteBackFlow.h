//===- WriteBackFlow.h - Is a copy written back before a drain? -*- C++ -*-===//
//
// The batching idiom of persistent-memory code: copies that write nothing back
// (nocache, PMEM_F_MEM_NOFLUSH) into persistent memory, then one write-back (a flush
// or persist call) that covers them all, then the drain. That is correct, and faster
// than a writethrough per copy. This analysis follows every path of the copy's
// function (its clang CFG) from the copy and says whether each one reaches a covering
// write-back before it reaches a drain (a drain, a persist of something else, or a
// call of a function of the TU that drains, a store into other persistent memory,
// which publishes) or the function's end. Reaching the end
// of a static function carries on after each of its calls in the callers, where the
// destination is a parameter.
//
// "Covers" is decided without range arithmetic: the write-back's pointer starts from
// the same object as the copy's destination (same root declaration) or from the same
// persistent-memory mapping (same origin of the provenance chain), and the two do not
// name different fields of one object (&item->hdr does not cover item->value).
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_CHECKER_WRITEBACKFLOW_H
#define COPYINTENT_CHECKER_WRITEBACKFLOW_H

#include "ApiTable.h"
#include "Provenance.h"

#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseMap.h"

#include <memory>

namespace copyintent::checker {

/// The write-back table's entry for a call: by callee name, or by the typedef of the
/// function pointer it calls through (libpmem2's persist_fn).
WriteBackFunction writeBackOf(const clang::CallExpr *CE);

class WriteBackFlow {
public:
  explicit WriteBackFlow(ProvenanceAnalysis &A) : A(A) {}

  /// Whether every path from Copy (a call in a function body) reaches a write-back
  /// covering Dst before any drain and before the function's end.
  bool coveredOnEveryPath(const clang::CallExpr *Copy, const clang::Expr *Dst);

private:
  enum class Event { None, Covers, Drains };

  bool covered(const clang::CallExpr *From, const clang::Expr *Dst, unsigned Depth);
  bool coveredInCallers(const clang::FunctionDecl *F, const clang::Expr *Dst,
                        unsigned Depth);
  /// What one CFG element does: a covering write-back, a drain or a store into other
  /// persistent memory (a publish), or neither.
  Event classify(const clang::Stmt *S, const clang::Expr *Dst);
  bool covers(const clang::Expr *WriteBack, const clang::Expr *Dst);
  /// The write-back's range ends before Dst starts (constant offsets from one root:
  /// arch_wb_cache_pmem(slot, sizeof(*hdr)) and a copy to slot + sizeof(*hdr)).
  bool disjoint(const clang::CallExpr *WB, const WriteBackFunction &W,
                const clang::Expr *Dst);
  /// Whether calling F (defined in the TU) drains, directly or through its callees.
  bool drains(const clang::FunctionDecl *F, unsigned Depth);
  clang::CFG *cfgOf(const clang::FunctionDecl *F);

  ProvenanceAnalysis &A;
  llvm::DenseMap<const clang::FunctionDecl *, std::unique_ptr<clang::CFG>> CFGs;
  llvm::DenseMap<const clang::FunctionDecl *, bool> DrainMemo;
};

} // namespace copyintent::checker

#endif // COPYINTENT_CHECKER_WRITEBACKFLOW_H
