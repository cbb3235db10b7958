//===- main.cpp - The copyintent command ----------------------------------===//
//
//   copyintent scan -p BUILD_DIR [FILES or regexes] [options]
//   copyintent merge REPORT.json... [options]
//   copyintent --version
//
// scan runs the checks of checker/ over every TU of a compile database (one process
// per TU, -j at once, results cached per TU), merges what they find, and writes it
// as text, JSON or SARIF, as clang-apply-replacements YAML, as one diff, as a patch
// series, or applies it. merge combines the JSON reports of shards (--shard i/N) into
// one, with the same outputs. Docs: docs/copyintent.md.
//
//===----------------------------------------------------------------------===//

#include "Cache.h"
#include "Fixes.h"
#include "PatchSeries.h"
#include "Progress.h"
#include "Report.h"
#include "Scheduler.h"
#include "TuRunner.h"
#include "Version.h"

#include "CompilerWarnings.h"
#include "CrossTuFacts.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <numeric>
#include <thread>

using namespace llvm;
using namespace copyintent;
using namespace copyintent::tool;

namespace {

// Exit statuses (docs/copyintent.md).
constexpr int ExitClean = 0, ExitFindings = 1, ExitUsage = 2, ExitInterrupted = 130;

cl::OptionCategory Category("copyintent options");
cl::SubCommand Scan("scan", "Run the copyintent checks over a compile database");
cl::SubCommand Merge("merge", "Merge JSON reports of shards (scan --shard i/N "
                              "--format=json) into one");

// --- scan --------------------------------------------------------------------------
cl::opt<std::string> BuildPath("p", cl::desc("Build directory holding compile_commands.json "
                                             "(or the file itself)"),
                               cl::value_desc("dir"), cl::sub(Scan), cl::cat(Category));
cl::list<std::string> Selection(cl::Positional,
                                cl::desc("[files or regular expressions over file paths]"),
                                cl::sub(Scan), cl::cat(Category));
cl::opt<unsigned> Jobs("j", cl::desc("TUs analysed at once (default: the number of cores)"),
                       cl::init(0), cl::Prefix, cl::sub(Scan), cl::cat(Category));
cl::opt<bool> Quiet("quiet", cl::desc("No progress and no summary on stderr"),
                    cl::sub(Scan), cl::sub(Merge), cl::cat(Category));
cl::opt<std::string> Checks("checks",
                            cl::desc("Checks, clang-tidy's -checks syntax, on top of the "
                                     "default set (every check but copyintent-classify)"),
                            cl::sub(Scan), cl::cat(Category));
cl::list<std::string> CheckOptions(
    "option", cl::desc("A check option, as in .clang-tidy: [<check id>.]<Option>=<value>"),
    cl::value_desc("option"), cl::sub(Scan), cl::cat(Category));
cl::opt<std::string> Werror("werror",
                            cl::desc("Checks whose findings are errors (globs; '-glob' "
                                     "keeps them warnings)"),
                            cl::sub(Scan), cl::cat(Category));
cl::opt<std::string> CacheDir("cache-dir",
                              cl::desc("Where per-TU results are kept (default: "
                                       "<build dir>/.copyintent-cache)"),
                              cl::sub(Scan), cl::cat(Category));
cl::opt<bool> NoCache("no-cache", cl::desc("Analyse every TU, keep nothing"), cl::sub(Scan),
                      cl::cat(Category));
cl::opt<std::string> Shard("shard", cl::desc("Analyse the i-th of N equal parts (1-based)"),
                           cl::value_desc("i/N"), cl::sub(Scan), cl::cat(Category));
cl::opt<bool> CrossTu("cross-tu",
                      cl::desc("Two phases: facts from every TU (what pointers cross "
                               "into other files), then the checks with all of them"),
                      cl::sub(Scan), cl::cat(Category));
cl::opt<unsigned> CrossTuRounds(
    "cross-tu-rounds",
    cl::desc("At most this many fact rounds: a chain crossing N file boundaries "
             "needs N (default 3)"),
    cl::init(3), cl::sub(Scan), cl::cat(Category));
cl::opt<bool> FactsOnly("facts-only",
                        cl::desc("Only the first phase: write the facts of these TUs "
                                 "to -o (for a CI matrix: merge them, then --facts)"),
                        cl::sub(Scan), cl::cat(Category));
cl::opt<bool> WholeProgram(
    "whole-program",
    cl::desc("With --cross-tu or --facts-only: the database is the whole program, so a "
             "parameter whose every caller passes ordinary memory receives only that "
             "(functions whose address is taken or that are exported to modules "
             "excepted)"),
    cl::sub(Scan), cl::cat(Category));
cl::opt<std::string> FactsIn("facts",
                             cl::desc("Check with the facts of this file (made by "
                                      "--facts-only, merged by copyintent merge)"),
                             cl::value_desc("file"), cl::sub(Scan), cl::cat(Category));
cl::opt<std::string> Since("since",
                           cl::desc("Only TUs whose file, or a file they include, changed "
                                    "since this git revision"),
                           cl::value_desc("rev"), cl::sub(Scan), cl::cat(Category));

// --- merge -------------------------------------------------------------------------
cl::list<std::string> Reports(cl::Positional, cl::desc("<report.json>..."), cl::OneOrMore,
                              cl::sub(Merge), cl::cat(Category));

// --- outputs, both -----------------------------------------------------------------
enum class Format { Text, Json, Sarif };
cl::opt<Format> OutFormat("format", cl::desc("What -o receives"),
                          cl::values(clEnumValN(Format::Text, "text", "clang's diagnostics"),
                                     clEnumValN(Format::Json, "json",
                                                "lossless, for copyintent merge"),
                                     clEnumValN(Format::Sarif, "sarif", "SARIF 2.1.0")),
                          cl::init(Format::Text), cl::sub(Scan), cl::sub(Merge),
                          cl::cat(Category));
cl::opt<std::string> Output("o", cl::desc("Write the report here (default: stdout)"),
                            cl::value_desc("file"), cl::init("-"), cl::sub(Scan),
                            cl::sub(Merge), cl::cat(Category));
cl::opt<std::string> ExportFixes("export-fixes",
                                 cl::desc("Write the fix-its as clang-apply-replacements "
                                          "YAML"),
                                 cl::value_desc("file"), cl::sub(Scan), cl::sub(Merge),
                                 cl::cat(Category));
cl::opt<bool> ShowDiff("diff", cl::desc("Print the fix-its as one unified diff on stdout"),
                       cl::sub(Scan), cl::sub(Merge), cl::cat(Category));
cl::opt<bool> Apply("apply", cl::desc("Make the fix-its (each file replaced atomically)"),
                    cl::sub(Scan), cl::sub(Merge), cl::cat(Category));
cl::opt<std::string> PatchDir("patch-series",
                              cl::desc("Write the fix-its as one patch per directory, "
                                       "git format-patch style"),
                              cl::value_desc("dir"), cl::sub(Scan), cl::sub(Merge),
                              cl::cat(Category));
cl::opt<std::string> SubsystemsFile(
    "subsystems",
    cl::desc("With --patch-series: one patch per named subsystem (lines '<name>: <path "
             "prefix>...'), other files one per directory"),
    cl::value_desc("file"), cl::sub(Scan), cl::sub(Merge), cl::cat(Category));
enum class FailOn { Remark, Warning, Error, Never };
cl::opt<FailOn> FailLevel(
    "fail-on", cl::desc("Exit with 1 when a finding is at least this severe"),
    cl::values(clEnumValN(FailOn::Remark, "remark", ""), clEnumValN(FailOn::Warning, "warning", ""),
               clEnumValN(FailOn::Error, "error", ""), clEnumValN(FailOn::Never, "never", "")),
    cl::init(FailOn::Warning), cl::sub(Scan), cl::sub(Merge), cl::cat(Category));
cl::opt<bool> KeepGoing("keep-going",
                        cl::desc("TUs that cannot be analysed do not fail the run (the "
                                 "summary counts them)"),
                        cl::sub(Scan), cl::sub(Merge), cl::cat(Category));
cl::opt<std::string> SrcRoot("src-root",
                             cl::desc("Paths in SARIF, diffs and patches are relative to "
                                      "it (default: the current directory)"),
                             cl::sub(Scan), cl::sub(Merge), cl::cat(Category));
cl::opt<std::string> DocsUrl("docs-url",
                             cl::desc("Base of the documentation that SARIF rules link to"),
                             cl::init("file://" COPYINTENT_DOCS_DIR), cl::sub(Scan),
                             cl::sub(Merge), cl::cat(Category));

int fail(const Twine &Msg, int Code = ExitUsage) {
  WithColor::error(errs(), "copyintent") << Msg << "\n";
  return Code;
}

std::string realPath(StringRef P) {
  SmallString<256> Out;
  if (sys::fs::real_path(P, Out))
    return P.str();
  return std::string(Out);
}

std::string currentDir() {
  SmallString<256> Cwd;
  sys::fs::current_path(Cwd);
  return realPath(Cwd);
}

/// The check options as parseWarningOptions reads them; errors on stderr.
bool checkOptions(checker::WarningOptions &Opts, std::string &Fingerprint,
                  ArrayRef<std::string> Extra = {}) {
  std::vector<std::string> Args;
  if (!Checks.empty())
    Args.push_back("checks=" + Checks);
  if (!Werror.empty())
    Args.push_back("werror=" + Werror);
  for (const std::string &O : CheckOptions)
    Args.push_back(O);
  append_range(Args, Extra);
  auto DiagOpts = std::make_unique<clang::DiagnosticOptions>();
  clang::TextDiagnosticPrinter Printer(errs(), *DiagOpts);
  clang::DiagnosticsEngine D(clang::DiagnosticIDs::create(), *DiagOpts, &Printer,
                             /*ShouldOwnClient=*/false);
  if (!checker::parseWarningOptions(Args, D, Opts) ||
      !checker::validateWarningOptions(Opts, D))
    return false;
  raw_string_ostream OS(Fingerprint);
  for (const std::string &C : Opts.Checks)
    OS << C << ',';
  for (const auto &[K, V] : Opts.Values)
    OS << '\0' << K << '=' << V;
  for (const auto &[K, V] : Opts.WerrorOverride)
    OS << '\0' << K << (V ? "+" : "-");
  // Only the facts phases extract; a whole program's facts say more.
  Opts.WholeProgramFacts = WholeProgram;
  if (WholeProgram)
    OS << "\0whole-program";
  return true;
}

Expected<std::unique_ptr<clang::tooling::CompilationDatabase>> loadDatabase() {
  SmallString<256> Path(BuildPath);
  if (sys::fs::is_directory(Path))
    sys::path::append(Path, "compile_commands.json");
  if (!sys::fs::exists(Path))
    return createStringError(inconvertibleErrorCode(),
                             "no compile database at %s (CMake: "
                             "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON; other builds: bear -- "
                             "make; the kernel: scripts/clang-tools/"
                             "gen_compile_commands.py)",
                             Path.c_str());
  std::string Err;
  auto DB = clang::tooling::JSONCompilationDatabase::loadFromFile(
      Path, Err, clang::tooling::JSONCommandLineSyntax::AutoDetect);
  if (!DB)
    return createStringError(inconvertibleErrorCode(), "cannot use %s: %s", Path.c_str(),
                             Err.c_str());
  return std::unique_ptr<clang::tooling::CompilationDatabase>(std::move(DB));
}

std::string absoluteFile(const clang::tooling::CompileCommand &C) {
  SmallString<256> P(C.Filename);
  if (!sys::path::is_absolute(P))
    sys::path::make_absolute(C.Directory, P);
  sys::path::remove_dots(P, true);
  return std::string(P);
}

/// The TUs the positional arguments name: a file (as written or absolute) or a
/// regular expression over the absolute path.
Expected<std::vector<clang::tooling::CompileCommand>>
select(std::vector<clang::tooling::CompileCommand> All) {
  if (Selection.empty())
    return All;
  std::vector<std::pair<std::string, Regex>> Patterns;
  for (const std::string &S : Selection) {
    Regex R(S);
    std::string Err;
    if (!sys::fs::exists(S) && !R.isValid(Err))
      return createStringError(inconvertibleErrorCode(),
                               "'%s' is neither a file nor a valid regular expression: %s",
                               S.c_str(), Err.c_str());
    Patterns.push_back({sys::fs::exists(S) ? realPath(S) : "", std::move(R)});
  }
  std::vector<clang::tooling::CompileCommand> Out;
  for (auto &C : All) {
    std::string File = absoluteFile(C);
    if (any_of(Patterns, [&](auto &P) {
          return (!P.first.empty() && realPath(File) == P.first) ||
                 (P.first.empty() && P.second.match(File));
        }))
      Out.push_back(std::move(C));
  }
  return Out;
}

Expected<std::vector<clang::tooling::CompileCommand>>
shard(std::vector<clang::tooling::CompileCommand> All) {
  if (Shard.empty())
    return All;
  auto [IStr, NStr] = StringRef(Shard).split('/');
  unsigned I = 0, N = 0;
  if (IStr.getAsInteger(10, I) || NStr.getAsInteger(10, N) || N == 0 || I == 0 || I > N)
    return createStringError(inconvertibleErrorCode(),
                             "--shard=%s: expected i/N with 1 <= i <= N", Shard.c_str());
  std::vector<clang::tooling::CompileCommand> Out;
  for (size_t K = 0; K < All.size(); ++K)
    if (K % N == I - 1)
      Out.push_back(std::move(All[K]));
  return Out;
}

/// Files changed since Rev (git diff --name-only Rev), absolute.
Expected<StringSet<>> changedSince(StringRef Rev, StringRef Root) {
  ErrorOr<std::string> Git = sys::findProgramByName("git");
  if (!Git)
    return createStringError(inconvertibleErrorCode(), "--since needs git on the PATH");
  SmallString<128> Out, ErrFile;
  sys::fs::createTemporaryFile("copyintent-since", "txt", Out);
  sys::fs::createTemporaryFile("copyintent-since", "err", ErrFile);
  std::string RootS = Root.str(), RevS = Rev.str();
  // The top of the work tree: git prints names relative to it.
  StringRef Args[] = {*Git, "-C", RootS, "diff", "--name-only", "--relative=", RevS, "--"};
  std::optional<StringRef> Redirects[] = {std::nullopt, StringRef(Out), StringRef(ErrFile)};
  int RC = sys::ExecuteAndWait(*Git, Args, std::nullopt, Redirects);
  auto Text = MemoryBuffer::getFile(Out);
  auto ErrText = MemoryBuffer::getFile(ErrFile);
  sys::fs::remove(Out);
  sys::fs::remove(ErrFile);
  if (RC != 0 || !Text)
    return createStringError(inconvertibleErrorCode(), "--since=%s: git diff failed: %s",
                             RevS.c_str(),
                             ErrText ? (*ErrText)->getBuffer().trim().str().c_str() : "");
  StringSet<> Files;
  SmallVector<StringRef, 64> Lines;
  (*Text)->getBuffer().split(Lines, '\n', -1, false);
  for (StringRef L : Lines) {
    SmallString<256> P(Root);
    sys::path::append(P, L.trim());
    Files.insert(P);
  }
  return Files;
}

/// Writes Text to Output (stdout for "-"), atomically for a file.
int writeOutput(StringRef Text) {
  if (Output == "-") {
    outs() << Text;
    outs().flush();
    return ExitClean;
  }
  if (Error E = writeFileAtomically(Output, Text))
    return fail(toString(std::move(E)));
  return ExitClean;
}

/// Where SARIF's rules link: --docs-url, else the installed documentation beside the
/// command (<prefix>/share/doc/copyintent), else the source tree's.
std::string docsUrl() {
  if (DocsUrl.getNumOccurrences())
    return DocsUrl;
  std::string Exe = sys::fs::getMainExecutable(nullptr, reinterpret_cast<void *>(&docsUrl));
  SmallString<256> Installed(sys::path::parent_path(sys::path::parent_path(Exe)));
  sys::path::append(Installed, "share", "doc", "copyintent");
  if (sys::fs::is_directory(Installed + "/checks"))
    return "file://" + std::string(Installed);
  return DocsUrl;
}

/// Everything after the findings are known: reports, fixes, exit status.
int deliver(const Report &R, StringRef BuildDir) {
  std::string Root = SrcRoot.empty() ? currentDir() : realPath(SrcRoot);
  for (const Failure &F : R.Failures)
    WithColor::error(errs(), "copyintent") << "cannot analyse " << F.File << ": " << F.Error
                                           << "\n";
  std::string Text;
  switch (OutFormat) {
  case Format::Text:
    Text = writeText(R);
    break;
  case Format::Json:
    Text = writeJson(R);
    break;
  case Format::Sarif:
    Text = writeSarif(R, {Root, docsUrl()});
    break;
  }
  if (!ShowDiff || Output != "-")
    if (int RC = writeOutput(Text))
      return RC;

  FixPlan Plan = planFixes(R.Findings, R.Hashes);
  auto Origin = [&](const Finding &F) {
    std::string S = F.Check + " (" + F.Loc.File + ":" + std::to_string(F.Loc.Line);
    if (!F.From.empty())
      S += ", from " + join(F.From, ", ");
    return S + ")";
  };
  bool MakesFixes = !ExportFixes.empty() || ShowDiff || Apply || !PatchDir.empty();
  for (const FixConflict &C : MakesFixes ? ArrayRef(Plan.Conflicts) : ArrayRef<FixConflict>())
    WithColor::warning(errs(), "copyintent")
        << "conflicting fix-its in " << C.EditA.File << " at byte " << C.EditA.Offset
        << ": '" << C.EditA.Text << "' for " << Origin(*C.A) << " and '" << C.EditB.Text
        << "' for " << Origin(*C.B) << "; neither is applied\n";
  if (!ExportFixes.empty())
    if (Error E = writeFileAtomically(ExportFixes, exportFixesYaml(Plan, BuildDir)))
      return fail(toString(std::move(E)));
  if (ShowDiff || Apply || !PatchDir.empty()) {
    auto Contents = editedContents(Plan);
    if (!Contents)
      return fail(toString(Contents.takeError()));
    if (ShowDiff) {
      outs() << wholeDiff(Plan, *Contents, Root);
      outs().flush();
    }
    if (!PatchDir.empty()) {
      Subsystems Units;
      if (!SubsystemsFile.empty()) {
        auto U = readSubsystems(SubsystemsFile);
        if (!U)
          return fail(toString(U.takeError()));
        Units = std::move(*U);
      }
      auto Written = writePatchSeries(Plan, *Contents, Root, PatchDir, Units);
      if (!Written)
        return fail(toString(Written.takeError()));
      if (!Quiet)
        errs() << "copyintent: wrote " << Written->size() << " patch"
               << (Written->size() == 1 ? "" : "es") << " to " << PatchDir << "\n";
    }
    if (Apply) {
      if (Error E = applyPlan(*Contents))
        return fail(toString(std::move(E)));
      if (!Quiet)
        errs() << "copyintent: applied " << Plan.Applied.size() << " fix-it"
               << (Plan.Applied.size() == 1 ? "" : "s") << " in " << Contents->size()
               << " file" << (Contents->size() == 1 ? "" : "s") << "\n";
    }
  }

  if (!R.Failures.empty() && !KeepGoing)
    return fail(Twine(R.Failures.size()) + " of " + Twine(R.TUs) +
                " TUs could not be analysed (see above; --keep-going accepts that)");
  auto Severity = [](StringRef Level) {
    return Level == "error" ? FailOn::Error
           : Level == "warning" ? FailOn::Warning
                                : FailOn::Remark;
  };
  if (FailLevel != FailOn::Never &&
      any_of(R.Findings, [&](const Finding &F) { return Severity(F.Level) >= FailLevel; }))
    return ExitFindings;
  return ExitClean;
}

/// The TUs of one phase: their results (nullopt: not run, or skipped by --since),
/// how many came from the cache; Completed is false when interrupted.
struct PhaseResults {
  std::vector<std::optional<TuResult>> Results;
  size_t Cached = 0, Skipped = 0, Done = 0;
  bool Completed = true;
};

/// Runs the TUs Which of Cmds in Mode; ConfigOf(I) is what besides the command
/// decides TU I's result (its cache key).
bool runPhase(const std::vector<clang::tooling::CompileCommand> &Cmds,
              ArrayRef<size_t> Which, TuMode Mode, const checker::WarningOptions &Opts,
              function_ref<std::string(size_t)> ConfigOf, const Cache &TheCache,
              const std::optional<StringSet<>> &Changed, StringRef TmpDir,
              StringRef Name, PhaseResults &Out) {
  Out.Results.resize(Cmds.size());
  std::map<size_t, std::string> ResultPaths;
  std::vector<size_t> Todo;
  FileHashes Hashes;
  Progress P(Name.str(), Which.size(), Quiet);
  for (size_t I : Which) {
    std::string Key = Cache::keyFor(Cmds[I], ConfigOf(I));
    ResultPaths[I] = TheCache.enabled() ? TheCache.pathFor(Key)
                                        : (TmpDir + "/" + Key + ".json").str();
    if (std::optional<TuResult> R = TheCache.lookup(Key, Hashes)) {
      if (Changed && none_of(R->Deps, [&](const Dependency &D) {
            return Changed->contains(D.File);
          })) {
        ++Out.Skipped; // unchanged since the revision: not part of this run
        continue;
      }
      Out.Results[I] = std::move(R);
      ++Out.Cached;
      P.step(/*FromCache=*/true, /*Failed=*/false);
      continue;
    }
    Todo.push_back(I);
  }
  unsigned J = Jobs ? Jobs : std::max(1u, std::thread::hardware_concurrency());
  Out.Completed = runInChildren(
      Todo, J,
      [&](size_t I) {
        TuResult R = runTranslationUnit(Cmds[I], Opts, Mode);
        return writeResult(ResultPaths[I], R) ? 1 : 0;
      },
      [&](size_t I, const ChildEnd &End) {
        TuResult R;
        if (!End.Signalled && End.Code == 0) {
          if (auto Read = readResult(ResultPaths[I]))
            R = std::move(*Read);
          else
            R.Error = toString(Read.takeError());
        } else {
          R.Error = "the analysis " + End.describe();
        }
        R.File = absoluteFile(Cmds[I]);
        P.step(/*FromCache=*/false, !R.Ok);
        Out.Results[I] = std::move(R);
      });
  P.finish();
  Out.Done += P.done();
  return Out.Completed;
}

/// Check options with a FactsFile, and the configuration text of them.
bool optionsWithFacts(StringRef FactsPath, checker::WarningOptions &Opts,
                      std::string &Configuration) {
  std::vector<std::string> Extra;
  if (!FactsPath.empty())
    Extra.push_back(("FactsFile=" + FactsPath).str());
  Opts = {};
  Configuration.clear();
  return checkOptions(Opts, Configuration, Extra);
}

/// Outputs whose configuration can be wrong are checked before any TU runs.
bool outputsUsable() {
  if (!SubsystemsFile.empty())
    if (auto U = readSubsystems(SubsystemsFile); !U) {
      fail(toString(U.takeError()));
      return false;
    }
  return true;
}

/// The facts list the pointer arguments of calls to every function other files may
/// define (a whole program's, every argument of every kind); when the facts come from
/// the whole database, only those of functions some TU defines (its uses name their
/// parameters) can ever be read, and the rest go.
void dropUnreadArguments(std::vector<checker::Fact> &Facts,
                         ArrayRef<std::optional<TuResult>> Results) {
  StringSet<> Defined;
  for (const std::optional<TuResult> &R : Results)
    if (R && R->Ok)
      for (const std::string &U : R->Uses)
        if (StringRef(U).starts_with("P:"))
          Defined.insert(StringRef(U).drop_front(2));
  llvm::erase_if(Facts, [&](const checker::Fact &F) {
    return F.Is == checker::Fact::Param && !Defined.contains(F.Name);
  });
}

int runScan() {
  auto Start = std::chrono::steady_clock::now();
  if (!outputsUsable())
    return ExitUsage;
  if (BuildPath.empty())
    return fail("scan needs -p <build dir> (the directory of compile_commands.json)");
  if (CrossTu && !FactsIn.empty())
    return fail("--cross-tu makes the facts; --facts=FILE reads them: give one of the two");
  if (WholeProgram && !CrossTu && !FactsOnly)
    return fail("--whole-program describes the facts that --cross-tu or --facts-only "
                "make; give one of them");
  checker::WarningOptions Opts;
  std::string Configuration;
  if (!checkOptions(Opts, Configuration))
    return ExitUsage;
  auto DB = loadDatabase();
  if (!DB)
    return fail(toString(DB.takeError()));
  std::vector<clang::tooling::CompileCommand> All = (*DB)->getAllCompileCommands();
  const size_t DatabaseSize = All.size();
  // One order whatever the database's: shards and reports depend on it.
  llvm::sort(All, [](const auto &A, const auto &B) {
    return std::make_tuple(absoluteFile(A), A.CommandLine) <
           std::make_tuple(absoluteFile(B), B.CommandLine);
  });
  auto Selected = select(std::move(All));
  if (!Selected)
    return fail(toString(Selected.takeError()));
  // Facts come from every selected TU, whatever the shard: a shard's TUs may be
  // called from anywhere.
  std::vector<clang::tooling::CompileCommand> FactSources = *Selected;
  auto Cmds = shard(std::move(*Selected));
  if (!Cmds)
    return fail(toString(Cmds.takeError()));

  std::string BuildDir = sys::fs::is_directory(BuildPath)
                             ? realPath(BuildPath)
                             : realPath(sys::path::parent_path(BuildPath));
  std::string Dir = NoCache ? "" : CacheDir.empty() ? BuildDir + "/.copyintent-cache"
                                                    : CacheDir.getValue();
  Cache TheCache(Dir);
  if (TheCache.enabled()) {
    // Generated state: never to be committed by a git add -A in an in-tree build.
    sys::fs::create_directories(Dir);
    if (!sys::fs::exists(Dir + "/.gitignore"))
      if (Error E = writeFileAtomically(Dir + "/.gitignore", "*\n"))
        return fail(toString(std::move(E)));
  }
  SmallString<128> TmpDir;
  if (!TheCache.enabled()) {
    if (std::error_code EC = sys::fs::createUniqueDirectory("copyintent", TmpDir))
      return fail("cannot create a temporary directory: " + EC.message());
  }
  llvm::scope_exit Cleanup([&] {
    if (!TmpDir.empty())
      sys::fs::remove_directories(TmpDir);
  });
  std::optional<StringSet<>> Changed;
  if (!Since.empty()) {
    auto C = changedSince(Since, SrcRoot.empty() ? currentDir() : realPath(SrcRoot));
    if (!C)
      return fail(toString(C.takeError()));
    Changed = std::move(*C);
  }
  auto Interrupted = [&](const PhaseResults &R, size_t Of) {
    return fail(Twine("interrupted: ") + Twine(R.Done) + " of " + Twine(Of) +
                    " TUs analysed; no report and no fix-it written",
                ExitInterrupted);
  };

  // Phase 1: facts, merged into one file the checks then read. In rounds: a fact
  // can make another TU prove more (a field known here makes a return value known
  // there); a round re-analyses only the TUs that use a name of a new fact.
  std::string FactsPath = FactsIn.empty() ? "" : realPath(FactsIn);
  std::map<size_t, std::vector<std::string>> UsesOf; // per TU of Cmds, from phase 1
  std::map<size_t, TuResult> Settled; // findings of phase 1 that the final facts keep
  if (CrossTu || FactsOnly) {
    const auto &Sources = FactsOnly ? *Cmds : FactSources;
    // Facts of the whole database: a function no TU defines is defined nowhere here.
    const bool WholeDatabase = Sources.size() == DatabaseSize;
    std::vector<std::optional<TuResult>> Latest(Sources.size());
    // The facts each TU's latest run read (null: none yet): its findings from that run
    // hold while the facts it reads are the same in the final merge.
    std::vector<std::shared_ptr<const checker::FactTable>> ReadWith(Sources.size());
    std::vector<checker::Fact> Merged;
    std::vector<size_t> Which(Sources.size());
    std::iota(Which.begin(), Which.end(), 0);
    std::string RoundFacts = FactsPath;
    unsigned Rounds = CrossTuRounds;
    for (unsigned Round = 1; Round <= Rounds && !Which.empty(); ++Round) {
      checker::WarningOptions RoundOpts;
      std::string RoundConfig;
      if (!optionsWithFacts(RoundFacts, RoundOpts, RoundConfig))
        return ExitUsage;
      std::shared_ptr<const checker::FactTable> Table;
      if (!RoundFacts.empty()) {
        auto T = checker::loadFactTable(RoundFacts);
        if (!T)
          return fail(toString(T.takeError()));
        Table = *T;
      }
      PhaseResults F;
      auto ConfigOf = [&](size_t I) {
        std::string C = RoundConfig + "\0facts-phase";
        if (Table)
          C += "\0" + utohexstr(Latest[I] ? Table->hashFor(Latest[I]->Uses) : Table->hash());
        return C;
      };
      TuMode Mode = FactsOnly ? TuMode::Facts : TuMode::FactsAndCheck;
      if (!runPhase(Sources, Which, Mode, RoundOpts, ConfigOf, TheCache, std::nullopt,
                    TmpDir, Rounds > 1 ? ("facts " + Twine(Round)).str() : "facts", F))
        return Interrupted(F, Which.size());
      for (size_t I : Which) {
        Latest[I] = std::move(F.Results[I]);
        ReadWith[I] = Table;
      }
      std::vector<checker::Fact> All;
      for (const std::optional<TuResult> &Res : Latest)
        if (Res && Res->Ok)
          append_range(All, Res->Facts);
      llvm::sort(All);
      All.erase(std::unique(All.begin(), All.end()), All.end());
      if (WholeDatabase)
        dropUnreadArguments(All, Latest);
      std::vector<checker::Fact> New;
      std::set_difference(All.begin(), All.end(), Merged.begin(), Merged.end(),
                          std::back_inserter(New));
      Merged = std::move(All);
      // Next round: the TUs that could read a new fact.
      Which.clear();
      for (size_t I = 0; I < Sources.size(); ++I)
        if (Latest[I] && Latest[I]->Ok &&
            any_of(New, [&](const checker::Fact &Fa) {
              return checker::usesFact(Latest[I]->Uses, Fa);
            }))
          Which.push_back(I);
      RoundFacts = (TheCache.enabled() ? Dir : TmpDir.str().str()) + "/facts.json";
      if (Error E = writeFileAtomically(
              RoundFacts, checker::writeFacts(Merged, COPYINTENT_VERSION, WholeProgram)))
        return fail(toString(std::move(E)));
    }
    std::vector<Failure> Failures;
    for (const std::optional<TuResult> &Res : Latest)
      if (Res && !Res->Ok)
        Failures.push_back({Res->File, Res->Error});
    for (const Failure &Fl : Failures)
      WithColor::error(errs(), "copyintent")
          << "cannot analyse " << Fl.File << ": " << Fl.Error << "\n";
    if (FactsOnly) {
      if (int RC = writeOutput(checker::writeFacts(Merged, COPYINTENT_VERSION, WholeProgram)))
        return RC;
      if (!Failures.empty() && !KeepGoing)
        return fail(Twine(Failures.size()) + " of " + Twine(Sources.size()) +
                    " TUs could not be analysed (see above; --keep-going accepts that)");
      return ExitClean;
    }
    FactsPath = RoundFacts;
    auto Final = checker::loadFactTable(FactsPath);
    if (!Final)
      return fail(toString(Final.takeError()));
    static const checker::FactTable NoFacts(std::vector<checker::Fact>{});
    // The uses of the TUs to check, by their place in Cmds, and the findings of the
    // rounds that stay valid: those whose TU read the same facts as the final merge.
    std::map<std::string, size_t> SourceIndex;
    for (size_t I = 0; I < Sources.size(); ++I)
      SourceIndex[absoluteFile(Sources[I]) + '\0' + join(Sources[I].CommandLine, " ")] = I;
    for (size_t I = 0; I < Cmds->size(); ++I) {
      auto It = SourceIndex.find(absoluteFile((*Cmds)[I]) + '\0' +
                                 join((*Cmds)[I].CommandLine, " "));
      if (It == SourceIndex.end() || !Latest[It->second] || !Latest[It->second]->Ok)
        continue;
      const TuResult &R = *Latest[It->second];
      UsesOf[I] = R.Uses;
      const checker::FactTable &Read = ReadWith[It->second] ? *ReadWith[It->second] : NoFacts;
      bool Unchanged = Changed && none_of(R.Deps, [&](const Dependency &D) {
                         return Changed->contains(D.File);
                       });
      if (!Unchanged && Read.hashFor(R.Uses) == (*Final)->hashFor(R.Uses))
        Settled[I] = R;
    }
  }
  if (!optionsWithFacts(FactsPath, Opts, Configuration))
    return ExitUsage;
  // The facts a TU can read are part of what decides its result.
  std::shared_ptr<const checker::FactTable> Table;
  if (!FactsPath.empty()) {
    auto T = checker::loadFactTable(FactsPath);
    if (!T)
      return fail(toString(T.takeError()));
    Table = *T;
  }
  auto CheckConfigOf = [&](size_t I) {
    if (!Table)
      return Configuration;
    auto It = UsesOf.find(I);
    return Configuration + "\0facts=" +
           utohexstr(It != UsesOf.end() ? Table->hashFor(It->second) : Table->hash());
  };
  std::vector<size_t> Todo;
  for (size_t I = 0; I < Cmds->size(); ++I)
    if (!Settled.count(I))
      Todo.push_back(I);
  PhaseResults Phase;
  runPhase(*Cmds, Todo, TuMode::Check, Opts, CheckConfigOf, TheCache, Changed, TmpDir,
           "scan", Phase);
  for (auto &[I, R] : Settled)
    Phase.Results[I] = std::move(R);
  if (!Phase.Completed)
    return Interrupted(Phase, Cmds->size());

  Report R;
  R.TUs = Cmds->size() - Phase.Skipped;
  std::vector<Finding> Found;
  for (std::optional<TuResult> &Res : Phase.Results) {
    if (!Res)
      continue;
    if (!Res->Ok) {
      R.Failures.push_back({Res->File, Res->Error});
      continue;
    }
    for (Finding &F : Res->Findings) {
      F.From = {Res->File};
      Found.push_back(std::move(F));
    }
    for (const Dependency &D : Res->Deps)
      R.Hashes.emplace(D.File, D.Hash);
  }
  llvm::sort(R.Failures);
  R.Findings = mergeFindings(Found);
  // Only the hashes of files that fix-its edit travel with the report.
  std::map<std::string, uint64_t> Edited;
  for (const Finding &F : R.Findings)
    for (const Edit &E : F.Fixes)
      if (auto It = R.Hashes.find(E.File); It != R.Hashes.end())
        Edited.insert(*It);
  R.Hashes = std::move(Edited);

  int RC = deliver(R, BuildDir);
  if (!Quiet) {
    double Secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - Start).count();
    size_t Fixable = count_if(R.Findings, [](const Finding &F) { return !F.Fixes.empty(); });
    errs() << "copyintent: " << R.TUs << " TUs (" << Phase.Cached << " from cache, "
           << R.Failures.size() << " failed";
    if (Phase.Skipped)
      errs() << ", " << Phase.Skipped << " unchanged since " << Since << " skipped";
    errs() << "), " << R.Findings.size() << " finding" << (R.Findings.size() == 1 ? "" : "s")
           << " (" << Fixable << " with fix-its), in " << format("%.1f", Secs) << " s\n";
  }
  return RC;
}

