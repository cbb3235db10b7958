//===- SpelledName.h - The name a statement is written with -----*- C++ -*-===//
//
// Kernel code names its barriers, releases and MMIO writes with macros (smp_wmb(),
// smp_store_release(), arm64's writel()), whose expansions are asm statements, stores
// or calls of other names. The ordering analyses read what the code says: the
// outermost macro whose name they know, else the callee.
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_CHECKER_SPELLEDNAME_H
#define COPYINTENT_CHECKER_SPELLEDNAME_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <string>
#include <vector>

namespace copyintent {
struct MappingFlagRule;
}

namespace copyintent::checker {

/// The macros a location is expanded from, outermost first, skipping those that only
/// hold it as an argument (WARN_ON(writel_relaxed(...)) is a writel_relaxed()).
llvm::SmallVector<llvm::StringRef, 4> macrosOf(clang::SourceLocation Loc,
                                               const clang::ASTContext &Ctx);

/// The outermost macro S is expanded from whose name Known accepts, else the name of
/// the function S calls directly if Known accepts it, else "".
llvm::StringRef spelledAs(const clang::Stmt *S, const clang::ASTContext &Ctx,
                          llvm::function_ref<bool(llvm::StringRef)> Known);

/// Whether the written text of R holds one of Names as a word: at the use (a macro
/// that expands to nothing still counts), or inside one macro body's text when all
/// of R comes from it (u64_to_user_ptr(x) is `(void __user *)...`).
bool rangeNames(clang::SourceRange R, const clang::ASTContext &Ctx,
                const std::vector<std::string> &Names);

/// The first of core's mapping flag rules for Callee whose flag macro CE spells
/// (memremap(..., ARCH_MEMREMAP_PMEM)), or null.
const MappingFlagRule *spelledFlagRule(const clang::CallExpr *CE, llvm::StringRef Callee,
                                       const clang::ASTContext &Ctx);

} // namespace copyintent::checker

#endif // COPYINTENT_CHECKER_SPELLEDNAME_H
