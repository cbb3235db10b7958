//===- ApiTable.h - The copy functions the checks know ----------*- C++ -*-===//
//
// One table of copy functions across API eras (the 2016 RFC names, Linux 4.13-5.16,
// Linux 5.17-6.x, Linux 7.0, libpmem, our own API): each function's family, intent,
// argument positions and counterparts. Every check reads it; none keeps a list of
// its own.
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_CORE_APITABLE_H
#define COPYINTENT_CORE_APITABLE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace copyintent {

/// Kernel API eras (user-space families coexist with every era).
enum class Era : unsigned {
  Rfc2016 = 1u << 0,  ///< Al Viro's RFC names (memcpy_nocache, memcpy_writethrough)
  Linux413 = 1u << 1, ///< 4.13-5.16: the _flushcache family
  Linux517 = 1u << 2, ///< 5.17-6.x: copy_from_iter_flushcache gone
  Linux70 = 1u << 3,  ///< 7.0: copy_to_nontemporal, copy_from_user_flushcache
  Linux42 = 1u << 4,  ///< 4.2-4.12: the pmem API (memcpy_to_pmem), no writethrough copy
};
constexpr unsigned AllEras = 0x1f;
constexpr unsigned From413 =
    unsigned(Era::Linux413) | unsigned(Era::Linux517) | unsigned(Era::Linux70);
constexpr unsigned From517 = unsigned(Era::Linux517) | unsigned(Era::Linux70);

/// Parses an ApiEra option value ("linux-4.2", "2016-rfc", "linux-4.13",
/// "linux-5.17", "linux-7.0"); "auto" gives std::nullopt with Ok set.
std::optional<Era> parseEra(llvm::StringRef Name, bool &Ok);
llvm::StringRef eraName(Era E);
/// The values ApiEra accepts, as prose: "auto, 2016-rfc, ... or linux-7.0".
std::string eraNamesForHumans();

/// How a translation unit shows its era: the names each era declares. The first
/// marker (newest era first) with one of AnyOf declared and Unless not declared
/// gives the era.
struct EraMarker {
  Era E;
  llvm::ArrayRef<llvm::StringRef> AnyOf;
  llvm::StringRef Unless;
};
llvm::ArrayRef<EraMarker> eraMarkers();

enum class Family {
  Plain,        ///< memcpy, memmove
  Nocache,      ///< cache avoidance only
  Writethrough, ///< no dirty line on return (flushcache)
  Persist,      ///< writethrough + drain
  ToIO,         ///< memcpy_toio
  UserCopy,     ///< user -> kernel copies without a cache intent
  Libpmem,      ///< pmem_memcpy(..., flags): intent from the flags
};
llvm::StringRef familyName(Family F);
/// What a copy of the family is, as a classification says it: "ordinary copy",
/// "cache-avoiding (nocache) copy", ...
llvm::StringRef familyIntent(Family F);

/// A rename candidate: Name is right in the eras of the mask.
struct Counterpart {
  llvm::StringRef Name;
  unsigned Eras;
};

struct CopyFunction {
  llvm::StringRef Name;
  Family Fam;
  int Dst;  ///< argument index of the destination, -1 if none
  int Src;  ///< argument index of the source
  int Size; ///< argument index of the size
  /// The source argument is a user pointer (__user).
  bool UserSource;
  /// The writethrough counterpart with the same arguments, by era (nocache family).
  llvm::ArrayRef<Counterpart> Writethrough;
  /// The nocache counterpart with the same arguments, by era (writethrough family).
  llvm::ArrayRef<Counterpart> Nocache;
  /// The kernel-pointer counterpart of a user-copy primitive, by era.
  llvm::ArrayRef<Counterpart> KernelNocache;
  /// Why there is no exact fix-it, when a counterpart exists but differs.
  llvm::StringRef Advice;
};

