//===- Fixes.cpp - The fix-its of a whole tree, merged -------------------===//

#include "Fixes.h"
#include "Cache.h"

#include "clang/Tooling/DiagnosticsYaml.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace copyintent::tool {

namespace {

bool overlap(const Edit &A, const Edit &B) {
  if (A.File != B.File)
    return false;
  // Two insertions at one offset conflict too: their order would be a guess.
  if (A.Offset == B.Offset)
    return true;
  return A.Offset < B.Offset + B.Length && B.Offset < A.Offset + A.Length;
}

} // namespace

FixPlan planFixes(const std::vector<Finding> &Findings,
                  const std::map<std::string, uint64_t> &Hashes) {
  FixPlan Plan;
  // Every edit with its finding, in file order.
  std::vector<std::pair<Edit, const Finding *>> All;
  for (const Finding &F : Findings)
    for (const Edit &E : F.Fixes)
      All.push_back({E, &F});
  llvm::sort(All, [](const auto &X, const auto &Y) {
    return std::tie(X.first, X.second->Loc) < std::tie(Y.first, Y.second->Loc);
  });
  SmallPtrSet<const Finding *, 8> Dropped;
  for (size_t I = 0; I < All.size(); ++I)
    for (size_t J = I + 1; J < All.size() && overlap(All[I].first, All[J].first); ++J) {
      if (All[I].first == All[J].first || All[I].second == All[J].second)
        continue; // one edit wanted twice
      Plan.Conflicts.push_back(
          {All[I].second, All[J].second, All[I].first, All[J].first});
      Dropped.insert(All[I].second);
      Dropped.insert(All[J].second);
    }
  for (const Finding &F : Findings) {
    if (F.Fixes.empty() || Dropped.contains(&F))
      continue;
    Plan.Applied.push_back(&F);
    for (const Edit &E : F.Fixes) {
      std::vector<Edit> &V = Plan.Edits[E.File];
      if (!is_contained(V, E))
        V.push_back(E);
      if (auto It = Hashes.find(E.File); It != Hashes.end())
        Plan.ExpectedHash[E.File] = It->second;
    }
  }
  for (auto &[File, V] : Plan.Edits)
    llvm::sort(V);
  return Plan;
}

Expected<std::string> applyEdits(StringRef Content, ArrayRef<Edit> Edits,
                                 StringRef FileName) {
  std::string Out;
  size_t At = 0;
  for (const Edit &E : Edits) {
    if (E.Offset < At || E.Offset + E.Length > Content.size())
      return createStringError(inconvertibleErrorCode(),
                               "%s: an edit at offset %u does not fit the file (changed "
                               "since it was scanned?)",
                               FileName.str().c_str(), E.Offset);
    Out.append(Content.substr(At, E.Offset - At));
    Out.append(E.Text);
    At = E.Offset + E.Length;
  }
  Out.append(Content.substr(At));
  return Out;
}

Expected<std::map<std::string, std::pair<std::string, std::string>>>
editedContents(const FixPlan &Plan) {
  std::map<std::string, std::pair<std::string, std::string>> Out;
  for (const auto &[File, Edits] : Plan.Edits) {
    ErrorOr<std::unique_ptr<MemoryBuffer>> B =
        MemoryBuffer::getFile(File, /*IsText=*/false, /*RequiresNullTerminator=*/false);
    if (!B)
      return createStringError(B.getError(), "cannot read %s: %s", File.c_str(),
                               B.getError().message().c_str());
    StringRef Old = (*B)->getBuffer();
    if (auto It = Plan.ExpectedHash.find(File);
        It != Plan.ExpectedHash.end() && contentHash(Old) != It->second)
      return createStringError(inconvertibleErrorCode(),
                               "%s changed since it was scanned: its fix-its no longer "
                               "apply (scan again)",
                               File.c_str());
    Expected<std::string> New = applyEdits(Old, Edits, File);
    if (!New)
      return New.takeError();
    Out[File] = {Old.str(), std::move(*New)};
  }
  return Out;
}

Error applyPlan(const std::map<std::string, std::pair<std::string, std::string>> &Contents) {
  // Every file and its directory must be writable before the first is replaced.
  for (const auto &[File, Texts] : Contents) {
    SmallString<256> Dir(File);
    sys::path::remove_filename(Dir);
    if (sys::fs::access(File, sys::fs::AccessMode::Write) ||
        sys::fs::access(Dir, sys::fs::AccessMode::Write))
      return createStringError(std::make_error_code(std::errc::permission_denied),
                               "cannot apply the fix-its: %s is not writable (nothing "
                               "was changed)",
                               File.c_str());
  }
  for (const auto &[File, Texts] : Contents)
    if (Error E = writeFileAtomically(File, Texts.second))
      return E;
  return Error::success();
}

std::string exportFixesYaml(const FixPlan &Plan, StringRef BuildDirectory) {
  clang::tooling::TranslationUnitDiagnostics TUD;
  for (const Finding *F : Plan.Applied) {
    clang::tooling::DiagnosticMessage M;
    M.Message = F->Message;
    M.FilePath = F->Loc.File;
    M.FileOffset = F->Loc.Offset;
    for (const Edit &E : F->Fixes)
      consumeError(M.Fix[E.File].add(
          clang::tooling::Replacement(E.File, E.Offset, E.Length, E.Text)));
    clang::tooling::Diagnostic D(F->Check, M, {}, clang::tooling::Diagnostic::Warning,
                                 BuildDirectory);
    for (const Note &N : F->Notes) {
      clang::tooling::DiagnosticMessage NM;
      NM.Message = N.Message;
      NM.FilePath = N.Loc.File;
      NM.FileOffset = N.Loc.Offset;
      D.Notes.push_back(NM);
    }
    TUD.Diagnostics.push_back(std::move(D));
  }
  std::string Text;
  raw_string_ostream OS(Text);
  yaml::Output Y(OS);
  Y << TUD;
  return Text;
}

} // namespace copyintent::tool
