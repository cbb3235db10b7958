//===- NocacheNeedsWritethroughCheck.h --------------------------*- C++ -*-===//
#ifndef COPYINTENT_CHECKER_NOCACHENEEDSWRITETHROUGHCHECK_H
#define COPYINTENT_CHECKER_NOCACHENEEDSWRITETHROUGHCHECK_H

#include "CopyCallCheck.h"

namespace copyintent::checker {

/// Finds nocache copies whose destination is persistent memory: they may leave
/// dirty cache lines, so a following fence does not make the data durable.
///
/// Docs: docs/checks/copyintent-nocache-needs-writethrough.md
class NocacheNeedsWritethroughCheck : public CopyCallCheck {
public:
  using CopyCallCheck::CopyCallCheck;

protected:
  void checkCopyCall(const CopyCall &C) override;

private:
  /// Batched: whether a later write-back covers the copy on every path.
  void checkLibpmemFlags(const CopyCall &C, const Provenance &P,
                         llvm::function_ref<bool()> Batched);
};

} // namespace copyintent::checker

#endif
