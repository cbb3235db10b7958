//===- Provenance.h - Where a destination pointer comes from ----*- C++ -*-===//
//
// One analysis per translation unit, shared by every check: for a pointer expression,
// the kinds of memory it may point to (persistent memory, MMIO, user space, ordinary
// RAM, unknown) and, for each kind, the chain of places that proves it. It follows
// values through assignments, casts, pointer arithmetic, array indexing, struct
// fields (a field assigned a pmem pointer anywhere in the TU is pmem), parameters and
// return values of functions in the TU, out-parameters of known sources, and macros.
// Unknown stays unknown: no check reports without evidence.
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_CHECKER_PROVENANCE_H
#define COPYINTENT_CHECKER_PROVENANCE_H

#include "Intent.h"
#include "MemorySources.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace copyintent::checker {


/// One step of an explanation: "'virt_addr' assigned the result of devm_memremap()".
struct ProvNote {
  clang::SourceLocation Loc;
  std::string Message;
};

/// The text of a step, rendered only when a check reports: most pointers are
/// evaluated and never explained, and quoting source (spell()) is the expensive part.
using NoteText = std::function<std::string()>;

/// The kinds a pointer may have, each with the chain that shows it. Chains are
/// shared immutable lists, so a step prepended on the way back to the destination
/// costs one node, not a copy of the chain (pointers handed through thousands of
/// variables stay linear).
class Provenance {
  struct Step {
    clang::SourceLocation Loc;
    NoteText Text;
    std::shared_ptr<const Step> Next;
  };
  unsigned Kinds = 0;
  std::array<std::shared_ptr<const Step>, NumMemKinds> Why;

public:
  static Provenance of(MemKind K, clang::SourceLocation Loc, NoteText Text);
  static Provenance unknown() { return of(MemKind::Unknown, {}, nullptr); }

  bool has(MemKind K) const { return Kinds & (1u << unsigned(K)); }
  bool empty() const { return Kinds == 0; }
  /// Only K (nothing unknown, nothing else).
  bool only(MemKind K) const { return Kinds == (1u << unsigned(K)); }
  /// The chain for K, from the destination to the source.
  std::vector<ProvNote> why(MemKind K) const;

  /// Union; the first chain found for a kind is kept.
  void merge(const Provenance &O);
  /// Prepends a step to every chain.
  Provenance through(clang::SourceLocation Loc, const NoteText &Text) const;
};

/// One entry of the PmemSources / MmioSources / RamSources options:
///   function      its return value       my_pool_base
///   function:N    its parameter N (0-based)  log_append:1
///   struct::field a field of a struct      ring::slots
///   global        a variable at file scope journal_area
struct SourceSpec {
  enum What { Named, Param, Field }; // Named: a function's return value, or a global
  MemKind Kind = MemKind::Unknown;
  What Is = Named;
  std::string Name;   ///< function, field or variable
  std::string Record; ///< Field: the struct's name
  unsigned Index = 0; ///< Param
  std::string Entry;  ///< as written, for messages

  bool operator==(const SourceSpec &O) const {
    return Kind == O.Kind && Is == O.Is && Name == O.Name && Record == O.Record &&
           Index == O.Index;
  }
};

/// Parses one option's value ("a;b:1;s::f") into Out with kind K; false with Err
/// naming the bad entry.
bool parseSourceSpecs(llvm::StringRef Value, MemKind K, std::vector<SourceSpec> &Out,
                      std::string &Err);

class FactTable;
struct Fact;

/// The field a call goes through (`ops->write(...)`, `(*ops->write)(...)`), if any.
const clang::FieldDecl *calledField(const clang::CallExpr *CE);
/// "record::field" ("field" for an anonymous record): how notes and facts name it.
std::string fieldName(const clang::FieldDecl *F);

/// Names that mark declarations (macro spellings, or annotate("...") attributes).
struct ProvenanceConfig {
  std::vector<std::string> PMemAnnotations = defaultMarkings(MemKind::PMem);
  std::vector<std::string> MMIOAnnotations = defaultMarkings(MemKind::MMIO);
  std::vector<std::string> UserAnnotations = defaultMarkings(MemKind::User);
  /// Functions whose result is persistent memory / MMIO (added to the built-ins).
  std::vector<std::string> PMemSources;
  std::vector<std::string> MMIOSources;
  /// PmemSources / MmioSources / RamSources: declarations that no analysis can
  /// classify, named by the user.
  std::vector<SourceSpec> Sources;
  /// FactsFile: what other translation units proved (CrossTuFacts.h).
  std::shared_ptr<const FactTable> Facts;

  bool operator==(const ProvenanceConfig &O) const;
};

class ProvenanceIndex;
struct Assignment;

class ProvenanceAnalysis {
public:
  ProvenanceAnalysis(clang::ASTContext &Ctx, ProvenanceConfig Config);
  ~ProvenanceAnalysis();

  /// The shared instance for this AST and configuration (built on first use).
  static ProvenanceAnalysis &get(clang::ASTContext &Ctx, const ProvenanceConfig &Config);
  /// Drops the shared instance at the end of a translation unit: the next TU's
  /// ASTContext may be allocated at the same address.
  static void release();

