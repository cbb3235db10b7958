//===- Report.cpp - A scan's results, and the formats they are written in --===//

#include "Report.h"
#include "PatchSeries.h"
#include "Version.h"

#include "CheckList.h"
#include "VersionedJson.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

using namespace llvm;

namespace copyintent::tool {

void Report::merge(const Report &O) {
  TUs += O.TUs;
  std::vector<Finding> All = Findings;
  append_range(All, O.Findings);
  Findings = mergeFindings(All);
  append_range(Failures, O.Failures);
  llvm::sort(Failures);
  Failures.erase(std::unique(Failures.begin(), Failures.end()), Failures.end());
  for (const auto &[File, Hash] : O.Hashes)
    Hashes.emplace(File, Hash);
}

std::string writeText(const Report &R) {
  std::string Out;
  raw_string_ostream OS(Out);
  auto Where = [&](const Location &L) {
    OS << L.File << ":" << L.Line << ":" << L.Column << ": ";
  };
  for (const Finding &F : R.Findings) {
    Where(F.Loc);
    OS << F.Level << ": " << F.Message << " [" << F.Check << "]\n";
    for (const Note &N : F.Notes) {
      Where(N.Loc);
      OS << "note: " << N.Message << "\n";
    }
  }
  return Out;
}

std::string writeJson(const Report &R) {
  json::Array Findings, Failures;
  for (const Finding &F : R.Findings)
    Findings.push_back(toJSON(F));
  for (const Failure &F : R.Failures)
    Failures.push_back(json::Object{{"file", F.File}, {"error", F.Error}});
  json::Object Hashes;
  for (const auto &[File, Hash] : R.Hashes)
    Hashes[File] = utohexstr(Hash);
  std::string Out;
  raw_string_ostream OS(Out);
  OS << formatv("{0:2}", json::Value(json::Object{{"tool", "copyintent"},
                                                   {"version", COPYINTENT_VERSION},
                                                   {"tus", int64_t(R.TUs)},
                                                   {"findings", std::move(Findings)},
                                                   {"failures", std::move(Failures)},
                                                   {"hashes", std::move(Hashes)}}))
     << "\n";
  return Out;
}

Expected<Report> readJson(StringRef Path) {
  static constexpr checker::JsonKind ReportKind = {
      "copyintent", "a copyintent report (scan --format=json writes one)", "scan again", ""};
  auto Fail = [&](const Twine &Why) { return checker::jsonFileError(Path, ReportKind, Why); };
  Expected<json::Value> V = checker::readVersionedJson(Path, ReportKind, COPYINTENT_VERSION);
  if (!V)
    return V.takeError();
  const json::Object *O = V->getAsObject();
  Report R;
  json::Path::Root Root;
  std::vector<Finding> Findings;
  if (!fromJSON(*O->get("findings"), Findings, Root))
    return Fail(toString(Root.getError()));
  R.Findings = mergeFindings(Findings);
  R.TUs = size_t(O->getInteger("tus").value_or(0));
  if (const json::Array *Fs = O->getArray("failures"))
    for (const json::Value &F : *Fs)
      if (const json::Object *FO = F.getAsObject())
        R.Failures.push_back({FO->getString("file").value_or("").str(),
                              FO->getString("error").value_or("").str()});
  llvm::sort(R.Failures);
  if (const json::Object *Hs = O->getObject("hashes"))
    for (const auto &[File, Hex] : *Hs) {
      uint64_t H = 0;
      if (!Hex.getAsString() || Hex.getAsString()->getAsInteger(16, H))
        return Fail("bad hash for " + File.str());
      R.Hashes[File.str()] = H;
    }
  return R;
}

// --- SARIF -----------------------------------------------------------------------

namespace {

/// Source lines, read once per file, for fingerprints and code-point columns.
class SourceLines {
public:
  StringRef line(StringRef File, unsigned Line) {
    auto [It, New] = Files.try_emplace(File);
    if (New)
      if (ErrorOr<std::unique_ptr<MemoryBuffer>> B = MemoryBuffer::getFile(File))
        It->second = std::move(*B);
    if (!It->second || Line == 0)
      return {};
    StringRef Text = It->second->getBuffer();
    for (unsigned L = 1; L < Line && !Text.empty(); ++L)
      Text = Text.drop_until([](char C) { return C == '\n'; }).drop_front();
    return Text.take_until([](char C) { return C == '\n'; });
  }

private:
  StringMap<std::unique_ptr<MemoryBuffer>> Files;
};

/// clang's columns count bytes; SARIF's (columnKind unicodeCodePoints) code points.
unsigned codePointColumn(StringRef Line, unsigned ByteColumn) {
  if (ByteColumn == 0 || Line.empty())
    return ByteColumn;
  StringRef Before = Line.take_front(ByteColumn - 1);
  unsigned Continuation = count_if(Before, [](char C) { return (C & 0xC0) == 0x80; });
  return ByteColumn - Continuation;
}

class SarifWriter {
public:
  SarifWriter(const SarifOptions &Opts) : Opts(Opts) {}

