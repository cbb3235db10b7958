//===- CopyCallCheck.h - Base of the checks on copy call sites --*- C++ -*-===//
//
// Finds the calls of every function of the API table (and of ExtraCopyFunctions) in a
// translation unit, reads the options every check shares (ApiEra, annotation and
// source names), and gives the checks the provenance analysis, the era's counterpart
// names, the "why" notes and the rename fix-it. Independent of the tool that runs it:
// options and diagnostics go through a CheckHost (clang-tidy or clang -fplugin).
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_CHECKER_COPYCALLCHECK_H
#define COPYINTENT_CHECKER_COPYCALLCHECK_H

#include "ApiTable.h"
#include "CheckHost.h"
#include "Provenance.h"

#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Preprocessor.h"

#include "llvm/ADT/StringSet.h"

#include <deque>
#include <optional>

namespace copyintent::checker {

class CopyCallCheck {
public:
  CopyCallCheck(llvm::StringRef Name, CheckHost &Host);
  virtual ~CopyCallCheck() = default;
  /// The options this check reads (Options.def) with their values, as the tool
  /// should store them.
  const std::vector<std::pair<std::string, std::string>> &options() const {
    return Values;
  }
  /// The preprocessor of the translation unit about to be checked (macro lookups).
  void setPreprocessor(clang::Preprocessor *P) { PP = P; }
  /// Checks every evaluated copy call of the translation unit.
  void checkTranslationUnit(clang::ASTContext &Ctx);
  void endTranslationUnit();

protected:
  /// One matched call of a known copy function.
  struct CopyCall {
    const clang::CallExpr *Call;
    const CopyFunction &Fn;
    clang::ASTContext &Ctx;
    ProvenanceAnalysis &Analysis;
    const clang::Expr *dst() const;
    const clang::Expr *src() const;
    /// The call's family: the table's, or for a libpmem copy the one its flags
    /// choose when they are a constant (Family::Libpmem when they are not).
    Family family() const;
    /// The destination and where it points, when that may be persistent memory.
    std::optional<std::pair<const clang::Expr *, Provenance>> pmemDst() const;
  };
  /// The value of an option of Options.def that this check reads.
  const std::string &optionValue(llvm::StringRef Name) const;
  /// The same as a boolean (true/false/1/0); a bad value is a configuration error.
  bool boolOption(llvm::StringRef Name);
  /// The same as names separated by ';'; one that is not an identifier is a
  /// configuration error naming it (nullopt).
  std::optional<std::vector<std::string>> nameListOption(llvm::StringRef Name);
  virtual void checkCopyCall(const CopyCall &C) = 0;
  /// Runs once per translation unit, after every copy call: for checks whose findings
  /// do not start at a copy call (non-temporal store intrinsics, inline assembly).
  virtual void checkWholeTranslationUnit(clang::ASTContext &Ctx, ProvenanceAnalysis &A) {}
  /// The table's entry (or ExtraCopyFunctions') of the function a call calls, as
  /// spelled: by name, or (libpmem2) by the typedef of the pointer it calls through.
  const CopyFunction *copyFunctionOf(const clang::CallExpr *Call,
                                     clang::ASTContext &Ctx) const;
  /// Drops what a check keeps for one translation unit (its AST goes away).
  virtual void resetTranslationUnit() {}
  void reportLimit(const clang::CallExpr *Call, const CopyFunction &Fn,
                   ProvenanceAnalysis &A);
  /// The analysis of this TU with this check's configuration.
  ProvenanceAnalysis &analysis(clang::ASTContext &Ctx) {
    return ProvenanceAnalysis::get(Ctx, Config);
  }

  /// The PersistenceDomain option: under eADR a store into persistent memory is
  /// persistent once visible; only non-temporal stores still need a fence.
  PersistenceDomain persistenceDomain() const { return Domain; }

  /// The era of this TU: the ApiEra option, or detected from the declarations.
  std::optional<Era> era(clang::ASTContext &Ctx) const;
  /// The counterpart for this TU's era that is declared here (so the rewrite
  /// compiles). Otherwise nullopt, and WhyNot says why.
  std::optional<llvm::StringRef> pickCounterpart(llvm::ArrayRef<Counterpart> Cands,
                                                 clang::ASTContext &Ctx,
                                                 std::string &WhyNot) const;
  /// A function of that name is declared at file scope, or a macro of that name is
  /// defined (the kernel's `#define _copy_from_iter_flushcache ...` fallbacks), so a
  /// call spelled with it compiles.
  bool isDeclared(clang::ASTContext &Ctx, llvm::StringRef Name) const;
  /// Replaces the callee's name; nullopt (with WhyNot) when the name is spelled in a
  /// macro body, where other expansions may not want the rewrite.
  std::optional<clang::FixItHint> renameCallee(const clang::CallExpr *Call,
                                               llvm::StringRef NewName,
                                               clang::ASTContext &Ctx,
                                               std::string &WhyNot) const;
  /// The call's value is discarded, or NewName returns a compatible type.
  bool resultCompatible(const clang::CallExpr *Call, llvm::StringRef NewName,
                        clang::ASTContext &Ctx, std::string &WhyNot) const;
  /// Removes the cast Cast around Inner (replaces Cast by Inner's text): nullopt, with
  /// WhyNot naming the argument (What), when either is written inside a macro.
  std::optional<clang::FixItHint> stripCast(const clang::Expr *Cast,
                                            const clang::Expr *Inner,
                                            llvm::StringRef What, clang::ASTContext &Ctx,
                                            std::string &WhyNot) const;
  /// The note that says why a finding comes without a fix-it, and what to do by hand.
  void noFixNote(const clang::CallExpr *Call, llvm::StringRef Why);
  /// The file range of E, or an invalid range when E is (partly) in a macro body.
  clang::CharSourceRange fileRange(const clang::Expr *E, clang::ASTContext &Ctx) const;
  /// Notes: "destination '...'", then the chain of P for K.
  void explain(const clang::Expr *Dst, const Provenance &P, MemKind K,
               clang::ASTContext &Ctx);
  std::string spell(const clang::Expr *E, clang::ASTContext &Ctx) const;
  clang::DiagnosticBuilder
  diag(clang::SourceLocation Loc, llvm::StringRef Format,
       clang::DiagnosticIDs::Level Level = clang::DiagnosticIDs::Warning) {
    return Host.report(Loc, Format, Level);
  }

private:
  CheckHost &Host;
  const std::string Id;
  /// function:N entries already checked against a declaration.
  llvm::StringSet<> ReportedEntries;
  void checkSourcesAgainstDeclarations(clang::ASTContext &Ctx);
  /// Every option of Options.def this check reads, with its value, in that order.
  std::vector<std::pair<std::string, std::string>> Values;
  std::optional<Era> ForcedEra;
  PersistenceDomain Domain = PersistenceDomain::ADR;
  clang::Preprocessor *PP = nullptr;
  /// The call being checked (for the notes that describe it).
  const clang::CallExpr *CurrentCall = nullptr;
  ProvenanceAnalysis *CurrentAnalysis = nullptr;
  ProvenanceConfig Config;
  std::vector<ExtraCopyFunction> Extras;
  std::deque<CopyFunction> ExtraTable;
  const CopyFunction *lookup(llvm::StringRef Name) const;
  /// Checks one call of the TU if its callee is a copy function.
  void checkCall(const clang::CallExpr *Call, clang::ASTContext &Ctx,
                 ProvenanceAnalysis &A);
};

} // namespace copyintent::checker

#endif // COPYINTENT_CHECKER_COPYCALLCHECK_H
