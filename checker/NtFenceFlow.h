//===- NtFenceFlow.h - Are non-temporal stores fenced before a release? -*- C++ -*-===//
//
// x86 non-temporal stores (MOVNTI, MOVNTDQ, VMOVNTDQ; the kernel's
// memcpy_flushcache(), libpmem's _nodrain copies) are weakly ordered: a later store
// can become visible to another CPU, or to a device, before them. SFENCE, MFENCE and
// locked instructions order them; a release does not, because x86 makes a release with
// a plain MOV (spin_unlock(), smp_store_release(), a C11 release store), and
// smp_wmb() is only a compiler barrier there. This analysis finds the release points
// that some path of a function reaches after non-temporal stores with nothing that
// orders them in between.
//
// One forward dataflow per function over its clang CFG, to a fixed point (loops
// converge, no path is enumerated). The state is "stores of this function pending"
// (with the first store, for the notes) and "stores of the caller pending". The second
// makes the function's summary: whether it passes the caller's pending stores through,
// whether it reaches a release with them pending, and whether it returns with its own
// pending. A call of a function of the TU applies that summary; a call of a function
// defined elsewhere that no table names is taken to order (it may fence), so that
// a finding is never a guess.
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_CHECKER_NTFENCEFLOW_H
#define COPYINTENT_CHECKER_NTFENCEFLOW_H

#include "ApiTable.h"
#include "FunctionCFGs.h"
#include "Provenance.h"

#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <functional>
#include <vector>

namespace copyintent::checker {

class NtFenceFlow {
public:
  /// Copies: what a call of a copy function does to pending stores (its table entry
  /// and, for libpmem, its flags), or nullopt when the call is no copy.
  using CopyRule = std::function<std::optional<NtOrder>(const clang::CallExpr *)>;
  NtFenceFlow(ProvenanceAnalysis &A, CopyRule Copies)
      : A(A), Ctx(A.context()), CFGs(FunctionCFGs::forContext(Ctx)),
        Copies(std::move(Copies)) {}

  /// Where non-temporal stores came from: a store (a call, an asm statement) in the
  /// function, or a call of a function of the TU that returns with its own pending.
  struct Origin {
    const clang::Stmt *Store = nullptr;
    const clang::CallExpr *Via = nullptr; ///< the call, when Store is in its callee
    explicit operator bool() const { return Store; }
  };
  /// How the release at a finding can be made to order the stores.
  enum class ReleaseKind {
    Call,     ///< spin_unlock(), pthread_spin_unlock(), __sync_lock_release()
    Macro,    ///< smp_store_release(), smp_wmb(): a macro of that name
    Ordered,  ///< an atomic store or fence with a release memory order argument
    ViaCallee ///< a call of a function of the TU that releases
  };
  struct Finding {
    const clang::FunctionDecl *Function = nullptr;
    /// The statement that releases (for Macro: the first element of its expansion).
    const clang::Stmt *Release = nullptr;
    llvm::StringRef Name; ///< as written: spin_unlock, smp_wmb, atomic_store_explicit
    ReleaseKind Kind = ReleaseKind::Call;
    const clang::Expr *OrderArg = nullptr;     ///< Ordered: the memory order argument
    const clang::Stmt *InnerRelease = nullptr; ///< ViaCallee: the release in the callee
    llvm::StringRef InnerName;
    Origin From;
  };

  /// Every finding of the TU, each release once, in the order of the source.
  std::vector<Finding> run();

private:
  struct State {
    bool CallerPending = false;
    Origin Own;
    bool operator==(const State &O) const {
      return CallerPending == O.CallerPending && Own.Store == O.Own.Store &&
             Own.Via == O.Own.Via;
    }
  };
  struct Summary {
    bool PassesThrough = false;           ///< a caller's pending stores reach its return
    const clang::Stmt *Release = nullptr; ///< first release reached with them pending
    llvm::StringRef ReleaseName;
    Origin Generates; ///< its own stores pending at its return
  };
  struct Event {
    NtOrder Order = NtOrder::Unrelated;
    llvm::StringRef Name;
    ReleaseKind Kind = ReleaseKind::Call;
    const clang::Expr *OrderArg = nullptr;
    const Summary *Callee = nullptr;           ///< a call of a function of the TU
    const clang::FunctionDecl *Body = nullptr; ///< the same, when Shallow
  };

  Event classify(const clang::Stmt *S);
  Event classifyCall(const clang::CallExpr *CE);
  /// Whether F, or a function of the TU it calls, has a release anywhere in its body:
  /// a syntactic scan, no CFG. A function without one reports nothing, and its
  /// summary is needed only where a caller that has one calls it.
  bool mayRelease(const clang::FunctionDecl *F);
  /// classify() and classifyCall() leave calls of functions of the TU to the caller
  /// (Event::Body) instead of building their summaries.
  bool Shallow = false;
  const Summary &summaryOf(const clang::FunctionDecl *F);
  void transfer(const clang::FunctionDecl *F, const clang::Stmt *S, State &St,
                Summary &Out);
  void report(const clang::FunctionDecl *F, const clang::Stmt *S, const Event &E,
              const Origin &From);

  ProvenanceAnalysis &A;
  clang::ASTContext &Ctx;
  FunctionCFGs &CFGs;
  CopyRule Copies;
  llvm::DenseMap<const clang::FunctionDecl *, Summary> Summaries;
  llvm::DenseSet<const clang::FunctionDecl *> InProgress;
  llvm::DenseMap<const clang::FunctionDecl *, bool> MayReleaseMemo;
  /// The calls, asm statements and atomics of each function (built on first use).
  llvm::DenseMap<const clang::FunctionDecl *, llvm::SmallVector<const clang::Stmt *, 8>>
      Events;
  /// One finding per release as written (a macro's elements share its location).
  llvm::DenseSet<clang::SourceLocation> Reported;
  std::vector<Finding> Findings;
};

} // namespace copyintent::checker

#endif // COPYINTENT_CHECKER_NTFENCEFLOW_H