  json::Value physical(const Location &L) {
    json::Object Artifact;
    std::string Rel = relative(L.File);
    if (Rel.size() != L.File.size()) {
      Artifact["uri"] = uriEscape(Rel);
      Artifact["uriBaseId"] = "SRCROOT";
    } else {
      Artifact["uri"] = "file://" + uriEscape(L.File);
    }
    json::Object Region{{"startLine", L.Line}};
    StringRef Text = Lines.line(L.File, L.Line);
    if (L.Column)
      Region["startColumn"] = codePointColumn(Text, L.Column);
    if (!Text.empty())
      Region["snippet"] = json::Object{{"text", Text}};
    return json::Object{{"artifactLocation", std::move(Artifact)},
                        {"region", std::move(Region)}};
  }

  json::Value result(const Finding &F, size_t RuleIndex,
                     StringMap<unsigned> &Occurrences) {
    json::Object R{{"ruleId", F.Check},
                   {"ruleIndex", int64_t(RuleIndex)},
                   {"level", F.Level == "remark" ? "note" : F.Level},
                   {"message", json::Object{{"text", F.Message}}},
                   {"locations", json::Array{json::Object{{"physicalLocation",
                                                            physical(F.Loc)}}}}};
    if (!F.Notes.empty()) {
      json::Array Related, Flow;
      for (size_t I = 0; I < F.Notes.size(); ++I) {
        const Note &N = F.Notes[I];
        Related.push_back(json::Object{{"id", int64_t(I + 1)},
                                       {"physicalLocation", physical(N.Loc)},
                                       {"message", json::Object{{"text", N.Message}}}});
        Flow.push_back(json::Object{
            {"location", json::Object{{"physicalLocation", physical(N.Loc)},
                                      {"message", json::Object{{"text", N.Message}}}}}});
      }
      R["relatedLocations"] = std::move(Related);
      R["codeFlows"] = json::Array{json::Object{
          {"message", json::Object{{"text", "where the destination comes from"}}},
          {"threadFlows", json::Array{json::Object{{"locations", std::move(Flow)}}}}}};
    }
    if (!F.Fixes.empty()) {
      std::map<std::string, json::Array> ByFile;
      for (const Edit &E : F.Fixes)
        ByFile[E.File].push_back(json::Object{
            {"deletedRegion",
             json::Object{{"byteOffset", E.Offset}, {"byteLength", E.Length}}},
            {"insertedContent", json::Object{{"text", E.Text}}}});
      json::Array Changes;
      for (auto &[File, Repl] : ByFile) {
        Location L{File, 0, 0, 0};
        json::Value Phys = physical(L);
        Changes.push_back(json::Object{
            {"artifactLocation", std::move(*Phys.getAsObject()->get("artifactLocation"))},
            {"replacements", std::move(Repl)}});
      }
      R["fixes"] = json::Array{json::Object{
          {"description", json::Object{{"text", "copyintent fix-it"}}},
          {"artifactChanges", std::move(Changes)}}};
    }
    // Stable across runs while the code around it moves: the check, the file, the
    // message and the text of the line, not the line number; a count tells apart
    // identical lines in one file.
    std::string Key = (F.Check + "\n" + relative(F.Loc.File) + "\n" + F.Message + "\n" +
                       Lines.line(F.Loc.File, F.Loc.Line).trim())
                          .str();
    unsigned N = Occurrences[Key]++;
    R["partialFingerprints"] = json::Object{
        {"copyintent/v1", utohexstr(xxh3_64bits(Key)) + ":" + std::to_string(N)}};
    return R;
  }

