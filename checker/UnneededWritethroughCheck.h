//===- UnneededWritethroughCheck.h ------------------------------*- C++ -*-===//
#ifndef COPYINTENT_CHECKER_UNNEEDEDWRITETHROUGHCHECK_H
#define COPYINTENT_CHECKER_UNNEEDEDWRITETHROUGHCHECK_H

#include "CopyCallCheck.h"

namespace copyintent::checker {

/// Finds writethrough and persist copies whose destination is provably ordinary
/// memory (stack, heap allocators, globals): the write-backs are wasted. Only when
/// every source of the destination is known; unknown stays silent.
///
/// Docs: docs/checks/copyintent-unneeded-writethrough.md
class UnneededWritethroughCheck : public CopyCallCheck {
public:
  using CopyCallCheck::CopyCallCheck;

protected:
  void checkCopyCall(const CopyCall &C) override;
};

} // namespace copyintent::checker

#endif
