//===- RedundantWriteBackFlow.h - Write-backs done twice ---------*- C++ -*-===//
//
// The other half of the write-back analysis: not "is the range written back before
// the drain" (WriteBackFlow) but "was it already". A flush is redundant when every
// path to it (clang's CFG of its function, walked backwards) passes a write-back of a
// range that holds its own, a writethrough copy or a flush or persist, and nothing
// between could have dirtied the range again; a drain is redundant when every path
// to it passes a drain and nothing between could have left anything to wait for.
//
// "Could have" is decided conservatively, because a redundant finding that is wrong
// removes a write-back the data needed: any call other than the write-back
// vocabulary, any store that is not into a local variable, inline assembly that is
// not a fence, and a change of a variable the range is computed from each end the
// path. A path from the function's start is never redundant (its caller may have
// left work pending).
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_CHECKER_REDUNDANTWRITEBACKFLOW_H
#define COPYINTENT_CHECKER_REDUNDANTWRITEBACKFLOW_H

#include "FunctionCFGs.h"
#include "Provenance.h"

#include "llvm/ADT/DenseMap.h"

#include <functional>
#include <optional>

namespace copyintent::checker {

/// A range that a statement writes back: Ptr, and Len bytes (null Len: the one line
/// that holds Ptr).
struct WrittenRange {
  const clang::Expr *Ptr = nullptr;
  const clang::Expr *Len = nullptr;
  /// The statement drains too (a persist, a persist copy).
  bool Drains = false;
};

class RedundantWriteBackFlow {
public:
  /// What a call of the copy table writes back (a writethrough or persist copy:
  /// destination and size), decided by the check that knows the table's extras and
  /// libpmem's flags.
  using CopyWriteBack =
      std::function<std::optional<WrittenRange>(const clang::CallExpr *)>;

  RedundantWriteBackFlow(ProvenanceAnalysis &A, CopyWriteBack CopyOf, bool EADR)
      : A(A), CFGs(FunctionCFGs::forContext(A.context())), CopyOf(std::move(CopyOf)),
        EADR(EADR) {}

  /// What S writes back, if it is a flush or persist call or a writethrough or
  /// persist copy (the write-back table or the copy table).
  std::optional<WrittenRange> writtenBack(const clang::Stmt *S);

  /// For a flush or persist call F of persistent memory: the write-back that holds
  /// its range on one path, when every path to F passes such a write-back and
  /// nothing after it could dirty the range; null otherwise.
  const clang::Stmt *alreadyWrittenBack(const clang::CallExpr *F);

  /// Whether the flush F writes back nothing that needs it: already written back, or
  /// persistent memory under eADR.
  bool flushIsRedundant(const clang::CallExpr *F);

  /// For a drain (or the drain of a persist) S in function Fn: an earlier drain on one
  /// path, when every path to S passes a drain and nothing after it could have left
  /// anything to wait for (a non-temporal store, a write-back that is not itself
  /// redundant, an unknown call); null otherwise.
  const clang::Stmt *alreadyDrained(const clang::Stmt *S, const clang::FunctionDecl *Fn);

private:
  enum class Verdict { Neutral, Found, Blocks };
  /// The first statement Rule finds walking back from At, when every path back from
  /// At meets a statement Rule finds before one it blocks on and before the
  /// function's start; null otherwise.
  const clang::Stmt *
  onEveryPathBefore(const clang::Stmt *At, const clang::FunctionDecl *Fn,
                    llvm::function_ref<Verdict(const clang::Stmt *)> Rule);
  bool holds(const WrittenRange &Outer, const WrittenRange &Inner);

  ProvenanceAnalysis &A;
  FunctionCFGs &CFGs;
  CopyWriteBack CopyOf;
  bool EADR;
  llvm::DenseMap<const clang::CallExpr *, const clang::Stmt *> WrittenBackMemo;
};

} // namespace copyintent::checker

#endif // COPYINTENT_CHECKER_REDUNDANTWRITEBACKFLOW_H
