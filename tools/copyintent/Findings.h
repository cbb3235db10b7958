//===- Findings.h - What a scan finds, per translation unit -----*- C++ -*-===//
//
// The results of one translation unit as the checks reported them, in a form that
// outlives the compilation: the per-TU cache stores it, shards exchange it, and every
// output format (text, JSON, SARIF, fixes, diffs, patches) is made from it. Locations
// are absolute paths with byte offsets, so that edits from many TUs to a shared header
// can be compared exactly.
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_TOOL_FINDINGS_H
#define COPYINTENT_TOOL_FINDINGS_H

#include "CrossTuFacts.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <cstdint>
#include <string>
#include <vector>

namespace copyintent::tool {

struct Location {
  std::string File; ///< absolute
  unsigned Offset = 0, Line = 0, Column = 0;
  bool operator<(const Location &O) const;
  bool operator==(const Location &O) const {
    return File == O.File && Offset == O.Offset;
  }
};

/// One replacement: Length bytes at Offset of File become Text.
struct Edit {
  std::string File;
  unsigned Offset = 0, Length = 0;
  std::string Text;
  bool operator<(const Edit &O) const;
  bool operator==(const Edit &O) const {
    return File == O.File && Offset == O.Offset && Length == O.Length && Text == O.Text;
  }
};

struct Note {
  Location Loc;
  std::string Message;
};

struct Finding {
  std::string Check;   ///< check id
  std::string Level;   ///< "warning", "error" or "remark"
  std::string Message; ///< without the " [check id]" tag
  Location Loc;
  std::vector<Note> Notes; ///< the reason chain, destination first
  std::vector<Edit> Fixes; ///< the fix-it, all or nothing
  /// The TUs that reported it (a finding in a shared header comes from many).
  std::vector<std::string> From;

  /// The same finding: check, place and message (notes and fixes follow from them).
  bool sameAs(const Finding &O) const {
    return Check == O.Check && Loc == O.Loc && Message == O.Message;
  }
  bool operator<(const Finding &O) const;
};

/// A file the TU read, with the hash of the content it read.
struct Dependency {
  std::string File;
  uint64_t Hash = 0;
};

struct TuResult {
  std::string File;      ///< the main file (absolute)
  std::string Directory; ///< the compile command's directory
  bool Ok = false;
  std::string Error; ///< why the TU could not be analysed
  std::vector<Finding> Findings;
  std::vector<checker::Fact> Facts; ///< in the facts phase
  std::vector<std::string> Uses;    ///< the facts it could read (sorted keys)
  std::vector<Dependency> Deps;
};

llvm::json::Value toJSON(const Location &L);
llvm::json::Value toJSON(const Edit &E);
llvm::json::Value toJSON(const Finding &F);
llvm::json::Value toJSON(const TuResult &R);
bool fromJSON(const llvm::json::Value &V, Location &L, llvm::json::Path P);
bool fromJSON(const llvm::json::Value &V, Edit &E, llvm::json::Path P);
bool fromJSON(const llvm::json::Value &V, Note &N, llvm::json::Path P);
bool fromJSON(const llvm::json::Value &V, Finding &F, llvm::json::Path P);
bool fromJSON(const llvm::json::Value &V, Dependency &D, llvm::json::Path P);
bool fromJSON(const llvm::json::Value &V, TuResult &R, llvm::json::Path P);

/// Findings of many TUs as one sorted list: the same finding from several TUs (a
/// shared header) once, with every TU in From. The order is canonical, so merging
/// in any order gives the same list.
std::vector<Finding> mergeFindings(const std::vector<Finding> &All);

/// The content hash the cache and the dependency lists use.
uint64_t contentHash(llvm::StringRef Bytes);

} // namespace copyintent::tool

#endif // COPYINTENT_TOOL_FINDINGS_H