  /// Where the pointer value of E may point.
  Provenance pointerOf(const clang::Expr *E);

  /// The analysis's bounds: expression levels plus declaration hops (about four
  /// levels a hop) on one path, and evaluation steps for one destination. Past either
  /// the rest of that path is unknown (never a guess), and limitHit says so.
  static constexpr unsigned MaxDepth = 1024;
  static constexpr unsigned MaxStepsPerQuery = 50000;
  enum class Limit { None, Depth, Steps };
  /// Whether answering pointerOf(E) was cut short by a bound.
  Limit limitHit(const clang::Expr *E) const;
  /// The declarations whose facts were not used because the file they came from has
  /// changed since (FactTable::isCurrent), with that file; and a claim to report each
  /// file once per TU.
  llvm::ArrayRef<std::pair<clang::SourceLocation, std::string>> staleFacts() const {
    return StaleFacts;
  }
  /// Declarations marked as two kinds (COPYINTENT_PMEM and COPYINTENT_RAM, say): taken
  /// as unknown, and listed here with the first two kinds.
  llvm::ArrayRef<std::pair<const clang::Decl *, std::pair<MemKind, MemKind>>>
  conflictingMarkings() const {
    return Conflicts;
  }
  bool claimStaleReport(llvm::StringRef File) {
    return StaleReported.insert(File.str()).second;
  }
  /// True the first time it is asked for Call: the checks share the analysis, and a
  /// limit is reported once per call site, not once per check.
  bool claimLimitReport(const clang::CallExpr *Call) {
    return LimitReported.insert(Call).second;
  }

  // For cross-TU facts (CrossTuFacts.h): what a function returns, what a variable or
  // a field holds, and the declarations this TU stores pointers into or returns.
  Provenance returnOf(const clang::FunctionDecl *F);
  Provenance variableOf(const clang::VarDecl *V);
  Provenance fieldOf(const clang::FieldDecl *F);
  /// What this TU's own stores put into F (fieldOf adds other files' and markings).
  Provenance storesInto(const clang::FieldDecl *F);
  std::vector<const clang::FieldDecl *> assignedFields() const;
  std::vector<const clang::VarDecl *> assignedVariables() const;
  std::vector<const clang::FunctionDecl *> returningFunctions() const;
  /// Ops tables: the functions this TU stores into function-pointer fields, with the
  /// field; the fields it calls through; and what those calls pass as argument Idx
  /// (here, and in other files by the facts).
  struct Installation {
    const clang::FunctionDecl *Function;
    const clang::FieldDecl *Field;
    clang::SourceLocation Loc;
  };
  std::vector<Installation> installedFunctions() const;
  std::vector<const clang::FieldDecl *> calledFields() const;
  Provenance callbackArg(const clang::FieldDecl *Field, unsigned Idx);

  /// True when E is an explicit cast that adds a __user marking to a pointer that
  /// does not have one (the hfi1 / rdmavt pattern); Inner receives the operand.
  bool isCastToUser(const clang::Expr *E, const clang::Expr *&Inner);

  /// Whether the declaration (variable, field, parameter, function) is marked with
  /// one of the annotation names of K, by macro spelling, annotate attribute, address
  /// space or btf_type_tag.
  bool declMarked(const clang::Decl *D, MemKind K);
  /// Whether a type (as written at Loc range) carries the marking of K.
  bool typeMarked(clang::QualType T, MemKind K);

  /// The calls that run (not in sizeof, typeof, ...), in the order of the walk:
  /// declarations in source order, each body in source order.
  llvm::ArrayRef<const clang::CallExpr *> evaluatedCalls() const;
  /// Whether the call's value is discarded (an expression statement, a void cast).
  bool isDiscarded(const clang::CallExpr *CE) const;
  /// The one value a variable ever gets (its initializer or its only assignment),
  /// or null when it gets several or none: a local declared first and set once.
  const clang::Expr *soleValueOf(const clang::VarDecl *V) const;
  /// The stores through memory in F's body that run (not into a plain variable):
  /// assignments, compound assignments, ++, --, atomic operations; in source order.
  llvm::ArrayRef<const clang::Stmt *> memoryStoresIn(const clang::FunctionDecl *F) const;
  /// The inline-assembly statements and atomic expressions that run, each with the
  /// function holding it.
  llvm::ArrayRef<std::pair<const clang::Stmt *, const clang::FunctionDecl *>>
  orderingStatements() const;
  /// The ordering summaries other files proved of a function defined there (the
  /// FactsFile option): a call of F drains; it writes back what its parameter Index
  /// points to. A fact whose file changed since is not used and is said, at Use.
  bool factDrains(const clang::FunctionDecl *F, clang::SourceLocation Use);
  bool factWritesBack(const clang::FunctionDecl *F, unsigned Index,
                      clang::SourceLocation Use);
  /// F copies into what its parameter Index points to and may return before that is
  /// persistent: true with a write-back and a drain left to do, false with the drain;
  /// nullopt when no fact says so.
  std::optional<bool> factLeavesUnwritten(const clang::FunctionDecl *F, unsigned Index,
                                          clang::SourceLocation Use);
  /// The copy function a leaves-unwritten (or else leaves-undrained) fact of F's
  /// parameter Index names (what leaves the data dirty or undrained), or "".
  std::string factUnwrittenBy(const clang::FunctionDecl *F, unsigned Index);
  /// F stores its parameter Index into persistent memory (it links what it points to).
  bool factPublishes(const clang::FunctionDecl *F, unsigned Index,
                     clang::SourceLocation Use);
  /// The function (or lambda) whose body holds the call, if any.
  const clang::FunctionDecl *enclosingFunction(const clang::CallExpr *CE) const;
  /// The direct calls of F (a function with a body) in this TU.
  llvm::ArrayRef<const clang::CallExpr *> callersOf(const clang::FunctionDecl *F) const;
  /// The declaration a pointer expression starts from: `log->base + off` -> log.
  static const clang::Decl *rootOf(const clang::Expr *E);

