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

/// Named subsystems for the series: a file under one of a subsystem's path prefixes
/// (relative to the source root; the longest prefix wins) goes into that subsystem's
/// patch, any other into its directory's. Read from a file of lines
///   <name>: <path prefix> [<path prefix>...]      ('#' starts a comment)
struct Subsystems {
  std::vector<std::pair<std::string, std::string>> Prefixes; ///< (prefix, name)
  /// The patch a file (relative path) belongs to.
  std::string unitOf(llvm::StringRef RelPath) const;
};
llvm::Expected<Subsystems> readSubsystems(llvm::StringRef Path);

/// Writes 0001-<unit>.patch, ... into Dir, one patch per subsystem or directory;
/// returns the file names written. Contents are the files' old and new texts
/// (editedContents).
llvm::Expected<std::vector<std::string>> writePatchSeries(
    const FixPlan &Plan,
    const std::map<std::string, std::pair<std::string, std::string>> &Contents,
    llvm::StringRef SrcRoot, llvm::StringRef Dir, const Subsystems &Units);

/// The whole change as one unified diff, paths relative to SrcRoot.
std::string wholeDiff(const FixPlan &Plan,
                      const std::map<std::string, std::pair<std::string, std::string>> &Contents,
                      llvm::StringRef SrcRoot);

/// File relative to Root when under it, else unchanged.
std::string relativeTo(llvm::StringRef File, llvm::StringRef Root);

} // namespace copyintent::tool

#endif // COPYINTENT_TOOL_PATCHSERIES_H
