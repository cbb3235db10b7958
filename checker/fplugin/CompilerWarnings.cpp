//===- CompilerWarnings.cpp - The copyintent checks as compiler warnings ---===//

#include "CompilerWarnings.h"
#include "NoLint.h"

#include "AllChecks.h"
#include "OptionTable.h"
#include "CrossTuFacts.h"

#include "clang/AST/ASTContext.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/GlobPattern.h"

using namespace clang;
using namespace llvm;
namespace copyintent::checker {

namespace {

/// Every check, by id (checker/Checks.def, which the clang-tidy module registers).
struct CheckKind {
  const char *Id;
  bool OnByDefault;
  std::unique_ptr<CopyCallCheck> (*Make)(StringRef Id, CheckHost &Host);
};

template <typename C> std::unique_ptr<CopyCallCheck> make(StringRef Id, CheckHost &H) {
  return std::make_unique<C>(Id, H);
}

constexpr CheckKind AllChecks[] = {
#define COPYINTENT_CHECK(Class, Id, OnByDefault, Summary, Change)                        \
  {Id, OnByDefault, make<Class>},
#include "Checks.def"
};

/// A diagnostic ID for a message built at run time (DiagnosticsEngine's own
/// getCustomDiagID takes string literals only).
unsigned customID(DiagnosticsEngine &D, DiagnosticIDs::Level L, StringRef Text) {
  return D.getDiagnosticIDs()->getCustomDiagID(L, Text);
}

/// An option of Options.def, for every check that reads it (ApiEra) or for one
/// ("<check id>.ApiEra"), as clang-tidy's getLocalOrGlobal reads them.
bool isKnownArgument(StringRef Name) {
  auto [Check, Opt] = Name.rsplit('.');
  if (Opt.empty())
    return isKnownOption(Name);
  StringRef Id = Check;
  return any_of(AllChecks, [&](const CheckKind &K) { return Id == K.Id; }) &&
         checkReadsOption(Check, Opt);
}

/// Reports for one check into clang's diagnostics.
class CompilerHost : public CheckHost {
public:
  /// ReportsConfig: the checks read the same shared options, so only one of them
  /// (the first enabled) reports their errors, which would otherwise come once per
  /// check.
  CompilerHost(DiagnosticsEngine &D, std::string Id, const WarningOptions &O,
               NoLintIndex &NoLint, bool ReportsConfig)
      : D(D), Id(std::move(Id)), Opts(O), NoLint(NoLint), ReportsConfig(ReportsConfig),
        AsError(O.errorFor(this->Id, D.getWarningsAsErrors())) {}

  /// The check's own value (<check id>.<Name>), else the one for all checks, as
  /// clang-tidy's getLocalOrGlobal.
  std::string option(StringRef Name, StringRef Default) const override {
    for (const std::string &Key : {Id + "." + Name.str(), Name.str()})
      if (auto It = Opts.Values.find(Key); It != Opts.Values.end())
        return It->second;
    return Default.str();
  }

  DiagnosticBuilder report(SourceLocation Loc, StringRef Format,
                           DiagnosticIDs::Level Level) override {
    if (Level == DiagnosticIDs::Note)
      return D.Report(Loc, customID(D, DiagnosticIDs::Note, Format));
    // A custom diagnostic is in no warning group, so neither -w nor -Werror reaches
    // it through the engine: apply them here, with werror= for one check.
    if (Level == DiagnosticIDs::Warning &&
        (D.getIgnoreAllWarnings() ||
         (D.hasSourceManager() && NoLint.suppressed(D.getSourceManager(), Loc, Id))))
      Level = DiagnosticIDs::Ignored; // its notes go with it
    else if (Level == DiagnosticIDs::Warning && AsError)
      Level = DiagnosticIDs::Error;
    return D.Report(Loc, customID(D, Level, (Format + " [" + Id + "]").str()));
  }

  DiagnosticBuilder configurationError(StringRef Format) override {
    return D.Report(
        customID(D, ReportsConfig ? DiagnosticIDs::Error : DiagnosticIDs::Ignored,
                 ("copyintent: " + Format).str()));
  }

private:
  DiagnosticsEngine &D;
  std::string Id;
  const WarningOptions &Opts;
  NoLintIndex &NoLint;
  bool ReportsConfig;
  bool AsError;
};

class WarningsConsumer : public ASTConsumer {
public:
  WarningsConsumer(CompilerInstance &CI, const WarningOptions &O) : CI(CI), Opts(O) {
    for (const CheckKind &K : AllChecks)
      if (is_contained(Opts.Checks, K.Id)) {
        Hosts.push_back(std::make_unique<CompilerHost>(CI.getDiagnostics(), K.Id, Opts,
                                                       NoLint, Hosts.empty()));
        Checks.push_back(K.Make(K.Id, *Hosts.back()));
      }
  }

