//===- TuRunner.cpp - Runs the checks on one translation unit ------------===//

#include "TuRunner.h"

#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Frontend/MultiplexConsumer.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <optional>

using namespace clang;
using namespace llvm;

namespace copyintent::tool {

namespace {

std::string absolute(StringRef Path, StringRef Dir) {
  SmallString<256> P(Path);
  if (!sys::path::is_absolute(P))
    sys::path::make_absolute(Dir, P);
  sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  return std::string(P);
}

/// Collects the checks' diagnostics (tagged " [copyintent-...]") with their notes
/// and fix-its, and the first compiler error; compiler warnings are not ours to show.
class Collector : public DiagnosticConsumer {
public:
  Collector(TuResult &R, StringRef Dir) : R(R), Dir(Dir) {}

  void HandleDiagnostic(DiagnosticsEngine::Level Level, const Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    SmallString<256> Text;
    Info.FormatDiagnostic(Text);
    StringRef Msg = Text;
    if (Level == DiagnosticsEngine::Note) {
      if (InFinding && !R.Findings.empty())
        R.Findings.back().Notes.push_back({locate(Info), Msg.str()});
      return;
    }
    InFinding = false;
    size_t Tag = Msg.rfind(" [copyintent-");
    if (Tag != StringRef::npos && Msg.ends_with("]") && Info.hasSourceManager()) {
      Finding F;
      F.Check = Msg.substr(Tag + 2, Msg.size() - Tag - 3).str();
      F.Level = Level >= DiagnosticsEngine::Error ? "error"
                : Level == DiagnosticsEngine::Remark ? "remark"
                                                      : "warning";
      F.Message = Msg.substr(0, Tag).str();
      F.Loc = locate(Info);
      for (const FixItHint &H : Info.getFixItHints())
        if (std::optional<Edit> E = edit(Info.getSourceManager(), H))
          F.Fixes.push_back(*E);
        else
          F.Fixes.clear(); // all or nothing
      R.Findings.push_back(std::move(F));
      InFinding = true;
      return;
    }
    if (Level >= DiagnosticsEngine::Error && R.Error.empty()) {
      // Code that does not compile has no verdicts (the checks give none either).
      Location L = Info.hasSourceManager() && Info.getLocation().isValid()
                       ? locate(Info)
                       : Location();
      R.Error = L.File.empty() ? Msg.str()
                               : (L.File + ":" + Twine(L.Line) + ":" + Twine(L.Column) +
                                  ": " + Msg)
                                     .str();
    }
  }

private:
  TuResult &R;
  std::string Dir;
  bool InFinding = false;

  Location locate(const Diagnostic &Info) const {
    const SourceManager &SM = Info.getSourceManager();
    SourceLocation L = SM.getFileLoc(Info.getLocation());
    Location Out;
    if (L.isInvalid())
      return Out;
    FileIDAndOffset D = SM.getDecomposedLoc(L);
    if (OptionalFileEntryRef FE = SM.getFileEntryRefForID(D.first))
      Out.File = absolute(FE->getName(), Dir);
    Out.Offset = D.second;
    Out.Line = SM.getLineNumber(D.first, D.second);
    Out.Column = SM.getColumnNumber(D.first, D.second);
    return Out;
  }

  std::optional<Edit> edit(const SourceManager &SM, const FixItHint &H) const {
    if (H.RemoveRange.isInvalid() || H.RemoveRange.getBegin().isMacroID() ||
        H.RemoveRange.getEnd().isMacroID())
      return std::nullopt;
    CharSourceRange Range = H.RemoveRange;
    if (Range.isTokenRange())
      Range = Lexer::getAsCharRange(Range, SM, LangOptions());
    FileIDAndOffset B = SM.getDecomposedLoc(Range.getBegin());
    FileIDAndOffset E = SM.getDecomposedLoc(Range.getEnd());
    OptionalFileEntryRef FE = SM.getFileEntryRefForID(B.first);
    if (!FE || B.first != E.first || E.second < B.second)
      return std::nullopt;
    return Edit{absolute(FE->getName(), Dir), B.second, E.second - B.second,
                H.CodeToInsert};
  }
};

/// Runs the checks' consumer; at the end records every file the TU read.
class CheckAction : public ASTFrontendAction {
public:
  CheckAction(const checker::WarningOptions &Opts, TuResult &R, TuMode Mode)
      : Opts(Opts), R(R), Mode(Mode) {}

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 StringRef) override {
    if (Mode == TuMode::Check)
      return checker::makeWarningsConsumer(CI, Opts);
    auto Facts = checker::makeFactsConsumer(CI, Opts, R.Facts, R.Uses);
    if (Mode == TuMode::Facts)
      return Facts;
    // Facts and findings from one parse; the findings hold as long as the facts this
    // TU reads do not change.
    std::vector<std::unique_ptr<ASTConsumer>> Both;
    Both.push_back(std::move(Facts));
    Both.push_back(checker::makeWarningsConsumer(CI, Opts));
    return std::make_unique<MultiplexConsumer>(std::move(Both));
  }

  void EndSourceFileAction() override {
    SourceManager &SM = getCompilerInstance().getSourceManager();
    for (auto It = SM.fileinfo_begin(); It != SM.fileinfo_end(); ++It) {
      std::optional<MemoryBufferRef> Buf = It->second->getBufferIfLoaded();
      if (!Buf)
        continue;
      R.Deps.push_back(
          {absolute(It->first.getName(), R.Directory), contentHash(Buf->getBuffer())});
    }
    llvm::sort(R.Deps, [](const Dependency &A, const Dependency &B) {
      return A.File < B.File;
    });
  }

private:
  const checker::WarningOptions &Opts;
  TuResult &R;
  TuMode Mode;
};

} // namespace

TuResult runTranslationUnit(const tooling::CompileCommand &Cmd,
                            const checker::WarningOptions &Opts, TuMode Mode) {
  TuResult R;
  R.Directory = Cmd.Directory;
  R.File = absolute(Cmd.Filename, Cmd.Directory);
  if (!sys::fs::exists(R.File)) {
    R.Error = "the file of this compile command does not exist: " + R.File;
    return R;
  }
  if (std::error_code EC = sys::fs::set_current_path(Cmd.Directory)) {
    R.Error = "cannot enter the compile command's directory " + Cmd.Directory + ": " +
              EC.message();
    return R;
  }
  // The AST only: no object file, no dependency file; clang's own headers from the
  // clang this was built with (the command's compiler may live elsewhere).
  std::vector<std::string> Args = Cmd.CommandLine;
  for (const tooling::ArgumentsAdjuster &A :
       {tooling::getClangStripOutputAdjuster(), tooling::getClangSyntaxOnlyAdjuster(),
        tooling::getClangStripDependencyFileAdjuster()})
    Args = A(Args, Cmd.Filename);
  Args.insert(Args.begin() + 1, "-resource-dir=" COPYINTENT_CLANG_RESOURCE_DIR);
  // Nothing printed: what matters is collected ("N warnings generated" included).
  Args.insert(Args.begin() + 2, "-fno-caret-diagnostics");

  auto Files = makeIntrusiveRefCnt<FileManager>(FileSystemOptions());
  tooling::ToolInvocation Invocation(Args, std::make_unique<CheckAction>(Opts, R, Mode),
                                     Files.get());
  Collector Diags(R, Cmd.Directory);
  Invocation.setDiagnosticConsumer(&Diags);
  // run() is false after any error, the checks' own under werror= too: whether
  // the TU compiled is what the collector saw.
  Invocation.run();
  R.Ok = R.Error.empty();
  return R;
}

} // namespace copyintent::tool
