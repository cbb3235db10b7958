//===- Scheduler.h - One process per translation unit, N at a time -*- C++ -*-===//
//
// Each TU is analysed in a child process forked from the command (no exec, so no
// start-up cost beyond the fork): the checks keep per-TU state in globals, clang may
// crash or abort on odd code, and either must cost that TU only. The child writes its
// result to a file and exits; the parent reaps, counts and starts the next.
//
// Ctrl-C (SIGINT, sent to the whole process group) ends the running children; the
// parent starts no new ones, reaps the rest and reports that it was interrupted.
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_TOOL_SCHEDULER_H
#define COPYINTENT_TOOL_SCHEDULER_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <string>

namespace copyintent::tool {

/// How a child ended: normally with an exit code, or by a signal.
struct ChildEnd {
  bool Signalled = false;
  int Code = 0; ///< exit code, or signal number
  std::string describe() const;
};

/// Runs Work(I) in a child for each I of Todo, at most Jobs at once, and Done(I, End)
/// in the parent as each ends. Returns false when interrupted (Ctrl-C).
bool runInChildren(llvm::ArrayRef<size_t> Todo, unsigned Jobs,
                   llvm::function_ref<int(size_t)> Work,
                   llvm::function_ref<void(size_t, const ChildEnd &)> Done);

/// Whether Ctrl-C was pressed during the last runInChildren.
bool interrupted();

} // namespace copyintent::tool

#endif // COPYINTENT_TOOL_SCHEDULER_H
