//===- FrontendLoader.cpp - Loads the -fplugin companion inside clang -------===//
//
// When CopyIntent.so is loaded into clang (by -fplugin or -fpass-plugin), this loads
// CopyIntentFrontend.so from the directory of the real file (a symlink into a shared
// plugin folder is the usual install); its frontend action is what makes
// `clang -fplugin=CopyIntent.so` run the checks and the lowering (see
// FrontendAttach.h). In opt and other hosts without clang's frontend the companion is
// left alone: its references to clang's classes could not be resolved there.
//
// Loading happens in a static initializer because clang looks for frontend actions
// right after it has loaded the -fplugin libraries, with no other call into them.
// That is also why a companion that cannot be loaded is reported from here, with
// clang's own command line read to know what was asked for: clang loads -fplugin
// libraries before -fpass-plugin ones, so nothing later tells the two apart.
//
//===----------------------------------------------------------------------===//

#include "FrontendAttach.h"
#include "CopyIntent/Plugin.h"

#include <dlfcn.h>
#include <unistd.h>

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

/// clang's registry of frontend plugins (llvm::Registry<clang::PluginASTAction>::Head),
/// defined in libclang-cpp: present in clang, absent in opt.
constexpr const char *ClangFrontendPluginRegistry =
    "_ZN4llvm8RegistryIN5clang15PluginASTActionEE4HeadE";

std::string realPath(const std::string &Path) {
  char Buf[PATH_MAX];
  return realpath(Path.c_str(), Buf) ? std::string(Buf) : Path;
}

std::string dirOf(const std::string &Path) {
  size_t Slash = Path.rfind('/');
  return Slash == std::string::npos ? "." : Path.substr(0, Slash);
}

/// What clang's command line asks of this library. In-process cc1 (clang's default)
/// shares the driver's process, whose arguments are the user's: -fplugin=P,
/// -fpass-plugin=P, -Xclang -load -Xclang P; an out-of-process cc1 has -load P.
struct Request {
  bool FrontendPlugin = false; ///< -fplugin / -load names this library
  bool PassPlugin = false;     ///< -fpass-plugin names this library
  bool WarningsAsErrors = false;
  bool NoWarnings = false;
};

Request readRequest(const std::string &Self) {
  std::ifstream In("/proc/self/cmdline", std::ios::binary);
  std::string All((std::istreambuf_iterator<char>(In)), std::istreambuf_iterator<char>());
  std::vector<std::string> Args;
  for (size_t At = 0; At < All.size();) {
    size_t End = All.find('\0', At);
    if (End == std::string::npos)
      End = All.size();
    if (All.compare(At, End - At, "-Xclang") != 0) // -Xclang -load -Xclang P
      Args.push_back(All.substr(At, End - At));
    At = End + 1;
  }
  auto IsSelf = [&](const std::string &P) { return realPath(P) == Self; };
  Request R;
  for (size_t I = 0; I < Args.size(); ++I) {
    const std::string &A = Args[I];
    if (A.rfind("-fplugin=", 0) == 0 && IsSelf(A.substr(9)))
      R.FrontendPlugin = true;
    else if (A == "-load" && I + 1 < Args.size() && IsSelf(Args[I + 1]))
      R.FrontendPlugin = true;
    else if (A.rfind("-fpass-plugin=", 0) == 0 && IsSelf(A.substr(14)))
      R.PassPlugin = true;
    else if (A == "-Werror")
      R.WarningsAsErrors = true;
    else if (A == "-Wno-error")
      R.WarningsAsErrors = false;
    else if (A == "-w")
      R.NoWarnings = true;
  }
  return R;
}

/// Set when -fplugin asked for the companion, it could not be used, and
/// -fpass-plugin keeps the lowering: the pass reports it through LLVM's diagnostics.
std::string &companionProblem() {
  static std::string Problem;
  return Problem;
}

/// Says that the companion cannot be used, as far as it matters for what the command
/// line asked: -fpass-plugin alone never uses it (nothing to say); -fplugin with
/// -fpass-plugin loses the warnings only (said by the pass, a real diagnostic);
/// -fplugin alone loses the warnings and the lowering: a warning here, or, under
/// -Werror, an error that stops the compilation, as clang's own "unable to load
/// plugin" does.
void reportUnusableCompanion(const std::string &Self, const std::string &Why) {
  Request R = readRequest(Self);
  if (R.PassPlugin && !R.FrontendPlugin)
    return;
  if (R.PassPlugin) {
    companionProblem() = Why + ": the copy-intent warnings of -fplugin are off (the "
                               "copy calls are still lowered: -fpass-plugin)";
    return;
  }
  if (R.NoWarnings && !R.WarningsAsErrors)
    return;
  fprintf(stderr,
          "%s: copyintent: %s: -fplugin=%s runs neither the copy-intent warnings nor "
          "the lowering (the copy calls stay calls into libcopyintent)%s\n",
          R.WarningsAsErrors ? "error" : "warning", Why.c_str(), Self.c_str(),
          R.WarningsAsErrors ? " [-Werror]" : "");
  if (R.WarningsAsErrors) {
    fflush(nullptr);
    _exit(1);
  }
}

void loadFrontendCompanion() {
  if (!dlsym(RTLD_DEFAULT, ClangFrontendPluginRegistry))
    return;
  Dl_info Info;
  if (!dladdr(reinterpret_cast<void *>(&loadFrontendCompanion), &Info) ||
      !Info.dli_fname)
    return;
  // The companion is installed beside the real file; a symlinked plugin (the usual
  // way into a shared plugin folder) names another directory.
  static const std::string Self = realPath(Info.dli_fname);
  std::string Companion = dirOf(Self) + "/" COPYINTENT_FRONTEND_LIBRARY;

  void *H = dlopen(Companion.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!H) {
    reportUnusableCompanion(Self, "cannot load " + Companion + " (" + dlerror() +
                                      "); install it beside " + Self);
    return;
  }
  auto *Attach = reinterpret_cast<decltype(&copyintent_frontend_attach)>(
      dlsym(H, "copyintent_frontend_attach"));
  static const CopyIntentFrontendAttach Attached = {
      CopyIntentFrontendAttachVersion, copyintent::registerPassBuilderCallbacks,
      Self.c_str()};
  if (!Attach || !Attach(&Attached))
    reportUnusableCompanion(Self, Companion + " does not match " + Self +
                                      " (rebuild and install both together)");
}

[[maybe_unused]] const bool Loaded = (loadFrontendCompanion(), true);

} // namespace

const char *copyintent::unusableFrontendCompanion() {
  return companionProblem().empty() ? nullptr : companionProblem().c_str();
}