  clang::ASTContext &context() { return Ctx; }

  /// E's source text on one line, at most 60 characters: notes quote code, they do
  /// not reproduce it.
  std::string spell(const clang::Expr *E);

private:
  clang::ASTContext &Ctx;
  ProvenanceConfig Config;
  std::unique_ptr<ProvenanceIndex> Index;
  llvm::DenseMap<const clang::Decl *, Provenance> Memo;
  llvm::DenseMap<const clang::Expr *, Provenance> ExprMemo;
  llvm::SmallPtrSet<const clang::Decl *, 16> InProgress;
  unsigned CycleHits = 0;
  unsigned Budget = 0;
  Limit QueryLimit = Limit::None;
  llvm::DenseMap<const clang::Expr *, Limit> LimitOf;
  llvm::SmallPtrSet<const clang::CallExpr *, 4> LimitReported;
  std::vector<std::pair<clang::SourceLocation, std::string>> StaleFacts;
  std::vector<std::pair<const clang::Decl *, std::pair<MemKind, MemKind>>> Conflicts;
  /// What D's markings make it: the one kind (with the note Describe gives), unknown
  /// when they name two, nothing when none.
  std::optional<Provenance> fromMarkings(const clang::Decl *D, clang::SourceLocation Loc,
                                         const std::function<std::string(MemKind)> &Describe);
  std::set<std::string> StaleReported;

  Provenance eval(const clang::Expr *E, unsigned Depth);
  Provenance ofCall(const clang::CallExpr *CE, unsigned Depth);
  /// P, or for an unknown parameter or local V what its uses show.
  Provenance orUsage(Provenance P, const clang::VarDecl *V);
  /// The kind PmemSources / MmioSources / RamSources give D, with its note.
  std::optional<Provenance> fromOptions(const clang::Decl *D);
  /// data(), c_str(), operator[] of std containers; unique_ptr::get().
  std::optional<Provenance> ofContainerAccess(const clang::CallExpr *CE,
                                              const clang::CXXMethodDecl *MD,
                                              unsigned Depth);
  Provenance ofVar(const clang::VarDecl *V, unsigned Depth);
  Provenance ofField(const clang::FieldDecl *F, unsigned Depth);
  Provenance storesInto(const clang::FieldDecl *F, unsigned Depth);
  Provenance ofParam(const clang::ParmVarDecl *P, unsigned Depth);
  Provenance ofReturn(const clang::FunctionDecl *F, unsigned Depth);
  /// What the call of an out-parameter assignment stores there.
  Provenance ofOutCall(const Assignment &A, unsigned Depth);
  /// What Callee stores through its out-parameter Param (index Idx).
  Provenance ofOutParam(const clang::FunctionDecl *Callee,
                        const clang::ParmVarDecl *Param, unsigned Idx, unsigned Depth);
  Provenance ofObjectAddress(const clang::Expr *E, unsigned Depth);
  /// What other TUs proved about D (the FactsFile option), as provenance; empty if
  /// nothing.
  Provenance fromFacts(const clang::Decl *D);
  /// What calls through Field in other files pass as argument Idx.
  Provenance fromCallbackFacts(const clang::FieldDecl *Field, unsigned Idx);
  Provenance renderFacts(llvm::ArrayRef<Fact> Facts, const std::string &Intro,
                         clang::SourceLocation Loc);
  Provenance callbackArg(const clang::FieldDecl *Field, unsigned Idx, unsigned Depth);
  /// Starts one query (bounds and limit bookkeeping) and runs Fn.
  template <typename Fn> Provenance query(Fn Run);
  template <typename Fn> Provenance memoized(const clang::Decl *D, Fn Compute);
  bool macroNamed(clang::SourceRange R, const std::vector<std::string> &Names);
  /// An explicit cast to a pointer type marked __user (by address space or as written).
  bool castsToUser(const clang::ExplicitCastExpr *EC);
};

} // namespace copyintent::checker

#endif // COPYINTENT_CHECKER_PROVENANCE_H
