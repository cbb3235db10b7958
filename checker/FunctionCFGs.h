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
#include "llvm/ADT/SmallVector.h"

#include <memory>
#include <utility>

namespace copyintent::checker {

class FunctionCFGs {
public:
  explicit FunctionCFGs(clang::ASTContext &Ctx) : Ctx(Ctx) {}

  /// F's CFG (null without a body).
  clang::CFG *of(const clang::FunctionDecl *F);

  /// Where a walk from S starts: each block holding S, with the index of the
  /// element after it.
  static llvm::SmallVector<std::pair<const clang::CFGBlock *, unsigned>, 2>
  after(const clang::CFG &G, const clang::Stmt *S);

private:
  clang::ASTContext &Ctx;
  llvm::DenseMap<const clang::FunctionDecl *, std::unique_ptr<clang::CFG>> CFGs;
};

} // namespace copyintent::checker

#endif // COPYINTENT_CHECKER_FUNCTIONCFGS_H
