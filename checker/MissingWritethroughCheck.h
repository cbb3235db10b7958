//===- MissingWritethroughCheck.h -------------------------------*- C++ -*-===//
#ifndef COPYINTENT_CHECKER_MISSINGWRITETHROUGHCHECK_H
#define COPYINTENT_CHECKER_MISSINGWRITETHROUGHCHECK_H

#include "CopyCallCheck.h"
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
  void resetTranslationUnit() override { Flow.reset(); }

private:
  /// The writethrough copy of the API whose drain the path uses, where it is exact.
  std::optional<clang::FixItHint> fix(const CopyCall &C, llvm::StringRef DrainName,
                                      std::string &WhyNot) const;
  std::unique_ptr<WriteBackFlow> Flow;
};

} // namespace copyintent::checker

#endif
