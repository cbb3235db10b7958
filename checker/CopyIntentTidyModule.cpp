//===- CopyIntentTidyModule.cpp - The copyintent clang-tidy module --------===//
//
// Load into the stock clang-tidy 22:
//   clang-tidy-22 --load=build/lib/CopyIntentTidy.so \
//       -checks='-*,copyintent-*,-copyintent-classify' file.c -- <flags>
//
//===----------------------------------------------------------------------===//

#include "ClassifyCheck.h"
#include "MisusedUserCopyCheck.h"
#include "NocacheNeedsWritethroughCheck.h"
#include "NocacheToIomemCheck.h"
#include "UnneededWritethroughCheck.h"

#include "clang-tidy/ClangTidyModule.h"

using namespace clang::tidy;

namespace copyintent::tidy {

class CopyIntentModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &Factories) override {
    Factories.registerCheck<NocacheNeedsWritethroughCheck>(
        "copyintent-nocache-needs-writethrough");
    Factories.registerCheck<NocacheToIomemCheck>("copyintent-nocache-to-iomem");
    Factories.registerCheck<UnneededWritethroughCheck>(
        "copyintent-unneeded-writethrough");
    Factories.registerCheck<MisusedUserCopyCheck>("copyintent-misused-user-copy");
    Factories.registerCheck<ClassifyCheck>("copyintent-classify");
  }
};

} // namespace copyintent::tidy

static ClangTidyModuleRegistry::Add<copyintent::tidy::CopyIntentModule>
    X("copyintent-module", "Checks that copies have the intent their destination needs.");
