//===- Plugin.h - The pass plugin's registration callback -------*- C++ -*-===//
#ifndef COPYINTENT_PLUGIN_H
#define COPYINTENT_PLUGIN_H

namespace llvm {
class PassBuilder;
} // namespace llvm

namespace copyintent {

/// Registers pipeline name copyintent-lower and runs the lowering last in the
/// optimization pipeline (every level, -O0 included). What llvmGetPassPluginInfo
/// hands to -fpass-plugin / -load-pass-plugin, and what -fplugin installs through the
/// frontend companion.
void registerPassBuilderCallbacks(llvm::PassBuilder &PB);

} // namespace copyintent

#endif // COPYINTENT_PLUGIN_H
