//===- FunctionCFGs.cpp ---------------------------------------------------===//

#include "FunctionCFGs.h"

using namespace clang;
using namespace llvm;

namespace copyintent::checker {

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
  SmallVector<std::pair<const CFGBlock *, unsigned>, 2> Out;
  for (const CFGBlock *B : G)
    for (unsigned I = 0; I < B->size(); ++I)
      if (std::optional<CFGStmt> E = (*B)[I].getAs<CFGStmt>(); E && E->getStmt() == S)
        Out.push_back({B, I + 1});
  return Out;
}

} // namespace copyintent::checker
