//===- CheckList.h - The checks' ids and texts, from Checks.def -*- C++ -*-===//
//
// For tools that describe the checks without running them (reports, help): the ids,
// whether each is on by default, and its texts, with no check class pulled in.
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_CHECKER_CHECKLIST_H
#define COPYINTENT_CHECKER_CHECKLIST_H

namespace copyintent::checker {

struct CheckInfo {
  const char *Id;
  bool OnByDefault;
  const char *Summary; ///< what the check finds, one sentence
  const char *Change;  ///< what its fix-it does, as a patch subject
};

inline constexpr CheckInfo CheckList[] = {
#define COPYINTENT_CHECK(Class, Id, OnByDefault, Summary, Change)                        \
  {Id, OnByDefault, Summary, Change},
#include "Checks.def"
};

} // namespace copyintent::checker

#endif // COPYINTENT_CHECKER_CHECKLIST_H