/// Whether the file is a facts file (by its "tool" field).
bool isFactsFile(StringRef Path) {
  auto B = MemoryBuffer::getFile(Path);
  if (!B)
    return false;
  // JSON Lines: the header is the first line.
  Expected<json::Value> V = json::parse((*B)->getBuffer().split('\n').first);
  if (!V) {
    consumeError(V.takeError());
    return false;
  }
  const json::Object *O = V->getAsObject();
  return O && O->getString("tool") == "copyintent-facts";
}

int runMerge() {
  if (!outputsUsable())
    return ExitUsage;
  if (isFactsFile(Reports.front())) {
    std::vector<checker::Fact> All;
    std::optional<bool> Whole;
    for (const std::string &Path : Reports) {
      auto Facts = checker::readFacts(Path, COPYINTENT_VERSION);
      if (!Facts)
        return fail(toString(Facts.takeError()) +
                    (isFactsFile(Path) ? "" : " (facts and reports cannot be merged together)"));
      // Whole-program facts are whole only together with the rest of the program's.
      if (Whole && *Whole != Facts->WholeProgram)
        return fail("facts file " + Path + (Facts->WholeProgram ? " is" : " is not") +
                    " whole-program, and " + Reports.front() +
                    (*Whole ? " is" : " is not") + ": make all of them the same way");
      Whole = Facts->WholeProgram;
      append_range(All, Facts->Facts);
    }
    return writeOutput(checker::writeFacts(std::move(All), COPYINTENT_VERSION, *Whole));
  }
  Report R;
  for (const std::string &Path : Reports) {
    auto One = readJson(Path);
    if (!One)
      return fail(toString(One.takeError()));
    R.merge(*One);
  }
  return deliver(R, currentDir());
}

} // namespace

int main(int argc, char **argv) {
  cl::SetVersionPrinter([](raw_ostream &OS) {
    OS << "copyintent " COPYINTENT_VERSION " (LLVM " LLVM_VERSION_STRING ")\n";
  });
  cl::HideUnrelatedOptions(Category);
  if (!cl::ParseCommandLineOptions(argc, argv,
                                   "copyintent: copy intent across a whole tree\n\n"
                                   "  copyintent scan -p BUILD_DIR [files] [options]\n"
                                   "  copyintent merge REPORT.json... [options]\n",
                                   &errs(), nullptr, nullptr,
                                   /*LongOptionsUseDoubleDash=*/true))
    return ExitUsage;
  if (Scan)
    return runScan();
  if (Merge)
    return runMerge();
  return fail("expected a subcommand: scan or merge (copyintent --help)");
}
