//===- Plugin.cpp - Registers the copyintent passes with LLVM -------------===//
//
// Pipeline names copyintent-lower (opt -passes=copyintent-lower) and
// print<copyintent-sites> (the copy call sites, classified: CopySites.h); with
// clang -fpass-plugin (or -fplugin, see FrontendLoader.cpp) the pass runs at the end
// of the optimization pipeline, at every optimization level including -O0.
//
//===----------------------------------------------------------------------===//

#include "CopyIntent/Plugin.h"
#include "CopyIntent/CopySites.h"
#include "CopyIntent/LowerCopyIntent.h"
#include "CopyIntent/RewriteNocache.h"

#include "llvm/Passes/PassBuilder.h"
#include "llvm/Plugins/PassPlugin.h"

using namespace llvm;

void copyintent::registerPassBuilderCallbacks(PassBuilder &PB) {
  PB.registerAnalysisRegistrationCallback([](ModuleAnalysisManager &MAM) {
    MAM.registerPass([] { return CopySitesAnalysis(); });
  });
  PB.registerPipelineParsingCallback(
      [](StringRef Name, ModulePassManager &MPM, ArrayRef<PassBuilder::PipelineElement>) {
        if (Name == "print<copyintent-sites>") {
          MPM.addPass(CopySitesPrinterPass(errs()));
          return true;
        }
        if (Name == "copyintent-remarks") {
          MPM.addPass(CopySitesRemarksPass());
          return true;
        }
        if (Name == "copyintent-rewrite") {
          MPM.addPass(RewriteNocachePass());
          return true;
        }
        if (Name != "copyintent-lower")
          return false;
        MPM.addPass(LowerCopyIntentPass());
        return true;
      });
  PB.registerOptimizerLastEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel, ThinOrFullLTOPhase) {
        // The opt-in rewrite, then the sites as remarks (when asked for), while our
        // API's calls are still calls; then the lowering.
        MPM.addPass(RewriteNocachePass());
        MPM.addPass(CopySitesRemarksPass());
        MPM.addPass(LowerCopyIntentPass());
      });
  // Full LTO's link-time pipeline has its own last extension point (ThinLTO's backends
  // run the optimizer pipeline above): the merged module, the whole program.
  PB.registerFullLinkTimeOptimizationLastEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel) {
        MPM.addPass(RewriteNocachePass());
        MPM.addPass(CopySitesRemarksPass());
        MPM.addPass(LowerCopyIntentPass());
      });
}

extern "C" LLVM_ATTRIBUTE_WEAK LLVM_ATTRIBUTE_VISIBILITY_DEFAULT PassPluginLibraryInfo
llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "CopyIntent", LLVM_VERSION_STRING,
          copyintent::registerPassBuilderCallbacks};
}