/// libpmem's pmem_memcpy / pmem_memmove and libpmem2's memcpy / memmove functions
/// take their intent from a flags argument (PMEM_F_MEM_* and PMEM2_F_MEM_* have the
/// same values, libpmem.h and libpmem2.h).
constexpr unsigned LibpmemFlagsArg = 3;
constexpr uint64_t LibpmemNoDrain = 1u << 0; ///< write back, no fence
constexpr uint64_t LibpmemNoFlush = 1u << 5; ///< write nothing back (implies NODRAIN)
/// The family a libpmem copy with these flags belongs to: nocache with NOFLUSH,
/// writethrough with NODRAIN, persist otherwise (the hints NONTEMPORAL, TEMPORAL, WC
/// and WB choose how, not whether, the data is written back).
Family libpmemFamily(uint64_t Flags);

/// The function named Name, or null.
const CopyFunction *lookupCopyFunction(llvm::StringRef Name);
/// Where a copy function without a destination argument (Dst < 0) copies to, as
/// explanations say it: skb_add_data_nocache(sk, skb, from, copy) writes the socket
/// buffer's data, ordinary memory.
constexpr llvm::StringLiteral ImplicitDestinationSays =
    "the destination is the socket buffer's data";
/// Every function of the table (for matchers).
llvm::ArrayRef<CopyFunction> allCopyFunctions();

/// A user-configured copy function (option ExtraCopyFunctions
/// "name=family:dst:src:size").
struct ExtraCopyFunction {
  std::string Name;
  Family Fam;
  int Dst, Src, Size;
};
/// Parses "name=family:dst:src:size;..." Returns false with Err set on a bad entry.
bool parseExtraCopyFunctions(llvm::StringRef Spec, std::vector<ExtraCopyFunction> &Out,
                             std::string &Err);

/// What a call does to persistent-memory data written before it (the batching
/// analysis and usage evidence).
enum class WriteBackKind {
  Other,
  Flush,   ///< writes lines back, no fence (pmem_flush, arch_wb_cache_pmem, clwb)
  Persist, ///< writes back, then drains (pmem_persist, pmem2 persist_fn)
  Drain,   ///< only the fence (pmem_drain, wmb) or a copy that ends with one
};
struct WriteBackFunction {
  WriteBackKind Kind = WriteBackKind::Other;
  /// Which argument is the pointer written back; -1 for none (a drain).
  int PointerArg = -1;
  /// Which argument is the length; -1 for none (one cache line: _mm_clwb).
  int LengthArg = -1;
  /// A call is evidence that its pointer is persistent memory. Not for the kernel's
  /// clflush() / clflushopt() / clwb(), which drivers use as much to make memory
  /// coherent with a device (drm_clflush_*()) as to write back persistent memory.
  bool UsageEvidence = true;
  /// Does more than a CPU write-back and a fence: pmem_msync() writes the page cache
  /// of a file that is not DAX; the deep variants and nvdimm_flush() also flush the
  /// memory controller's write-pending queue. Never redundant after a write-back.
  bool BeyondCpu = false;
};
/// The write-back vocabulary of the kernel, libpmem(obj), our API and the x86
/// intrinsics, by callee name.
WriteBackFunction writeBackFunction(llvm::StringRef Name);
/// The drain that does what is left of a persist call once its range is written
/// back: pmem_persist(p, n) -> pmem_drain(), pmemobj_persist(pop, p, n) ->
/// pmemobj_drain(pop). Name is "" when the API has none callable by name (libpmem2's
/// drain is a function pointer); KeepArg is the argument passed on, -1 for none.
struct PersistDrain {
  llvm::StringRef Name;
  int KeepArg = -1;
};
PersistDrain drainOfPersist(llvm::StringRef PersistName);
/// libpmem2's write-backs are called through pointers of these typedefs
/// (pmem2_persist_fn, pmem2_flush_fn, pmem2_drain_fn).
WriteBackFunction writeBackPointerType(llvm::StringRef TypedefName);
/// The function-pointer type a getter returns, where IR has only the getter's name:
/// libpmem2's pmem2_get_<x>_fn() returns a pmem2_<x>_fn. Empty for other names.
std::string functionTypeOfGetter(llvm::StringRef Getter);

/// Functions that compute an address from their arguments alone, with no effect
/// (pmemobj_direct(): an object id to a pointer): two calls with the same arguments
/// name the same bytes, and calling one again changes nothing.
bool isAddressTranslation(llvm::StringRef Name);

