//===- OptionTable.cpp - The checks' options, from Options.def ------------===//

#include "OptionTable.h"
#include "MemorySources.h"

#include "llvm/ADT/STLExtras.h"

using namespace llvm;

namespace copyintent::checker {

static constexpr OptionSpec Specs[] = {
#define COPYINTENT_OPTION(Check, Name, Default) {Check, Name, Default},
#include "Options.def"
};

ArrayRef<OptionSpec> optionSpecs() { return Specs; }

bool checkReadsOption(StringRef CheckId, StringRef Name) {
  return any_of(Specs, [&](const OptionSpec &S) {
    return S.Name == Name && (S.Check.empty() || S.Check == CheckId);
  });
}

bool isKnownOption(StringRef Name) {
  return any_of(Specs, [&](const OptionSpec &S) { return S.Name == Name; });
}

std::string optionNamesForHumans() {
  std::string Out;
  for (size_t I = 0; I < std::size(Specs); ++I) {
    if (I)
      Out += I + 1 == std::size(Specs) ? " and " : ", ";
    Out += Specs[I].Name.str();
  }
  return Out;
}

} // namespace copyintent::checker
