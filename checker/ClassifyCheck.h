//===- ClassifyCheck.h ------------------------------------------*- C++ -*-===//
#ifndef COPYINTENT_CHECKER_CLASSIFYCHECK_H
#define COPYINTENT_CHECKER_CLASSIFYCHECK_H

#include "CopyCallCheck.h"

namespace copyintent::checker {

/// For audits: reports every copy call site with its intent (from the function's
/// family) and what its destination is (from the provenance analysis), with the
/// reason. Not part of the recommended set (`copyintent-*,-copyintent-classify`).
///
/// Docs: docs/checks/copyintent-classify.md
class ClassifyCheck : public CopyCallCheck {
public:
  using CopyCallCheck::CopyCallCheck;

protected:
  void checkCopyCall(const CopyCall &C) override;
};

} // namespace copyintent::checker

#endif
