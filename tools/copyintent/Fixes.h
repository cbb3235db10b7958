//===- Fixes.h - The fix-its of a whole tree, merged ------------*- C++ -*-===//
//
// Every finding's fix-it is all or nothing. Across TUs the same edit to a shared
// header arrives many times and is made once; two different edits to overlapping
// bytes conflict, and then neither finding's fix-it is made: both are reported with
// their origins, for a human to decide.
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_TOOL_FIXES_H
#define COPYINTENT_TOOL_FIXES_H

#include "Findings.h"

#include "llvm/Support/Error.h"

#include <map>

namespace copyintent::tool {

struct FixConflict {
  const Finding *A, *B;
  Edit EditA, EditB;
};

struct FixPlan {
  /// Findings whose fix-its are in Edits, in canonical order.
  std::vector<const Finding *> Applied;
  std::vector<FixConflict> Conflicts;
  /// Per file, the edits to make: sorted, no duplicates, no overlaps.
  std::map<std::string, std::vector<Edit>> Edits;
  /// Per file, the content hash the findings were made against (when known).
  std::map<std::string, uint64_t> ExpectedHash;
};

/// Plans the fix-its of merged findings (mergeFindings). Hashes: the content the TUs
/// read, so that a file changed since cannot be edited at wrong offsets.
FixPlan planFixes(const std::vector<Finding> &Findings,
                  const std::map<std::string, uint64_t> &Hashes);

/// Content with Edits made (sorted, non-overlapping); an error if one lies outside.
llvm::Expected<std::string> applyEdits(llvm::StringRef Content,
                                       llvm::ArrayRef<Edit> Edits,
                                       llvm::StringRef FileName);

/// Reads each file of the plan, checks it is the content the findings were made
/// against, and returns the new contents by file. Errors name the file.
llvm::Expected<std::map<std::string, std::pair<std::string, std::string>>>
editedContents(const FixPlan &Plan);

/// Writes the new contents, each file atomically (temporary file, rename): an
/// interrupted run leaves every file old or new. Nothing is written unless every
/// file can be (a read-only one is found first).
llvm::Error applyPlan(const std::map<std::string, std::pair<std::string, std::string>> &Contents);

/// clang-apply-replacements' YAML (clang-tidy --export-fixes): one entry per finding
/// with a fix-it that the plan makes.
std::string exportFixesYaml(const FixPlan &Plan, llvm::StringRef BuildDirectory);

} // namespace copyintent::tool

#endif // COPYINTENT_TOOL_FIXES_H
