//===- Report.h - A scan's results, and the formats they are written in -*- C++ -*-===//
//
// A Report is what a whole scan (or a merge of shards) found: the merged findings,
// the TUs that could not be analysed, and the content hash of each file a fix-it
// edits. Written as text (clang's diagnostic format), as JSON (lossless: what shards
// exchange and `copyintent merge` reads) or as SARIF 2.1.0 for code scanning.
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_TOOL_REPORT_H
#define COPYINTENT_TOOL_REPORT_H

#include "Findings.h"

#include "llvm/Support/Error.h"

#include <map>

namespace copyintent::tool {

struct Failure {
  std::string File;
  std::string Error;
  bool operator<(const Failure &O) const {
    return std::tie(File, Error) < std::tie(O.File, O.Error);
  }
  bool operator==(const Failure &O) const { return File == O.File && Error == O.Error; }
};

struct Report {
  size_t TUs = 0;
  std::vector<Finding> Findings; ///< merged (mergeFindings)
  std::vector<Failure> Failures; ///< sorted
  std::map<std::string, uint64_t> Hashes; ///< files that fix-its edit

  /// Adds another report (a shard's); the result does not depend on the order.
  void merge(const Report &O);
};

std::string writeText(const Report &R);
std::string writeJson(const Report &R);
llvm::Expected<Report> readJson(llvm::StringRef Path);

struct SarifOptions {
  std::string SrcRoot; ///< results under it are relative to %SRCROOT%
  std::string DocsUrl; ///< base of docs/ (helpUri is <DocsUrl>/checks/<id>.md)
};
std::string writeSarif(const Report &R, const SarifOptions &Opts);

} // namespace copyintent::tool

#endif // COPYINTENT_TOOL_REPORT_H
