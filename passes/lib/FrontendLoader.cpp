//===- FrontendLoader.cpp - Loads the -fplugin companion inside clang -------===//
//
// When CopyIntent.so is loaded into clang (by -fplugin or -fpass-plugin), this loads
// CopyIntentFrontend.so from the same directory; its frontend action is what makes
// `clang -fplugin=CopyIntent.so` run the lowering (see FrontendAttach.h). In opt and
// other hosts without clang's frontend the companion is left alone: its references to
// clang's classes could not be resolved there.
//
// Loading happens in a static initializer because clang looks for frontend actions
// right after it has loaded the -fplugin libraries, with no other call into them.
//
//===----------------------------------------------------------------------===//

#include "CopyIntent/FrontendAttach.h"
#include "CopyIntent/Plugin.h"

#include <dlfcn.h>

#include <cstdio>
#include <string>

namespace {

/// clang's registry of frontend plugins (llvm::Registry<clang::PluginASTAction>::Head),
/// defined in libclang-cpp: present in clang, absent in opt.
constexpr const char *ClangFrontendPluginRegistry =
    "_ZN4llvm8RegistryIN5clang15PluginASTActionEE4HeadE";

void loadFrontendCompanion() {
  if (!dlsym(RTLD_DEFAULT, ClangFrontendPluginRegistry))
    return;
  Dl_info Self;
  if (!dladdr(reinterpret_cast<void *>(&loadFrontendCompanion), &Self) || !Self.dli_fname)
    return;
  std::string Path = Self.dli_fname;
  size_t Slash = Path.rfind('/');
  std::string Dir = Slash == std::string::npos ? "." : Path.substr(0, Slash);
  std::string Companion = Dir + "/" COPYINTENT_FRONTEND_LIBRARY;

  // Without the companion -fplugin=CopyIntent.so would compile without lowering
  // anything, and the program would silently take the runtime's out-of-line calls.
  void *H = dlopen(Companion.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!H) {
    // Said the same way whichever flag loaded us (the library cannot tell): with
    // -fpass-plugin the lowering still runs, with -fplugin nothing does.
    fprintf(stderr,
            "copyintent: cannot load %s (%s): the copy-intent warnings are off, and "
            "clang -fplugin=%s does not lower the copy calls (-fpass-plugin=%s still "
            "does); install both libraries side by side\n",
            Companion.c_str(), dlerror(), Path.c_str(), Path.c_str());
    return;
  }
  auto *Attach = reinterpret_cast<decltype(&copyintent_frontend_attach)>(
      dlsym(H, "copyintent_frontend_attach"));
  static const std::string KeptPath = Path;
  static const CopyIntentFrontendAttach Info = {CopyIntentFrontendAttachVersion,
                                                copyintent::registerPassBuilderCallbacks,
                                                KeptPath.c_str()};
  if (!Attach || !Attach(&Info))
    fprintf(stderr,
            "copyintent: %s does not match %s (rebuild both): the copy-intent warnings "
            "are off, and clang -fplugin does not lower the copy calls (-fpass-plugin "
            "still does)\n",
            Companion.c_str(), Path.c_str());
}

[[maybe_unused]] const bool Loaded = (loadFrontendCompanion(), true);

} // namespace
