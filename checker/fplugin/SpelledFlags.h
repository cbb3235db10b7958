//===- SpelledFlags.h - A mapping call's flag macro, carried into IR -*- C++ -*-===//
//
// memremap(..., ARCH_MEMREMAP_PMEM) maps persistent memory by the macro's name: its
// value is MEMREMAP_WB's, which ordinary remaps pass too, so IR alone cannot tell the
// two apart. Under -fplugin the frontend sees the name. It lists the mapping calls
// that spell a flag of core's rules (by the checker's own test, spelledFlagRule()), and
// a pass at the start of the pipeline attaches each flag to its call as metadata
// (core's SpelledFlagMetadata). The IR analysis reads it there: in this compilation
// (remarks, the rewrite), in the bitcode of -flto and at the LTO link.
//
// Calls are matched by file name, line, column and callee, which only debug locations
// give. A compilation without -g whose IR is analysed later (-flto, -emit-llvm, the
// rewrite) is made to track locations without emitting debug info, as clang does for
// -Rpass; a plain compile is left alone: nothing would read the flags. A location two
// calls share (one macro expansion) with different flags attaches nothing.
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_CHECKER_FPLUGIN_SPELLEDFLAGS_H
#define COPYINTENT_CHECKER_FPLUGIN_SPELLEDFLAGS_H

#include <memory>
#include <string>
#include <vector>

namespace clang {
class ASTConsumer;
class CompilerInstance;
} // namespace clang

namespace copyintent::checker {

/// A call of a mapping function with flag rules, where clang's debug location puts
/// it, and the rule's flag it spells ("" for none).
struct SpelledFlag {
  std::string FileName; ///< the file's name without its directory
  unsigned Line, Column;
  std::string Callee, Flag;
};
using SpelledFlags = std::vector<SpelledFlag>;

/// Lists the translation unit's spelled flags into Out once it is parsed (before code
/// generation runs its passes).
std::unique_ptr<clang::ASTConsumer>
makeSpelledFlagsCollector(clang::CompilerInstance &CI, std::shared_ptr<SpelledFlags> Out);

/// Has code generation track debug locations where the IR is analysed later, and
/// attach Table's flags at the start of its pass pipeline.
void carrySpelledFlagsIntoIR(clang::CompilerInstance &CI,
                             std::shared_ptr<const SpelledFlags> Table);

} // namespace copyintent::checker

#endif // COPYINTENT_CHECKER_FPLUGIN_SPELLEDFLAGS_H
