//===- FrontendAction.cpp - CopyIntentFrontend.so: -fplugin's frontend action ===//
//
// Loaded by CopyIntent.so inside clang only (FrontendLoader.cpp). Registers the
// frontend plugin "copyintent", which runs before the main action whenever the
// library is loaded, and appends the lowering passes to the code generator's pass
// builder callbacks, unless CopyIntent.so was also loaded by -fpass-plugin (which
// registers them already: the pass must run once).
//
// IR inputs (.ll, .bc, and the later steps of -save-temps) never reach a frontend
// action, so only -fpass-plugin lowers them; where that would pass silently (-save-temps)
// the action warns.
//
// -fplugin-arg-copyintent-<x> takes no arguments yet; the pass's options are cl::opt
// flags (-mllvm -copyintent-...), which clang accepts once the library is loaded.
//
//===----------------------------------------------------------------------===//

#include "CopyIntent/FrontendAttach.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/Basic/DiagnosticFrontend.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "llvm/Plugins/PassPlugin.h"
#include "llvm/Support/FileSystem.h"

using namespace clang;
using namespace llvm;

namespace {

CopyIntentFrontendAttach Attached = {0, nullptr, nullptr};

/// CopyIntent.so is among clang's pass plugins (-fpass-plugin=...).
bool loadedAsPassPlugin(const CompilerInstance &CI) {
  auto Same = [](StringRef A) { return sys::fs::equivalent(A, Attached.PluginPath); };
  for (const std::unique_ptr<PassPlugin> &P : CI.getPassPlugins())
    if (Same(P->getFilename()))
      return true;
  return any_of(CI.getCodeGenOpts().PassPlugins, Same);
}

class LowerCopiesAction : public PluginASTAction {
protected:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 StringRef) override {
    if (!Attached.RegisterPasses || loadedAsPassPlugin(CI))
      return std::make_unique<ASTConsumer>();
    CodeGenOptions &CG = CI.getCodeGenOpts();
    if (CG.DisableLLVMPasses) {
      // -save-temps optimizes in a later step whose input is IR, where no frontend
      // action runs: the calls would silently stay calls.
      DiagnosticsEngine &D = CI.getDiagnostics();
      D.Report(D.getCustomDiagID(
          DiagnosticsEngine::Warning,
          "copyintent: -fplugin cannot lower the copy calls here: this step runs no "
          "LLVM passes (as with -save-temps, which optimizes from IR, where no "
          "frontend plugin runs); they stay calls into libcopyintent. Use "
          "-fpass-plugin to lower them"));
    }
    CG.PassBuilderCallbacks.push_back(Attached.RegisterPasses);
    return std::make_unique<ASTConsumer>();
  }

  bool ParseArgs(const CompilerInstance &CI,
                 const std::vector<std::string> &Args) override {
    if (Args.empty())
      return true;
    DiagnosticsEngine &D = CI.getDiagnostics();
    unsigned ID = D.getCustomDiagID(
        DiagnosticsEngine::Error,
        "copyintent: unknown argument '-fplugin-arg-copyintent-%0': the plugin takes "
        "none; set the lowering's options with -mllvm -copyintent-<option>=<value>");
    for (const std::string &A : Args)
      D.Report(ID) << A;
    return false;
  }

  ActionType getActionType() override { return AddBeforeMainAction; }
};

FrontendPluginRegistry::Add<LowerCopiesAction>
    X("copyintent", "lower the copyintent API (the CopyIntent.so pass) under -fplugin");

} // namespace

extern "C" LLVM_ATTRIBUTE_VISIBILITY_DEFAULT bool
copyintent_frontend_attach(const CopyIntentFrontendAttach *Info) {
  if (!Info || Info->Version != CopyIntentFrontendAttachVersion)
    return false;
  Attached = *Info;
  return true;
}