/// Calls that ask at run time whether the persistence domain holds the CPU caches
/// (eADR): libpmem's pmem_has_auto_flush() returns 1 then. Code branches on it to skip
/// the write-backs eADR makes unneeded; the branch where it is true is eADR.
bool isEadrQuery(llvm::StringRef Name);

/// The kernel's macros that export a symbol to modules (EXPORT_SYMBOL_GPL and kin):
/// an exported function has callers outside any compile database of the kernel.
bool isModuleExport(llvm::StringRef MacroName);

/// MMIO writes by how they order the stores before them (asm-generic/io.h,
/// Documentation/driver-api/device-io.rst): writel() and kin, and iowrite32() (the
/// same on every architecture), put a barrier first; the _relaxed forms and the
/// __raw_ ones (which also skip the byte swap) do not.
enum class MmioWriteOrder { NotAWrite, Ordered, Relaxed, Raw };
MmioWriteOrder mmioWriteOrder(llvm::StringRef Name);
/// The ordered accessor with the same arguments and byte order as a relaxed one
/// (writel_relaxed -> writel), or "".
llvm::StringRef orderedMmioWrite(llvm::StringRef Relaxed);
/// Barriers that order earlier stores, write-combining ones included, before later
/// MMIO writes: wmb(), mb(), dma_wmb() (what writel() itself uses on arm64),
/// __iowmb(), and the x86 fence intrinsics.
bool isIoWriteBarrier(llvm::StringRef Name);

/// The persistent-memory APIs whose drains (or persists) a program uses, and the
/// writethrough copy each has for a plain one: a plain copy followed by that API's
/// drain becomes durable when it is that copy instead (missing-writethrough's fix).
enum class PmemApi { None, Linux, Libpmem, CopyIntent, Lkml2016 };
/// The API of a drain or persist function or macro (pmem_drain, wmb, copyintent_drain).
PmemApi pmemApiOfDrain(llvm::StringRef Name);
/// The API's writethrough copy with the arguments of the plain copy PlainCopy
/// (memcpy, memmove), or "" when it has none.
llvm::StringRef writethroughCopyOf(PmemApi Api, llvm::StringRef PlainCopy);
/// The API's flush of a range (pointer, length) that its drain completes, for a store:
/// pmem_flush, arch_wb_cache_pmem, copyintent_flush; "" when it has none.
llvm::StringRef flushOf(PmemApi Api);

/// How a call, or the macro it is spelled with, orders x86 non-temporal stores made
/// before it (movnti, movntdq, vmovntdq: weakly ordered, Intel SDM vol. 3 8.2.2).
/// Only SFENCE, MFENCE and locked instructions order them before later stores; a
/// release store is a plain MOV on x86 and does not. Copies are judged by their
/// family (ntOrderOfCopy), atomics by their memory order (in the checker).
enum class NtOrder {
  Unrelated,
  NonTemporalStore, ///< makes non-temporal stores and no fence after them
  Orders,           ///< a fence or a locked instruction
  PlainRelease,     ///< a release x86 makes with a plain store (spin_unlock)
};
NtOrder ntOrder(llvm::StringRef Name);
/// A copy function of the table: writethrough copies from kernel memory end without
/// a fence (x86 memcpy_flushcache is movnti; libpmem's _nodrain), and so do libpmem
/// copies whose flags are NODRAIN or NOFLUSH (Fam: the family the flags give);
/// persist copies drain. Nocache copies end with SFENCE (the kernel's
/// __copy_user_nocache, copyintent_memcpy_nocache); user-source flushcache copies
/// too (they are __copy_user_nocache).
NtOrder ntOrderOfCopy(const CopyFunction &Fn, Family Fam);
/// Inline assembly: a non-temporal store mnemonic, a fence or a lock prefix (the
/// kernel's wmb() and smp_mb() are asm).
NtOrder ntOrderOfAsm(llvm::StringRef AsmText);

/// MMIO accessors (writel(v, addr), readl(addr), iowrite32, memcpy_toio, ...): the
/// index of their __iomem pointer argument, or -1 when Name is none of them.
int mmioAccessorPointerArg(llvm::StringRef Name);

} // namespace copyintent

#endif // COPYINTENT_CORE_APITABLE_H
