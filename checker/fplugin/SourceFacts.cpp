//===- SourceFacts.cpp - What only the source shows, carried into IR -------===//

#include "SourceFacts.h"
#include "MemorySources.h"
#include "SpelledName.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/DynamicRecursiveASTVisitor.h"
#include "clang/AST/Mangle.h"
#include "clang/AST/RecordLayout.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendOptions.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Metadata.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Path.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SetVector.h"

#include <map>
#include <optional>
#include <tuple>

using namespace clang;
using namespace llvm;

namespace copyintent::checker {

namespace {

class Collector : public ASTConsumer, public DynamicRecursiveASTVisitor {
public:
  Collector(CompilerInstance &CI, std::shared_ptr<SourceFacts> Out)
      : CI(CI), Out(std::move(Out)) {
    ShouldVisitTemplateInstantiations = true;
    for (MemKind K : MarkedKinds)
      if (K != MemKind::RAM) { // COPYINTENT_RAM is an annotate attribute: in IR already
        Markings.push_back({K, defaultMarkings(K)});
        llvm::append_range(AnyMarking, Markings.back().second);
      }
  }

  void HandleTranslationUnit(ASTContext &Ctx) override {
    if (CI.getDiagnostics().hasErrorOccurred())
      return;
    this->Ctx = &Ctx;
    Names = std::make_unique<ASTNameGenerator>(Ctx);
    walk(Ctx.getTranslationUnitDecl());
    for (const FieldDecl *FD : Accessed)
      markField(FD);
  }

  /// Only what code generation can emit: functions with a body that are used or
  /// visible outside (not a header's unused static inline ones, the bulk of a kernel
  /// TU), and globals. A whole-AST walk cost Linux's pmem.c 3% of its compile.
  static bool emitted(const FunctionDecl *F) {
    return F && F->doesThisDeclarationHaveABody() && !F->isDependentContext() &&
           (F->isUsed() || F->isExternallyVisible());
  }

  void walk(DeclContext *DC) {
    for (Decl *D : DC->decls()) {
      if (isa<NamespaceDecl, LinkageSpecDecl, ExportDecl>(D)) {
        walk(cast<DeclContext>(D));
      } else if (auto *RD = dyn_cast<CXXRecordDecl>(D)) {
        if (RD->isThisDeclarationADefinition() && !RD->isDependentContext())
          walk(RD); // its methods
      } else if (auto *CT = dyn_cast<ClassTemplateDecl>(D)) {
        for (ClassTemplateSpecializationDecl *Spec : CT->specializations())
          if (Spec->isThisDeclarationADefinition())
            walk(Spec);
      } else if (auto *FT = dyn_cast<FunctionTemplateDecl>(D)) {
        for (FunctionDecl *Spec : FT->specializations())
          if (emitted(Spec))
            TraverseDecl(Spec);
      } else if (auto *F = dyn_cast<FunctionDecl>(D)) {
        if (emitted(F))
          TraverseDecl(F);
      } else if (auto *VD = dyn_cast<VarDecl>(D)) {
        TraverseDecl(VD);
      }
    }
  }

  // Only the fields the TU's code reads or writes: a kernel TU's headers declare
  // thousands of others, whose text would cost the compile for nothing.
  bool VisitMemberExpr(MemberExpr *ME) override {
    if (const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
        FD && FD->getType()->isPointerType())
      Accessed.insert(FD);
    return true;
  }

  bool VisitCallExpr(CallExpr *CE) override {
    const FunctionDecl *F = CE->getDirectCallee();
    if (!F || !F->getIdentifier() ||
        none_of(mappingFlagRules(),
                [&](const MappingFlagRule &R) { return R.appliesTo(F->getName()); }))
      return true;
    // Calls that spell no flag are listed too (""): another call at the same
    // location must not lend them its flag.
    const MappingFlagRule *R = spelledFlagRule(CE, F->getName(), *Ctx);
    // Where clang's debug location for the call is: the start of its expansion.
    PresumedLoc PL = presumed(CE->getBeginLoc());
    if (PL.isValid())
      Out->Flags.push_back({sys::path::filename(PL.getFilename()).str(), PL.getLine(),
                            PL.getColumn(), F->getName().str(), R ? R->Flag.str() : ""});
    return true;
  }

