//===- IoOrderFlow.h - Is a copy into MMIO ordered before the doorbell? -*- C++ -*-===//
//
// A driver copies a descriptor or a packet into device memory (memcpy_toio into a
// write-combining BAR, __iowrite64_copy) and then rings the device with an MMIO
// write. writel() puts a barrier before its write; writel_relaxed() and __raw_writel()
// do not, and write-combining stores may then reach the device after the doorbell.
// This analysis follows every path of the copy's function (its clang CFG) from the
// copy to the first relaxed MMIO write not preceded by a barrier (wmb(), mb(),
// dma_wmb(), an inline-assembly fence, a TU function that contains one) or by an
// ordered MMIO write, which orders everything before it.
//
// Names are read as the code spells them: the outermost macro of the call that names
// an MMIO write or a barrier (arm64's writel() is a macro around a barrier and
// __raw_writel(); x86's writel_relaxed() one around __writel()), else the callee.
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_CHECKER_IOORDERFLOW_H
#define COPYINTENT_CHECKER_IOORDERFLOW_H

#include "ApiTable.h"
#include "FunctionCFGs.h"

#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/DenseMap.h"

#include <vector>

namespace copyintent::checker {

class IoOrderFlow {
public:
  explicit IoOrderFlow(clang::ASTContext &Ctx)
      : Ctx(Ctx), CFGs(FunctionCFGs::forContext(Ctx)) {}

  struct Doorbell {
    const clang::CallExpr *Write = nullptr;
    llvm::StringRef Name; ///< as spelled: writel_relaxed, __raw_writeq, ...
    MmioWriteOrder Order = MmioWriteOrder::NotAWrite;
  };
  /// The relaxed MMIO writes that some path from Copy (a call in F's body) reaches
  /// with no barrier and no ordered MMIO write on the way: the first on each path.
  std::vector<Doorbell> unorderedDoorbells(const clang::CallExpr *Copy,
                                           const clang::FunctionDecl *F);

  /// The name a call is spelled with: the outermost macro of its expansion that
  /// names an MMIO write or a barrier, else the callee's name (empty if none).
  llvm::StringRef spelledName(const clang::CallExpr *CE) const;

private:
  enum class Event { None, Orders, Doorbell };
  Event classify(const clang::Stmt *S, Doorbell &D);
  /// Whether calling F (defined in the TU) runs a barrier or an ordered MMIO write.
  bool orders(const clang::FunctionDecl *F, unsigned Depth);

  clang::ASTContext &Ctx;
  FunctionCFGs &CFGs;
  FunctionCFGs::EventMemo OrdersMemo;
};

} // namespace copyintent::checker

#endif // COPYINTENT_CHECKER_IOORDERFLOW_H
