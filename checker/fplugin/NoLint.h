//===- NoLint.h - clang-tidy's NOLINT comments, for the compiler warnings -*- C++ -*-===//
//
// Code that silences a copyintent check for clang-tidy must silence it under -fplugin
// too (the checks even advise NOLINT in some notes). clang-tidy's own handler lives
// in clang-tidy, not in libclang-cpp, so this is a small reading of the same comments:
//   ... // NOLINT            every check, on this line
//   ... // NOLINT(a,b-*)     the listed checks (globs), on this line
//   // NOLINTNEXTLINE(...)  the same, for the next line
//   // NOLINTBEGIN(...) ... // NOLINTEND(...)   a region
// A diagnostic is suppressed when its location, or the place a macro holding it was
// expanded, is covered.
//
// Each file is read once, for its directives; a query then costs a binary search, so
// a file with many findings and a long history of comments stays linear.
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_CHECKER_NOLINT_H
#define COPYINTENT_CHECKER_NOLINT_H

#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include <vector>

namespace copyintent::checker {

class NoLintIndex {
public:
  bool suppressed(const clang::SourceManager &SM, clang::SourceLocation Loc,
                  llvm::StringRef CheckId);

private:
  enum class Kind { Line, NextLine, Begin, End };
  struct Directive {
    unsigned Offset;       ///< where "NOLINT..." starts
    Kind K;
    llvm::StringRef After; ///< the rest of its line, for the "(list)"
  };
  struct FileDirectives {
    llvm::StringRef Buffer;
    std::vector<Directive> All; ///< by offset
    /// Per check: the region depth after each BEGIN/END that names it.
    llvm::StringMap<std::vector<std::pair<unsigned, int>>> Regions;
  };

  FileDirectives *directivesOf(const clang::SourceManager &SM, clang::FileID F);
  bool covered(const clang::SourceManager &SM, clang::SourceLocation Loc,
               llvm::StringRef CheckId);

  llvm::DenseMap<clang::FileID, FileDirectives> Files;
};

} // namespace copyintent::checker

#endif // COPYINTENT_CHECKER_NOLINT_H
