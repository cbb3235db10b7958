//===- NocacheToIomemCheck.h ------------------------------------*- C++ -*-===//
#ifndef COPYINTENT_CHECKER_NOCACHETOIOMEMCHECK_H
#define COPYINTENT_CHECKER_NOCACHETOIOMEMCHECK_H

#include "CopyCallCheck.h"

namespace copyintent::checker {

/// Finds nocache and user-copy calls whose destination is MMIO (__iomem): the
/// ntb_memcpy_tx case. memcpy_toio is the copy for device memory.
///
/// Docs: docs/checks/copyintent-nocache-to-iomem.md
class NocacheToIomemCheck : public CopyCallCheck {
public:
  using CopyCallCheck::CopyCallCheck;

protected:
  void checkCopyCall(const CopyCall &C) override;
};

} // namespace copyintent::checker

#endif
