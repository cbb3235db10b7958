//===- Progress.cpp - Progress of a scan on stderr -----------------------===//

#include "Progress.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>

using namespace llvm;

namespace copyintent::tool {

Progress::Progress(std::string Phase, size_t Total, bool Quiet)
    : Phase(std::move(Phase)), Total(Total), Quiet(Quiet || Total == 0),
      Terminal(sys::Process::StandardErrIsDisplayed()),
      Start(std::chrono::steady_clock::now()) {
  NextLogAt = std::max<size_t>(1, Total / 20);
}

void Progress::step(bool FromCache, bool IsFailed) {
  ++Done;
  Cached += FromCache;
  Failed += IsFailed;
  if (Quiet)
    return;
  // In a log: at every twentieth of the work, but not more than once a second
  // (cached TUs go by thousands a second), and at the end.
  auto Now = std::chrono::steady_clock::now();
  if (Terminal || Done == Total ||
      (Done >= NextLogAt && Now - LastLine >= std::chrono::seconds(1))) {
    draw();
    LastLine = Now;
    NextLogAt = Done + std::max<size_t>(1, Total / 20);
  }
}

void Progress::draw() {
  double Secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - Start).count();
  double Rate = Secs > 0 ? Done / Secs : 0;
  double Eta = Rate > 0 ? (Total - Done) / Rate : 0;
  raw_ostream &OS = errs();
  if (Terminal) {
    constexpr unsigned Width = 30;
    unsigned Filled = Total ? unsigned(Width * Done / Total) : Width;
    OS << "\r" << Phase << " [" << std::string(Filled, '=')
       << std::string(Width - Filled, ' ') << "] ";
  } else {
    OS << "copyintent: " << Phase << ": ";
  }
  OS << Done << "/" << Total << " TUs";
  if (Cached)
    OS << " (" << Cached << " cached)";
  if (Failed)
    OS << ", " << Failed << " failed";
  OS << format(", %.1f TU/s, ETA %u:%02u", Rate, unsigned(Eta) / 60, unsigned(Eta) % 60);
  OS << (Terminal ? "   " : "\n");
  OS.flush();
}

void Progress::finish() {
  if (!Quiet && Terminal)
    errs() << "\n";
}

} // namespace copyintent::tool