  std::string relative(StringRef File) const { return relativeTo(File, Opts.SrcRoot); }

private:
  const SarifOptions &Opts;
  SourceLines Lines;

  static std::string uriEscape(StringRef Path) {
    std::string Out;
    for (unsigned char C : Path) {
      if (isAlnum(C) || StringRef("/-._~").contains(C))
        Out += C;
      else
        Out += "%" + utohexstr(C, /*LowerCase=*/false, /*Width=*/2);
    }
    return Out;
  }
};

/// "copyintent-nocache-to-iomem" -> "NocacheToIomem" (SARIF's friendly name).
std::string ruleName(StringRef Id) {
  SmallVector<StringRef, 6> Words;
  Id.drop_front(strlen("copyintent-")).split(Words, '-');
  std::string Name;
  for (StringRef W : Words)
    Name += (Twine(toUpper(W.front())) + W.drop_front()).str();
  return Name;
}

} // namespace

std::string writeSarif(const Report &Rep, const SarifOptions &Opts) {
  SarifWriter W(Opts);
  json::Array Rules;
  StringMap<size_t> RuleIndex;
  for (const checker::CheckInfo &C : checker::CheckList) {
    RuleIndex[C.Id] = Rules.size();
    std::string Help = Opts.DocsUrl + "/checks/" + C.Id + ".md";
    Rules.push_back(json::Object{
        {"id", C.Id},
        {"name", ruleName(C.Id)},
        {"shortDescription", json::Object{{"text", C.Summary}}},
        {"fullDescription", json::Object{{"text", C.Summary}}},
        {"help", json::Object{{"text", std::string(C.Summary) + " See " + Help}}},
        {"helpUri", Help},
        {"defaultConfiguration",
         json::Object{{"level", C.OnByDefault ? "warning" : "note"}}}});
  }
  json::Array Results;
  StringMap<unsigned> Occurrences;
  for (const Finding &F : Rep.Findings)
    Results.push_back(W.result(F, RuleIndex.lookup(F.Check), Occurrences));
  json::Array Notifications;
  for (const Failure &F : Rep.Failures)
    Notifications.push_back(json::Object{
        {"level", "error"},
        {"message", json::Object{{"text", F.File + ": " + F.Error}}}});
  json::Object Run{
      {"tool",
       json::Object{{"driver", json::Object{{"name", "copyintent"},
                                            {"version", COPYINTENT_VERSION},
                                            {"informationUri", Opts.DocsUrl + "/usage.md"},
                                            {"rules", std::move(Rules)}}}}},
      {"columnKind", "unicodeCodePoints"},
      {"results", std::move(Results)},
      {"invocations",
       json::Array{json::Object{{"executionSuccessful", Rep.Failures.empty()},
                                {"toolExecutionNotifications",
                                 std::move(Notifications)}}}}};
  if (!Opts.SrcRoot.empty())
    Run["originalUriBaseIds"] = json::Object{
        {"SRCROOT", json::Object{{"uri", "file://" + Opts.SrcRoot +
                                             (StringRef(Opts.SrcRoot).ends_with("/")
                                                  ? ""
                                                  : "/")}}}};
  std::string Out;
  raw_string_ostream OS(Out);
  OS << formatv("{0:2}",
                json::Value(json::Object{
                    {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                    {"version", "2.1.0"},
                    {"runs", json::Array{std::move(Run)}}}))
     << "\n";
  return Out;
}

} // namespace copyintent::tool
