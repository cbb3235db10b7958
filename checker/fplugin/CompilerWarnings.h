//===- CompilerWarnings.h - The copyintent checks as compiler warnings -*- C++ -*-===//
//
// The checks as diagnostics of a clang compilation: under clang -fplugin=CopyIntent.so
// (checker/fplugin) they run in the compiler itself, on the AST clang builds anyway,
// and the copyintent command (tools/) runs the same consumer and collects what it
// reports. Warnings carry their check id in brackets; fix-its are clang fix-its
// (-Xclang -fixit applies them). The arguments, as -fplugin spells them:
//
//   -fplugin-arg-copyintent-checks=<list>  which checks, clang-tidy style: comma-
//       separated globs, '-' to remove; default: every check but copyintent-classify
//   -fplugin-arg-copyintent-werror=<list>  per check, what -Werror does to its
//       warnings: a glob makes the matching checks errors, '-glob' keeps them
//       warnings even under -Werror (clang-tidy's WarningsAsErrors; custom
//       diagnostics have no group for -Werror=<group> to name)
//   -fplugin-arg-copyintent-[<check id>.]<Option>=<v>  a shared check option
//       (ApiEra, PmemAnnotations, MmioAnnotations, UserAnnotations,
//       PmemSourceFunctions, MmioSourceFunctions, ExtraCopyFunctions), for every
//       check or for one, as in .clang-tidy
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_CHECKER_COMPILERWARNINGS_H
#define COPYINTENT_CHECKER_COMPILERWARNINGS_H

#include "clang/AST/ASTConsumer.h"
#include "clang/Frontend/CompilerInstance.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace copyintent::checker {

struct WarningOptions {
  std::vector<std::string> Checks;           ///< enabled check ids
  std::map<std::string, std::string> Values; ///< shared check options
  std::map<std::string, bool> WerrorOverride; ///< werror=: check id -> as error
  /// Facts of a whole program (CrossTuFacts.h, FactsFile): set by the copyintent
  /// command's --whole-program, never by a -fplugin argument.
  bool WholeProgramFacts = false;

  /// Whether the check's warnings are errors, given clang's -Werror.
  bool errorFor(const std::string &CheckId, bool Werror) const {
    auto It = WerrorOverride.find(CheckId);
    return It == WerrorOverride.end() ? Werror : It->second;
  }
};

/// Parses the -fplugin-arg-copyintent-* arguments; reports errors to Diags and
/// returns false on any.
bool parseWarningOptions(const std::vector<std::string> &Args,
                         clang::DiagnosticsEngine &Diags, WarningOptions &Out);

/// Makes each enabled check once, outside any translation unit, so that option values
/// the checks reject are reported (to Diags) before any TU is compiled.
bool validateWarningOptions(const WarningOptions &Opts, clang::DiagnosticsEngine &Diags);

struct Fact;
/// The consumer that, instead of checking, lists what the TU proves for other TUs
/// and the facts it could read (CrossTuFacts.h), with the same options as the checks.
std::unique_ptr<clang::ASTConsumer> makeFactsConsumer(clang::CompilerInstance &CI,
                                                      const WarningOptions &Opts,
                                                      std::vector<Fact> &Out,
                                                      std::vector<std::string> &Uses);

/// The consumer that runs the enabled checks at the end of the translation unit.
std::unique_ptr<clang::ASTConsumer> makeWarningsConsumer(clang::CompilerInstance &CI,
                                                         const WarningOptions &Opts);

} // namespace copyintent::checker

#endif // COPYINTENT_CHECKER_COMPILERWARNINGS_H
