//===- Plugin.cpp - Registers the copyintent passes with LLVM -------------===//
//
// Pipeline name copyintent-lower (opt -passes=copyintent-lower); with
// clang -fpass-plugin (or -fplugin, see FrontendLoader.cpp) the pass runs at the end
// of the optimization pipeline, at every optimization level including -O0.
//
//===----------------------------------------------------------------------===//

#include "CopyIntent/Plugin.h"
#include "CopyIntent/LowerCopyIntent.h"

#include "llvm/Passes/PassBuilder.h"
#include "llvm/Plugins/PassPlugin.h"

using namespace llvm;

void copyintent::registerPassBuilderCallbacks(PassBuilder &PB) {
  PB.registerPipelineParsingCallback(
      [](StringRef Name, ModulePassManager &MPM, ArrayRef<PassBuilder::PipelineElement>) {
        if (Name != "copyintent-lower")
          return false;
        MPM.addPass(LowerCopyIntentPass());
        return true;
      });
  PB.registerOptimizerLastEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel, ThinOrFullLTOPhase) {
        MPM.addPass(LowerCopyIntentPass());
      });
}

extern "C" LLVM_ATTRIBUTE_WEAK LLVM_ATTRIBUTE_VISIBILITY_DEFAULT PassPluginLibraryInfo
llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "CopyIntent", LLVM_VERSION_STRING,
          copyintent::registerPassBuilderCallbacks};
}
