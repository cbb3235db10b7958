//===- MissingWritethroughCheck.h -------------------------------*- C++ -*-===//
#ifndef COPYINTENT_CHECKER_MISSINGWRITETHROUGHCHECK_H
#define COPYINTENT_CHECKER_MISSINGWRITETHROUGHCHECK_H

#include "CopyCallCheck.h"
#include "Transactions.h"
#include "WriteBackFlow.h"

namespace copyintent::checker {

/// Finds a plain copy (memcpy, memmove) into persistent memory whose range is never
/// written back on a path that then drains as if the data were durable: the fence
/// orders nothing that matters, and the bytes stay dirty in the cache.
///
/// Docs: docs/checks/copyintent-missing-writethrough.md
class MissingWritethroughCheck : public CopyCallCheck {
public:
  using CopyCallCheck::CopyCallCheck;

protected:
  void checkCopyCall(const CopyCall &C) override;
  /// Stores (assignments, increments, struct assignments) into persistent memory.
  void checkWholeTranslationUnit(clang::ASTContext &Ctx, ProvenanceAnalysis &A) override;
  void resetTranslationUnit() override {
    Flow.reset();
    Tx.reset();
  }

private:
  void checkStore(const clang::Expr *Store, const clang::FunctionDecl *F,
                  ProvenanceAnalysis &A, clang::ASTContext &Ctx);
  /// A call of a function of another file that leaves argument Index unwritten.
  void checkLeftUnwritten(const clang::CallExpr *Call, const clang::FunctionDecl *Callee,
                          unsigned Index, ProvenanceAnalysis &A, clang::ASTContext &Ctx);
  /// A store in a transaction whose range was never added to it.
  void reportUnadded(const clang::Expr *Store, const clang::Expr *Target,
                     const clang::CallExpr *Commit, const Provenance &P,
                     ProvenanceAnalysis &A, clang::ASTContext &Ctx);
  /// Where a call about a store's bytes goes: the store as a statement of its own
  /// (not in a macro, nor in a loop of the file unless InLoopToo), the address and size
  /// of its lvalue as the file writes it.
  struct StoreSlot {
    clang::SourceLocation Start, AfterSemi;
    std::string Indent, Address, Size;
  };
  std::optional<StoreSlot> storeSlot(const clang::Expr *Store, const clang::Expr *Target,
                                     clang::ASTContext &Ctx, std::string &WhyNot,
                                     bool InLoopToo = false) const;
  /// Inserts pmemobj_tx_add_range_direct(&x, sizeof(x)); before the store.
  std::optional<clang::FixItHint> addBefore(const clang::Expr *Store,
                                            const clang::Expr *Target,
                                            clang::ASTContext &Ctx,
                                            std::string &WhyNot) const;
  /// Inserts a flush of the stored lvalue (Flush(&x, sizeof(x));) after the store.
  std::optional<clang::FixItHint>
  flushAfter(const clang::Expr *Store, const clang::Expr *Target, llvm::StringRef Flush,
             clang::ASTContext &Ctx, std::string &WhyNot) const;
  /// The writethrough copy of the API whose drain the path uses, where it is exact.
  std::optional<clang::FixItHint> fix(const CopyCall &C, llvm::StringRef DrainName,
                                      std::string &WhyNot) const;
  std::unique_ptr<WriteBackFlow> Flow;
  std::unique_ptr<Transactions> Tx;
};

} // namespace copyintent::checker

#endif
