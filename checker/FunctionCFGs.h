//===- FunctionCFGs.h - One CFG per function, built once ----------*- C++ -*-===//
//
// The path-by-path analyses (WriteBackFlow, IoOrderFlow) walk clang's CFG of the
// function that holds a copy. Every call is an element of its block, so a walk sees
// calls in the order they run. A TU's CFGs are built on first use and kept while its
// AST lives.
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_CHECKER_FUNCTIONCFGS_H
#define COPYINTENT_CHECKER_FUNCTIONCFGS_H

#include "clang/AST/ASTContext.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace copyintent::checker {

/// The functions of a declaration context with a body (C++ methods and namespaces
/// included), in order: the TU's functions for the checks that look at every store.
void functionsIn(const clang::DeclContext *DC,
                 llvm::SmallVectorImpl<const clang::FunctionDecl *> &Out);

class FunctionCFGs {
public:
  explicit FunctionCFGs(clang::ASTContext &Ctx) : Ctx(Ctx) {}

  /// The one cache of the TU being checked, which every flow of every check shares
  /// (a function's CFG is built once, whichever check asks first). Dropped by
  /// release() when the TU's AST goes away (ProvenanceAnalysis::release()).
  static FunctionCFGs &forContext(clang::ASTContext &Ctx);
  static void release();

  /// F's CFG (null without a body).
  clang::CFG *of(const clang::FunctionDecl *F);

  /// Where a walk from S starts: each block holding S, with the index of the
  /// element after it. From an index of G's elements built on first use, so that a
  /// function with many copies is not scanned once per copy.
  llvm::SmallVector<std::pair<const clang::CFGBlock *, unsigned>, 2>
  after(const clang::CFG &G, const clang::Stmt *S);

  /// The CFG elements the walks of one function may visit, all walks of all checks
  /// together: a generated function of 50,000 statements costs bounded time.
  static constexpr uint64_t ElementBudget = 4'000'000;
  /// Pays for a walk's visit of Elements elements of F: false once F's budget is
  /// spent, and the walk then gives up with the answer that reports nothing.
  bool charge(const clang::FunctionDecl *F, size_t Elements);
  /// The functions whose budget ran out since the last call, each once: the checks
  /// say so with a remark.
  std::vector<const clang::FunctionDecl *> takeExhausted();

  /// What a rule says of one element when scanning a callee's body.
  enum class Element {
    None,   ///< not an event
    Event,  ///< the event looked for
    Descend ///< a call of a function of the TU: its body decides
  };
  /// A memo of containsEvent() answers, one per rule.
  using EventMemo = llvm::DenseMap<const clang::FunctionDecl *, bool>;
  /// Whether some element of F's body is an event by Rule, or is a call that Rule
  /// descends into whose callee contains one (up to MaxDepth calls deep; recursion
  /// counts as no). The question the ordering analyses ask of a callee: does it drain,
  /// does it run a barrier.
  bool containsEvent(const clang::FunctionDecl *F,
                     llvm::function_ref<Element(const clang::Stmt *)> Rule,
                     EventMemo &Memo, unsigned MaxDepth, unsigned Depth = 0);

private:
  using Places = llvm::SmallVector<std::pair<const clang::CFGBlock *, unsigned>, 1>;
  clang::ASTContext &Ctx;
  llvm::DenseMap<const clang::FunctionDecl *, std::unique_ptr<clang::CFG>> CFGs;
  llvm::DenseMap<const clang::CFG *, llvm::DenseMap<const clang::Stmt *, Places>> Index;
  llvm::DenseMap<const clang::FunctionDecl *, uint64_t> Spent;
  std::vector<const clang::FunctionDecl *> Exhausted;
};

} // namespace copyintent::checker

#endif // COPYINTENT_CHECKER_FUNCTIONCFGS_H
