//===- TuRunner.h - Runs the checks on one translation unit -----*- C++ -*-===//
//
// One compile command from the database, compiled for its AST only (no output, no
// dependency files), with the checks of checker/ run by the same consumer as under
// clang -fplugin (CompilerWarnings.h), and what they report collected as findings.
// Runs in the current process: the scheduler gives each TU a process of its own, so
// a crash or a runaway TU costs that TU only.
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_TOOL_TURUNNER_H
#define COPYINTENT_TOOL_TURUNNER_H

#include "Findings.h"

#include "CompilerWarnings.h"

#include "clang/Tooling/CompilationDatabase.h"

namespace copyintent::tool {

/// Check: run the checks, collect findings. Facts: collect what the TU proves for
/// other TUs (CrossTuFacts.h) instead. FactsAndCheck: both, from one parse.
enum class TuMode { Check, Facts, FactsAndCheck };

TuResult runTranslationUnit(const clang::tooling::CompileCommand &Cmd,
                            const checker::WarningOptions &Opts, TuMode Mode);

} // namespace copyintent::tool

#endif // COPYINTENT_TOOL_TURUNNER_H
