//===- MemorySources.h - The names that tell what memory is -----*- C++ -*-===//
//
// Every name the analyses know that says what kind of memory a pointer holds:
// allocators, page allocators and mappers, persistent-memory and MMIO mappers,
// mappings whose kind a flag decides, out-parameters that receive a mapping, the DAX
// methods that receive one, the C++ library's containers, the markings a declaration
// can carry, and the fence mnemonics of inline assembly. The copy and write-back
// functions are in ApiTable.h. No clang AST here: the checker, the IR analysis and
// the command share these tables.
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_CORE_MEMORYSOURCES_H
#define COPYINTENT_CORE_MEMORYSOURCES_H

#include "Intent.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace copyintent {

/// What a function's result says about memory.
enum class SourceRole {
  Allocator,     ///< ordinary memory: malloc, kmalloc, vmalloc, __get_free_pages, ...
  PageAllocator, ///< a struct page of ordinary memory: alloc_pages, ...
  PageMapper,    ///< maps its one struct page argument: the memory is the page's
  PMemMapper,    ///< persistent memory: pmem_map_file, pmem2_map_get_address, ...
  MMIOMapper,    ///< device memory: ioremap*, pci_iomap, io_mapping_map_wc, ...
};
/// The role of a function by name, if it has one. The kernel's `_noprof` variants
/// (6.10+: kmalloc() is a macro around kmalloc_noprof()) have their base name's role.
std::optional<SourceRole> sourceRole(llvm::StringRef Name);
/// What a call of a function with the role does, as the explanations say it after
/// "'name()' ": "returns persistent memory", "maps device memory (MMIO)", ... (the
/// page mapper's is "maps that page").
llvm::StringRef roleSays(SourceRole R);

/// A mapping call whose kind a flag macro decides: memremap(..., ARCH_MEMREMAP_PMEM),
/// mmap(..., MAP_SYNC, ...). Rules are tried in order; the first whose flag is spelled
/// in the call (in argument FlagsArg, or anywhere in it when FlagsArg < 0) applies.
struct MappingFlagRule {
  llvm::StringRef Function; ///< the function's name, or part of it (NameContains)
  bool NameContains;
  int FlagsArg;
  llvm::StringRef Flag;
  MemKind Kind;
  llvm::StringRef Says; ///< the note: "'<call>' <Says>"
  /// Where the macro is gone (IR): the flag's value in Linux's asm-generic
  /// mman-common.h and mman.h, which x86-64, arm64 and riscv64 use (other
  /// architectures differ), as (flags & GenericMask) == GenericValue; a zero mask:
  /// no value says it (ARCH_MEMREMAP_PMEM is MEMREMAP_WB's value, which ordinary
  /// remaps pass too).
  uint64_t GenericValue = 0;
  uint64_t GenericMask = 0;

  bool appliesTo(llvm::StringRef Callee) const {
    return NameContains ? Callee.contains(Function) : Callee == Function;
  }
  /// The explanation's step: "'memremap(..., ARCH_MEMREMAP_PMEM)' maps persistent
  /// memory".
  std::string says(llvm::StringRef Callee) const;
};
llvm::ArrayRef<MappingFlagRule> mappingFlagRules();

/// The instruction metadata with which clang -fplugin carries into IR the flag macro a
/// mapping call spells, which IR has only as a value: !{!"ARCH_MEMREMAP_PMEM"}
/// (checker/fplugin/SourceFacts.h writes it, passes/ reads it).
constexpr llvm::StringLiteral SpelledFlagMetadata = "copyintent.spelled-flag";
/// The named metadata with which clang -fplugin carries into IR the pointer
/// declarations whose written text holds a marking (sparse's __iomem, __user: empty
/// in a compile), one node each, !{what, scope, index, kind, name, marking, count}:
///   !{!"field", !"<struct>", i64 <byte offset in it>, ..., i64 0}
///   !{!"param", !"<function's symbol>", i64 <index>, ..., i64 <its parameters>}
///   !{!"global", !"", i64 0, ..., i64 0}   (name: the symbol)
///   !{!"local", !"<function's symbol>", i64 <line>, ..., i64 0}
/// kind is annotationOf() of the memory kind; marking the word written ("__iomem").
/// A parameter counts only where the IR function has as many parameters (the ABI
/// can split one, a pass can drop one, and the index would be another's).
constexpr llvm::StringLiteral MarkedDeclsMetadata = "copyintent.marked";

