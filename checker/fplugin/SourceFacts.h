//===- SourceFacts.h - What only the source shows, carried into IR -*- C++ -*-===//
//
// Two kinds of evidence the checker reads are gone from IR:
//  - the flag macro of a mapping call: memremap(..., ARCH_MEMREMAP_PMEM) maps
//    persistent memory by the macro's name, and its value is MEMREMAP_WB's, which
//    ordinary remaps pass too;
//  - sparse's markings of declarations (`void __iomem *base`, `char __user *buf`),
//    empty macros in a compile.
// Under -fplugin the frontend sees both. It lists the mapping calls that spell a flag
// of core's rules (by the checker's own test, spelledFlagRule()), and the fields,
// parameters, globals and locals whose written declaration holds a marking (core's
// defaultMarkings()). A pass at the start of the pipeline attaches them to the IR
// (core/MemorySources.h says how), where the IR analysis reads them: in this
// compilation (remarks, the rewrite), in the bitcode of -flto and at the LTO link.
//
// Calls are matched by file name, line, column and callee, which only debug locations
// give. A compilation without -g whose IR is analysed later (-flto, -emit-llvm, the
// rewrite) is made to track locations without emitting debug info, as clang does for
// -Rpass; a plain compile is left alone: nothing would read the facts. A location two
// calls share (one macro expansion) with different flags attaches nothing.
// Declarations are matched by name: the struct and the byte offset for a field, the
// function's symbol and the index for a parameter, the symbol for a global, and the
// function, name and line for a local (which needs -g).
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_CHECKER_FPLUGIN_SOURCEFACTS_H
#define COPYINTENT_CHECKER_FPLUGIN_SOURCEFACTS_H

#include "Intent.h"

#include <cstdint>
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

/// A declaration of a pointer whose written text holds a marking.
struct MarkedDecl {
  enum Kind { Field, Param, Global, Local } What;
  std::string Scope;  ///< the struct (Field), the function's symbol (Param, Local)
  std::string Name;   ///< the field, parameter, global's symbol or local
  uint64_t Index = 0; ///< the field's byte offset, the parameter's index, the line
  MemKind Memory;
  std::string Marking; ///< the word written: "__iomem"
  unsigned Count = 0;  ///< a parameter's function's number of parameters
};

struct SourceFacts {
  std::vector<SpelledFlag> Flags;
  std::vector<MarkedDecl> Marked;
};

/// Lists the translation unit's facts into Out once it is parsed (before code
/// generation runs its passes).
std::unique_ptr<clang::ASTConsumer>
makeSourceFactsCollector(clang::CompilerInstance &CI, std::shared_ptr<SourceFacts> Out);

/// Has code generation track debug locations where the IR is analysed later, and
/// attach Facts at the start of its pass pipeline.
void carrySourceFactsIntoIR(clang::CompilerInstance &CI,
                            std::shared_ptr<const SourceFacts> Facts);

} // namespace copyintent::checker

#endif // COPYINTENT_CHECKER_FPLUGIN_SOURCEFACTS_H
