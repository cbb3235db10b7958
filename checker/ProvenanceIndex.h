//===- ProvenanceIndex.h - Every place a TU stores a pointer ----*- C++ -*-===//
//
// One walk over a translation unit that records what the provenance analysis
// (Provenance.h) looks up: the values stored into each variable and field, the
// returns of each function, the direct calls of each function and the calls through
// each function-pointer field, the functions installed in fields, out-parameter
// stores, usage evidence (the objects written back or handed to MMIO accessors), and
// the calls that run. It answers nothing itself; the analysis does.
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_CHECKER_PROVENANCEINDEX_H
#define COPYINTENT_CHECKER_PROVENANCEINDEX_H

#include "Intent.h"

#include "clang/AST/DynamicRecursiveASTVisitor.h"
#include "clang/AST/Expr.h"
#include "clang/AST/TypeLoc.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"

#include <vector>

namespace copyintent::checker {

/// One store of a pointer into a variable or field (declared in Provenance.h's
/// namespace so the analysis can name it).
struct Assignment {
  const clang::Expr *Value = nullptr;
  clang::SourceLocation Loc;
  /// Set when the variable or field is written through an out-parameter of this call.
  const clang::CallExpr *OutCall = nullptr;
  unsigned OutParam = 0;
};

class ProvenanceIndex : public clang::DynamicRecursiveASTVisitor {
public:
  llvm::DenseMap<const clang::VarDecl *, llvm::SmallVector<Assignment, 2>> Vars;
  llvm::DenseMap<const clang::FieldDecl *, llvm::SmallVector<Assignment, 2>> Fields;
  /// Usage evidence per root declaration: the calls that treat it as pmem or MMIO.
  llvm::DenseMap<const clang::Decl *,
                 llvm::SmallVector<std::pair<const clang::CallExpr *, MemKind>, 2>>
      UsedAs;
  llvm::DenseMap<const clang::FunctionDecl *, llvm::SmallVector<const clang::Expr *, 2>>
      Returns;
  llvm::DenseMap<const clang::FunctionDecl *,
                 llvm::SmallVector<const clang::CallExpr *, 4>>
      Calls;
  /// Functions stored into a function-pointer field (an ops table's `.write =
  /// pj_write_nt`, or `ops->write = pj_write_nt`): the field and where.
  llvm::DenseMap<
      const clang::FunctionDecl *,
      llvm::SmallVector<std::pair<const clang::FieldDecl *, clang::SourceLocation>, 1>>
      Installed;
  /// Calls through a function-pointer field (`pj->ops->write(...)`).
  llvm::DenseMap<const clang::FieldDecl *, llvm::SmallVector<const clang::CallExpr *, 2>>
      FieldCalls;
  /// Functions installed as a dax_operations ->copy_from_iter / ->copy_to_iter /
  /// ->recovery_write method: their addr is the kernel mapping of the DAX device.
  llvm::DenseMap<const clang::FunctionDecl *, const clang::Expr *> DaxCallbacks;
  /// `*p = v` for a pointer-to-pointer parameter p: what the function writes
  /// through its out-parameter.
  llvm::DenseMap<const clang::ParmVarDecl *, llvm::SmallVector<Assignment, 2>> OutStores;
  /// A pointer-to-pointer parameter passed on as an argument: (call, index).
  llvm::DenseMap<const clang::ParmVarDecl *,
                 llvm::SmallVector<std::pair<const clang::CallExpr *, unsigned>, 2>>
      OutForwards;

  /// The calls that run (not operands of sizeof, typeof, ...), in walk order, and
  /// the function around each: found here so the checks need no parent map.
  std::vector<const clang::CallExpr *> EvaluatedCalls;
  llvm::DenseMap<const clang::CallExpr *, const clang::FunctionDecl *> EnclosingFunction;
  /// The inline-assembly statements and atomic expressions that run, each with its
  /// function (the ordering analyses read barriers, non-temporal stores and releases
  /// written as asm or as __atomic / __c11_atomic operations).
  std::vector<std::pair<const clang::Stmt *, const clang::FunctionDecl *>>
      OrderingStatements;
  /// The stores through memory of each function body that run (assignments, compound
  /// assignments, ++ and -- whose lvalue is not a plain variable; atomic operations),
  /// in source order: the stores the ordering checks start from and compare. Keyed
  /// by canonical decl.
  llvm::DenseMap<const clang::FunctionDecl *, llvm::SmallVector<const clang::Stmt *, 8>>
      MemoryStores;
  /// Expressions whose value is discarded (expression statements, casts to void).
  llvm::SmallPtrSet<const clang::Expr *, 32> Discarded;
  /// Where a pgmap's type is set to MEMORY_DEVICE_FS_DAX: devm_memremap_pages() then
  /// maps persistent memory.
  clang::SourceLocation FsDaxPgmap;

  explicit ProvenanceIndex(const clang::SourceManager &SM) : SM(SM) {
    ShouldVisitTemplateInstantiations = true;
  }

  bool TraverseDecl(clang::Decl *D) override;

