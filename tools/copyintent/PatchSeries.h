//===- PatchSeries.h - Fix-its as a series of reviewable patches -*- C++ -*-===//
//
// One patch per directory (the unit a kernel subsystem maintainer reviews), in
// `git format-patch` form: a subject saying what changes, a body listing each call
// with the reason its destination is what it is, a diffstat and the diff. The
// patches touch disjoint files, so they apply with `git am` in order, or alone.
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_TOOL_PATCHSERIES_H
#define COPYINTENT_TOOL_PATCHSERIES_H

#include "Fixes.h"

#include <map>

namespace copyintent::tool {

/// Writes 0001-<dir>.patch, ... into Dir; returns the file names written. Contents
/// are the files' old and new texts (editedContents).
llvm::Expected<std::vector<std::string>> writePatchSeries(
    const FixPlan &Plan,
    const std::map<std::string, std::pair<std::string, std::string>> &Contents,
    llvm::StringRef SrcRoot, llvm::StringRef Dir);

/// The whole change as one unified diff, paths relative to SrcRoot.
std::string wholeDiff(const FixPlan &Plan,
                      const std::map<std::string, std::pair<std::string, std::string>> &Contents,
                      llvm::StringRef SrcRoot);

/// File relative to Root when under it, else unchanged.
std::string relativeTo(llvm::StringRef File, llvm::StringRef Root);

} // namespace copyintent::tool

#endif // COPYINTENT_TOOL_PATCHSERIES_H
