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
  // Chunks: edits touching the same old lines [First, Last], made together.
  struct Chunk {
    unsigned First, Last;
    std::vector<Edit> Edits;
  };
  std::vector<Chunk> Chunks;
  for (const Edit &E : Edits) {
    unsigned First = lineOf(Starts, E.Offset);
    unsigned Last = E.Length ? lineOf(Starts, E.Offset + E.Length - 1) : First;
    if (!Chunks.empty() && First <= Chunks.back().Last) {
      Chunks.back().Last = std::max(Chunks.back().Last, Last);
      Chunks.back().Edits.push_back(E);
    } else {
      Chunks.push_back({First, Last, {E}});
    }
  }
  // Hunks: chunks whose contexts touch, with the lines between them as context.
  std::string Out;
  int Shift = 0; // new line numbers run ahead of old ones by this much
  for (size_t C = 0; C < Chunks.size();) {
    size_t End = C + 1;
    while (End < Chunks.size() && Chunks[End].First <= Chunks[End - 1].Last + 2 * Context)
      ++End;
    unsigned From = Chunks[C].First > Context ? Chunks[C].First - Context : 0;
    unsigned To = std::min(NumLines ? NumLines - 1 : 0, Chunks[End - 1].Last + Context);
    std::string Body;
    int OldCount = 0, NewCount = 0;
    auto Keep = [&](unsigned A, unsigned B) { // old lines [A, B) as context
      for (unsigned L = A; L < B; ++L) {
        emitLine(Body, ' ', Old.slice(Starts[L], Starts[L + 1]));
        ++OldCount;
        ++NewCount;
      }
    };
    unsigned At = From;
    for (size_t K = C; K < End; ++K) {
      const Chunk &Ch = Chunks[K];
      Keep(At, Ch.First);
      std::string New;
      size_t Pos = Starts[Ch.First];
      for (const Edit &E : Ch.Edits) {
        New += Old.slice(Pos, E.Offset);
        New += E.Text;
        Pos = E.Offset + E.Length;
      }
      New += Old.slice(Pos, Starts[Ch.Last + 1]);
      SmallVector<StringRef, 16> OldLines = splitLines(Old.slice(Starts[Ch.First], Starts[Ch.Last + 1]));
      SmallVector<StringRef, 16> NewLines = splitLines(New);
      for (StringRef L : OldLines)
        emitLine(Body, '-', L);
      for (StringRef L : NewLines)
        emitLine(Body, '+', L);
      OldCount += int(OldLines.size());
      NewCount += int(NewLines.size());
      At = Ch.Last + 1;
    }
    Keep(At, To + 1);
    Out += ("@@ -" + Twine(From + 1) + "," + Twine(OldCount) + " +" +
            Twine(int(From) + 1 + Shift) + "," + Twine(NewCount) + " @@\n")
               .str();
    Out += Body;
    Shift += NewCount - OldCount;
    C = End;
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
