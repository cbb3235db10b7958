//===- OptionTable.h - The checks' options, from Options.def ----*- C++ -*-===//
#ifndef COPYINTENT_CHECKER_OPTIONTABLE_H
#define COPYINTENT_CHECKER_OPTIONTABLE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace copyintent::checker {

struct OptionSpec {
  /// Empty for a shared option (every check reads it), else the check's id.
  llvm::StringRef Check;
  llvm::StringRef Name;
  llvm::StringRef Default;
};

/// Every option of Options.def, in its order.
llvm::ArrayRef<OptionSpec> optionSpecs();

/// Whether the check CheckId reads the option Name (shared, or its own).
bool checkReadsOption(llvm::StringRef CheckId, llvm::StringRef Name);

/// Whether some check reads an option of that name.
bool isKnownOption(llvm::StringRef Name);

/// The names of all options as prose: "A, B and C".
std::string optionNamesForHumans();

} // namespace copyintent::checker

#endif // COPYINTENT_CHECKER_OPTIONTABLE_H
