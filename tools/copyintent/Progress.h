//===- Progress.h - Progress of a scan on stderr ----------------*- C++ -*-===//
//
// On a terminal one line redrawn in place (a bar, TUs done of all, rate, ETA); in a
// log (CI) a plain line every twentieth of the work (at most one a second), so a log
// of a 2,000-TU run has some twenty lines. Silent with --quiet.
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_TOOL_PROGRESS_H
#define COPYINTENT_TOOL_PROGRESS_H

#include <chrono>
#include <cstddef>
#include <string>

namespace copyintent::tool {

class Progress {
public:
  Progress(std::string Phase, size_t Total, bool Quiet);
  /// One more TU done.
  void step(bool FromCache, bool Failed);
  /// Ends the line on a terminal.
  void finish();
  size_t done() const { return Done; }
  size_t cached() const { return Cached; }
  size_t failed() const { return Failed; }

private:
  std::string Phase;
  size_t Total, Done = 0, Cached = 0, Failed = 0, NextLogAt = 0;
  bool Quiet, Terminal;
  std::chrono::steady_clock::time_point Start, LastLine;
  void draw();
};

} // namespace copyintent::tool

#endif // COPYINTENT_TOOL_PROGRESS_H
