//===- VersionedJson.cpp - Reading copyintent's own JSON files ------------===//

#include "VersionedJson.h"

#include "llvm/Support/MemoryBuffer.h"

using namespace llvm;

namespace copyintent::checker {

Error jsonFileError(StringRef Path, const JsonKind &Kind, const Twine &Why) {
  return createStringError(inconvertibleErrorCode(), "%s%s: %s", Kind.Prefix.str().c_str(),
                           Path.str().c_str(), Why.str().c_str());
}

Expected<json::Value> readVersionedJson(StringRef Path, const JsonKind &Kind,
                                        StringRef Version) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> B = MemoryBuffer::getFile(Path);
  if (!B)
    return jsonFileError(Path, Kind, "cannot read it: " + B.getError().message());
  Expected<json::Value> V = json::parse((*B)->getBuffer());
  if (!V)
    return jsonFileError(Path, Kind, "not JSON: " + toString(V.takeError()));
  if (Error E = checkVersionedJson(*V, Path, Kind, Version))
    return std::move(E);
  return V;
}

Error checkVersionedJson(const json::Value &V, StringRef Path, const JsonKind &Kind,
                         StringRef Version) {
  const json::Object *O = V.getAsObject();
  if (!O || O->getString("tool") != Kind.Tool)
    return jsonFileError(Path, Kind, "not " + Kind.What);
  if (O->getString("version") != Version)
    return jsonFileError(Path, Kind,
                         "written by copyintent " + O->getString("version").value_or("?") +
                             ", this is " + Version + ": " + Kind.Redo +
                             " with this version");
  return Error::success();
}

} // namespace copyintent::checker
