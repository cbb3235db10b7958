//===- TargetCapsFromIR.cpp - What a function's target allows -------------===//
//
// Facts per target are from lowering-reference.md section (a) and (c).
//
//===----------------------------------------------------------------------===//

#include "CopyIntent/TargetCapsFromIR.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Module.h"
#include "llvm/TargetParser/Triple.h"

using namespace llvm;

namespace copyintent {

namespace {

/// The features of a "+a,-b,+c" list (a later entry overrides an earlier one).
class FeatureSet {
  SmallVector<StringRef, 64> On, Off;

public:
  explicit FeatureSet(StringRef List) {
    SmallVector<StringRef, 64> Items;
    List.split(Items, ',', -1, /*KeepEmpty=*/false);
    for (StringRef F : Items) {
      F = F.trim();
      if (F.consume_front("+")) {
        On.push_back(F);
        llvm::erase(Off, F);
      } else if (F.consume_front("-")) {
        llvm::erase(On, F);
        Off.push_back(F);
      }
    }
  }
  bool has(StringRef F) const { return llvm::is_contained(On, F); }
  /// Explicitly disabled. A baseline feature that the list does not mention is on:
  /// the backend takes it from the CPU (x86-64 always has SSE2).
  bool disabled(StringRef F) const { return llvm::is_contained(Off, F); }
  /// True when any of the names is enabled (an architecture version implies a
  /// feature only when clang did not expand it).
  bool hasAny(std::initializer_list<StringRef> Fs) const {
    return llvm::any_of(Fs, [&](StringRef F) { return has(F); });
  }
};

/// x86's write-backs, best first (CLFLUSH with SSE2, which both rows have here), and
/// SFENCE to drain them.
void addX86Flushes(const FeatureSet &FS, TargetCaps &C) {
  if (FS.has("clwb"))
    C.Flushes.push_back(FlushKind::Clwb);
  if (FS.has("clflushopt"))
    C.Flushes.push_back(FlushKind::Clflushopt);
  C.Flushes.push_back(FlushKind::Clflush);
  C.Drain = FenceKind::Sfence;
}

TargetCaps x86Caps(const FeatureSet &FS) {
  TargetCaps C;
  C.TheArch = Arch::X86_64;
  C.LineSize = 64;
  // SSE2 is baseline on x86-64 and so are MOVNTI, CLFLUSH and SFENCE: every x86-64
  // CPU executes them. What -mno-sse2 / -mgeneral-regs-only (the kernel's flags)
  // take away is the compiler's use of them: the backend turns a !nontemporal store
  // into a plain one and cannot select the SSE intrinsics. The emitter then spells
  // the instructions, which need no vector register, as inline assembly, the way the
  // kernel does; the NT body is movnti words as in the kernel's __memcpy_flushcache.
  bool SSE2 = !FS.disabled("sse2");
  C.NTVectorWidth = !SSE2 ? 8 : FS.has("avx512f") ? 64 : FS.has("avx") ? 32 : 16;
  C.NTStoresByAsm = !SSE2;
  C.FenceByAsm = FS.disabled("sse");
  C.NTBypassesCache = true;
  C.NTNeedsFence = true;
  // Four lines per iteration, loads before stores (the shape of PMDK's and Linux's
  // unrolled loops). No software prefetch: see CopyLowering's NT body.
  // Without vector registers a line is eight movnti words, and four lines of loads
  // before their stores would not fit in the general registers.
  C.NTUnroll = SSE2 ? 4 : 1;
  addX86Flushes(FS, C);
  C.FlushByAsm = !SSE2; // llvm.x86.sse2.clflush needs SSE2
  return C;
}

/// 32-bit x86: nothing is baseline. The function's features say what the CPU has;
/// without SSE2 it may have no CLFLUSH, so there is no write-back to lower to (the
/// pass warns and leaves the calls to the runtime, which asks CPUID).
TargetCaps i386Caps(const FeatureSet &FS) {
  TargetCaps C;
  C.TheArch = Arch::X86_32;
  C.LineSize = 64;
  // A flush or fence forced by a configuration word (the runtime's variants) is
  // spelled as inline assembly where the backend may not select it.
  C.FlushByAsm = !FS.has("sse2");
  C.FenceByAsm = !FS.has("sse");
  if (!FS.has("sse2"))
    return C; // no flush, no NT store, no fence that the CPU surely has
  C.NTVectorWidth = FS.has("avx512f") ? 64 : FS.has("avx") ? 32 : 16;
  C.NTBypassesCache = true;
  C.NTNeedsFence = true;
  C.NTUnroll = 4;
  addX86Flushes(FS, C);
  return C;
}

TargetCaps aarch64Caps(const FeatureSet &FS) {
  TargetCaps C;
  C.TheArch = Arch::AArch64;
  // The minimum D-cache line is read from CTR_EL0 at run time: stepping by a guessed
  // size larger than the real one would skip lines.
  C.LineSize = 0;
  C.NTVectorWidth = 32; // STNP of a Q-register pair
  if (FS.hasAny({"ccpp", "v8.2a", "v8.3a", "v8.4a", "v8.5a", "v8.6a", "v8.7a", "v8.8a",
                 "v8.9a", "v9a", "v9.1a", "v9.2a", "v9.3a", "v9.4a", "v9.5a", "v9.6a"}))
    C.Flushes.push_back(FlushKind::DcCvap);
  C.Flushes.push_back(FlushKind::DcCvac);
  C.Drain = FenceKind::DsbSy;
  return C;
}

TargetCaps ppcCaps(const FeatureSet &FS) {
  TargetCaps C;
  C.TheArch = Arch::PPC64;
  C.LineSize = 128;
  bool ISA31 = FS.has("isa-v31-instructions");
  if (ISA31)
    C.Flushes.push_back(FlushKind::Dcbstps);
  C.Flushes.push_back(FlushKind::Dcbf);
  C.Drain = ISA31 ? FenceKind::PhwSync : FenceKind::HwSync;
  return C;
}

TargetCaps riscvCaps(const FeatureSet &FS) {
  TargetCaps C;
  C.TheArch = Arch::RISCV64;
  // The Zicbom block size is the platform's (riscv_hwprobe, the device tree's
  // riscv,cbom-block-size): no feature names it. Stepping by a guessed 64 would skip
  // every other block of a 32-byte-block machine, so it is read at run time unless
  // -copyintent-line-size gives it.
  C.LineSize = 0;
  if (FS.has("zihintntl"))
    C.NTVectorWidth = 8; // ntl.all + sd
  if (FS.has("zicbom"))
    C.Flushes.push_back(FlushKind::CboClean);
  C.Drain = FenceKind::FenceOwOw;
  return C;
}

} // namespace

Arch archOf(const Triple &T) {
#define COPYINTENT_TARGET(A, Name, Caps, Emitter, Family, Levels, Advice, ...)           \
  for (Triple::ArchType Ty : {__VA_ARGS__})                                              \
    if (T.getArch() == Ty)                                                               \
      return Arch::A;
#include "CopyIntent/Targets.def"
  return Arch::Unknown;
}

TargetCaps capsFor(Arch A, StringRef Features) {
  FeatureSet FS(Features);
#define COPYINTENT_TARGET(Ar, Name, Caps, ...)                                           \
  if (A == Arch::Ar)                                                                     \
    return Caps(FS);
#include "CopyIntent/Targets.def"
  return TargetCaps();
}

const char *noFlushAdvice(Arch A) {
#define COPYINTENT_TARGET(Ar, Name, Caps, Emitter, Family, Levels, Advice, ...)          \
  if (A == Arch::Ar)                                                                     \
    return Advice;
#include "CopyIntent/Targets.def"
  return "";
}

TargetCaps capsForFunction(const Function &F) {
  StringRef Features = F.getFnAttribute("target-features").getValueAsString();
  return capsFor(archOf(F.getParent()->getTargetTriple()), Features);
}

} // namespace copyintent
