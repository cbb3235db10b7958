//===- FrontendAction.cpp - CopyIntentFrontend.so: -fplugin's frontend action ===//
//
// Loaded by CopyIntent.so inside clang only (FrontendLoader.cpp). Registers the
// frontend plugin "copyintent", which runs before the main action whenever the
// library is loaded. When the library came in by -fplugin, it
//  - runs the copyintent checks as compiler warnings (CompilerWarnings.h),
//  - carries what only the source shows (flag macros of mapping calls, sparse's
//    markings of declarations) into IR for the IR analysis (SourceFacts.h), and
//  - appends the lowering pass to the code generator's pass-builder callbacks, unless
//    -fpass-plugin loaded the library too (which registers the pass already: it must
//    run once).
// Loaded by -fpass-plugin alone it does nothing: that flag asks for the lowering only.
//
// IR inputs (.ll, .bc, and the later steps of -save-temps) never reach a frontend
// action, so only -fpass-plugin lowers them; where that would pass silently
// (-save-temps) the action warns.
//
//===----------------------------------------------------------------------===//

#include "CompilerWarnings.h"
#include "FrontendAttach.h"
#include "SourceFacts.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/Basic/DiagnosticFrontend.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "clang/Frontend/MultiplexConsumer.h"
#include "llvm/Plugins/PassPlugin.h"
#include "llvm/Support/FileSystem.h"

using namespace clang;
using namespace llvm;

namespace {

CopyIntentFrontendAttach Attached = {0, nullptr, nullptr};

bool isThisPlugin(StringRef Path) {
  return sys::fs::equivalent(Path, Attached.PluginPath);
}

/// CopyIntent.so is among clang's pass plugins (-fpass-plugin=...).
bool loadedAsPassPlugin(const CompilerInstance &CI) {
  for (const std::unique_ptr<PassPlugin> &P : CI.getPassPlugins())
    if (isThisPlugin(P->getFilename()))
      return true;
  return any_of(CI.getCodeGenOpts().PassPlugins, isThisPlugin);
}

/// CopyIntent.so was named by -fplugin=... (not only by -fpass-plugin).
bool loadedAsFrontendPlugin(const CompilerInstance &CI) {
  return any_of(CI.getFrontendOpts().Plugins, isThisPlugin);
}

class CopyIntentAction : public PluginASTAction {
protected:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 StringRef) override {
    if (!Attached.PluginPath || !loadedAsFrontendPlugin(CI))
      return std::make_unique<ASTConsumer>();
    if (!loadedAsPassPlugin(CI))
      addLoweringPass(CI);
    auto Facts = std::make_shared<copyintent::checker::SourceFacts>();
    copyintent::checker::carrySourceFactsIntoIR(CI, Facts);
    std::vector<std::unique_ptr<ASTConsumer>> Consumers;
    Consumers.push_back(copyintent::checker::makeSourceFactsCollector(CI, Facts));
    Consumers.push_back(copyintent::checker::makeWarningsConsumer(CI, Options));
    return std::make_unique<MultiplexConsumer>(std::move(Consumers));
  }

  bool ParseArgs(const CompilerInstance &CI,
                 const std::vector<std::string> &Args) override {
    if (copyintent::checker::parseWarningOptions(Args, CI.getDiagnostics(), Options))
      return true;
    // clang drops a plugin whose arguments fail to parse and carries on; the errors
    // reported above make the compilation fail instead.
    return false;
  }

  ActionType getActionType() override { return AddBeforeMainAction; }

private:
  copyintent::checker::WarningOptions Options;

  static void addLoweringPass(CompilerInstance &CI) {
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
  }
};

FrontendPluginRegistry::Add<CopyIntentAction>
    X("copyintent",
      "copyintent under -fplugin: the checks as warnings, and the lowering");

} // namespace

extern "C" LLVM_ATTRIBUTE_VISIBILITY_DEFAULT bool
copyintent_frontend_attach(const CopyIntentFrontendAttach *Info) {
  if (!Info || Info->Version != CopyIntentFrontendAttachVersion)
    return false;
  Attached = *Info;
  return true;
}
