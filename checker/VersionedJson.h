//===- VersionedJson.h - Reading copyintent's own JSON files ----*- C++ -*-===//
//
// Facts files and JSON reports say which tool wrote them and which version: read one,
// and refuse a file of another kind or version with a message naming it, before any
// of its content is used.
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_CHECKER_VERSIONEDJSON_H
#define COPYINTENT_CHECKER_VERSIONEDJSON_H

#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

namespace copyintent::checker {

struct JsonKind {
  llvm::StringRef Tool;     ///< the "tool" field it must have
  llvm::StringRef What;     ///< "a facts file (copyintent scan --facts-only writes one)"
  llvm::StringRef Redo;     ///< "make the facts again"
  llvm::StringRef Prefix;   ///< before the path in messages ("facts file ")
};

/// The top-level object of Path, if it is a file of Kind written by Version. The
/// error message names the file.
llvm::Expected<llvm::json::Value> readVersionedJson(llvm::StringRef Path,
                                                   const JsonKind &Kind,
                                                   llvm::StringRef Version);

/// Checks that V (a file's top-level object, or a JSON Lines file's header) is of
/// Kind and Version; the error names Path.
llvm::Error checkVersionedJson(const llvm::json::Value &V, llvm::StringRef Path,
                               const JsonKind &Kind, llvm::StringRef Version);

/// An error about Path, worded as readVersionedJson's.
llvm::Error jsonFileError(llvm::StringRef Path, const JsonKind &Kind,
                          const llvm::Twine &Why);

} // namespace copyintent::checker

#endif // COPYINTENT_CHECKER_VERSIONEDJSON_H
