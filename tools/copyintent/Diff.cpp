//===- Diff.cpp - Unified diffs of edited files --------------------------===//

#include "Diff.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/Twine.h"

#include <algorithm>

using namespace llvm;

namespace copyintent::tool {

namespace {

constexpr unsigned Context = 3;

/// Line starts of Text: Starts[i] is where line i begins; one more entry at the end.
std::vector<size_t> lineStarts(StringRef Text) {
  std::vector<size_t> Starts{0};
  for (size_t I = 0; I < Text.size(); ++I)
    if (Text[I] == '\n' && I + 1 < Text.size())
      Starts.push_back(I + 1);
  Starts.push_back(Text.size());
  return Starts;
}

unsigned lineOf(const std::vector<size_t> &Starts, size_t Offset) {
  auto It = std::upper_bound(Starts.begin(), Starts.end() - 1, Offset);
  return unsigned(It - Starts.begin()) - 1;
}

/// Lines of Text, each with its newline (the last may lack one).
SmallVector<StringRef, 16> splitLines(StringRef Text) {
  SmallVector<StringRef, 16> Lines;
  while (!Text.empty()) {
    size_t NL = Text.find('\n');
    size_t Len = NL == StringRef::npos ? Text.size() : NL + 1;
    Lines.push_back(Text.take_front(Len));
    Text = Text.drop_front(Len);
  }
  return Lines;
}

void emitLine(std::string &Out, char Prefix, StringRef Line) {
  Out += Prefix;
  Out += Line;
  if (!Line.ends_with("\n"))
    Out += "\n\\ No newline at end of file\n";
}

} // namespace

std::string unifiedHunks(StringRef Old, ArrayRef<Edit> Edits) {
  std::vector<size_t> Starts = lineStarts(Old);
  unsigned NumLines = unsigned(Starts.size()) - 1;
  // Each edit covers whole old lines [First, Last].
  struct Group {
    unsigned First, Last;
    std::vector<Edit> Edits;
  };
  std::vector<Group> Groups;
  for (const Edit &E : Edits) {
    unsigned First = lineOf(Starts, E.Offset);
    unsigned Last = E.Length ? lineOf(Starts, E.Offset + E.Length - 1) : First;
    if (!Groups.empty() && First <= Groups.back().Last + 2 * Context) {
      Groups.back().Last = std::max(Groups.back().Last, Last);
      Groups.back().Edits.push_back(E);
    } else {
      Groups.push_back({First, Last, {E}});
    }
  }
  std::string Out;
  int Shift = 0; // new line numbers run ahead of old ones by this much
  for (const Group &G : Groups) {
    unsigned From = G.First > Context ? G.First - Context : 0;
    unsigned To = std::min(NumLines ? NumLines - 1 : 0, G.Last + Context);
    StringRef Changed = Old.slice(Starts[G.First], Starts[G.Last + 1]);
    std::string New;
    size_t At = Starts[G.First];
    for (const Edit &E : G.Edits) {
      New += Old.slice(At, E.Offset);
      New += E.Text;
      At = E.Offset + E.Length;
    }
    New += Old.slice(At, Starts[G.Last + 1]);
    SmallVector<StringRef, 16> OldLines = splitLines(Changed);
    SmallVector<StringRef, 16> NewLines = splitLines(New);
    unsigned Before = G.First - From, After = To - G.Last;
    unsigned OldCount = Before + unsigned(OldLines.size()) + After;
    unsigned NewCount = Before + unsigned(NewLines.size()) + After;
    Out += ("@@ -" + Twine(From + 1) + "," + Twine(OldCount) + " +" +
            Twine(int(From) + 1 + Shift) + "," + Twine(NewCount) + " @@\n")
               .str();
    for (unsigned L = From; L < G.First; ++L)
      emitLine(Out, ' ', Old.slice(Starts[L], Starts[L + 1]));
    for (StringRef L : OldLines)
      emitLine(Out, '-', L);
    for (StringRef L : NewLines)
      emitLine(Out, '+', L);
    for (unsigned L = G.Last + 1; L <= To; ++L)
      emitLine(Out, ' ', Old.slice(Starts[L], Starts[L + 1]));
    Shift += int(NewLines.size()) - int(OldLines.size());
  }
  return Out;
}

std::string fileDiff(StringRef RelPath, StringRef Old, ArrayRef<Edit> Edits,
                     bool GitStyle) {
  std::string Out;
  if (GitStyle)
    Out += ("diff --git a/" + RelPath + " b/" + RelPath + "\n").str();
  Out += ("--- a/" + RelPath + "\n+++ b/" + RelPath + "\n").str();
  Out += unifiedHunks(Old, Edits);
  return Out;
}

std::pair<unsigned, unsigned> countChanges(StringRef Hunks) {
  unsigned Added = 0, Removed = 0;
  for (StringRef L : splitLines(Hunks)) {
    if (L.starts_with("+++") || L.starts_with("---"))
      continue;
    Added += L.starts_with("+");
    Removed += L.starts_with("-");
  }
  return {Added, Removed};
}

} // namespace copyintent::tool
