//===- NontemporalWithoutFenceCheck.h ---------------------------*- C++ -*-===//
#ifndef COPYINTENT_CHECKER_NONTEMPORALWITHOUTFENCECHECK_H
#define COPYINTENT_CHECKER_NONTEMPORALWITHOUTFENCECHECK_H

#include "CopyCallCheck.h"
#include "NtFenceFlow.h"

namespace copyintent::checker {

/// Finds a release (spin_unlock(), smp_store_release(), smp_wmb(), a C11 release store
/// or fence) that some path reaches after x86 non-temporal stores with no fence or
/// locked instruction in between: x86 makes the release with a plain store, which
/// the non-temporal stores may pass, so another CPU can see the release first.
///
/// Docs: docs/checks/copyintent-nontemporal-without-fence.md
class NontemporalWithoutFenceCheck : public CopyCallCheck {
public:
  using CopyCallCheck::CopyCallCheck;

protected:
  void checkCopyCall(const CopyCall &) override {}
  void checkWholeTranslationUnit(clang::ASTContext &Ctx, ProvenanceAnalysis &A) override;

private:
  void report(const NtFenceFlow::Finding &F, clang::ASTContext &Ctx);
  /// The fence to put before the release: the one of the API the stores came from.
  llvm::StringRef fenceFor(const NtFenceFlow::Finding &F, clang::ASTContext &Ctx) const;
  std::optional<clang::FixItHint> fix(const NtFenceFlow::Finding &F,
                                      clang::ASTContext &Ctx, std::string &WhyNot) const;
  /// Inserts "Fence;" before the statement that S starts, when S is one.
  std::optional<clang::FixItHint> insertBefore(const clang::Stmt *S,
                                               llvm::StringRef Fence,
                                               clang::ASTContext &Ctx,
                                               std::string &WhyNot) const;
};

} // namespace copyintent::checker

#endif
