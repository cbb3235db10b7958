//===- FunctionCFGs.cpp ---------------------------------------------------===//

#include "FunctionCFGs.h"

using namespace clang;
using namespace llvm;

namespace copyintent::checker {

namespace {
std::unique_ptr<FunctionCFGs> Shared;
} // namespace

void functionsIn(const DeclContext *DC, SmallVectorImpl<const FunctionDecl *> &Out) {
  for (const Decl *D : DC->decls()) {
    if (const auto *FT = dyn_cast<FunctionTemplateDecl>(D))
      D = FT->getTemplatedDecl();
    if (const auto *F = dyn_cast<FunctionDecl>(D)) {
      if (F->doesThisDeclarationHaveABody() && !F->isDependentContext())
        Out.push_back(F);
    } else if (const auto *Inner = dyn_cast<DeclContext>(D);
               Inner && isa<NamespaceDecl, LinkageSpecDecl, RecordDecl>(D)) {
      functionsIn(Inner, Out);
    }
  }
}

FunctionCFGs &FunctionCFGs::forContext(ASTContext &Ctx) {
  if (!Shared || &Shared->Ctx != &Ctx)
    Shared = std::make_unique<FunctionCFGs>(Ctx);
  return *Shared;
}

void FunctionCFGs::release() { Shared.reset(); }

CFG *FunctionCFGs::of(const FunctionDecl *F) {
  auto [It, New] = CFGs.try_emplace(F);
  if (New && F->hasBody()) {
    CFG::BuildOptions Opts;
    Opts.setAllAlwaysAdd(); // every call is an element of its block
    It->second = CFG::buildCFG(F, F->getBody(), &Ctx, Opts);
  }
  return It->second.get();
}

SmallVector<std::pair<const CFGBlock *, unsigned>, 2> FunctionCFGs::after(const CFG &G,
                                                                          const Stmt *S) {
  auto [It, New] = Index.try_emplace(&G);
  if (New)
    for (const CFGBlock *B : G)
      for (unsigned I = 0; I < B->size(); ++I)
        if (std::optional<CFGStmt> E = (*B)[I].getAs<CFGStmt>())
          It->second[E->getStmt()].push_back({B, I + 1});
  SmallVector<std::pair<const CFGBlock *, unsigned>, 2> Out;
  if (auto Found = It->second.find(S); Found != It->second.end())
    Out.append(Found->second.begin(), Found->second.end());
  return Out;
}

bool FunctionCFGs::charge(const FunctionDecl *F, size_t Elements) {
  uint64_t &S = Spent[F->getFirstDecl()];
  if (S >= ElementBudget)
    return false;
  S += Elements;
  if (S < ElementBudget)
    return true;
  Exhausted.push_back(F);
  return false;
}

std::vector<const FunctionDecl *> FunctionCFGs::takeExhausted() {
  return std::exchange(Exhausted, {});
}

bool FunctionCFGs::containsEvent(const FunctionDecl *F,
                                 function_ref<Element(const Stmt *)> Rule,
                                 EventMemo &Memo, unsigned MaxDepth, unsigned Depth) {
  F = F->getDefinition() ? F->getDefinition() : F;
  auto [It, New] = Memo.try_emplace(F, false); // recursion: no, while computing
  if (!New)
    return It->second;
  bool Result = false;
  if (CFG *G = Depth < MaxDepth ? of(F) : nullptr)
    for (const CFGBlock *B : *G) {
      for (const CFGElement &E : *B) {
        std::optional<CFGStmt> S = E.getAs<CFGStmt>();
        if (!S)
          continue;
        switch (Rule(S->getStmt())) {
        case Element::None:
          break;
        case Element::Event:
          Result = true;
          break;
        case Element::Descend: {
          const auto *CE = dyn_cast<CallExpr>(S->getStmt());
          const FunctionDecl *Callee = CE ? CE->getDirectCallee() : nullptr;
          Result |= Callee && Callee->hasBody() &&
                    containsEvent(Callee, Rule, Memo, MaxDepth, Depth + 1);
          break;
        }
        }
        if (Result)
          break;
      }
      if (Result)
        break;
    }
  Memo[F] = Result;
  return Result;
}

} // namespace copyintent::checker
