//===- WriteBackFlow.h - Is a copy written back before a drain? -*- C++ -*-===//
//
// The batching idiom of persistent-memory code: copies that write nothing back
// (nocache, PMEM_F_MEM_NOFLUSH) into persistent memory, then one write-back (a flush
// or persist call) that covers them all, then the drain. That is correct, and faster
// than a writethrough per copy. This analysis follows every path of the copy's
// function (its clang CFG) from the copy and says whether each one reaches a covering
// write-back before it reaches a drain (a drain, a persist of something else, or a
// call of a function of the TU that drains, a store into other persistent memory,
// which publishes) or the function's end. Reaching the end
// of a static function carries on after each of its calls in the callers, where the
// destination is a parameter.
//
// "Covers" is decided without range arithmetic: the write-back's pointer starts from
// the same object as the copy's destination (same root declaration) or from the same
// persistent-memory mapping (same origin of the provenance chain), and the two do not
// name different fields of one object (&item->hdr does not cover item->value).
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_CHECKER_WRITEBACKFLOW_H
#define COPYINTENT_CHECKER_WRITEBACKFLOW_H

#include "ApiTable.h"
#include "FunctionCFGs.h"
#include "Provenance.h"

#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"

#include <memory>

namespace copyintent::checker {

/// The write-back table's entry for a call: by callee name, or by the typedef of the
/// function pointer it calls through (libpmem2's persist_fn).
WriteBackFunction writeBackOf(const clang::CallExpr *CE);
/// The lvalue a store writes, without the kernel's volatile access wrapper
/// (WRITE_ONCE(x, v) is `*(volatile typeof(x) *)&(x) = v`).
const clang::Expr *storedLValue(const clang::Expr *LHS);
/// The lvalue an assignment, increment or atomic store writes; null for any other
/// statement.
const clang::Expr *storedTarget(const clang::Stmt *S);
/// The pointer through which an lvalue is stored: `log->hdr->tail` -> log->hdr,
/// `*p` -> p; null for a variable.
const clang::Expr *storedThrough(const clang::Expr *LHS);
/// The parameter whose pointed-to range an address starts at: p, p + off, (char *)p,
/// &p[i]; not a field reached through it (&p->hdr->tail is another object's range).
const clang::ParmVarDecl *paramAddressOf(const clang::Expr *E);
/// A barrier written as inline assembly (the kernel's wmb(): sfence / dsb / sync /
/// fence).
bool isFenceAsm(const clang::GCCAsmStmt *Asm);

class WriteBackFlow {
public:
  explicit WriteBackFlow(ProvenanceAnalysis &A)
      : A(A), CFGs(FunctionCFGs::forContext(A.context())) {}

  /// Whether every path from Copy (a call in a function body) reaches a write-back
  /// covering Dst before any drain and before the function's end.
  bool coveredOnEveryPath(const clang::CallExpr *Copy, const clang::Expr *Dst);

  /// A path on which a copy's range is never written back, with the evidence that
  /// it was meant to be durable (missing-writethrough).
  struct Uncovered {
    /// A drain (or a persist of something else) that the path passes before it
    /// reaches the end of the function: the code fences as if the data were durable.
    const clang::Stmt *Drain = nullptr;
    /// Where the copy's function is a static helper and the destination its
    /// parameter: the call in a caller from which the range stays unwritten, and that
    /// caller's drain (Drain then lies in the caller).
    const clang::CallExpr *Caller = nullptr;
    /// A write-back of the range on another path of the copy's function, if any:
    /// then a writethrough copy is not the fix (it would make that one redundant).
    const clang::Stmt *CoveredElsewhere = nullptr;
  };
  /// Some path from Copy on which the range at Dst is never written back and that
  /// passes a drain, in its function or, for a static helper whose destination is a
  /// parameter, in a caller after the call. Paths that reach the end of a function
  /// whose callers are unknown without a drain say nothing: a caller may write back.
  std::optional<Uncovered> uncoveredPath(const clang::CallExpr *Copy,
                                         const clang::Expr *Dst, unsigned Depth = 0);
  /// The same from any statement of F that writes at Dst (a store: Dst is the lvalue).
  std::optional<Uncovered> uncoveredPath(const clang::Stmt *Write,
                                         const clang::FunctionDecl *F,
                                         const clang::Expr *Dst, unsigned Depth = 0);

