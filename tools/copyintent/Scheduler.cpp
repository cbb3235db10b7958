//===- Scheduler.cpp - One process per translation unit, N at a time ------===//

#include "Scheduler.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/Twine.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <sys/wait.h>
#include <unistd.h>

namespace copyintent::tool {

namespace {
volatile sig_atomic_t SawInterrupt = 0;
void onInterrupt(int) { SawInterrupt = 1; }
} // namespace

std::string ChildEnd::describe() const {
  if (!Signalled)
    return ("exited with status " + llvm::Twine(Code)).str();
  return ("was killed by signal " + llvm::Twine(Code) + " (" + strsignal(Code) + ")").str();
}

bool interrupted() { return SawInterrupt; }

bool runInChildren(llvm::ArrayRef<size_t> Todo, unsigned Jobs,
                   llvm::function_ref<int(size_t)> Work,
                   llvm::function_ref<void(size_t, const ChildEnd &)> Done) {
  SawInterrupt = 0;
  struct sigaction Old, New = {};
  New.sa_handler = onInterrupt;
  sigemptyset(&New.sa_mask);
  sigaction(SIGINT, &New, &Old);

  llvm::DenseMap<pid_t, size_t> Running;
  size_t Next = 0;
  auto reapOne = [&] {
    int Status = 0;
    pid_t Pid = waitpid(-1, &Status, 0);
    if (Pid < 0)
      return errno != ECHILD; // EINTR: the interrupt; look again
    auto It = Running.find(Pid);
    if (It == Running.end())
      return true;
    size_t I = It->second;
    Running.erase(It);
    ChildEnd End;
    End.Signalled = WIFSIGNALED(Status);
    End.Code = End.Signalled ? WTERMSIG(Status) : WEXITSTATUS(Status);
    Done(I, End);
    return true;
  };

  while ((Next < Todo.size() && !SawInterrupt) || !Running.empty()) {
    if (Next < Todo.size() && !SawInterrupt && Running.size() < Jobs) {
      fflush(nullptr);
      pid_t Pid = fork();
      if (Pid == 0) {
        // The child dies of Ctrl-C like any program.
        signal(SIGINT, SIG_DFL);
        _exit(Work(Todo[Next]));
      }
      if (Pid < 0) {
        if (Running.empty()) {
          // Nothing to wait for: run it here rather than never.
          ChildEnd End;
          End.Code = Work(Todo[Next]);
          Done(Todo[Next++], End);
        } else {
          reapOne();
        }
        continue;
      }
      Running[Pid] = Todo[Next++];
      continue;
    }
    if (!reapOne())
      break;
  }
  sigaction(SIGINT, &Old, nullptr);
  return !SawInterrupt;
}

} // namespace copyintent::tool