  void markField(const FieldDecl *FD) {
    const RecordDecl *RD = FD->getParent();
    // A template's pattern has no layout; its instantiations are visited too.
    if (RD->isDependentContext() || RD->isInvalidDecl() || !marking(FD))
      return;
    // A union's members share their place, which is all the IR analysis keys a field
    // by: a marking counts only when every member there has it.
    std::optional<std::pair<MemKind, std::string>> Mine = marking(FD);
    for (const RecordDecl *U = RD; U && U->isUnion();
         U = dyn_cast<RecordDecl>(U->getParent()))
      for (const FieldDecl *Other : U->fields()) {
        std::optional<std::pair<MemKind, std::string>> Theirs = marking(Other);
        if (!Theirs || Theirs->first != Mine->first)
          return;
      }
    // Keyed by the innermost named struct, as the IR analysis keys a field: an
    // anonymous struct or union adds its offset in the named one around it.
    uint64_t Bits = Ctx->getFieldOffset(FD);
    while (RD->getName().empty()) {
      const auto *Outer = dyn_cast<RecordDecl>(RD->getParent());
      const FieldDecl *Holder = nullptr;
      if (Outer)
        for (const FieldDecl *F : Outer->fields())
          if (F->getType()->getAsRecordDecl() == RD)
            Holder = F;
      if (!Holder || Outer->isInvalidDecl())
        return;
      Bits += Ctx->getFieldOffset(Holder);
      RD = Outer;
    }
    if (RD->isStruct())
      mark(
          FD, MarkedDecl::Field, [&] { return RD->getName().str(); }, Bits / 8,
          FD->getName().str());
  }

  bool VisitVarDecl(VarDecl *VD) override {
    if (VD->getDeclContext()->isDependentContext() || !VD->getType()->isPointerType())
      return true;
    // The parameters and locals of emitted functions, the globals used or defined
    // here.
    if (const auto *P = dyn_cast<ParmVarDecl>(VD)) {
      const auto *F = dyn_cast<FunctionDecl>(P->getDeclContext());
      if (emitted(F))
        mark(
            P, MarkedDecl::Param, [&] { return Names->getName(F); },
            P->getFunctionScopeIndex(), P->getName().str(), F->getNumParams());
    } else if (VD->hasGlobalStorage() && !VD->isStaticLocal()) {
      if (VD->isUsed() || VD->isThisDeclarationADefinition())
        mark(
            VD, MarkedDecl::Global, [] { return std::string(); }, 0, Names->getName(VD));
    } else if (const auto *F =
                   dyn_cast_or_null<FunctionDecl>(VD->getParentFunctionOrMethod());
               emitted(F) && VD->isReferenced()) {
      PresumedLoc PL = presumed(VD->getLocation());
      if (PL.isValid())
        mark(
            VD, MarkedDecl::Local, [&] { return Names->getName(F); }, PL.getLine(),
            VD->getName().str());
    }
    return true;
  }

private:
  CompilerInstance &CI;
  std::shared_ptr<SourceFacts> Out;
  ASTContext *Ctx = nullptr;
  std::unique_ptr<ASTNameGenerator> Names;
  std::vector<std::pair<MemKind, std::vector<std::string>>> Markings;
  std::vector<std::string> AnyMarking; ///< every word of Markings
  llvm::SetVector<const FieldDecl *> Accessed;

  PresumedLoc presumed(SourceLocation L) const {
    const SourceManager &SM = Ctx->getSourceManager();
    return SM.getPresumedLoc(SM.getExpansionLoc(L));
  }

  /// The kind and the word when D declares a pointer and its written text up to its
  /// name holds one kind's marking (the checker's test for the same text); none for
  /// two kinds (the checker calls it a conflict: unknown).
  std::optional<std::pair<MemKind, std::string>> marking(const DeclaratorDecl *D) const {
    if (!D->getType()->isPointerType())
      return std::nullopt;
    SourceRange Written(D->getBeginLoc(), D->getLocation());
    if (!rangeNames(Written, *Ctx, AnyMarking)) // one look at the text for most
      return std::nullopt;
    std::optional<std::pair<MemKind, std::string>> Found;
    for (const auto &[Kind, Words] : Markings)
      for (const std::string &W : Words)
        if (rangeNames(Written, *Ctx, {W})) {
          if (Found && Found->first != Kind)
            return std::nullopt;
          Found = {Kind, W};
          break;
        }
    return Found;
  }

  /// Lists D if it is marked; Scope is asked for only then (a mangled name).
  void mark(const DeclaratorDecl *D, MarkedDecl::Kind What,
            llvm::function_ref<std::string()> Scope, uint64_t Index, std::string Name,
            unsigned Count = 0) {
    if (Name.empty())
      return;
    if (std::optional<std::pair<MemKind, std::string>> M = marking(D))
      Out->Marked.push_back(
          {What, Scope(), std::move(Name), Index, M->first, M->second, Count});
  }
};

class AttachSourceFactsPass : public PassInfoMixin<AttachSourceFactsPass> {
public:
  explicit AttachSourceFactsPass(std::shared_ptr<const SourceFacts> Facts)
      : Facts(std::move(Facts)) {}