  /// What a copy leaves to do before its data is persistent.
  enum class Pending { WriteBackAndDrain, Drain };
  /// By family (Fam: the call's, TableFam: its table entry's), where the domain is
  /// ADR and where it is eADR (nullopt: nothing left). Persist copies are done; MMIO
  /// and user copies are not persistent-memory writes (nullopt). Under eADR a cached
  /// copy is durable once visible, and only non-temporal stores without their fence
  /// leave work: a writethrough copy's, libpmem's with NOFLUSH (a kernel or
  /// copyintent nocache copy ends with its fence).
  struct CopyPending {
    Pending UnderAdr;
    std::optional<Pending> UnderEadr;
  };
  static std::optional<CopyPending> pendingOf(Family Fam, Family TableFam);
  /// A store that publishes a copy's data before the data is persistent.
  struct EarlyPublish {
    const clang::Stmt *Store = nullptr; ///< an assignment or an increment
    /// The covering write-back met on the way, if any (then only the drain is missing).
    const clang::Stmt *WriteBack = nullptr;
    /// A drain met on the way while the data was not yet written back.
    const clang::Stmt *UselessDrain = nullptr;
    /// The last branch on the path, and which way it went.
    const clang::Stmt *Branch = nullptr;
    bool BranchTaken = false;
    /// Where the copy is in a static helper: the call in the publishing caller,
    /// after which the data is still not persistent.
    const clang::CallExpr *Via = nullptr;
  };
  /// The stores on some path from Copy (within its function) that publish the copy's
  /// data while the data is not persistent: a store into persistent memory of
  /// another field of the same object, of a pointer to the data, or of an index that
  /// the data's address uses. A fixed point over (block, pending) pairs: loops
  /// converge and no path is enumerated.
  /// A static helper whose destination is its parameter goes on in its callers after
  /// the call (Depth: how many callers up).
  /// UnderEadr: what the copy leaves to do on paths where the code has asked that the
  /// domain is eADR (pmem_has_auto_flush()): nothing for a cached copy, the drain for
  /// non-temporal stores.
  /// AtReturn: also (and then only within the function) what is left to do on some
  /// path that returns; nullopt when the data is persistent on every path.
  std::vector<EarlyPublish>
  publishBeforePersist(const clang::CallExpr *Copy, const clang::Expr *Dst, Pending Start,
                       std::optional<Pending> UnderEadr, unsigned Depth = 0,
                       std::optional<Pending> *AtReturn = nullptr) {
    return walkPublishes(Copy, A.enclosingFunction(Copy), Dst, DataShape::Copied, Start,
                         UnderEadr, Depth, AtReturn);
  }
  /// The same for the bytes a store (in F, into persistent memory) wrote at the lvalue
  /// Target: they need a write-back and a drain (under eADR nothing). A number in a
  /// field (a flag, a sequence number) publishes stored data only where the function
  /// also writes that field back on its own: otherwise two field stores are two
  /// pieces of data (a header set field by field, then persisted whole).
  /// Nothing is asked of a store that nothing could publish (mayBePublished()), not
  /// even whether it goes into persistent memory (PersistentDst, asked after).
  std::vector<EarlyPublish>
  storePublishedEarly(const clang::Stmt *Store, const clang::FunctionDecl *F,
                      const clang::Expr *Target,
                      llvm::function_ref<bool()> PersistentDst) {
    if (!mayBePublished(Store, F, Target, DataShape::Stored) || !PersistentDst())
      return {};
    return walkPublishes(Store, F, Target, DataShape::Stored, Pending::WriteBackAndDrain,
                         std::nullopt, 0, nullptr);
  }
  /// The stores through memory of F's body (assignments, increments and atomic
  /// stores whose lvalue is not a variable), in source order.
  llvm::ArrayRef<const clang::Stmt *> storesOf(const clang::FunctionDecl *F);
  /// What a copy into the range a parameter points to leaves to do when its function
  /// returns, on some path: the summary "leaves parameter N unpersisted".
  std::optional<Pending> pendingAtReturn(const clang::CallExpr *Copy,
                                         const clang::Expr *Dst, Pending Start,
                                         std::optional<Pending> UnderEadr) {
    std::optional<Pending> Left;
    publishBeforePersist(Copy, Dst, Start, UnderEadr, 0, &Left);
    return Left;
  }