/// devm_memremap_pages() maps persistent memory when the TU sets its pgmap's type to
/// this enumerator (fs/dax's MEMORY_DEVICE_FS_DAX).
constexpr llvm::StringLiteral PgmapMapper = "devm_memremap_pages";
constexpr llvm::StringLiteral FsDaxPgmapType = "MEMORY_DEVICE_FS_DAX";

/// A function that stores a pointer of a known kind through an out-parameter
/// (dax_direct_access(..., &kaddr, ...), posix_memalign(&p, ...)), named by index or,
/// where the index changed across versions, by the parameter's name.
struct OutParamSource {
  llvm::StringRef Function;
  int Index; ///< -1: by ParamName
  llvm::StringRef ParamName;
  MemKind Kind;
  llvm::StringRef Says;
  /// Where names are gone (IR): the position counted from the end (1: the last),
  /// which stayed when the index moved; 0: by Index only.
  unsigned FromEnd = 0;
};
std::optional<OutParamSource> outParamSource(llvm::StringRef Function, unsigned Index,
                                             llvm::StringRef ParamName);
/// The same by position alone, for a call of NumArgs arguments.
std::optional<OutParamSource> outParamSourceAt(llvm::StringRef Function, unsigned Index,
                                               unsigned NumArgs);

/// The DAX write path's methods (struct dax_operations, 4.13-5.16) and copy helper:
/// their parameter DaxAddressParam is the kernel address of persistent memory.
bool isDaxMethodSlot(llvm::StringRef Record, llvm::StringRef Field);
bool isDaxCopyFunction(llvm::StringRef Name);
constexpr llvm::StringLiteral DaxAddressParam = "addr";

/// The C++ standard library (namespace std only): containers whose storage is heap
/// memory with the default allocator, containers that hold their elements inside the
/// object, the accessors that return the storage, heap factories, and the owning
/// pointer whose get() is what it was made from.
bool isStdHeapContainer(llvm::StringRef Record);
constexpr llvm::StringLiteral StdDefaultAllocator = "allocator";
bool isStdInlineContainer(llvm::StringRef Record);
bool isStdStorageAccessor(llvm::StringRef Method);
bool isStdHeapFactory(llvm::StringRef Function);
constexpr llvm::StringLiteral StdOwningPointer = "unique_ptr";
constexpr llvm::StringLiteral StdOwningPointerGet = "get";

/// Markings. Our header's annotate("...") names (copyintent/annotations.h), the macro
/// spellings recognised by default (the PmemAnnotations / MmioAnnotations /
/// UserAnnotations options replace them), sparse's address-space numbers and the
/// kernel's btf_type_tag names.
llvm::StringRef annotationOf(MemKind K);
constexpr llvm::StringLiteral DefaultPMemMarkings = "__pmem;COPYINTENT_PMEM";
constexpr llvm::StringLiteral DefaultMMIOMarkings = "__iomem;COPYINTENT_MMIO";
constexpr llvm::StringLiteral DefaultUserMarkings = "__user";
constexpr llvm::StringLiteral DefaultRAMMarkings = "COPYINTENT_RAM";
/// The default markings of K, one name each.
std::vector<std::string> defaultMarkings(MemKind K);
std::optional<unsigned> sparseAddressSpace(MemKind K);
llvm::StringRef btfTypeTag(MemKind K);

/// Calls whose arguments are never evaluated (__builtin_constant_p).
bool argumentsUnevaluated(llvm::StringRef Name);

/// Inline-assembly mnemonics that order prior stores (the kernel's wmb(): sfence,
/// mfence; dsb; sync; fence).
llvm::ArrayRef<llvm::StringRef> fenceMnemonics();
/// Those, and the ones that order stores for devices without waiting for them to
/// complete (arm64's dma_wmb(): dmb oshst; POWER's lwsync is a "sync" too).
llvm::ArrayRef<llvm::StringRef> ioOrderMnemonics();

} // namespace copyintent

#endif // COPYINTENT_CORE_MEMORYSOURCES_H
