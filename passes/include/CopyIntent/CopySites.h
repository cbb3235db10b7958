//===- CopySites.h - The copy call sites of a module, classified -*- C++ -*-===//
//
// The IR side of the checker's question: every copy call site of the module (the
// llvm.memcpy / memmove / memset intrinsics and the calls of the functions of the API
// table, core/ApiTable.h: our API, libpmem, the kernel's nocache, flushcache, toio and
// user-copy families), with its intent (the callee's family) and the kind of memory
// its destination is, from IRProvenance. Under LTO the module is the whole program,
// so a destination a single file leaves unknown can be known here.
//
//   opt -load-pass-plugin=CopyIntent.so -passes='print<copyintent-sites>' in.ll
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_COPYSITES_H
#define COPYINTENT_COPYSITES_H

#include "ApiTable.h"
#include "CopyIntent/IRProvenance.h"

#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace copyintent {

struct CopySite {
  const llvm::CallBase *Call = nullptr;
  /// The callee as the API table names it ("memcpy" for llvm.memcpy.*).
  std::string Callee;
  /// The family the call's intent comes from (libpmem's flags decided, if constant).
  Family Fam = Family::Plain;
  const llvm::Value *Dst = nullptr;
  IRProv Dest;
  /// Where the site is, for messages (whereIs(); for a table function inlined from
  /// a wrapper that is itself in the table, copy.h's memcpy_nocache(), the wrapper's
  /// call in the caller's code, named as the wrapper).
  std::string Where;
  /// The same as a debug location, if any (the remarks').
  const llvm::DILocation *Loc = nullptr;
  /// The provenance analysis stopped at a bound on the way: unknown may be short.
  bool LimitHit = false;
  /// The table function was inlined away entirely (the kernel's always-inline
  /// copy_from_user()): Call is only a call in its inlined body, Dst the value its
  /// debug info gives the parameter (null if none: the destination is unknown).
  bool InlinedAway = false;
};

class CopySitesAnalysis : public llvm::AnalysisInfoMixin<CopySitesAnalysis> {
  friend llvm::AnalysisInfoMixin<CopySitesAnalysis>;
  static llvm::AnalysisKey Key;

public:
  using Result = std::vector<CopySite>;
  Result run(llvm::Module &M, llvm::ModuleAnalysisManager &MAM);
};

/// print<copyintent-sites>: one line per site, "<where>: <callee>: <intent> into
/// <kind>", the checker's words, then the reason chain of that kind.
class CopySitesPrinterPass : public llvm::PassInfoMixin<CopySitesPrinterPass> {
  llvm::raw_ostream &OS;

public:
  explicit CopySitesPrinterPass(llvm::raw_ostream &OS) : OS(OS) {}
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &MAM);
  static bool isRequired() { return true; }
};

/// The sites as optimisation remarks of pass "copyintent", for a build to report them
/// (-Rpass-analysis=copyintent, -Rpass-missed=copyintent, -fsave-optimization-record):
/// an analysis remark per site (its intent, its destination's kind and the evidence),
/// and a missed remark where the intent and the destination disagree (a nocache copy
/// into persistent memory needs the writethrough one; a writethrough or persist copy
/// into ordinary memory does work no one needs). Runs only when the build asks for
/// the remarks: otherwise it costs nothing.
class CopySitesRemarksPass : public llvm::PassInfoMixin<CopySitesRemarksPass> {
public:
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &MAM);
  static bool isRequired() { return true; }
};

/// The remarks' pass name.
constexpr llvm::StringLiteral RemarkPassName = "copyintent";

/// Where an instruction is, for messages: "file.c:12:3" from its debug location, or
/// without debug info "in 'fn', instruction N".
std::string whereIs(const llvm::Instruction &I);

} // namespace copyintent

#endif // COPYINTENT_COPYSITES_H
