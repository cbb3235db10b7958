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
  NocacheToIomemCheck(llvm::StringRef Name, CheckHost &Host);

protected:
  void checkCopyCall(const CopyCall &C) override;

private:
  /// Report user-space sources copied into an io mapping too (off: such code is a
  /// deliberate x86 idiom, and no kernel API copies from user space to io memory).
  const bool ReportUserSources;
};

} // namespace copyintent::checker

#endif
