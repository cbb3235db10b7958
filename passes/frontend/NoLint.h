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
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_FRONTEND_NOLINT_H
#define COPYINTENT_FRONTEND_NOLINT_H

#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringRef.h"

namespace copyintent::frontend {

bool suppressedByNoLint(const clang::SourceManager &SM, clang::SourceLocation Loc,
                        llvm::StringRef CheckId);

} // namespace copyintent::frontend

#endif // COPYINTENT_FRONTEND_NOLINT_H
