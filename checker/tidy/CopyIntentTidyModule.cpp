//===- CopyIntentTidyModule.cpp - The copyintent clang-tidy module --------===//
//
// Load into the stock clang-tidy 22:
//   clang-tidy-22 --load=build/lib/CopyIntentTidy.so \
//       -checks='-*,copyintent-*,-copyintent-classify' file.c -- <flags>
//
//===----------------------------------------------------------------------===//

#include "AllChecks.h"
#include "TidyCheck.h"

#include "clang-tidy/ClangTidyModule.h"

using namespace clang::tidy;

namespace copyintent::checker {

class CopyIntentModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &Factories) override {
#define COPYINTENT_CHECK(Class, Id, OnByDefault, Summary, Change)                        \
  Factories.registerCheck<TidyCheck<Class>>(Id);
#include "Checks.def"
  }
};

} // namespace copyintent::checker

static ClangTidyModuleRegistry::Add<copyintent::checker::CopyIntentModule>
    X("copyintent-module", "Checks that copies have the intent their destination needs.");
