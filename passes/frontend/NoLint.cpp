//===- NoLint.cpp - clang-tidy's NOLINT comments, for the compiler warnings ---===//

#include "NoLint.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/GlobPattern.h"

using namespace clang;
using namespace llvm;

namespace copyintent::frontend {

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

/// Finds Directive in Line where it is not the prefix of a longer directive
/// (NOLINT in NOLINTNEXTLINE), and whether it names CheckId.
bool lineHas(StringRef Line, StringRef Directive, StringRef CheckId) {
  for (size_t At = Line.find(Directive); At != StringRef::npos;
       At = Line.find(Directive, At + 1)) {
    StringRef After = Line.substr(At + Directive.size());
    if (!After.empty() && (isAlnum(After[0]) || After[0] == '_'))
      continue;
    if (namesCheck(After, CheckId))
      return true;
  }
  return false;
}

bool covered(const SourceManager &SM, SourceLocation Loc, StringRef CheckId) {
  if (Loc.isInvalid() || !Loc.isFileID())
    return false;
  FileIDAndOffset D = SM.getDecomposedLoc(Loc);
  bool Invalid = false;
  StringRef Buf = SM.getBufferData(D.first, &Invalid);
  if (Invalid)
    return false;
  size_t Begin = 0;
  if (D.second > 0) {
    size_t NL = Buf.rfind('\n', D.second - 1);
    Begin = NL == StringRef::npos ? 0 : NL + 1;
  }
  size_t End = Buf.find('\n', D.second);
  StringRef Line = Buf.slice(Begin, End == StringRef::npos ? Buf.size() : End);
  if (lineHas(Line, "NOLINT", CheckId))
    return true;
  if (Begin > 0) {
    size_t PrevBegin = Buf.rfind('\n', Begin - 1);
    PrevBegin = PrevBegin == StringRef::npos ? 0 : PrevBegin + 1;
    if (lineHas(Buf.slice(PrevBegin, Begin - 1), "NOLINTNEXTLINE", CheckId))
      return true;
  }
  // Regions: the BEGINs naming the check, less the ENDs, before this line.
  int Open = 0;
  StringRef Before = Buf.substr(0, Begin);
  SmallVector<StringRef, 0> Lines;
  Before.split(Lines, '\n');
  for (StringRef L : Lines) {
    if (lineHas(L, "NOLINTBEGIN", CheckId))
      ++Open;
    if (lineHas(L, "NOLINTEND", CheckId) && Open > 0)
      --Open;
  }
  return Open > 0;
}

} // namespace

bool suppressedByNoLint(const SourceManager &SM, SourceLocation Loc, StringRef CheckId) {
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

} // namespace copyintent::frontend
