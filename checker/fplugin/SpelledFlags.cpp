//===- SpelledFlags.cpp - A mapping call's flag macro, carried into IR -----===//

#include "SpelledFlags.h"
#include "MemorySources.h"
#include "SpelledName.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/DynamicRecursiveASTVisitor.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendOptions.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Metadata.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Path.h"

#include <map>
#include <tuple>

using namespace clang;
using namespace llvm;

namespace copyintent::checker {

namespace {

class Collector : public ASTConsumer, public DynamicRecursiveASTVisitor {
public:
  Collector(CompilerInstance &CI, std::shared_ptr<SpelledFlags> Out)
      : CI(CI), Out(std::move(Out)) {
    ShouldVisitTemplateInstantiations = true;
  }

  void HandleTranslationUnit(ASTContext &Ctx) override {
    if (CI.getDiagnostics().hasErrorOccurred())
      return;
    this->Ctx = &Ctx;
    TraverseAST(Ctx);
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
    const SourceManager &SM = Ctx->getSourceManager();
    PresumedLoc PL = SM.getPresumedLoc(SM.getExpansionLoc(CE->getBeginLoc()));
    if (PL.isValid())
      Out->push_back({sys::path::filename(PL.getFilename()).str(), PL.getLine(),
                      PL.getColumn(), F->getName().str(), R ? R->Flag.str() : ""});
    return true;
  }

private:
  CompilerInstance &CI;
  std::shared_ptr<SpelledFlags> Out;
  ASTContext *Ctx = nullptr;
};

class AttachSpelledFlagsPass : public PassInfoMixin<AttachSpelledFlagsPass> {
public:
  explicit AttachSpelledFlagsPass(std::shared_ptr<const SpelledFlags> Table)
      : Table(std::move(Table)) {}

  PreservedAnalyses run(llvm::Module &M, ModuleAnalysisManager &) {
    if (Table->empty())
      return PreservedAnalyses::all();
    using Key = std::tuple<StringRef, unsigned, unsigned, StringRef>;
    // "": no flag, or calls at one location that spell different ones.
    std::map<Key, StringRef> FlagAt;
    for (const SpelledFlag &S : *Table) {
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
    // Metadata only: no analysis changes.
    return PreservedAnalyses::all();
  }

  static bool isRequired() { return true; } // also in optnone functions (-O0)

private:
  std::shared_ptr<const SpelledFlags> Table;
};

} // namespace

std::unique_ptr<ASTConsumer>
makeSpelledFlagsCollector(CompilerInstance &CI, std::shared_ptr<SpelledFlags> Out) {
  return std::make_unique<Collector>(CI, std::move(Out));
}

/// Whether something reads the IR analysis after this compilation's passes: an LTO
/// link or opt reading its bitcode or IR, or the opt-in rewrite inside it. (The
/// remarks need nothing here: clang tracks locations for them itself.)
static bool analysedLater(const CompilerInstance &CI) {
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

void carrySpelledFlagsIntoIR(CompilerInstance &CI,
                             std::shared_ptr<const SpelledFlags> Table) {
  CodeGenOptions &CG = CI.getCodeGenOpts();
  // Locations without debug info in the output, as clang does for -Rpass, where the
  // IR is analysed later; they cost a plain compile about 1.7% (Linux's pmem.c), for
  // nothing. Code generation makes its module after the plugins' consumers are made.
  if (CG.getDebugInfo() == codegenoptions::NoDebugInfo && analysedLater(CI))
    CG.setDebugInfo(codegenoptions::LocTrackingOnly);
  CG.PassBuilderCallbacks.push_back([Table](PassBuilder &PB) {
    PB.registerPipelineStartEPCallback(
        [Table](ModulePassManager &MPM, OptimizationLevel) {
          MPM.addPass(AttachSpelledFlagsPass(Table));
        });
  });
}

} // namespace copyintent::checker