  void HandleTranslationUnit(ASTContext &Ctx) override {
    // Code that does not compile has no verdicts to give; the errors say enough.
    if (CI.getDiagnostics().hasErrorOccurred())
      return;
    for (auto &C : Checks) {
      C->setPreprocessor(&CI.getPreprocessor());
      C->checkTranslationUnit(Ctx);
    }
    // The analysis is shared by the checks: release it only after all of them.
    for (auto &C : Checks)
      C->endTranslationUnit();
  }

private:
  CompilerInstance &CI;
  // A copy: clang destroys the plugin action, which parsed them, right after it has
  // made this consumer.
  const WarningOptions Opts;
  NoLintIndex NoLint; // shared: each file's directives are read once
  std::vector<std::unique_ptr<CompilerHost>> Hosts;
  std::vector<std::unique_ptr<CopyCallCheck>> Checks;
};

/// Not a check: reads the options as the checks do, then lists the TU's facts.
class FactsCollector : public CopyCallCheck {
public:
  FactsCollector(CheckHost &Host, bool WholeProgram, std::vector<Fact> &Out,
                 std::vector<std::string> &Uses)
      : CopyCallCheck("copyintent-facts", Host), WholeProgram(WholeProgram), Out(Out),
        Uses(Uses) {}
  void collect(ASTContext &Ctx) {
    Out = extractFacts(analysis(Ctx), Ctx, WholeProgram);
    Uses = factUses(Ctx);
    endTranslationUnit();
  }

private:
  const bool WholeProgram;
  std::vector<Fact> &Out;
  std::vector<std::string> &Uses;
  void checkCopyCall(const CopyCall &) override {}
};

class FactsConsumer : public ASTConsumer {
public:
  FactsConsumer(CompilerInstance &CI, const WarningOptions &O, std::vector<Fact> &Out,
                std::vector<std::string> &Uses)
      : CI(CI), Opts(O), Host(CI.getDiagnostics(), "copyintent-facts", Opts, NoLint, true),
        Collector(Host, Opts.WholeProgramFacts, Out, Uses) {}
  void HandleTranslationUnit(ASTContext &Ctx) override {
    if (!CI.getDiagnostics().hasErrorOccurred())
      Collector.collect(Ctx);
  }

private:
  CompilerInstance &CI;
  const WarningOptions Opts;
  NoLintIndex NoLint;
  CompilerHost Host;
  FactsCollector Collector;
};

/// clang-tidy's -checks syntax: comma-separated globs, '-' in front removes. Arg
/// names the plugin argument in errors.
bool selectChecks(StringRef Arg, StringRef List, DiagnosticsEngine &D,
                  std::vector<std::string> &Out) {
  SmallVector<StringRef, 8> Items;
  List.split(Items, ',', -1, /*KeepEmpty=*/false);
  for (StringRef Item : Items) {
    Item = Item.trim();
    bool Remove = Item.consume_front("-");
    Expected<GlobPattern> G = GlobPattern::create(Item);
    if (!G) {
      D.Report(D.getCustomDiagID(DiagnosticsEngine::Error,
                                 "copyintent: invalid check pattern '%0' in "
                                 "-fplugin-arg-copyintent-%1: %2"))
          << Item << Arg << toString(G.takeError());
      return false;
    }
    for (const CheckKind &K : AllChecks)
      if (G->match(K.Id)) {
        llvm::erase(Out, K.Id);
        if (!Remove)
          Out.push_back(K.Id);
      }
  }
  return true;
}

} // namespace

bool parseWarningOptions(const std::vector<std::string> &Args, DiagnosticsEngine &D,
                         WarningOptions &Out) {
  for (const CheckKind &K : AllChecks)
    if (K.OnByDefault)
      Out.Checks.push_back(K.Id);
  bool Ok = true;
  for (const std::string &Arg : Args) {
    auto [Name, Value] = StringRef(Arg).split('=');
    if (Arg == "version") {
      // What was built and for which LLVM, as a remark: the compilation goes on.
      D.Report(D.getCustomDiagID(DiagnosticsEngine::Remark,
                                 "copyintent %0, built for LLVM %1"))
          << COPYINTENT_VERSION << LLVM_VERSION_STRING;
    } else if (Name == "checks" && Arg.find('=') != std::string::npos) {
      Ok &= selectChecks(Name, Value, D, Out.Checks); // on top of the defaults
    } else if (Name == "werror" && Arg.find('=') != std::string::npos) {
      // Each list is applied in order on top of the last, as -Werror=/-Wno-error=.
      for (StringRef Item : split(Value, ',')) {
        Item = Item.trim();
        if (Item.empty())
          continue;
        bool Drop = Item.starts_with("-");
        std::vector<std::string> Matched;
        Ok &= selectChecks(Name, Item.drop_front(Drop ? 1 : 0), D, Matched);
        for (std::string &Id : Matched)
          Out.WerrorOverride[Id] = !Drop;
      }
    } else if (Arg.find('=') != std::string::npos && isKnownArgument(Name)) {
      Out.Values[Name.str()] = Value.str();
    } else {
      D.Report(D.getCustomDiagID(
          DiagnosticsEngine::Error,
          "copyintent: unknown argument '-fplugin-arg-copyintent-%0': expected version, "
          "checks=, werror=, or [<check id>.]<option>= with an option among %1 (the "
          "check must read it); "
          "the lowering's options are -mllvm -copyintent-<option>=<value>"))
          << Arg << optionNamesForHumans();
      Ok = false;
    }
  }
  return Ok;
}

bool validateWarningOptions(const WarningOptions &Opts, DiagnosticsEngine &D) {
  // The checks read and judge their options when they are made: make each once.
  NoLintIndex NoLint;
  std::vector<std::unique_ptr<CompilerHost>> Hosts;
  for (const CheckKind &K : AllChecks)
    if (is_contained(Opts.Checks, K.Id)) {
      Hosts.push_back(
          std::make_unique<CompilerHost>(D, K.Id, Opts, NoLint, Hosts.empty()));
      K.Make(K.Id, *Hosts.back());
    }
  return !D.hasErrorOccurred();
}

std::unique_ptr<ASTConsumer> makeFactsConsumer(CompilerInstance &CI,
                                               const WarningOptions &Opts,
                                               std::vector<Fact> &Out,
                                               std::vector<std::string> &Uses) {
  return std::make_unique<FactsConsumer>(CI, Opts, Out, Uses);
}

std::unique_ptr<ASTConsumer> makeWarningsConsumer(CompilerInstance &CI,
                                                  const WarningOptions &Opts) {
  return std::make_unique<WarningsConsumer>(CI, Opts);
}

} // namespace copyintent::checker
