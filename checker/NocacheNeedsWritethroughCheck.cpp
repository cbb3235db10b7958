//===- NocacheNeedsWritethroughCheck.cpp ----------------------------------===//

#include "NocacheNeedsWritethroughCheck.h"
#include "WriteBackFlow.h"

#include "clang/Lex/Lexer.h"

using namespace clang;
using namespace llvm;

namespace copyintent::checker {

void NocacheNeedsWritethroughCheck::checkCopyCall(const CopyCall &C) {
  if (C.Fn.Fam != Family::Nocache && C.Fn.Fam != Family::Libpmem)
    return;
  // Under eADR the caches are in the persistence domain: what a nocache copy leaves
  // in them is durable once visible, and the fence is publish-before-persist's matter.
  if (persistenceDomain() == PersistenceDomain::EADR)
    return;
  auto PMem = C.pmemDst();
  if (!PMem)
    return;
  const Expr *Dst = PMem->first;
  const Provenance &P = PMem->second;
  // Batching: copies that write nothing back, then one write-back covering them on
  // every path before anything drains (PMEM_F_MEM_NOFLUSH's documented use, and the
  // same with a nocache copy and flush_range / arch_wb_cache_pmem) are right. The
  // paths are built only for a copy that would otherwise be reported.
  auto Batched = [&] { return WriteBackFlow(C.Analysis).coveredOnEveryPath(C.Call, Dst); };
  if (C.Fn.Fam == Family::Libpmem) {
    checkLibpmemFlags(C, P, Batched);
    return;
  }
  if (Batched())
    return;

  std::string WhyNot;
  std::optional<StringRef> To = pickCounterpart(C.Fn.Writethrough, C.Ctx, WhyNot);
  std::optional<FixItHint> Fix;
  if (To)
    Fix = renameCallee(C.Call, *To, C.Ctx, WhyNot);
  {
    auto D = diag(C.Call->getBeginLoc(),
                  "%0 only avoids the cache, but its destination is persistent memory: "
                  "cached bytes may stay dirty, so a fence does not make them durable; "
                  "use %1")
             << C.Fn.Name
             << (To ? ("'" + *To + "'").str()
                    : std::string("a writethrough (flushcache) copy"));
    if (Fix)
      D << *Fix;
  }
  explain(Dst, P, MemKind::PMem, C.Ctx);
  if (!Fix)
    noFixNote(C.Call, !C.Fn.Advice.empty() ? C.Fn.Advice.str()
                      : To ? WhyNot
                           : "the writethrough counterpart of " + C.Fn.Name.str() + ": " +
                                 WhyNot);
}

/// pmem_memcpy(dst, src, n, PMEM_F_MEM_NOFLUSH) writes nothing back. With
/// PMEM_F_MEM_NODRAIN instead it is a writethrough copy (pmem_memcpy_nodrain).
void NocacheNeedsWritethroughCheck::checkLibpmemFlags(const CopyCall &C,
                                                      const Provenance &P,
                                                      function_ref<bool()> Batched) {
  if (C.Call->getNumArgs() < 4)
    return;
  const Expr *Flags = C.Call->getArg(3);
  CharSourceRange R = fileRange(Flags, C.Ctx);
  if (R.isInvalid())
    return;
  const SourceManager &SM = C.Ctx.getSourceManager();
  StringRef Text = Lexer::getSourceText(R, SM, C.Ctx.getLangOpts());
  // libpmem spells the flags PMEM_F_MEM_*, libpmem2 PMEM2_F_MEM_*.
  std::string Prefix = C.Fn.Name.starts_with("pmem2_") ? "PMEM2_F_MEM_" : "PMEM_F_MEM_";
  std::string NoFlush = Prefix + "NOFLUSH", NoDrain = Prefix + "NODRAIN";
  size_t At = Text.find(NoFlush);
  if (At == StringRef::npos || Batched())
    return;
  bool HasNodrain = Text.contains(NoDrain);
  {
    auto D = diag(C.Call->getBeginLoc(),
                  "%0 with %1 writes nothing back, but its destination is persistent "
                  "memory that must persist; use %2 (writethrough) and drain, or drop "
                  "the flag")
             << C.Fn.Name << NoFlush << NoDrain;
    // Only the flag token is replaced, and only where that is the whole change.
    if (!HasNodrain) {
      SourceLocation Begin = R.getBegin().getLocWithOffset(At);
      D << FixItHint::CreateReplacement(
          CharSourceRange::getCharRange(Begin, Begin.getLocWithOffset(NoFlush.size())),
          NoDrain);
    }
  }
  explain(C.dst(), P, MemKind::PMem, C.Ctx);
}

} // namespace copyintent::checker
