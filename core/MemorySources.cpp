//===- MemorySources.cpp - The names that tell what memory is -------------===//
//
// Kernel names are from Linux 4.2-7.0 (include/linux/slab.h, gfp.h, io.h, highmem.h,
// dax.h, memremap.h, skbuff.h); user-space names from PMDK's and glibc's manuals.
//
//===----------------------------------------------------------------------===//

#include "MemorySources.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"

using namespace llvm;

namespace copyintent {

namespace {

struct NamedRole {
  StringRef Name;
  SourceRole Role;
};

constexpr NamedRole Roles[] = {
    // C and POSIX allocators.
    {"malloc", SourceRole::Allocator},
    {"calloc", SourceRole::Allocator},
    {"realloc", SourceRole::Allocator},
    {"aligned_alloc", SourceRole::Allocator},
    {"valloc", SourceRole::Allocator},
    {"memalign", SourceRole::Allocator},
    {"pvalloc", SourceRole::Allocator},
    {"strdup", SourceRole::Allocator},
    {"strndup", SourceRole::Allocator},
    {"alloca", SourceRole::Allocator},
    {"__builtin_alloca", SourceRole::Allocator},
    // The kernel's allocators.
    {"kmalloc", SourceRole::Allocator},
    {"kzalloc", SourceRole::Allocator},
    {"kcalloc", SourceRole::Allocator},
    {"kmalloc_array", SourceRole::Allocator},
    {"krealloc", SourceRole::Allocator},
    {"kmalloc_node", SourceRole::Allocator},
    {"kzalloc_node", SourceRole::Allocator},
    {"kvmalloc", SourceRole::Allocator},
    {"kvzalloc", SourceRole::Allocator},
    {"kvcalloc", SourceRole::Allocator},
    {"kvmalloc_array", SourceRole::Allocator},
    {"vmalloc", SourceRole::Allocator},
    {"vzalloc", SourceRole::Allocator},
    {"vmalloc_user", SourceRole::Allocator},
    {"vmalloc_node", SourceRole::Allocator},
    {"kmem_cache_alloc", SourceRole::Allocator},
    {"kmem_cache_zalloc", SourceRole::Allocator},
    // What the kernel's inline kmalloc(), kzalloc() and friends call (6.1), the only
    // names left in IR.
    {"__kmalloc", SourceRole::Allocator},
    {"__kmalloc_node", SourceRole::Allocator},
    {"__kmalloc_node_track_caller", SourceRole::Allocator},
    {"kmalloc_trace", SourceRole::Allocator},
    {"kmalloc_node_trace", SourceRole::Allocator},
    {"kmalloc_large", SourceRole::Allocator},
    {"kmalloc_large_node", SourceRole::Allocator},
    {"kmem_cache_alloc_lru", SourceRole::Allocator},
    {"kmem_cache_alloc_node", SourceRole::Allocator},
    {"kvmalloc_node", SourceRole::Allocator},
    {"__vmalloc", SourceRole::Allocator},
    {"__vmalloc_node", SourceRole::Allocator},
    {"page_address", SourceRole::Allocator},
    {"alloc_pages_exact", SourceRole::Allocator},
    {"devm_kmalloc", SourceRole::Allocator},
    {"devm_kzalloc", SourceRole::Allocator},
    {"devm_kcalloc", SourceRole::Allocator},
    {"kmemdup", SourceRole::Allocator},
    {"dma_alloc_coherent", SourceRole::Allocator},
    // The page allocator's addresses (unsigned long, cast back).
    {"__get_free_pages", SourceRole::Allocator},
    {"__get_free_page", SourceRole::Allocator},
    {"get_zeroed_page", SourceRole::Allocator},
    // The linear data of a socket buffer.
    {"skb_put", SourceRole::Allocator},
    {"__skb_put", SourceRole::Allocator},
    {"skb_put_zero", SourceRole::Allocator},
    {"skb_push", SourceRole::Allocator},
    {"__skb_push", SourceRole::Allocator},
    // struct page of ordinary memory, and the kernel mappings of a page.
    {"alloc_pages", SourceRole::PageAllocator},
    {"alloc_page", SourceRole::PageAllocator},
    {"alloc_pages_node", SourceRole::PageAllocator},
    {"__alloc_pages", SourceRole::PageAllocator},
    {"alloc_pages_exact_nid", SourceRole::PageAllocator},
    {"dev_alloc_pages", SourceRole::PageAllocator},
    {"dev_alloc_page", SourceRole::PageAllocator},
    {"kmap", SourceRole::PageMapper},
    {"kmap_local_page", SourceRole::PageMapper},
    {"kmap_atomic", SourceRole::PageMapper},
    {"kmap_local_page_try_from_panic", SourceRole::PageMapper},
    // Persistent memory: libpmem, libpmem2, libpmemobj.
    {"pmem_map_file", SourceRole::PMemMapper},
    {"pmem2_map_get_address", SourceRole::PMemMapper},
    {"pmemobj_direct", SourceRole::PMemMapper},
    {"pmemobj_direct_inline", SourceRole::PMemMapper},
    // MMIO besides the ioremap family (below).
    {"pci_iomap", SourceRole::MMIOMapper},
    {"pci_iomap_wc", SourceRole::MMIOMapper},
    {"pci_iomap_range", SourceRole::MMIOMapper},
    {"pcim_iomap", SourceRole::MMIOMapper},
    {"of_iomap", SourceRole::MMIOMapper},
    {"devm_of_iomap", SourceRole::MMIOMapper},
    {"devm_platform_ioremap_resource", SourceRole::MMIOMapper},
    {"devm_platform_get_and_ioremap_resource", SourceRole::MMIOMapper},
    {"io_mapping_map_atomic_wc", SourceRole::MMIOMapper},
    {"io_mapping_map_wc", SourceRole::MMIOMapper},
    {"io_mapping_map_local_wc", SourceRole::MMIOMapper},
    {"ioport_map", SourceRole::MMIOMapper},
};

/// Every function with "ioremap" in its name maps device memory (ioremap, ioremap_wc,
/// devm_ioremap_resource, devm_nvdimm_ioremap, ...).
constexpr StringLiteral MMIOMapperPart = "ioremap";

constexpr MappingFlagRule FlagRules[] = {
    // memremap, devm_memremap, devm_nvdimm_memremap, ... with the pmem flag.
    {"memremap", true, -1, "ARCH_MEMREMAP_PMEM", MemKind::PMem, "maps persistent memory"},
    {"mmap", false, 3, "MAP_SYNC", MemKind::PMem,
     "maps a file on a DAX file system (persistent memory)", 0x80000, 0x80000},
    {"mmap64", false, 3, "MAP_SYNC", MemKind::PMem,
     "maps a file on a DAX file system (persistent memory)", 0x80000, 0x80000},
    {"mmap", false, 3, "MAP_ANONYMOUS", MemKind::RAM, "maps anonymous memory", 0x20, 0x20},
    {"mmap64", false, 3, "MAP_ANONYMOUS", MemKind::RAM, "maps anonymous memory", 0x20,
     0x20},
    {"mmap", false, 3, "MAP_ANON", MemKind::RAM, "maps anonymous memory"},
    {"mmap64", false, 3, "MAP_ANON", MemKind::RAM, "maps anonymous memory"},
    // Written pages of a private mapping are copies in RAM, never the file's pages
    // (by value: the mapping type, MAP_TYPE = 0x0f, is MAP_PRIVATE).
    {"mmap", false, 3, "MAP_PRIVATE", MemKind::RAM,
     "gives private copy-on-write pages: what is written is ordinary memory", 0x02, 0x0f},
    {"mmap64", false, 3, "MAP_PRIVATE", MemKind::RAM,
     "gives private copy-on-write pages: what is written is ordinary memory", 0x02, 0x0f},
};

constexpr OutParamSource OutParams[] = {
    // The kaddr argument moved between versions: named, not numbered.
    // (..., &kaddr, &pfn) in every version: second to last.
    {"dax_direct_access", -1, "kaddr", MemKind::PMem,
     "stores the kernel address of persistent memory through 'kaddr'", 2},
    {"posix_memalign", 0, "", MemKind::RAM, "allocates ordinary memory"},
};

} // namespace

std::string MappingFlagRule::says(StringRef Callee) const {
  std::string Call =
      FlagsArg < 0 ? "(..., " + Flag.str() + ")" : "(..., " + Flag.str() + ", ...)";
  return "'" + Callee.str() + Call + "' " + Says.str();
}

StringRef roleSays(SourceRole R) {
  switch (R) {
  case SourceRole::Allocator:
    return "allocates ordinary memory";
  case SourceRole::PageAllocator:
    return "allocates pages of ordinary memory";
  case SourceRole::PageMapper:
    return "maps that page";
  case SourceRole::PMemMapper:
    return "returns persistent memory";
  case SourceRole::MMIOMapper:
    return "maps device memory (MMIO)";
  }
  return "";
}

std::optional<SourceRole> sourceRole(StringRef Name) {
  static const StringMap<SourceRole> ByName = [] {
    StringMap<SourceRole> M;
    for (const NamedRole &R : Roles)
      M[R.Name] = R.Role;
    return M;
  }();
  Name.consume_back("_noprof");
  auto It = ByName.find(Name);
  if (It != ByName.end())
    return It->second;
  if (Name.contains(MMIOMapperPart))
    return SourceRole::MMIOMapper;
  return std::nullopt;
}

ArrayRef<MappingFlagRule> mappingFlagRules() { return FlagRules; }

std::optional<OutParamSource> outParamSource(StringRef Function, unsigned Index,
                                             StringRef ParamName) {
  for (const OutParamSource &S : OutParams)
    if (S.Function == Function &&
        (S.Index >= 0 ? unsigned(S.Index) == Index : S.ParamName == ParamName))
      return S;
  return std::nullopt;
}

std::optional<OutParamSource> outParamSourceAt(StringRef Function, unsigned Index,
                                               unsigned NumArgs) {
  for (const OutParamSource &S : OutParams)
    if (S.Function == Function &&
        (S.Index >= 0 ? unsigned(S.Index) == Index
                      : S.FromEnd && Index + S.FromEnd == NumArgs))
      return S;
  return std::nullopt;
}

bool isDaxMethodSlot(StringRef Record, StringRef Field) {
  return Record == "dax_operations" &&
         is_contained({"copy_from_iter", "copy_to_iter", "recovery_write"}, Field);
}

bool isDaxCopyFunction(StringRef Name) { return Name == "dax_copy_from_iter"; }

bool isStdHeapContainer(StringRef Record) {
  return is_contained({"vector", "basic_string"}, Record);
}
bool isStdInlineContainer(StringRef Record) { return Record == "array"; }
bool isStdStorageAccessor(StringRef Method) {
  return is_contained({"data", "c_str", "front", "back"}, Method);
}
bool isStdHeapFactory(StringRef Function) {
  return is_contained({"make_unique", "make_shared"}, Function);
}

StringRef annotationOf(MemKind K) {
  switch (K) {
  case MemKind::PMem:
    return "copyintent_pmem";
  case MemKind::MMIO:
    return "copyintent_mmio";
  case MemKind::User:
    return "copyintent_user";
  case MemKind::RAM:
    return "copyintent_ram";
  case MemKind::Unknown:
    break;
  }
  return "";
}

std::vector<std::string> defaultMarkings(MemKind K) {
  StringRef All;
  switch (K) {
  case MemKind::PMem:
    All = DefaultPMemMarkings;
    break;
  case MemKind::MMIO:
    All = DefaultMMIOMarkings;
    break;
  case MemKind::User:
    All = DefaultUserMarkings;
    break;
  case MemKind::RAM:
    All = DefaultRAMMarkings;
    break;
  case MemKind::Unknown:
    break;
  }
  SmallVector<StringRef, 2> Parts;
  All.split(Parts, ';', -1, /*KeepEmpty=*/false);
  return std::vector<std::string>(Parts.begin(), Parts.end());
}

std::optional<unsigned> sparseAddressSpace(MemKind K) {
  // include/linux/compiler_types.h under __CHECKER__: __user 1, __iomem 2, __pmem 5.
  switch (K) {
  case MemKind::User:
    return 1;
  case MemKind::MMIO:
    return 2;
  case MemKind::PMem:
    return 5;
  default:
    return std::nullopt;
  }
}

StringRef btfTypeTag(MemKind K) {
  switch (K) {
  case MemKind::User:
    return "user";
  case MemKind::MMIO:
    return "iomem";
  case MemKind::PMem:
    return "pmem";
  default:
    return "";
  }
}

bool argumentsUnevaluated(StringRef Name) { return Name == "__builtin_constant_p"; }

ArrayRef<StringRef> fenceMnemonics() {
  static const StringRef Mnemonics[] = {"sfence", "mfence", "dsb", "sync", "fence"};
  return Mnemonics;
}

ArrayRef<StringRef> ioOrderMnemonics() {
  static const StringRef Mnemonics[] = {"sfence", "mfence", "dsb",
                                        "dmb",    "sync",   "fence"};
  return Mnemonics;
}

} // namespace copyintent
