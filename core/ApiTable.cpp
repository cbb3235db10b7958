//===- ApiTable.cpp - The copy functions the checks know ------------------===//
//
// Names and eras are from kernel-api-names.md (commits 0aed55af8834, e17f7a0bc4da,
// d187a86de793, 5de7bcaadf16, 809b997a5ce9) and PMDK's man pages.
//
//===----------------------------------------------------------------------===//

#include "ApiTable.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSwitch.h"

using namespace llvm;

namespace copyintent {

namespace {

constexpr unsigned E2016 = unsigned(Era::Rfc2016);
constexpr unsigned E413 = unsigned(Era::Linux413);
constexpr unsigned E70 = unsigned(Era::Linux70);

// --- counterparts, by era ------------------------------------------------------
// Our own API and the 2016 RFC share the short names memcpy_nocache /
// memcpy_writethrough; the kernel named the writethrough copy memcpy_flushcache.
const Counterpart WtOfMemcpyNocache[] = {{"memcpy_writethrough", E2016},
                                         {"memcpy_flushcache", From413}};
const Counterpart WtOfOurs[] = {{"copyintent_memcpy_writethrough", AllEras}};
const Counterpart WtOfMemcpyToPmem[] = {{"memcpy_writethrough", E2016},
                                        {"memcpy_flushcache", From413}};
const Counterpart WtOfCopyFromIterNocache[] = {{"copy_from_iter_writethrough", E2016},
                                               {"copy_from_iter_flushcache", E413},
                                               {"_copy_from_iter_flushcache", From517}};
const Counterpart WtOfUnderscoreCopyFromIterNocache[] = {
    {"_copy_from_iter_flushcache", From413}};
const Counterpart WtOfInatomicNocache[] = {
    {"__copy_from_user_inatomic_writethrough", E2016},
    {"__copy_from_user_flushcache", E413 | unsigned(Era::Linux517)},
    {"copy_from_user_flushcache", E70}};
const Counterpart WtOfInatomicNontemporal[] = {{"copy_from_user_flushcache", E70}};
const Counterpart WtOfCopyToNontemporal[] = {{"memcpy_flushcache", E70}};

const Counterpart NcOfMemcpyWritethrough[] = {{"memcpy_nocache", E2016}};
const Counterpart NcOfOurs[] = {{"copyintent_memcpy_nocache", AllEras}};
// Linux has no portable kernel-pointer nocache copy (7.0's copy_to_nontemporal is
// x86-64 only, behind #ifdef): into ordinary memory the exact replacement that builds
// everywhere is memcpy.
const Counterpart NcOfMemcpyFlushcache[] = {{"memcpy", From413}};
const Counterpart NcOfCopyFromIterWt[] = {{"copy_from_iter_nocache", AllEras}};
const Counterpart NcOfUnderscoreCopyFromIterFc[] = {{"_copy_from_iter_nocache", From413}};
// The in-atomic user copies without access checks, twins but for the cache policy.
const Counterpart NcOfInatomicWt[] = {{"__copy_from_user_inatomic_nocache", E2016}};
const Counterpart NcOfUserFlushcache[] = {
    {"__copy_from_user_inatomic_nocache", E413 | unsigned(Era::Linux517)}};

// User-copy primitives abused for kernel-to-kernel copies (the rdmavt / hfi1 pattern).
const Counterpart KernelNcOfUserNocache[] = {{"memcpy_nocache", E2016},
                                             {"copy_to_nontemporal", E70}};

// 7.0's copy_from_user_flushcache() masks the user address; the in-atomic nocache
// copy leaves that to its caller. Not the same function with another cache policy.
const char UserNocacheAdvice[] =
    "since 7.0 it masks the user address; its nocache twin, "
    "copy_from_user_inatomic_nontemporal(), leaves that to the caller: choose it by "
    "hand";

#define ARGS(d, s, n) d, s, n
const CopyFunction Table[] = {
    // Plain.
    {"memcpy", Family::Plain, ARGS(0, 1, 2), false, {}, {}, {}, ""},
    {"memmove", Family::Plain, ARGS(0, 1, 2), false, {}, {}, {}, ""},
    {"__builtin_memcpy", Family::Plain, ARGS(0, 1, 2), false, {}, {}, {}, ""},
    {"__builtin_memmove", Family::Plain, ARGS(0, 1, 2), false, {}, {}, {}, ""},
    // A fill is a copy without a source: the same intents.
    {"memset", Family::Plain, ARGS(0, -1, 2), false, {}, {}, {}, ""},
    {"__builtin_memset", Family::Plain, ARGS(0, -1, 2), false, {}, {}, {}, ""},
    // Nocache, kernel pointers.
    {"memcpy_nocache",
     Family::Nocache,
     ARGS(0, 1, 2),
     false,
     WtOfMemcpyNocache,
     {},
     {},
     ""},
    {"copy_to_nontemporal",
     Family::Nocache,
     ARGS(0, 1, 2),
     false,
     WtOfCopyToNontemporal,
     {},
     {},
     ""},
    {"memcpy_to_pmem",
     Family::Nocache,
     ARGS(0, 1, 2),
     false,
     WtOfMemcpyToPmem,
     {},
     {},
     ""},
    {"copyintent_memcpy_nocache",
     Family::Nocache,
     ARGS(0, 1, 2),
     false,
     WtOfOurs,
     {},
     {},
     ""},
    // Nocache, iov_iter (source is the iterator).
    {"copy_from_iter_nocache",
     Family::Nocache,
     ARGS(0, 2, 1),
     false,
     WtOfCopyFromIterNocache,
     {},
     {},
     ""},
    {"_copy_from_iter_nocache",
     Family::Nocache,
     ARGS(0, 2, 1),
     false,
     WtOfUnderscoreCopyFromIterNocache,
     {},
     {},
     ""},
    {"copy_from_iter_full_nocache",
     Family::Nocache,
     ARGS(0, 2, 1),
     false,
     {},
     {},
     {},
     "it has no writethrough twin: use _copy_from_iter_flushcache() and check that it "
     "copied every byte"},
    {"skb_add_data_nocache", Family::Nocache, ARGS(-1, 1, 2), false, {}, {}, {}, ""},
    // Nocache, user pointers.
    {"__copy_from_user_inatomic_nocache",
     Family::Nocache,
     ARGS(0, 1, 2),
     true,
     WtOfInatomicNocache,
     {},
     KernelNcOfUserNocache,
     ""},
    {"copy_from_user_inatomic_nontemporal",
     Family::Nocache,
     ARGS(0, 1, 2),
     true,
     WtOfInatomicNontemporal,
     {},
     KernelNcOfUserNocache,
     ""},
    {"__copy_user_nocache",
     Family::Nocache,
     ARGS(0, 1, 2),
     true,
     {},
     {},
     KernelNcOfUserNocache,
     "__copy_user_flushcache() takes no zerorest argument; call it with the first "
     "three arguments"},
    // Writethrough.
    {"memcpy_writethrough",
     Family::Writethrough,
     ARGS(0, 1, 2),
     false,
     {},
     NcOfMemcpyWritethrough,
     {},
     ""},
    {"copyintent_memcpy_writethrough",
     Family::Writethrough,
     ARGS(0, 1, 2),
     false,
     {},
     NcOfOurs,
     {},
     ""},
    {"memcpy_flushcache",
     Family::Writethrough,
     ARGS(0, 1, 2),
     false,
     {},
     NcOfMemcpyFlushcache,
     {},
     ""},
    {"copy_from_iter_writethrough",
     Family::Writethrough,
     ARGS(0, 2, 1),
     false,
     {},
     NcOfCopyFromIterWt,
     {},
     ""},
    {"copy_from_iter_flushcache",
     Family::Writethrough,
     ARGS(0, 2, 1),
     false,
     {},
     NcOfCopyFromIterWt,
     {},
     ""},
    {"_copy_from_iter_flushcache",
     Family::Writethrough,
     ARGS(0, 2, 1),
     false,
     {},
     NcOfUnderscoreCopyFromIterFc,
     {},
     ""},
    {"__copy_from_user_inatomic_writethrough",
     Family::Writethrough,
     ARGS(0, 1, 2),
     true,
     {},
     NcOfInatomicWt,
     {},
     ""},
    {"__copy_from_user_flushcache",
     Family::Writethrough,
     ARGS(0, 1, 2),
     true,
     {},
     NcOfUserFlushcache,
     {},
     ""},
    {"copy_from_user_flushcache",
     Family::Writethrough,
     ARGS(0, 1, 2),
     true,
     {},
     {},
     {},
     UserNocacheAdvice},
    {"__copy_user_flushcache", Family::Writethrough, ARGS(0, 1, 2), true, {}, {}, {}, ""},
    // x86-64's out-of-line memcpy_flushcache(): asm/string_64.h's always-inline
    // memcpy_flushcache() calls it for every size but 4, 8 and 16, so IR has this name.
    {"__memcpy_flushcache", Family::Writethrough, ARGS(0, 1, 2), false, {}, {}, {}, ""},
    // dax_copy_from_iter(dax_dev, pgoff, addr, bytes, i): the driver's writethrough copy.
    {"dax_copy_from_iter", Family::Writethrough, ARGS(2, 4, 3), false, {}, {}, {}, ""},
    {"pmem_memcpy_nodrain", Family::Writethrough, ARGS(0, 1, 2), false, {}, {}, {}, ""},
    {"pmem_memmove_nodrain", Family::Writethrough, ARGS(0, 1, 2), false, {}, {}, {}, ""},
    {"pmem_memset_nodrain", Family::Writethrough, ARGS(0, -1, 2), false, {}, {}, {}, ""},
    // Persist.
    {"copyintent_memcpy_persist", Family::Persist, ARGS(0, 1, 2), false, {}, {}, {}, ""},
    {"memcpy_persist", Family::Persist, ARGS(0, 1, 2), false, {}, {}, {}, ""},
    {"pmem_memcpy_persist", Family::Persist, ARGS(0, 1, 2), false, {}, {}, {}, ""},
    {"pmem_memmove_persist", Family::Persist, ARGS(0, 1, 2), false, {}, {}, {}, ""},
    {"pmem_memset_persist", Family::Persist, ARGS(0, -1, 2), false, {}, {}, {}, ""},
    // MMIO.
    {"memcpy_toio", Family::ToIO, ARGS(0, 1, 2), false, {}, {}, {}, ""},
    {"__iowrite32_copy", Family::ToIO, ARGS(0, 1, 2), false, {}, {}, {}, ""},
    {"__iowrite64_copy", Family::ToIO, ARGS(0, 1, 2), false, {}, {}, {}, ""},
    {"memset_io", Family::ToIO, ARGS(0, -1, 2), false, {}, {}, {}, ""},
    // User copies without a cache intent.
    {"copy_from_user", Family::UserCopy, ARGS(0, 1, 2), true, {}, {}, {}, ""},
    {"__copy_from_user", Family::UserCopy, ARGS(0, 1, 2), true, {}, {}, {}, ""},
    {"__copy_from_user_inatomic", Family::UserCopy, ARGS(0, 1, 2), true, {}, {}, {}, ""},
    {"copy_from_iter", Family::UserCopy, ARGS(0, 2, 1), false, {}, {}, {}, ""},
    {"_copy_from_iter", Family::UserCopy, ARGS(0, 2, 1), false, {}, {}, {}, ""},
    // libpmem: the intent is in the flags (PMEM_F_MEM_NOFLUSH: no write-back at all).
    {"pmem_memcpy", Family::Libpmem, ARGS(0, 1, 2), false, {}, {}, {}, ""},
    {"pmem_memmove", Family::Libpmem, ARGS(0, 1, 2), false, {}, {}, {}, ""},
    {"pmem_memset", Family::Libpmem, ARGS(0, -1, 2), false, {}, {}, {}, ""},
    // libpmem2 copies are called through function pointers of these types.
    {"pmem2_memcpy_fn", Family::Libpmem, ARGS(0, 1, 2), false, {}, {}, {}, ""},
    {"pmem2_memmove_fn", Family::Libpmem, ARGS(0, 1, 2), false, {}, {}, {}, ""},
    {"pmem2_memset_fn", Family::Libpmem, ARGS(0, -1, 2), false, {}, {}, {}, ""},
};
#undef ARGS

} // namespace

/// Every era, oldest first: what ApiEra accepts besides auto, and what its error
/// lists.
static constexpr Era EraOrder[] = {Era::Rfc2016, Era::Linux42, Era::Linux413,
                                   Era::Linux517, Era::Linux70};

std::optional<Era> parseEra(StringRef Name, bool &Ok) {
  Ok = true;
  if (Name == "auto")
    return std::nullopt;
  for (Era E : EraOrder)
    if (eraName(E) == Name)
      return E;
  Ok = false;
  return std::nullopt;
}

std::string eraNamesForHumans() {
  std::string Out = "auto";
  for (size_t I = 0; I < std::size(EraOrder); ++I)
    Out += (I + 1 == std::size(EraOrder) ? " or " : ", ") + eraName(EraOrder[I]).str();
  return Out;
}

StringRef eraName(Era E) {
  switch (E) {
  case Era::Rfc2016:
    return "2016-rfc";
  case Era::Linux413:
    return "linux-4.13";
  case Era::Linux517:
    return "linux-5.17";
  case Era::Linux70:
    return "linux-7.0";
  case Era::Linux42:
    return "linux-4.2";
  }
  return "?";
}

ArrayRef<EraMarker> eraMarkers() {
  static const StringRef Names70[] = {"copy_to_nontemporal", "copy_from_user_flushcache",
                                      "copy_from_user_inatomic_nontemporal"};
  // 5.17 renamed copy_from_iter_flushcache to _copy_from_iter_flushcache.
  static const StringRef Names517[] = {"_copy_from_iter_flushcache"};
  static const StringRef Names413[] = {"memcpy_flushcache", "copy_from_iter_flushcache",
                                       "__copy_from_user_flushcache"};
  static const StringRef Names2016[] = {"memcpy_writethrough",
                                        "copy_from_iter_writethrough",
                                        "__copy_from_user_inatomic_writethrough"};
  // The v4.2-4.12 pmem API, before any writethrough copy existed.
  static const StringRef Names42[] = {"memcpy_to_pmem"};
  static const EraMarker Markers[] = {
      {Era::Linux70, Names70, ""},
      {Era::Linux517, Names517, "copy_from_iter_flushcache"},
      {Era::Linux413, Names413, ""},
      {Era::Rfc2016, Names2016, ""},
      {Era::Linux42, Names42, ""},
  };
  return Markers;
}

StringRef familyIntent(Family F) {
  switch (F) {
  case Family::Plain:
    return "ordinary copy";
  case Family::Nocache:
    return "cache-avoiding (nocache) copy";
  case Family::Writethrough:
    return "writethrough copy (no dirty line on return)";
  case Family::Persist:
    return "persist copy (writethrough and fence)";
  case Family::ToIO:
    return "MMIO copy";
  case Family::UserCopy:
    return "user-to-kernel copy";
  case Family::Libpmem:
    return "libpmem copy (intent from its flags)";
  }
  return "copy";
}

StringRef familyName(Family F) {
  switch (F) {
  case Family::Plain:
    return "plain";
  case Family::Nocache:
    return "nocache";
  case Family::Writethrough:
    return "writethrough";
  case Family::Persist:
    return "persist";
  case Family::ToIO:
    return "toio";
  case Family::UserCopy:
    return "user-copy";
  case Family::Libpmem:
    return "libpmem";
  }
  return "?";
}

Family libpmemFamily(uint64_t Flags) {
  if (Flags & LibpmemNoFlush)
    return Family::Nocache;
  if (Flags & LibpmemNoDrain)
    return Family::Writethrough;
  return Family::Persist;
}

const CopyFunction *lookupCopyFunction(StringRef Name) {
  // Asked for every call of every translation unit: a hash lookup.
  static const StringMap<const CopyFunction *> ByName = [] {
    StringMap<const CopyFunction *> M;
    for (const CopyFunction &F : Table)
      M[F.Name] = &F;
    return M;
  }();
  return ByName.lookup(Name);
}

ArrayRef<CopyFunction> allCopyFunctions() { return Table; }

bool parseExtraCopyFunctions(StringRef Spec, std::vector<ExtraCopyFunction> &Out,
                             std::string &Err) {
  SmallVector<StringRef, 8> Entries;
  Spec.split(Entries, ';', -1, /*KeepEmpty=*/false);
  for (StringRef Entry : Entries) {
    Entry = Entry.trim();
    auto [Name, Rest] = Entry.split('=');
    SmallVector<StringRef, 4> Parts;
    Rest.split(Parts, ':');
    std::optional<Family> F =
        StringSwitch<std::optional<Family>>(Parts.empty() ? "" : Parts[0].trim())
            .Case("plain", Family::Plain)
            .Case("nocache", Family::Nocache)
            .Case("writethrough", Family::Writethrough)
            .Case("persist", Family::Persist)
            .Case("toio", Family::ToIO)
            .Case("user-copy", Family::UserCopy)
            .Default(std::nullopt);
    int Idx[3] = {0, 1, 2};
    bool Bad = Name.trim().empty() || !F || (Parts.size() != 1 && Parts.size() != 4);
    for (unsigned I = 1; !Bad && I < Parts.size(); ++I)
      Bad = Parts[I].trim().getAsInteger(10, Idx[I - 1]) || Idx[I - 1] < 0;
    if (Bad) {
      Err = ("'" + Entry.str() +
             "': expected name=family or name=family:dst:src:size with "
             "family plain, nocache, writethrough, persist, toio or user-copy");
      return false;
    }
    Out.push_back({Name.trim().str(), *F, Idx[0], Idx[1], Idx[2]});
  }
  return true;
}

WriteBackFunction writeBackFunction(StringRef N) {
  using K = WriteBackKind;
  return StringSwitch<WriteBackFunction>(N)
      .Cases({"pmem_flush", "copyintent_flush", "flush_range"}, {K::Flush, 0, 1})
      .Case("pmem_deep_flush", {K::Flush, 0, 1, true, /*BeyondCpu=*/true})
      .Cases({"arch_wb_cache_pmem", "clean_cache_range"}, {K::Flush, 0, 1})
      .Cases({"_mm_clwb", "_mm_clflushopt", "_mm_clflush"}, {K::Flush, 0, -1})
      // The same, as the IR names them (the intrinsics header inlines _mm_clwb()).
      .Cases({"llvm.x86.clwb", "llvm.x86.clflushopt", "llvm.x86.sse2.clflush"},
             {K::Flush, 0, -1})
      // arch/x86/include/asm/special_insns.h: one line each.
      .Cases({"clwb", "clflushopt", "clflush"}, {K::Flush, 0, -1, /*UsageEvidence=*/false})
      .Case("pmem_persist", {K::Persist, 0, 1})
      .Cases({"pmem_msync", "pmem_deep_persist"}, {K::Persist, 0, 1, true, /*BeyondCpu=*/true})
      .Case("pmemobj_persist", {K::Persist, 1, 2})
      .Case("pmemobj_flush", {K::Flush, 1, 2})
      .Case("pmemobj_drain", {K::Drain, -1})
      .Cases({"pmem_drain", "copyintent_drain", "drain", "wmb", "pmem_wmb", "_mm_sfence"},
             {K::Drain, -1})
      // Flushes the memory controller's write-pending queue; generic_nvdimm_flush()
      // and the arch versions start with wmb().
      .Case("nvdimm_flush", {K::Drain, -1, -1, true, /*BeyondCpu=*/true})
      .Cases({"copyintent_memcpy_persist", "memcpy_persist", "pmem_memcpy_persist",
              "pmem_memmove_persist", "pmem_memset_persist"},
             {K::Drain, -1})
      .Default({});
}

PersistDrain drainOfPersist(StringRef N) {
  return StringSwitch<PersistDrain>(N)
      .Case("pmem_persist", {"pmem_drain", -1})
      .Case("pmemobj_persist", {"pmemobj_drain", 0})
      .Default({});
}

WriteBackFunction writeBackPointerType(StringRef N) {
  using K = WriteBackKind;
  return StringSwitch<WriteBackFunction>(N)
      .Case("pmem2_persist_fn", {K::Persist, 0, 1})
      .Case("pmem2_flush_fn", {K::Flush, 0, 1})
      .Case("pmem2_drain_fn", {K::Drain, -1})
      .Default({});
}

std::string functionTypeOfGetter(StringRef Getter) {
  if (!Getter.consume_front("pmem2_get_") || !Getter.ends_with("_fn") || Getter.size() <= 3)
    return "";
  return ("pmem2_" + Getter).str();
}

bool isAddressTranslation(StringRef N) { return N == "pmemobj_direct"; }

bool isEadrQuery(StringRef N) { return N == "pmem_has_auto_flush"; }

bool isModuleExport(StringRef N) {
  return is_contained({"EXPORT_SYMBOL", "EXPORT_SYMBOL_GPL", "EXPORT_SYMBOL_NS",
                       "EXPORT_SYMBOL_NS_GPL", "EXPORT_SYMBOL_FOR_MODULES",
                       "EXPORT_SYMBOL_GPL_FOR_MODULES", "EXPORT_SYMBOL_FOR_TESTS_ONLY"},
                      N);
}

MmioWriteOrder mmioWriteOrder(StringRef N) {
  using O = MmioWriteOrder;
  return StringSwitch<O>(N)
      .Cases({"writeb", "writew", "writel", "writeq"}, O::Ordered)
      .Cases({"iowrite8", "iowrite16", "iowrite32", "iowrite64"}, O::Ordered)
      .Cases({"iowrite16be", "iowrite32be", "iowrite64be"}, O::Ordered)
      .Cases({"writeb_relaxed", "writew_relaxed", "writel_relaxed", "writeq_relaxed"},
             O::Relaxed)
      .Cases({"__raw_writeb", "__raw_writew", "__raw_writel", "__raw_writeq"}, O::Raw)
      .Default(O::NotAWrite);
}

StringRef orderedMmioWrite(StringRef Relaxed) {
  return mmioWriteOrder(Relaxed) == MmioWriteOrder::Relaxed
             ? Relaxed.drop_back(StringRef("_relaxed").size())
             : StringRef();
}

bool isIoWriteBarrier(StringRef N) {
  return is_contained({"wmb", "mb", "dma_wmb", "__iowmb", "_mm_sfence", "_mm_mfence"}, N);
}

PmemApi pmemApiOfDrain(StringRef N) {
  return StringSwitch<PmemApi>(N)
      .Cases({"pmem_drain", "pmem_persist", "pmem_msync", "pmem_deep_persist",
              "pmem_memcpy_persist", "pmem_memmove_persist", "pmem_memset_persist"},
             PmemApi::Libpmem)
      .Cases({"wmb", "pmem_wmb", "nvdimm_flush"}, PmemApi::Linux)
      .Cases({"copyintent_drain", "copyintent_memcpy_persist"}, PmemApi::CopyIntent)
      .Cases({"drain", "memcpy_persist"}, PmemApi::Lkml2016)
      .Default(PmemApi::None);
}

StringRef writethroughCopyOf(PmemApi Api, StringRef PlainCopy) {
  bool Move = PlainCopy.ends_with("memmove");
  // Only libpmem has a writethrough fill.
  if (PlainCopy.ends_with("memset"))
    return Api == PmemApi::Libpmem ? "pmem_memset_nodrain" : "";
  switch (Api) {
  case PmemApi::Libpmem:
    return Move ? "pmem_memmove_nodrain" : "pmem_memcpy_nodrain";
  case PmemApi::Linux:
    return Move ? "" : "memcpy_flushcache";
  case PmemApi::CopyIntent:
    return Move ? "" : "copyintent_memcpy_writethrough";
  case PmemApi::Lkml2016:
    return Move ? "" : "memcpy_writethrough";
  case PmemApi::None:
    break;
  }
  return "";
}

StringRef flushOf(PmemApi Api) {
  switch (Api) {
  case PmemApi::Libpmem:
    return "pmem_flush";
  case PmemApi::Linux:
    return "arch_wb_cache_pmem";
  case PmemApi::CopyIntent:
    return "copyintent_flush";
  case PmemApi::Lkml2016:
  case PmemApi::None:
    break;
  }
  return "";
}

NtOrder ntOrder(StringRef N) {
  using O = NtOrder;
  // The x86 intrinsics of non-temporal stores (xmmintrin.h .. avx512fintrin.h), but not
  // _mm_stream_load_si128 (MOVNTDQA, a load).
  for (StringRef Prefix : {"_mm_stream_", "_mm256_stream_", "_mm512_stream_"})
    if (N.starts_with(Prefix) && !N.contains("load"))
      return O::NonTemporalStore;
  // Sema names the __sync builtins by operand size (__sync_lock_release_4).
  if (N.starts_with("__sync_lock_release"))
    return O::PlainRelease;
  switch (writeBackFunction(N).Kind) {
  case WriteBackKind::Drain:
  case WriteBackKind::Persist:
    return O::Orders;
  case WriteBackKind::Flush:
  case WriteBackKind::Other:
    break;
  }
  return StringSwitch<O>(N)
      .Cases({"__builtin_nontemporal_store", "__builtin_ia32_movnti",
              "__builtin_ia32_movnti64", "__builtin_ia32_movntq"},
             O::NonTemporalStore)
      .Cases({"mb", "smp_mb", "__smp_mb", "virt_mb", "_mm_mfence", "__builtin_ia32_sfence",
              "__builtin_ia32_mfence", "smp_store_mb"},
             O::Orders)
      // Locked on x86: the lock word is taken with LOCK CMPXCHG, a mutex released
      // with one, a reader count dropped with LOCK XADD.
      .Cases({"spin_lock", "spin_lock_irq", "spin_lock_irqsave", "spin_lock_bh",
              "raw_spin_lock", "raw_spin_lock_irq", "raw_spin_lock_irqsave",
              "raw_spin_lock_bh", "spin_trylock", "read_lock", "write_lock",
              "read_unlock"},
             O::Orders)
      .Cases({"mutex_lock", "mutex_lock_interruptible", "mutex_lock_killable",
              "mutex_trylock", "mutex_unlock", "down_read", "down_write", "up_read",
              "up_write", "down", "up"},
             O::Orders)
      .Cases({"pthread_mutex_lock", "pthread_mutex_unlock", "pthread_mutex_trylock",
              "pthread_spin_lock", "pthread_spin_trylock", "sem_post", "sem_wait"},
             O::Orders)
      // A release is a plain MOV: the queued spinlock's byte, the writer byte of a
      // queued rwlock, glibc's pthread spinlock, __sync_lock_release.
      .Cases({"spin_unlock", "spin_unlock_irq", "spin_unlock_irqrestore",
              "spin_unlock_bh", "raw_spin_unlock", "raw_spin_unlock_irq",
              "raw_spin_unlock_irqrestore", "raw_spin_unlock_bh", "arch_spin_unlock",
              "queued_spin_unlock", "write_unlock", "write_unlock_irq",
              "write_unlock_irqrestore", "write_unlock_bh"},
             O::PlainRelease)
      .Cases({"smp_store_release", "atomic_set_release", "atomic64_set_release",
              "atomic_long_set_release", "smp_wmb", "pthread_spin_unlock",
              "__sync_lock_release"},
             O::PlainRelease)
      .Default(O::Unrelated);
}

NtOrder ntOrderOfCopy(const CopyFunction &Fn, Family Fam) {
  switch (Fam) {
  case Family::Persist:
    return NtOrder::Orders;
  case Family::Writethrough:
    return Fn.UserSource ? NtOrder::Unrelated : NtOrder::NonTemporalStore;
  case Family::Nocache:
    // Only libpmem's NOFLUSH leaves its non-temporal stores unfenced.
    return Fn.Fam == Family::Libpmem ? NtOrder::NonTemporalStore : NtOrder::Unrelated;
  default:
    return NtOrder::Unrelated;
  }
}

NtOrder ntOrderOfAsm(StringRef Text) {
  bool Stores = false;
  // The words of the template: mnemonics, prefixes, operands.
  while (!Text.empty()) {
    Text = Text.drop_until([](char C) { return isAlnum(C) || C == '_'; });
    StringRef W = Text.take_while([](char C) { return isAlnum(C) || C == '_'; });
    Text = Text.drop_front(W.size());
    // SSE2/AVX non-temporal stores; MOVNTDQA is a load. A suffix (movntiq, movntil)
    // is the operand size.
    if (W.starts_with("movnt") || W.starts_with("vmovnt"))
      Stores |= !W.ends_with("dqa");
    else if (W == "sfence" || W == "mfence" || W == "lock" || W.starts_with("xchg") ||
             W == "cpuid" || W == "serialize")
      return NtOrder::Orders;
  }
  return Stores ? NtOrder::NonTemporalStore : NtOrder::Unrelated;
}

int mmioAccessorPointerArg(StringRef N) {
  return StringSwitch<int>(N)
      .Cases({"writeb", "writew", "writel", "writeq"}, 1)
      .Cases({"writeb_relaxed", "writew_relaxed", "writel_relaxed", "writeq_relaxed"}, 1)
      .Cases({"iowrite8", "iowrite16", "iowrite32", "iowrite64"}, 1)
      .Cases({"readb", "readw", "readl", "readq"}, 0)
      .Cases({"readb_relaxed", "readw_relaxed", "readl_relaxed", "readq_relaxed"}, 0)
      .Cases({"ioread8", "ioread16", "ioread32", "ioread64"}, 0)
      .Cases({"memset_io", "memcpy_toio"}, 0)
      .Case("memcpy_fromio", 1)
      .Default(-1);
}

} // namespace copyintent
