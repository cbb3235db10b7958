//===- MisusedUserCopyCheck.h -----------------------------------*- C++ -*-===//
#ifndef COPYINTENT_CHECKER_MISUSEDUSERCOPYCHECK_H
#define COPYINTENT_CHECKER_MISUSEDUSERCOPYCHECK_H

#include "CopyCallCheck.h"

namespace copyintent::checker {

/// Finds user-copy primitives used for kernel-to-kernel copies by casting a kernel
/// pointer to __user (the hfi1_copy_sge / rdmavt pattern), and suggests the era's
/// kernel-pointer nocache copy.
///
/// Docs: docs/checks/copyintent-misused-user-copy.md
class MisusedUserCopyCheck : public CopyCallCheck {
public:
  using CopyCallCheck::CopyCallCheck;

protected:
  void checkCopyCall(const CopyCall &C) override;
};

} // namespace copyintent::checker

#endif
