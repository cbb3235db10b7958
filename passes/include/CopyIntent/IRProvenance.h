//===- IRProvenance.h - What memory an IR pointer holds ---------*- C++ -*-===//
//
// The IR counterpart of the checker's provenance analysis: from a pointer value back
// to the evidence of what kind of memory it holds, through casts, GEPs, phis and
// selects, loads of variables and struct fields (every store of the module into the
// same global, the same field of the same struct type, the same local), arguments of
// functions whose callers are all in the module, and returned values. The evidence
// is the vocabulary of core/: mapping and allocating functions by name
// (MemorySources.h), the markings of copyintent/annotations.h as clang emits them
// (llvm.global.annotations, llvm.var.annotation, llvm.ptr.annotation) and sparse's
// address spaces, plus what IR knows for sure (an alloca is the stack, a global
// object is static memory). What nothing shows stays unknown.
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_IRPROVENANCE_H
#define COPYINTENT_IRPROVENANCE_H

#include "Intent.h"
#include "MemorySources.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace copyintent {

/// One step of an explanation, in IR terms: "'journal' is marked copyintent_pmem".
struct IRStep {
  std::string Text;
  const llvm::Instruction *At = nullptr; ///< where it happens, if an instruction
};

/// The kinds of memory a pointer may hold, and for each the chain of steps from the
/// pointer to the evidence (the evidence last).
struct IRProv {
  unsigned Kinds = 0;
  std::array<std::vector<IRStep>, NumMemKinds> Why;

  static IRProv unknown();
  static IRProv of(MemKind K, IRStep Evidence);
  bool has(MemKind K) const { return Kinds & (1u << unsigned(K)); }
  bool only(MemKind K) const { return Kinds == (1u << unsigned(K)); }
  bool empty() const { return Kinds == 0; }
  /// Adds what O says, each chain behind Step (when Step has text).
  void merge(const IRProv &O, const IRStep &Step = {});
  /// The most specific kind with evidence: persistent memory, MMIO, user, ordinary.
  MemKind shown() const;
};

class IRProvenance {
public:
  explicit IRProvenance(const llvm::Module &M);

  /// What the pointer V may point into.
  IRProv pointerOf(const llvm::Value *V);
  /// The function-pointer type (libpmem2's pmem2_memcpy_fn, ...) an indirect call's
  /// callee comes from: a getter's result, directly or through a variable or field
  /// it was stored in. Empty when nothing shows it.
  std::string functionTypeOf(const llvm::Value *Callee, unsigned Depth = 0) const;
  /// A call's callee for messages: its name, or the type of the pointer it calls.
  std::string calleeName(const llvm::CallBase &CB) const;
  /// Whether the last pointerOf() stopped at a bound (MaxDepth or MaxStepsPerQuery):
  /// then what lies beyond is unknown, and the site says so.
  bool limitHit() const { return LimitHit; }

  /// Bounds: values followed per query, and the depth of one chain.
  static constexpr unsigned MaxDepth = 24;
  static constexpr unsigned MaxStepsPerQuery = 4096;

private:
  IRProv eval(const llvm::Value *V, unsigned Depth);
  IRProv ofCall(const llvm::CallBase &CB, unsigned Depth);
  /// What a function with a source role gives (Call: "'name()' ", At: where; Page:
  /// a page mapper's page argument, if known).
  IRProv ofRole(SourceRole Role, const std::string &Call, const llvm::Instruction &At,
                const llvm::Value *Page, unsigned Depth);
  /// I as the result of an inlined function with a source role, if it is one.
  std::optional<IRProv> ofInlinedSource(const llvm::Instruction &I, unsigned Depth);
  IRProv ofLoad(const llvm::LoadInst &LI, unsigned Depth);
  IRProv ofArgument(const llvm::Argument &A, unsigned Depth);
  /// The values stored into Slot (a global, a field key, an alloca) anywhere.
  IRProv ofStored(llvm::ArrayRef<const llvm::StoreInst *> Stores, const std::string &Into,
                  unsigned Depth);
  std::optional<MemKind> markingOf(const llvm::Value *V) const;
  /// What the code does with an otherwise unknown pointer: one it writes back with
  /// pmem_persist() / arch_wb_cache_pmem() is persistent memory, one it hands to
  /// writel() is MMIO (the checker's usage evidence). For an argument, or a value
  /// loaded from a variable or field.
  IRProv orUsage(const llvm::Value *V, IRProv P) const;
  /// The key usage is recorded under: the argument, global or alloca a pointer is
  /// computed from (through GEPs and casts), or the field it is loaded from.
  static std::optional<std::pair<const void *, uint64_t>> usageKey(const llvm::Value *V);

