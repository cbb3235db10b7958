//===- PublishBeforePersistCheck.h ------------------------------*- C++ -*-===//
#ifndef COPYINTENT_CHECKER_PUBLISHBEFOREPERSISTCHECK_H
#define COPYINTENT_CHECKER_PUBLISHBEFOREPERSISTCHECK_H

#include "CopyCallCheck.h"
#include "Transactions.h"
#include "WriteBackFlow.h"

#include "llvm/ADT/SmallPtrSet.h"

namespace copyintent::checker {

/// Finds a store that makes data reachable or valid (another field of the object the
/// data was copied into, a pointer to it, an index its address uses) written into
/// persistent memory while that data is not yet persistent on some path: a crash can
/// leave the published pointer, index or flag durable and the data not. The seed
/// thread's last question ("we should not store a pointer to a pmem data structure
/// until the structure itself has been committed"), answered statically.
///
/// Docs: docs/checks/copyintent-publish-before-persist.md
class PublishBeforePersistCheck : public CopyCallCheck {
public:
  PublishBeforePersistCheck(llvm::StringRef Name, CheckHost &Host)
      : CopyCallCheck(Name, Host),
        PublishFunctions(
            nameListOption("PublishFunctions").value_or(std::vector<std::string>())) {}

protected:
  void checkCopyCall(const CopyCall &C) override;
  /// Calls of functions of other files that leave their argument's data unpersisted.
  void checkWholeTranslationUnit(clang::ASTContext &Ctx, ProvenanceAnalysis &A) override;
  void resetTranslationUnit() override {
    Flow.reset();
    Tx.reset();
    Reported.clear();
  }

private:
  /// Stores into persistent memory as data: the stores that publish them early.
  void checkStores(clang::ASTContext &Ctx, ProvenanceAnalysis &A);
  /// Writer: what wrote the data (a copy, a function of another file that copies
  /// into its argument, a store), named WriterName in the message.
  void report(const clang::Stmt *Writer, llvm::StringRef WriterName,
              const clang::Expr *Dst, const Provenance &P, WriteBackFlow::Pending Start,
              const WriteBackFlow::EarlyPublish &Early, clang::ASTContext &Ctx);
  /// One analysis per TU: its CFGs and summaries serve every copy of a function.
  std::unique_ptr<WriteBackFlow> Flow;
  /// libpmemobj transactions: a store in one is made durable by its commit.
  std::unique_ptr<Transactions> Tx;
  /// One report per store: several copies may be published by it.
  llvm::SmallPtrSet<const clang::Stmt *, 8> Reported;
  /// Functions whose call publishes (a project's commit function).
  const std::vector<std::string> PublishFunctions;
};

} // namespace copyintent::checker

#endif
