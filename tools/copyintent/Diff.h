//===- Diff.h - Unified diffs of edited files -------------------*- C++ -*-===//
//
// The changes are known exactly (the edits), so hunks come from them, not from a
// general diff algorithm: each group of edited lines, with three lines of context,
// merged when the contexts touch, as `diff -u` and `git diff` print them.
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_TOOL_DIFF_H
#define COPYINTENT_TOOL_DIFF_H

#include "Findings.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace copyintent::tool {

/// The hunks (from the first "@@") turning Old into the result of Edits.
std::string unifiedHunks(llvm::StringRef Old, llvm::ArrayRef<Edit> Edits);

/// A whole file's diff: "--- a/Rel", "+++ b/Rel", hunks. Git adds its own header
/// line ("diff --git ...") when GitStyle.
std::string fileDiff(llvm::StringRef RelPath, llvm::StringRef Old,
                     llvm::ArrayRef<Edit> Edits, bool GitStyle);

/// Lines added and removed, for a diffstat.
std::pair<unsigned, unsigned> countChanges(llvm::StringRef Hunks);

} // namespace copyintent::tool

#endif // COPYINTENT_TOOL_DIFF_H
