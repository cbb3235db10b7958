//===- NoLint.cpp - clang-tidy's NOLINT comments, for the compiler warnings ---===//

#include "NoLint.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/GlobPattern.h"

using namespace clang;
using namespace llvm;

namespace copyintent::checker {

namespace {

/// Whether a directive's optional "(list)" right after it names CheckId. Without a
/// list it names every check.
bool namesCheck(StringRef AfterDirective, StringRef CheckId) {
  if (!AfterDirective.starts_with("("))
    return true;
  size_t Close = AfterDirective.find(')');
  if (Close == StringRef::npos)
    return false; // clang-tidy ignores a directive with an unclosed list
  SmallVector<StringRef, 4> Items;
  AfterDirective.substr(1, Close - 1).split(Items, ',', -1, /*KeepEmpty=*/false);
  for (StringRef Item : Items) {
    Expected<GlobPattern> G = GlobPattern::create(Item.trim());
    if (G && G->match(CheckId))
      return true;
    if (!G)
      consumeError(G.takeError());
  }
  return false;
}

} // namespace

NoLintIndex::FileDirectives *NoLintIndex::directivesOf(const SourceManager &SM,
                                                       FileID F) {
  auto [It, New] = Files.try_emplace(F);
  FileDirectives &D = It->second;
  if (!New)
    return D.Buffer.empty() ? nullptr : &D;
  bool Invalid = false;
  StringRef Buf = SM.getBufferData(F, &Invalid);
  if (Invalid)
    return nullptr;
  D.Buffer = Buf;
  for (size_t At = Buf.find("NOLINT"); At != StringRef::npos;
       At = Buf.find("NOLINT", At + 1)) {
    StringRef Rest = Buf.substr(At + 6);
    Kind K = Kind::Line;
    for (auto [Suffix, SuffixKind] : {std::pair{"NEXTLINE", Kind::NextLine},
                                      std::pair{"BEGIN", Kind::Begin},
                                      std::pair{"END", Kind::End}})
      if (Rest.starts_with(Suffix)) {
        Rest = Rest.drop_front(strlen(Suffix));
        K = SuffixKind;
        break;
      }
    // Not a directive but a longer word (NOLINTX, NOLINT_FOO).
    if (!Rest.empty() && (isAlnum(Rest[0]) || Rest[0] == '_'))
      continue;
    D.All.push_back({unsigned(At), K, Rest.take_until([](char C) { return C == '\n'; })});
  }
  return &D;
}

bool NoLintIndex::covered(const SourceManager &SM, SourceLocation Loc,
                          StringRef CheckId) {
  if (Loc.isInvalid() || !Loc.isFileID())
    return false;
  FileIDAndOffset Pos = SM.getDecomposedLoc(Loc);
  FileDirectives *D = directivesOf(SM, Pos.first);
  if (!D || D->All.empty())
    return false;
  StringRef Buf = D->Buffer;
  // rfind(C, From) looks below From: the line starts after the last newline before
  // the location, the line before it after the newline before that one.
  size_t NL = Buf.rfind('\n', Pos.second);
  size_t Begin = NL == StringRef::npos ? 0 : NL + 1;
  size_t End = Buf.find('\n', Pos.second);
  if (End == StringRef::npos)
    End = Buf.size();
  size_t PrevBegin = Begin;
  if (Begin > 0) {
    size_t PrevNL = Buf.rfind('\n', Begin - 1);
    PrevBegin = PrevNL == StringRef::npos ? 0 : PrevNL + 1;
  }

  // Directives on this line and the one before.
  auto From = partition_point(D->All, [&](const Directive &X) { return X.Offset < PrevBegin; });
  for (auto It = From; It != D->All.end() && It->Offset < End; ++It) {
    bool OnThisLine = It->Offset >= Begin;
    if (((OnThisLine && It->K == Kind::Line) || (!OnThisLine && It->K == Kind::NextLine)) &&
        namesCheck(It->After, CheckId))
      return true;
  }

  // Regions: the BEGINs naming the check, less the ENDs, before this line.
  auto [RIt, New] = D->Regions.try_emplace(CheckId);
  std::vector<std::pair<unsigned, int>> &Depths = RIt->second;
  if (New) {
    int Open = 0;
    for (const Directive &X : D->All) {
      if ((X.K != Kind::Begin && X.K != Kind::End) || !namesCheck(X.After, CheckId))
        continue;
      if (X.K == Kind::Begin)
        ++Open;
      else if (Open > 0)
        --Open;
      Depths.push_back({X.Offset, Open});
    }
  }
  auto Last = partition_point(Depths, [&](const auto &E) { return E.first < Begin; });
  return Last != Depths.begin() && std::prev(Last)->second > 0;
}

bool NoLintIndex::suppressed(const SourceManager &SM, SourceLocation Loc,
                             StringRef CheckId) {
  // The diagnostic's own place, then each macro expansion that led to it.
  for (SourceLocation L = Loc; L.isValid();) {
    if (covered(SM, SM.getSpellingLoc(L), CheckId) ||
        covered(SM, SM.getExpansionLoc(L), CheckId))
      return true;
    if (!L.isMacroID())
      break;
    L = SM.getImmediateMacroCallerLoc(L);
    if (!L.isMacroID()) {
      // The outermost expansion was checked through getExpansionLoc above.
      break;
    }
  }
  return false;
}

} // namespace copyintent::checker
