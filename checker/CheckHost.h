//===- CheckHost.h - What a check needs from the tool running it -*- C++ -*-===//
//
// The checks run in two hosts, side by side: clang-tidy (tidy/TidyCheck.h adapts them
// to ClangTidyCheck) and clang itself (fplugin/CompilerWarnings.cpp, the -fplugin
// companion's consumer, which the copyintent command runs too). Each host gives a
// check its options and reports its diagnostics through this interface, so
// the verdicts, messages and fix-its are written once.
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_CHECKER_CHECKHOST_H
#define COPYINTENT_CHECKER_CHECKHOST_H

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticIDs.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace copyintent::checker {

class CheckHost {
public:
  virtual ~CheckHost() = default;
  /// The value of option Name for this check (its own, else the tool-wide one), or
  /// Default.
  virtual std::string option(llvm::StringRef Name, llvm::StringRef Default) const = 0;
  /// A diagnostic of the check at Loc; Format uses clang's %0 placeholders.
  virtual clang::DiagnosticBuilder
  report(clang::SourceLocation Loc, llvm::StringRef Format,
         clang::DiagnosticIDs::Level Level = clang::DiagnosticIDs::Warning) = 0;
  /// An error in the check's configuration (an option's value).
  virtual clang::DiagnosticBuilder configurationError(llvm::StringRef Format) = 0;
};

} // namespace copyintent::checker

#endif // COPYINTENT_CHECKER_CHECKHOST_H
