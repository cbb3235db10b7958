//===- Cache.h - Per-TU results, reused while nothing they read changed -*- C++ -*-===//
//
// A TU's result is stored under a key made of everything that decides it besides
// file contents: the tool's version, the checks and their options, any cross-TU
// facts, and the compile command (directory, file, arguments). With it the entry
// stores the content hash of every file the TU read; the entry is reused only while
// each of those files still hashes the same, so an edited header invalidates exactly
// the TUs that include it. Entries are written to a temporary file and renamed: an
// interrupted run leaves whole entries or none.
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_TOOL_CACHE_H
#define COPYINTENT_TOOL_CACHE_H

#include "Findings.h"

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/StringMap.h"

#include <optional>

namespace copyintent::tool {

/// Hashes each file once per run (many TUs read the same headers).
class FileHashes {
public:
  /// nullopt when the file cannot be read.
  std::optional<uint64_t> of(llvm::StringRef Path);

private:
  llvm::StringMap<std::optional<uint64_t>> Known;
};

class Cache {
public:
  /// Dir empty: no cache (results go to a temporary directory only).
  explicit Cache(std::string Dir) : Dir(std::move(Dir)) {}
  bool enabled() const { return !Dir.empty(); }

  static std::string keyFor(const clang::tooling::CompileCommand &Cmd,
                            llvm::StringRef Configuration);
  /// The stored result for Key if every file it read is unchanged.
  std::optional<TuResult> lookup(llvm::StringRef Key, FileHashes &Hashes) const;
  std::string pathFor(llvm::StringRef Key) const;

private:
  std::string Dir;
};

/// Reads a result file written by writeResult.
llvm::Expected<TuResult> readResult(llvm::StringRef Path);
/// Writes R to Path through a temporary file and a rename.
llvm::Error writeResult(llvm::StringRef Path, const TuResult &R);

/// Writes Bytes to Path atomically: a temporary file beside it, then a rename.
llvm::Error writeFileAtomically(llvm::StringRef Path, llvm::StringRef Bytes);

} // namespace copyintent::tool

#endif // COPYINTENT_TOOL_CACHE_H
