//===- PatchSeries.cpp - Fix-its as a series of reviewable patches -------===//

#include "PatchSeries.h"
#include "Cache.h"
#include "Diff.h"
#include "Version.h"

#include "CheckList.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdio>

using namespace llvm;

namespace copyintent::tool {

std::string relativeTo(StringRef File, StringRef Root) {
  if (!Root.empty() && File.starts_with(Root) && File.size() > Root.size() &&
      (Root.ends_with("/") || File[Root.size()] == '/'))
    return File.drop_front(Root.size()).ltrim('/').str();
  return File.str();
}

std::string wholeDiff(const FixPlan &Plan,
                      const std::map<std::string, std::pair<std::string, std::string>> &Contents,
                      StringRef SrcRoot) {
  std::string Out;
  for (const auto &[File, Edits] : Plan.Edits)
    Out += fileDiff(relativeTo(File, SrcRoot), Contents.at(File).first, Edits,
                    /*GitStyle=*/false);
  return Out;
}

namespace {

/// "drivers/nvdimm" -> "drivers-nvdimm", for a file name.
std::string slug(StringRef Dir) {
  std::string S;
  for (char C : Dir)
    S += isAlnum(C) || C == '.' || C == '_' ? C : '-';
  return S.empty() ? "top" : S;
}

StringRef changeOf(StringRef Check) {
  for (const checker::CheckInfo &C : checker::CheckList)
    if (Check == C.Id)
      return C.Change;
  return "";
}

/// The subject's text: the change of the one check all findings share, else a
/// general one.
std::string subjectFor(StringRef Dir, ArrayRef<const Finding *> Findings) {
  StringSet<> Checks;
  for (const Finding *F : Findings)
    Checks.insert(F->Check);
  std::string What = Checks.size() == 1
                         ? changeOf(Findings.front()->Check).str()
                         : "copy with the intent each destination needs";
  return (Dir.empty() ? "" : (Dir + ": ").str()) + What;
}

} // namespace

std::string Subsystems::unitOf(StringRef RelPath) const {
  const std::pair<std::string, std::string> *Best = nullptr;
  for (const auto &P : Prefixes)
    if (RelPath.starts_with(P.first) && (!Best || P.first.size() > Best->first.size()))
      Best = &P;
  return Best ? Best->second : sys::path::parent_path(RelPath).str();
}

Expected<Subsystems> readSubsystems(StringRef Path) {
  auto B = MemoryBuffer::getFile(Path);
  if (!B)
    return createStringError(B.getError(), "cannot read %s: %s", Path.str().c_str(),
                             B.getError().message().c_str());
  Subsystems S;
  SmallVector<StringRef, 32> Lines;
  (*B)->getBuffer().split(Lines, '\n');
  for (size_t I = 0; I < Lines.size(); ++I) {
    StringRef L = Lines[I].split('#').first.trim();
    if (L.empty())
      continue;
    auto [Name, Rest] = L.split(':');
    SmallVector<StringRef, 4> Prefixes;
    Rest.split(Prefixes, ' ', -1, /*KeepEmpty=*/false);
    if (Name.trim().empty() || Name.contains(' ') || Prefixes.empty())
      return createStringError(inconvertibleErrorCode(),
                               "%s:%zu: expected '<name>: <path prefix>...'",
                               Path.str().c_str(), I + 1);
    for (StringRef P : Prefixes)
      S.Prefixes.push_back({P.str(), Name.trim().str()});
  }
  return S;
}

Expected<std::vector<std::string>> writePatchSeries(
    const FixPlan &Plan,
    const std::map<std::string, std::pair<std::string, std::string>> &Contents,
    StringRef SrcRoot, StringRef Dir, const Subsystems &Units) {
  // Files by unit (subsystem or directory), and the findings whose fix-its touch each.
  std::map<std::string, std::vector<std::string>> FilesByDir;
  for (const auto &[File, Edits] : Plan.Edits)
    FilesByDir[Units.unitOf(relativeTo(File, SrcRoot))].push_back(File);
  std::map<std::string, std::vector<const Finding *>> FindingsByDir;
  for (const Finding *F : Plan.Applied) {
    StringSet<> Dirs;
    for (const Edit &E : F->Fixes)
      Dirs.insert(Units.unitOf(relativeTo(E.File, SrcRoot)));
    for (const auto &D : Dirs)
      FindingsByDir[D.getKey().str()].push_back(F);
  }
  if (std::error_code EC = sys::fs::create_directories(Dir))
    return createStringError(EC, "cannot create %s: %s", Dir.str().c_str(),
                             EC.message().c_str());

  std::vector<std::string> Written;
  size_t N = FilesByDir.size(), I = 0;
  for (const auto &[D, Files] : FilesByDir) {
    ++I;
    ArrayRef<const Finding *> Fs = FindingsByDir[D];
    std::string Body, Diffs, Stat;
    raw_string_ostream BS(Body);
    BS << "copyintent found " << Fs.size() << " cop" << (Fs.size() == 1 ? "y" : "ies")
       << " here whose intent does not match the destination:\n";
    for (const Finding *F : Fs) {
      BS << "\n- " << relativeTo(F->Loc.File, SrcRoot) << ":" << F->Loc.Line << ": "
         << F->Message << " [" << F->Check << "]\n";
      for (const Note &No : F->Notes)
        BS << "    " << relativeTo(No.Loc.File, SrcRoot) << ":" << No.Loc.Line << ": "
           << No.Message << "\n";
    }
    unsigned Added = 0, Removed = 0;
    for (const std::string &File : Files) {
      std::string Rel = relativeTo(File, SrcRoot);
      std::string FD = fileDiff(Rel, Contents.at(File).first, Plan.Edits.at(File),
                                /*GitStyle=*/true);
      auto [A, R] = countChanges(FD);
      Added += A;
      Removed += R;
      Stat += (" " + Rel + " | " + Twine(A + R) + " " + std::string(A, '+') +
               std::string(R, '-') + "\n")
                  .str();
      Diffs += FD;
    }
    std::string Patch;
    raw_string_ostream OS(Patch);
    OS << "From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\n"
       << "From: copyintent <copyintent@localhost>\n"
       << "Subject: [PATCH " << I << "/" << N << "] " << subjectFor(D, Fs) << "\n\n"
       << Body << "\nGenerated by copyintent " COPYINTENT_VERSION ".\n---\n"
       << Stat << " " << Files.size() << " file" << (Files.size() == 1 ? "" : "s")
       << " changed, " << Added << " insertion" << (Added == 1 ? "" : "s") << "(+), "
       << Removed << " deletion" << (Removed == 1 ? "" : "s") << "(-)\n\n"
       << Diffs << "-- \ncopyintent " COPYINTENT_VERSION "\n\n";
    char Num[16];
    snprintf(Num, sizeof Num, "%04zu", I);
    std::string Name = std::string(Num) + "-" + slug(D) + ".patch";
    SmallString<256> Path(Dir);
    sys::path::append(Path, Name);
    if (Error E = writeFileAtomically(Path, Patch))
      return std::move(E);
    Written.push_back(std::string(Path));
  }
  return Written;
}

} // namespace copyintent::tool
