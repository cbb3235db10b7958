//===- Findings.cpp - What a scan finds, per translation unit ------------===//

#include "Findings.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/xxhash.h"

#include <algorithm>
#include <tuple>

using namespace llvm;

namespace copyintent::tool {

bool Location::operator<(const Location &O) const {
  return std::tie(File, Offset) < std::tie(O.File, O.Offset);
}

bool Edit::operator<(const Edit &O) const {
  return std::tie(File, Offset, Length, Text) < std::tie(O.File, O.Offset, O.Length, O.Text);
}

bool Finding::operator<(const Finding &O) const {
  return std::tie(Loc, Check, Message) < std::tie(O.Loc, O.Check, O.Message);
}

json::Value toJSON(const Location &L) {
  return json::Object{
      {"file", L.File}, {"offset", L.Offset}, {"line", L.Line}, {"column", L.Column}};
}

json::Value toJSON(const Edit &E) {
  return json::Object{
      {"file", E.File}, {"offset", E.Offset}, {"length", E.Length}, {"text", E.Text}};
}

json::Value toJSON(const Finding &F) {
  json::Array Notes;
  for (const Note &N : F.Notes)
    Notes.push_back(json::Object{{"location", toJSON(N.Loc)}, {"message", N.Message}});
  json::Array Fixes;
  for (const Edit &E : F.Fixes)
    Fixes.push_back(toJSON(E));
  return json::Object{{"check", F.Check},       {"level", F.Level},
                      {"message", F.Message},   {"location", toJSON(F.Loc)},
                      {"notes", std::move(Notes)}, {"fixes", std::move(Fixes)},
                      {"from", json::Array(F.From)}};
}

json::Value toJSON(const TuResult &R) {
  json::Array Findings, Deps;
  for (const Finding &F : R.Findings)
    Findings.push_back(toJSON(F));
  for (const Dependency &D : R.Deps)
    Deps.push_back(json::Object{{"file", D.File}, {"hash", utohexstr(D.Hash)}});
  return json::Object{{"file", R.File},
                      {"directory", R.Directory},
                      {"ok", R.Ok},
                      {"error", R.Error},
                      {"findings", std::move(Findings)},
                      {"facts", json::Array(R.Facts)},
                      {"uses", json::Array(R.Uses)},
                      {"deps", std::move(Deps)}};
}

bool fromJSON(const json::Value &V, Location &L, json::Path P) {
  json::ObjectMapper O(V, P);
  return O && O.map("file", L.File) && O.map("offset", L.Offset) &&
         O.map("line", L.Line) && O.map("column", L.Column);
}

bool fromJSON(const json::Value &V, Edit &E, json::Path P) {
  json::ObjectMapper O(V, P);
  return O && O.map("file", E.File) && O.map("offset", E.Offset) &&
         O.map("length", E.Length) && O.map("text", E.Text);
}

bool fromJSON(const json::Value &V, Note &N, json::Path P) {
  json::ObjectMapper O(V, P);
  return O && O.map("location", N.Loc) && O.map("message", N.Message);
}

bool fromJSON(const json::Value &V, Finding &F, json::Path P) {
  json::ObjectMapper O(V, P);
  return O && O.map("check", F.Check) && O.map("level", F.Level) &&
         O.map("message", F.Message) && O.map("location", F.Loc) &&
         O.map("notes", F.Notes) && O.map("fixes", F.Fixes) && O.mapOptional("from", F.From);
}

bool fromJSON(const json::Value &V, Dependency &D, json::Path P) {
  json::ObjectMapper O(V, P);
  std::string Hex;
  if (!O || !O.map("file", D.File) || !O.map("hash", Hex))
    return false;
  if (StringRef(Hex).getAsInteger(16, D.Hash)) {
    P.field("hash").report("expected a hexadecimal hash");
    return false;
  }
  return true;
}

bool fromJSON(const json::Value &V, TuResult &R, json::Path P) {
  json::ObjectMapper O(V, P);
  return O && O.map("file", R.File) && O.map("directory", R.Directory) &&
         O.map("ok", R.Ok) && O.map("error", R.Error) && O.map("findings", R.Findings) &&
         O.mapOptional("facts", R.Facts) && O.mapOptional("uses", R.Uses) &&
         O.map("deps", R.Deps);
}

std::vector<Finding> mergeFindings(const std::vector<Finding> &All) {
  std::vector<Finding> Out = All;
  llvm::sort(Out);
  std::vector<Finding> Merged;
  for (Finding &F : Out) {
    if (!Merged.empty() && Merged.back().sameAs(F)) {
      append_range(Merged.back().From, F.From);
      continue;
    }
    Merged.push_back(std::move(F));
  }
  for (Finding &F : Merged) {
    llvm::sort(F.From);
    F.From.erase(std::unique(F.From.begin(), F.From.end()), F.From.end());
  }
  return Merged;
}

uint64_t contentHash(StringRef Bytes) { return xxh3_64bits(Bytes); }

} // namespace copyintent::tool
