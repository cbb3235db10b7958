//===- Transactions.h - libpmemobj transactions of a function ---*- C++ -*-===//
//
// A store into a libpmemobj object between TX_BEGIN and TX_END is made durable by the
// transaction's commit when its range was added to the transaction before
// (pmemobj_tx_add_range*(), TX_ADD*, TX_SET*) or its object was allocated in it
// (pmemobj_tx_*alloc(), TX_NEW); a store into a range never added is neither logged
// nor written back. The macros expand to calls of pmemobj_tx_begin() and
// pmemobj_tx_end(), and the code between them runs inside a loop over the
// transaction's stages, so the transaction is taken as the code spells it: the
// source between a pmemobj_tx_begin() call and the pmemobj_tx_end() that closes it
// (nested ones counted), and an add "before" a store is one written before it there.
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_CHECKER_TRANSACTIONS_H
#define COPYINTENT_CHECKER_TRANSACTIONS_H

#include "Provenance.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

namespace copyintent::checker {

class Transactions {
public:
  explicit Transactions(ProvenanceAnalysis &A) : A(A) {}

  /// The pmemobj_tx_end() call that commits the transaction S lies in, or null.
  const clang::CallExpr *commitOf(const clang::Stmt *S, const clang::FunctionDecl *F);
  /// Whether the bytes of the store target or copy destination Dst (inside the
  /// transaction of S) are added to it before S, or lie in an object allocated in it.
  bool covers(const clang::Stmt *S, const clang::Expr *Dst, const clang::FunctionDecl *F);

private:
  struct Span {
    const clang::CallExpr *Begin, *End;
  };
  struct OfFunction {
    llvm::SmallVector<Span, 2> Spans;
    llvm::SmallVector<const clang::CallExpr *, 4> Adds;
    llvm::SmallVector<const clang::CallExpr *, 2> Allocs;
  };
  const OfFunction &of(const clang::FunctionDecl *F);
  bool before(const clang::Stmt *X, const clang::Stmt *Y) const;
  /// The PMEMoid expression an object pointer comes from (pmemobj_direct(E), also
  /// through a local initialised with it), or null.
  const clang::Expr *oidOf(const clang::Expr *Ptr) const;
  bool addHolds(const clang::CallExpr *Add, const clang::Expr *Dst) const;
  bool allocatedIn(const clang::Expr *Oid, const Span &Tx, const OfFunction &Fn) const;

  ProvenanceAnalysis &A;
  llvm::DenseMap<const clang::FunctionDecl *, OfFunction> Functions;
  bool Indexed = false;
};

} // namespace copyintent::checker

#endif // COPYINTENT_CHECKER_TRANSACTIONS_H
