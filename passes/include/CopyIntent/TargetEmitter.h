//===- TargetEmitter.h - Leaf instructions of a lowered copy ----*- C++ -*-===//
//
// The copy lowering (CopyLowering.h) builds the control flow a plan asks for and
// calls a TargetEmitter for each leaf: an ordinary copy, one non-temporal store, one
// line flush, one fence. Each target implements the leaves with its instructions; the
// model emitter turns them into calls of a recording runtime.
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_TARGETEMITTER_H
#define COPYINTENT_TARGETEMITTER_H

#include "CopyIntent/Plan.h"

#include "llvm/IR/IRBuilder.h"

#include <memory>

namespace copyintent {

class TargetEmitter {
public:
  virtual ~TargetEmitter();

  /// Copies Len (i64) bytes from Src to Dst with ordinary stores.
  virtual void cachedCopy(llvm::IRBuilder<> &B, llvm::Value *Dst, llvm::Value *Src,
                          llvm::Value *Len);
  /// One non-temporal store of Width bytes; Dst is aligned to Width, Src is not.
  virtual void ntStore(llvm::IRBuilder<> &B, llvm::Value *Dst, llvm::Value *Src,
                       unsigned Width);
  /// Count NT stores of Width bytes from consecutive Src to consecutive Dst; natively
  /// all loads first, then the stores, so the loads overlap (the unrolled body).
  virtual void ntStoreGroup(llvm::IRBuilder<> &B, llvm::Value *Dst, llvm::Value *Src,
                            unsigned Width, unsigned Count);
  /// Stores V (Width bytes, an integer or i64 vector) to Dst (aligned to Width) as
  /// one non-temporal store: by default an IR store with !nontemporal.
  virtual void storeNT(llvm::IRBuilder<> &B, llvm::Value *V, llvm::Value *Dst,
                       unsigned Width);
  /// Writes back the cache line that contains Line (Line is line-aligned).
  virtual void flushLine(llvm::IRBuilder<> &B, llvm::Value *Line, FlushKind K) = 0;
  virtual void fence(llvm::IRBuilder<> &B, FenceKind K) = 0;
  /// The flush granule as an i64; StaticSize == 0 asks for the run-time value.
  virtual llvm::Value *lineSize(llvm::IRBuilder<> &B, unsigned StaticSize);
};

/// Native emitters. Caps tells which instructions the function's features enable; a
/// flush forced beyond them is emitted in a form that needs no feature.
std::unique_ptr<TargetEmitter> createX86Emitter(const TargetCaps &Caps);
std::unique_ptr<TargetEmitter> createAArch64Emitter(const TargetCaps &Caps);
std::unique_ptr<TargetEmitter> createPPCEmitter(const TargetCaps &Caps);
std::unique_ptr<TargetEmitter> createRISCVEmitter(const TargetCaps &Caps);
/// The native emitter of Caps.TheArch, or null for an unknown target.
std::unique_ptr<TargetEmitter> createNativeEmitter(const TargetCaps &Caps);
/// Calls of the recording runtime (COPYINTENT_FN_MODEL_* of lowering_abi.h).
std::unique_ptr<TargetEmitter> createModelEmitter();

/// True when the function's features enable K (TargetCaps::Flushes lists it).
bool capsHaveFlush(const TargetCaps &Caps, FlushKind K);

/// Shared helper of the emitters: `call void asm sideeffect Asm, "r,~{memory}"(Ptr)`.
void emitPointerAsm(llvm::IRBuilder<> &B, llvm::StringRef Asm, llvm::Value *Ptr);
/// `call void asm sideeffect Asm, "~{memory}"()`.
void emitBareAsm(llvm::IRBuilder<> &B, llvm::StringRef Asm);

} // namespace copyintent

#endif // COPYINTENT_TARGETEMITTER_H