  const llvm::Module &M;
  /// llvm.global.annotations: globals and functions marked with our annotations.
  llvm::DenseMap<const llvm::Value *, MemKind> Marked;
  /// Declarations clang -fplugin saw marked (core's MarkedDeclsMetadata), by
  /// markedKey(): their kind and the explanation.
  struct DeclMarking {
    MemKind Kind;
    std::string Says;
  };
  std::map<std::string, DeclMarking> MarkedDecls;
  static std::string markedKey(llvm::StringRef What, llvm::StringRef Scope,
                               uint64_t Index, llvm::StringRef Name);
  const DeclMarking *markedDecl(llvm::StringRef What, llvm::StringRef Scope,
                                uint64_t Index, llvm::StringRef Name = "") const;
  /// V as a local variable declared with a marking (by its debug-info variable).
  const DeclMarking *markedLocal(const llvm::Value *V) const;
  /// The stores of pointers into each global, each struct field (type, index), each
  /// alloca.
  llvm::DenseMap<const llvm::Value *, llvm::SmallVector<const llvm::StoreInst *, 2>>
      StoresInto;
  llvm::DenseMap<std::pair<const void *, uint64_t>,
                 llvm::SmallVector<const llvm::StoreInst *, 2>>
      FieldStores;
  /// The calls of each defined function (all uses are calls: its callers are known).
  llvm::DenseMap<const llvm::Function *, llvm::SmallVector<const llvm::CallBase *, 4>>
      CallersOf;
  /// Usage evidence by usageKey(): the calls and the kind each shows.
  llvm::DenseMap<std::pair<const void *, uint64_t>,
                 llvm::SmallVector<std::pair<const llvm::CallBase *, MemKind>, 2>>
      UsedAs;
  llvm::DenseMap<const llvm::Value *, IRProv> Memo;
  llvm::DenseMap<const llvm::Value *, bool> InProgress;
  unsigned Steps = 0;
  bool LimitHit = false;
};

/// The struct field a load or store accesses, as a key and a name: at -O1 and above
/// its TBAA access tag (base type, offset: "field at offset 8 of 'ring'"), without
/// TBAA a GEP of a struct type with constant indices 0, N ("field 1 of
/// 'struct.ring'").
struct FieldKey {
  std::pair<const void *, uint64_t> Key;
  std::string Name;
  /// The struct by name (its TBAA type name: C's tag, C++'s _ZTS and mangled name;
  /// else its debug-info or IR name), and the field's byte offset in it; empty when
  /// the struct has no name.
  std::string Struct;
  uint64_t Offset = 0;
};
std::optional<FieldKey> fieldAccessed(const llvm::Instruction &LoadOrStore);

/// The value of parameter Arg (0-based) of the function inlined at Frame (a location
/// in its scope), as the debug info's variable records of that inlined call say it;
/// null if none does.
const llvm::Value *inlinedArgument(const llvm::Function &F, const llvm::DILocation *Frame,
                                   unsigned Arg);

/// A value's name for explanations: its IR name, a global's name, or "a value".
std::string irName(const llvm::Value *V);

} // namespace copyintent

#endif // COPYINTENT_IRPROVENANCE_H
