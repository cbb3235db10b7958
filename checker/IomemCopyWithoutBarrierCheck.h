//===- IomemCopyWithoutBarrierCheck.h ---------------------------*- C++ -*-===//
#ifndef COPYINTENT_CHECKER_IOMEMCOPYWITHOUTBARRIERCHECK_H
#define COPYINTENT_CHECKER_IOMEMCOPYWITHOUTBARRIERCHECK_H

#include "CopyCallCheck.h"
#include "IoOrderFlow.h"

#include "llvm/ADT/SmallPtrSet.h"

namespace copyintent::checker {

/// Finds a relaxed MMIO write (writel_relaxed, __raw_writel: a doorbell) that some
/// path reaches after a copy into MMIO or a write-combining mapping with no barrier
/// in between: the device may be told to read what has not reached it yet.
///
/// Docs: docs/checks/copyintent-iomem-copy-without-barrier.md
class IomemCopyWithoutBarrierCheck : public CopyCallCheck {
public:
  using CopyCallCheck::CopyCallCheck;

protected:
  void checkCopyCall(const CopyCall &C) override;
  void resetTranslationUnit() override {
    Flow.reset();
    Reported.clear();
  }

private:
  /// The relaxed accessor's name replaced by its ordered twin where it is spelled in
  /// the file (the call itself, or the outermost macro call naming it).
  std::optional<clang::FixItHint> orderedRewrite(const IoOrderFlow::Doorbell &D,
                                                 clang::ASTContext &Ctx,
                                                 std::string &WhyNot) const;
  std::unique_ptr<IoOrderFlow> Flow;
  /// One report per doorbell: several copies may precede it.
  llvm::SmallPtrSet<const clang::CallExpr *, 8> Reported;
};

} // namespace copyintent::checker

#endif