  PreservedAnalyses run(llvm::Module &M, ModuleAnalysisManager &) {
    attachFlags(M);
    listMarked(M);
    // Metadata only: no analysis changes.
    return PreservedAnalyses::all();
  }

  static bool isRequired() { return true; } // also in optnone functions (-O0)

private:
  std::shared_ptr<const SourceFacts> Facts;

  void attachFlags(llvm::Module &M) const {
    if (Facts->Flags.empty())
      return;
    using Key = std::tuple<StringRef, unsigned, unsigned, StringRef>;
    // "": no flag, or calls at one location that spell different ones.
    std::map<Key, StringRef> FlagAt;
    for (const SpelledFlag &S : Facts->Flags) {
      auto [It, New] =
          FlagAt.try_emplace({S.FileName, S.Line, S.Column, S.Callee}, S.Flag);
      if (!New && It->second != S.Flag)
        It->second = "";
    }
    LLVMContext &C = M.getContext();
    for (Function &F : M)
      for (Instruction &I : instructions(F)) {
        const auto *CB = dyn_cast<CallBase>(&I);
        const Function *Callee = CB ? CB->getCalledFunction() : nullptr;
        const DILocation *Loc = I.getDebugLoc().get();
        if (!Callee || !Loc)
          continue;
        auto It = FlagAt.find({sys::path::filename(Loc->getFilename()), Loc->getLine(),
                               Loc->getColumn(), Callee->getName()});
        if (It != FlagAt.end() && !It->second.empty())
          I.setMetadata(SpelledFlagMetadata,
                        MDNode::get(C, MDString::get(C, It->second)));
      }
  }

  void listMarked(llvm::Module &M) const {
    if (Facts->Marked.empty())
      return;
    static constexpr llvm::StringLiteral WhatNames[] = {"field", "param", "global",
                                                        "local"};
    LLVMContext &C = M.getContext();
    NamedMDNode *List = M.getOrInsertNamedMetadata(MarkedDeclsMetadata);
    for (const MarkedDecl &D : Facts->Marked)
      List->addOperand(MDNode::get(
          C,
          {MDString::get(C, WhatNames[D.What]), MDString::get(C, D.Scope),
           ConstantAsMetadata::get(ConstantInt::get(llvm::Type::getInt64Ty(C), D.Index)),
           MDString::get(C, annotationOf(D.Memory)), MDString::get(C, D.Name),
           MDString::get(C, D.Marking),
           ConstantAsMetadata::get(
               ConstantInt::get(llvm::Type::getInt64Ty(C), D.Count))}));
  }
};

/// Whether something reads the IR analysis after this compilation's passes: an LTO
/// link or opt reading its bitcode or IR, or the opt-in rewrite inside it. (The
/// remarks need nothing here: clang tracks locations for them itself.)
bool analysedLater(const CompilerInstance &CI) {
  const CodeGenOptions &CG = CI.getCodeGenOpts();
  frontend::ActionKind A = CI.getFrontendOpts().ProgramAction;
  if (CG.PrepareForLTO || CG.PrepareForThinLTO || A == frontend::EmitBC ||
      A == frontend::EmitLLVM)
    return true;
  // -mllvm -copyintent-rewrite=... (CopyIntent.so's option, parsed by now).
  const auto &Options = cl::getRegisteredOptions();
  auto It = Options.find("copyintent-rewrite");
  return It != Options.end() && It->second->getNumOccurrences() > 0;
}

} // namespace

std::unique_ptr<ASTConsumer> makeSourceFactsCollector(CompilerInstance &CI,
                                                      std::shared_ptr<SourceFacts> Out) {
  return std::make_unique<Collector>(CI, std::move(Out));
}

void carrySourceFactsIntoIR(CompilerInstance &CI,
                            std::shared_ptr<const SourceFacts> Facts) {
  CodeGenOptions &CG = CI.getCodeGenOpts();
  // Locations without debug info in the output, as clang does for -Rpass, where the
  // IR is analysed later; they cost a plain compile about 1.7% (Linux's pmem.c), for
  // nothing. Code generation makes its module after the plugins' consumers are made.
  if (CG.getDebugInfo() == codegenoptions::NoDebugInfo && analysedLater(CI))
    CG.setDebugInfo(codegenoptions::LocTrackingOnly);
  CG.PassBuilderCallbacks.push_back([Facts](PassBuilder &PB) {
    PB.registerPipelineStartEPCallback(
        [Facts](ModulePassManager &MPM, OptimizationLevel) {
          MPM.addPass(AttachSourceFactsPass(Facts));
        });
  });
}

} // namespace copyintent::checker
