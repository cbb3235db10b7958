//===- FrontendAttach.h - CopyIntent.so <-> CopyIntentFrontend.so -*- C++ -*-===//
//
// clang 22 does not ask an -fplugin library for its passes; only a frontend action
// can, by appending to CodeGenOptions::PassBuilderCallbacks. A frontend action needs
// clang's classes, and CopyIntent.so must not reference them: opt loads it too, and
// opt has no clang in the process. So the action lives in a companion library,
// CopyIntentFrontend.so, next to CopyIntent.so, which loads it only inside clang
// (FrontendLoader.cpp) and hands it what it needs through this one C entry point.
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_CORE_FRONTENDATTACH_H
#define COPYINTENT_CORE_FRONTENDATTACH_H

namespace llvm {
class PassBuilder;
} // namespace llvm

extern "C" {

/// Bumped whenever the struct changes; the companion refuses other versions.
enum { CopyIntentFrontendAttachVersion = 1 };

struct CopyIntentFrontendAttach {
  unsigned Version;
  /// Registers the copyintent passes (the pass plugin's own callback).
  void (*RegisterPasses)(llvm::PassBuilder &);
  /// The file CopyIntent.so was loaded from.
  const char *PluginPath;
};

/// Defined by CopyIntentFrontend.so; returns false on a version mismatch.
bool copyintent_frontend_attach(const CopyIntentFrontendAttach *Info);
}

namespace copyintent {
/// Why -fplugin's companion could not be used, when -fplugin asked for it and
/// -fpass-plugin still runs the pass (which then reports it as a real diagnostic);
/// null otherwise.
const char *unusableFrontendCompanion();
} // namespace copyintent

/// The companion's file name, in the directory of CopyIntent.so.
#define COPYINTENT_FRONTEND_LIBRARY "CopyIntentFrontend.so"

#endif // COPYINTENT_CORE_FRONTENDATTACH_H