  /// Whether S (in F) runs only on paths where the code has asked that the
  /// persistence domain is eADR (the pmem_has_auto_flush() side of a branch).
  bool onlyUnderEadr(const clang::Stmt *S, const clang::FunctionDecl *F);

  /// Whether calling F drains (a function of the TU, through its body and callees;
  /// one defined elsewhere, by the facts): what the facts file says of F.
  bool callDrains(const clang::FunctionDecl *F) { return drains(F, 0); }
  /// The parameters whose pointed-to range F writes back.
  llvm::SmallVector<unsigned, 2> paramsWrittenBack(const clang::FunctionDecl *F) {
    return writtenBackParams(F);
  }

  /// The pointer parameters F stores into persistent memory (a link: a list's next,
  /// an index's slot): a call passing the data there publishes it. From F's body, or
  /// for a function of another file from the facts.
  llvm::SmallVector<unsigned, 2> paramsPublished(const clang::FunctionDecl *F);

  /// Functions whose call publishes what is pending (publish-before-persist's
  /// PublishFunctions option: a project's commit function).
  void setPublishFunctions(llvm::ArrayRef<std::string> Names) {
    for (const std::string &N : Names)
      PublishFunctions.insert(N);
  }

private:
  /// How the data came to be: copied (Dst is the copy's destination pointer), stored
  /// (Dst is the stored lvalue), or stored by a static helper into what its argument
  /// points to (Dst is the caller's argument).
  enum class DataShape { Copied, Stored, StoredByCallee };
  std::vector<EarlyPublish> walkPublishes(const clang::Stmt *Write,
                                          const clang::FunctionDecl *F,
                                          const clang::Expr *Dst, DataShape Shape,
                                          Pending Start, std::optional<Pending> UnderEadr,
                                          unsigned Depth,
                                          std::optional<Pending> *AtReturn);
  enum class Event { None, Covers, Drains };
  bool isPublishCall(const clang::Stmt *S) const;
  /// A call that passes the data at Dst to a parameter the callee publishes.
  bool publishesArgument(const clang::Stmt *S, const clang::Expr *Dst);
  /// The calls of F that may publish: of a configured commit function, or of a
  /// function that links one of its parameters (once per function).
  llvm::ArrayRef<const clang::CallExpr *> publishingCalls(const clang::FunctionDecl *F);
  /// The calls of F's body, from the provenance index.
  llvm::ArrayRef<const clang::CallExpr *> callsIn(const clang::FunctionDecl *F);