  bool TraverseTypeOfExprTypeLoc(clang::TypeOfExprTypeLoc TL,
                                 bool TraverseQualifier) override {
    Scope S(Unevaluated);
    return clang::DynamicRecursiveASTVisitor::TraverseTypeOfExprTypeLoc(
        TL, TraverseQualifier);
  }
  bool TraverseDecltypeTypeLoc(clang::DecltypeTypeLoc TL,
                               bool TraverseQualifier) override {
    Scope S(Unevaluated);
    return clang::DynamicRecursiveASTVisitor::TraverseDecltypeTypeLoc(TL,
                                                                      TraverseQualifier);
  }

  /// Statements and expressions are walked here rather than by the visitor: the index
  /// runs over every function body of the TU, and the visitor's per-node virtual
  /// Visit/WalkUpFrom chain and type-location walk cost several times what the index
  /// records (measured with callgrind: most of the checks' overhead). Declarations
  /// inside statements go back to the visitor. Iterative, so that deeply nested
  /// expressions cannot exhaust the stack.
  bool TraverseStmt(clang::Stmt *Root) override;

  // C++: default member initializers and constructor member initializers store into
  // the field like assignments do.
  bool VisitFieldDecl(clang::FieldDecl *F) override {
    if (const clang::Expr *Init = F->getInClassInitializer())
      recordField(F, Init, F->getLocation());
    return true;
  }
  bool VisitCXXConstructorDecl(clang::CXXConstructorDecl *CD) override {
    for (const clang::CXXCtorInitializer *I : CD->inits())
      if (I->isMemberInitializer() && I->isWritten())
        recordField(I->getMember(), I->getInit(), I->getSourceLocation());
    return true;
  }

  bool VisitVarDecl(clang::VarDecl *V) override {
    if (const clang::Expr *Init = V->getInit())
      Vars[V->getCanonicalDecl()].push_back({Init, V->getLocation()});
    return true;
  }

  void visitDeclRef(const clang::DeclRefExpr *DRE);

  /// Records the call; true when its arguments are not evaluated
  /// (__builtin_constant_p).
  bool visitCall(clang::CallExpr *CE);

  /// Usage evidence: the object a write-back (pmem_persist, arch_wb_cache_pmem, a
  /// pmem2 persist_fn) or an MMIO accessor (writel, ioread32) is applied to.
  void recordUsage(const clang::CallExpr *CE, llvm::StringRef Name);

  /// The variable whose object the address E points into: `p`, `p + n`, `(char *)p`,
  /// `&p->f`, `&p[i]`, `p->arr + i`. None for `p->base + off`: a pointer field's value
  /// is the address of another object, so writing it back says nothing about *p.
  static const clang::Decl *pointedObjectRoot(const clang::Expr *E);

  void visitInitList(clang::InitListExpr *ILE);

  /// The declaration a pointer expression starts from: `log->base + off` -> log.
  static const clang::Decl *rootDecl(const clang::Expr *E);

private:
  void markDiscarded(clang::Stmt *S);
  struct Scope {
    unsigned &N;
    bool On;
    Scope(unsigned &N, bool On = true) : N(N), On(On) { N += On; }
    ~Scope() { N -= On; }
  };
  const clang::SourceManager &SM;
  unsigned Unevaluated = 0;
  llvm::SmallVector<const clang::FunctionDecl *, 8> Functions;
  llvm::SmallPtrSet<const clang::InitListExpr *, 16> SeenInitLists;

  void recordField(const clang::FieldDecl *F, const clang::Expr *Value,
                   clang::SourceLocation Loc) {
    if (llvm::isa<clang::ImplicitValueInitExpr>(Value))
      return;
    Fields[F].push_back({Value, Loc});
    if (const clang::FunctionDecl *Fn = functionNamed(Value))
      Installed[Fn->getCanonicalDecl()].push_back({F, Loc});
  }

  /// The function whose address V is (`fn`, `&fn`), if any.
  static const clang::FunctionDecl *functionNamed(const clang::Expr *V) {
    V = V->IgnoreParenCasts();
    if (const auto *UO = llvm::dyn_cast<clang::UnaryOperator>(V);
        UO && UO->getOpcode() == clang::UO_AddrOf)
      V = UO->getSubExpr()->IgnoreParenCasts();
    const auto *DRE = llvm::dyn_cast<clang::DeclRefExpr>(V);
    return DRE ? llvm::dyn_cast<clang::FunctionDecl>(DRE->getDecl()) : nullptr;
  }

  /// S stores into LHS: kept in MemoryStores unless LHS is a variable.
  void recordMemoryStore(const clang::Stmt *S, const clang::Expr *LHS);
  /// `x = v`, `s->f = v`, `a[i] = v` (an element store counts for the array).
  void recordStore(const clang::Expr *LHS, const clang::Expr *RHS,
                   clang::SourceLocation Loc);
};

/// Calls Fn for each field an initializer list (either form) sets explicitly, with
/// its value; for a union, the one field it sets.
void forEachFieldInit(
    const clang::InitListExpr *ILE,
    llvm::function_ref<void(const clang::FieldDecl *, const clang::Expr *)> Fn);

} // namespace copyintent::checker

#endif // COPYINTENT_CHECKER_PROVENANCEINDEX_H