  bool covered(const clang::CallExpr *From, const clang::Expr *Dst, unsigned Depth);
  bool coveredInCallers(const clang::FunctionDecl *F, const clang::Expr *Dst,
                        unsigned Depth);
  /// What one CFG element does: a covering write-back, a drain or a store into other
  /// persistent memory (a publish), or neither.
  Event classify(const clang::Stmt *S, const clang::Expr *Dst);
  bool covers(const clang::Expr *WriteBack, const clang::Expr *Dst);
  /// The parameters that F (defined in the TU) writes back (flush or persist).
  llvm::SmallVector<unsigned, 2> writtenBackParams(const clang::FunctionDecl *F);
  /// Whether the store S (an assignment, ++ or --) publishes the data written at Dst;
  /// Linked: the function links the data elsewhere (publishBeforePersist).
  /// F: the store's function; Shape: how the data was written. ShapeOnly: whether the
  /// store has the shape of a publish, not asking whether it goes into persistent
  /// memory or whether a flag is written back on its own (a cheap filter).
  bool publishes(const clang::Stmt *S, const clang::Expr *Dst,
                 llvm::ArrayRef<const clang::Expr *> DstParts, bool Linked,
                 DataShape Shape, const clang::FunctionDecl *F, bool ShapeOnly = false);
  /// Whether anything could publish what Write wrote at Dst in F, by shape only:
  /// another store of F, a call (a configured commit function, one that links its
  /// argument), or for a static helper writing into its parameter's object, the same
  /// in its callers. Asked before the store's provenance, which costs more.
  bool mayBePublished(const clang::Stmt *Write, const clang::FunctionDecl *F,
                      const clang::Expr *Dst, DataShape Shape, unsigned Depth = 0);
  /// Whether F writes the field stored at Flag back on its own: a flush or persist
  /// whose range holds Flag and not the data at Dst.
  bool writesBackApart(const clang::FunctionDecl *F, const clang::Expr *Flag,
                       const clang::Expr *Dst);
  /// Whether the next call, fence or store after the flush call CE (in F) is a drain:
  /// a persist written as two calls (arch_wb_cache_pmem(p, n); wmb();).
  bool drainsNext(const clang::CallExpr *CE, const clang::FunctionDecl *F);
  /// Whether S stores zero into the object the data at Dst belongs to (s->valid = 0):
  /// the path rejects the data rather than committing it.
  bool invalidates(const clang::Stmt *S, const clang::Expr *Dst);
  /// Whether the loop statement S writes back the data at Dst somewhere in its body.
  bool loopWritesBack(const clang::Stmt *S, const clang::Expr *Dst,
                      const clang::Stmt *Loop = nullptr);
  /// The write-back's range ends before Dst starts (constant offsets from one root:
  /// arch_wb_cache_pmem(slot, sizeof(*hdr)) and a copy to slot + sizeof(*hdr)).
  bool disjoint(const clang::CallExpr *WB, const WriteBackFunction &W,
                const clang::Expr *Dst);
  /// Whether calling F (defined in the TU) drains, directly or through its callees.
  bool drains(const clang::FunctionDecl *F, unsigned Depth);
  /// Whether F has a drain, a fence or a call of a function that may drain anywhere
  /// in its body, from the provenance index (no CFG): a superset of drains() that
  /// spares most functions their CFG.
  bool mayDrain(const clang::FunctionDecl *F, unsigned Depth);
  clang::CFG *cfgOf(const clang::FunctionDecl *F);

  ProvenanceAnalysis &A;
  FunctionCFGs &CFGs;
  /// While walking the callers of a helper that stores fields of its pointer
  /// parameter's object: those fields (the argument is the object's pointer).
  llvm::ArrayRef<const clang::FieldDecl *> ArgumentFields;
  llvm::StringSet<> PublishFunctions;
  FunctionCFGs::EventMemo DrainMemo, MayDrainMemo;
  /// The functions with a fence written as inline assembly (from the index).
  llvm::DenseSet<const clang::FunctionDecl *> FencesIn;
  llvm::DenseMap<const clang::FunctionDecl *, llvm::SmallVector<unsigned, 2>>
      WrittenBackMemo, PublishedMemo;
  /// The stores through memory of each function's body (the candidates for a
  /// publish): the provenance index's, those storeOf() reads, on first use.
  llvm::DenseMap<const clang::FunctionDecl *, llvm::SmallVector<const clang::Stmt *, 16>>
      StoresIn;
  /// publishingCalls() of each function, on first use.
  llvm::DenseMap<const clang::FunctionDecl *,
                 llvm::SmallVector<const clang::CallExpr *, 2>>
      PublishingCallsIn;
  /// The calls of each function's body (from the provenance index, built on first use).
  llvm::DenseMap<const clang::FunctionDecl *,
                 llvm::SmallVector<const clang::CallExpr *, 8>>
      CallsIn;
};

} // namespace copyintent::checker

#endif // COPYINTENT_CHECKER_WRITEBACKFLOW_H
