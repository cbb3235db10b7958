//===- CrossTuFacts.cpp - What one TU tells the others about memory ------===//

#include "CrossTuFacts.h"
#include "WriteBackFlow.h"

#include <map>
#include "ApiTable.h"
#include "ProvenanceIndex.h"
#include "VersionedJson.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DynamicRecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"

#include <mutex>
#include <set>
#include <tuple>

using namespace clang;
using namespace llvm;

namespace copyintent::checker {

namespace {

constexpr llvm::StringLiteral WhatNames[] = {
    "param",       "return",    "global",           "field",           "callback",
    "drains",      "writes-back", "publishes",      "leaves-unwritten", "leaves-undrained"};

std::string keyOf(Fact::About Is, StringRef Name, StringRef Record, unsigned Index) {
  switch (Is) {
  case Fact::Param:
    return ("P:" + Name + ":" + Twine(Index)).str();
  case Fact::Return:
    return ("R:" + Name).str();
  case Fact::Global:
    return ("G:" + Name).str();
  case Fact::Field:
    return ("F:" + Record + "::" + Name).str();
  case Fact::Callback:
    return ("C:" + Record + "::" + Name + ":" + Twine(Index)).str();
  case Fact::Drains:
    return ("D:" + Name).str();
  case Fact::WritesBack:
    return ("W:" + Name + ":" + Twine(Index)).str();
  case Fact::Publishes:
    return ("L:" + Name + ":" + Twine(Index)).str();
  case Fact::LeavesUnwritten:
    return ("U:" + Name + ":" + Twine(Index)).str();
  case Fact::LeavesUndrained:
    return ("V:" + Name + ":" + Twine(Index)).str();
  }
  return "";
}

} // namespace

std::string Fact::key() const { return keyOf(Is, Name, Record, Index); }

// Field by field, without building keys: facts files are sorted on every write and
// every load, and clang-tidy loads one per TU.
bool Fact::operator<(const Fact &O) const {
  return std::tie(Is, Record, Name, Index, Kind, File, Line, What, Source, Hash) <
         std::tie(O.Is, O.Record, O.Name, O.Index, O.Kind, O.File, O.Line, O.What,
                  O.Source, O.Hash);
}

bool Fact::operator==(const Fact &O) const {
  return std::tie(Is, Record, Name, Index, Kind, File, Line, What, Source, Hash) ==
         std::tie(O.Is, O.Record, O.Name, O.Index, O.Kind, O.File, O.Line, O.What,
                  O.Source, O.Hash);
}

json::Value toJSON(const Fact &F) {
  json::Object O{{"about", WhatNames[F.Is]},
                 {"kind", memKindName(F.Kind)},
                 {"name", F.Name},
                 {"file", F.File},
                 {"line", F.Line},
                 {"what", F.What},
                 {"source", F.Source}};
  if (!F.Hash.empty())
    O["hash"] = F.Hash;
  if (F.Is == Fact::Param || F.Is == Fact::Callback || F.Is == Fact::WritesBack ||
      F.Is == Fact::Publishes || F.Is == Fact::LeavesUnwritten ||
      F.Is == Fact::LeavesUndrained)
    O["index"] = F.Index;
  if (F.Is == Fact::Field || F.Is == Fact::Callback)
    O["record"] = F.Record;
  return O;
}

bool fromJSON(const json::Value &V, Fact &F, json::Path P) {
  json::ObjectMapper O(V, P);
  std::string About, Kind;
  if (!O || !O.map("about", About) || !O.map("kind", Kind) || !O.map("name", F.Name) ||
      !O.map("file", F.File) || !O.map("line", F.Line) || !O.map("what", F.What) ||
      !O.map("source", F.Source))
    return false;
  auto W = find(WhatNames, About);
  if (W == std::end(WhatNames)) {
    P.field("about").report(
        "expected param, return, global, field, callback, drains, writes-back, "
        "publishes, leaves-unwritten or leaves-undrained");
    return false;
  }
  F.Is = Fact::About(W - std::begin(WhatNames));
  bool Known = false;
  for (unsigned K = 0; K < NumMemKinds && !Known; ++K)
    if (Kind == memKindName(MemKind(K))) {
      F.Kind = MemKind(K);
      Known = true;
    }
  if (!Known) {
    P.field("kind").report("expected persistent memory, MMIO, user memory, ordinary "
                           "memory or unknown memory");
    return false;
  }
  if (!O.mapOptional("hash", F.Hash))
    return false;
  if ((F.Is == Fact::Param || F.Is == Fact::Callback || F.Is == Fact::WritesBack ||
      F.Is == Fact::Publishes || F.Is == Fact::LeavesUnwritten ||
      F.Is == Fact::LeavesUndrained) &&
      !O.map("index", F.Index))
    return false;
  if ((F.Is == Fact::Field || F.Is == Fact::Callback) && !O.map("record", F.Record))
    return false;
  return true;
}

// The file is JSON Lines: a header object, then one fact a line, each opening with its
// key ({"key":"P:pool_write:0",...}), sorted. A reader finds the facts it needs by key
// without parsing the others: clang-tidy loads the file in every process.

std::string writeFacts(std::vector<Fact> Facts, StringRef Version, bool WholeProgram) {
  llvm::sort(Facts);
  Facts.erase(std::unique(Facts.begin(), Facts.end()), Facts.end());
  json::Object Header{{"tool", "copyintent-facts"}, {"version", Version}};
  if (WholeProgram)
    Header["whole-program"] = true;
  std::string Out;
  raw_string_ostream OS(Out);
  OS << json::Value(std::move(Header)) << '\n';
  for (const Fact &F : Facts) {
    std::string Body;
    raw_string_ostream BS(Body);
    BS << toJSON(F);
    OS << "{\"key\":" << json::Value(F.key()) << ',' << StringRef(Body).drop_front() << '\n';
  }
  return Out;
}

/// What a facts file is, for the messages.
static constexpr JsonKind FactsKind = {
    "copyintent-facts", "a facts file (copyintent scan --facts-only writes one)",
    "make the facts again", "facts file "};

/// The header of a facts file's text: its whole-program flag, or an error naming Path.
static Expected<bool> readHeader(StringRef Text, StringRef Path, StringRef Version,
                                 StringRef &Rest) {
  auto [First, After] = Text.split('\n');
  Rest = After;
  Expected<json::Value> H = json::parse(First);
  if (!H) {
    consumeError(H.takeError());
    return jsonFileError(Path, FactsKind, "not " + FactsKind.What);
  }
  if (Error E = checkVersionedJson(*H, Path, FactsKind, Version))
    return std::move(E);
  const json::Value *W = H->getAsObject()->get("whole-program");
  std::optional<bool> B = W ? W->getAsBoolean() : std::optional<bool>(false);
  if (!B)
    return jsonFileError(Path, FactsKind, "\"whole-program\" is not true or false");
  return *B;
}

/// One fact line, checked: a JSON object of a fact, of a kind the file may hold.
static Expected<Fact> parseFactLine(StringRef Line, StringRef Path, unsigned LineNo,
                                    bool WholeProgram) {
  auto Bad = [&](const Twine &Why) {
    return jsonFileError(Path, FactsKind, "line " + Twine(LineNo) + ": " + Why);
  };
  Expected<json::Value> V = json::parse(Line);
  if (!V)
    return Bad("not JSON: " + toString(V.takeError()));
  Fact F;
  json::Path::Root Root;
  if (!fromJSON(*V, F, Root))
    return Bad(toString(Root.getError()));
  if (V->getAsObject()->getString("key") != F.key())
    return Bad("its \"key\" is not " + F.key());
  // What no other TU passes proves nothing unless every TU was asked.
  if (!WholeProgram && F.Kind != MemKind::PMem && F.Kind != MemKind::MMIO)
    return Bad("a fact of " + memKindName(F.Kind) + " about '" +
               (F.Record.empty() ? F.Name : F.Record + "::" + F.Name) +
               "' in a file that is not whole-program");
  return F;
}

/// Calls Fn for each fact line after the header (numbered from 2; blank lines skip).
static Error forEachFactLine(StringRef Rest,
                             function_ref<Error(StringRef Line, unsigned LineNo)> Fn) {
  unsigned LineNo = 1;
  while (!Rest.empty()) {
    auto [Line, After] = Rest.split('\n');
    Rest = After;
    ++LineNo;
    if (Line.trim().empty())
      continue;
    if (Error E = Fn(Line, LineNo))
      return E;
  }
  return Error::success();
}

Expected<FactsFile> readFacts(StringRef Path, StringRef Version) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> B = MemoryBuffer::getFile(Path);
  if (!B)
    return jsonFileError(Path, FactsKind, "cannot read it: " + B.getError().message());
  StringRef Rest;
  Expected<bool> Whole = readHeader((*B)->getBuffer(), Path, Version, Rest);
  if (!Whole)
    return Whole.takeError();
  FactsFile Out;
  Out.WholeProgram = *Whole;
  if (Error E = forEachFactLine(Rest, [&](StringRef Line, unsigned LineNo) -> Error {
        Expected<Fact> F = parseFactLine(Line, Path, LineNo, Out.WholeProgram);
        if (!F)
          return F.takeError();
        Out.Facts.push_back(std::move(*F));
        return Error::success();
      }))
    return std::move(E);
  return Out;
}

FactTable::FactTable(std::vector<Fact> Facts, bool WholeProgram)
    : Text(writeFacts(std::move(Facts), "", WholeProgram)) {
  cantFail(index(""));
}

Expected<std::unique_ptr<FactTable>> FactTable::load(std::string Text, StringRef Path,
                                                     StringRef Version) {
  std::unique_ptr<FactTable> T(new FactTable());
  T->Text = std::move(Text);
  T->Path = Path.str();
  if (Error E = T->index(Version))
    return std::move(E);
  return std::move(T);
}

Error FactTable::index(StringRef Version) {
  StringRef Rest;
  Expected<bool> Whole = readHeader(Text, Path, Version, Rest);
  if (!Whole)
    return Whole.takeError();
  WholeProgram = *Whole;
  // Each line's key, without parsing the rest: the line is parsed when a TU asks for
  // that key. A line that does not open with a key is refused here; one whose JSON is
  // broken, when it is asked for (problems()).
  static constexpr llvm::StringLiteral Open = "{\"key\":\"";
  if (Error E = forEachFactLine(Rest, [&](StringRef Line, unsigned LineNo) -> Error {
        size_t End =
            Line.starts_with(Open) ? Line.find('"', Open.size()) : StringRef::npos;
        if (End == StringRef::npos ||
            Line.substr(Open.size(), End - Open.size()).contains('\\'))
          return jsonFileError(Path, FactsKind,
                               "line " + Twine(LineNo) +
                                   ": does not open with {\"key\":\"...\"");
        // A claim that only a whole program's facts may make is refused with the file.
        if (!WholeProgram && !Line.contains("\"kind\":\"persistent memory\"") &&
            !Line.contains("\"kind\":\"MMIO\""))
          if (Expected<Fact> F = parseFactLine(Line, Path, LineNo, WholeProgram); !F)
            return F.takeError();
        Raw[Line.substr(Open.size(), End - Open.size())].push_back({Line, LineNo});
        return Error::success();
      }))
    return E;
  Hash = xxh3_64bits(Text);
  return Error::success();
}

ArrayRef<Fact> FactTable::lookup(const std::string &Key) const {
  auto R = Raw.find(Key);
  if (R == Raw.end())
    return {};
  std::lock_guard<std::mutex> Guard(ParsedLock);
  auto [It, New] = Parsed.try_emplace(Key);
  if (New)
    for (const auto &[Line, LineNo] : R->second) {
      Expected<Fact> F = parseFactLine(Line, Path, LineNo, WholeProgram);
      if (F)
        It->second.push_back(std::move(*F));
      else
        Problems.push_back(toString(F.takeError()));
    }
  return It->second;
}

std::vector<std::string> FactTable::problems() const {
  std::lock_guard<std::mutex> Guard(ParsedLock);
  return Problems;
}

bool FactTable::isCurrent(const Fact &F) const {
  if (F.Hash.empty())
    return true;
  std::lock_guard<std::mutex> Guard(CurrentLock);
  auto It = CurrentHash.find(F.File);
  if (It == CurrentHash.end()) {
    // A file that cannot be read any more has no current content.
    ErrorOr<std::unique_ptr<MemoryBuffer>> B = MemoryBuffer::getFile(F.File);
    It = CurrentHash
             .try_emplace(F.File, B ? utohexstr(xxh3_64bits((*B)->getBuffer())) : "")
             .first;
  }
  return It->second == F.Hash;
}

bool usesKey(ArrayRef<std::string> Uses, StringRef Key) {
  auto Has = [&](const std::string &U) {
    return std::binary_search(Uses.begin(), Uses.end(), U);
  };
  if (Has(Key.str()))
    return true;
  // P:<function>:<index> is read by whoever reads P:<function>; C:<record>::<field>:<i>
  // by whoever uses, or installs a function into, F:<record>::<field>.
  if (Key.starts_with("P:"))
    return Has(Key.rsplit(':').first.str());
  if (Key.starts_with("C:"))
    return Has("F:" + Key.drop_front(2).rsplit(':').first.str());
  return false;
}

bool usesFact(ArrayRef<std::string> Uses, const Fact &F) { return usesKey(Uses, F.key()); }

uint64_t FactTable::hashFor(ArrayRef<std::string> Uses) const {
  // The lines of the relevant keys, in one order.
  std::vector<StringRef> Lines;
  for (const auto &KV : Raw)
    if (usesKey(Uses, KV.getKey()))
      for (const auto &L : KV.getValue())
        Lines.push_back(L.first);
  llvm::sort(Lines);
  std::string All;
  for (StringRef L : Lines)
    All += L.str() + '\n';
  if (WholeProgram)
    All += "whole-program\n";
  return xxh3_64bits(All);
}

ArrayRef<Fact> FactTable::param(StringRef Function, unsigned Index) const {
  return lookup(keyOf(Fact::Param, Function, "", Index));
}
ArrayRef<Fact> FactTable::returnOf(StringRef Function) const {
  return lookup(keyOf(Fact::Return, Function, "", 0));
}
ArrayRef<Fact> FactTable::global(StringRef Name) const {
  return lookup(keyOf(Fact::Global, Name, "", 0));
}
ArrayRef<Fact> FactTable::field(StringRef Record, StringRef Name) const {
  return lookup(keyOf(Fact::Field, Name, Record, 0));
}
ArrayRef<Fact> FactTable::callback(StringRef Record, StringRef Field, unsigned Index) const {
  return lookup(keyOf(Fact::Callback, Field, Record, Index));
}

ArrayRef<Fact> FactTable::drains(StringRef Function) const {
  return lookup(keyOf(Fact::Drains, Function, "", 0));
}

ArrayRef<Fact> FactTable::writesBack(StringRef Function, unsigned Index) const {
  return lookup(keyOf(Fact::WritesBack, Function, "", Index));
}

ArrayRef<Fact> FactTable::publishes(StringRef Function, unsigned Index) const {
  return lookup(keyOf(Fact::Publishes, Function, "", Index));
}

ArrayRef<Fact> FactTable::leaves(Fact::About Is, StringRef Function,
                                 unsigned Index) const {
  return lookup(keyOf(Is, Function, "", Index));
}

Expected<std::shared_ptr<const FactTable>> loadFactTable(StringRef Path) {
  // Every check of every TU names the same file: read it once while it is unchanged.
  static std::mutex Lock;
  static std::string LoadedPath;
  static sys::TimePoint<> LoadedTime;
  static uint64_t LoadedSize = 0;
  static std::shared_ptr<const FactTable> Loaded;
  std::lock_guard<std::mutex> Guard(Lock);
  sys::fs::file_status St;
  if (std::error_code EC = sys::fs::status(Path, St))
    return createStringError(EC, "facts file %s: %s", Path.str().c_str(),
                             EC.message().c_str());
  if (Loaded && LoadedPath == Path && LoadedTime == St.getLastModificationTime() &&
      LoadedSize == St.getSize())
    return Loaded;
  ErrorOr<std::unique_ptr<MemoryBuffer>> B = MemoryBuffer::getFile(Path);
  if (!B)
    return jsonFileError(Path, FactsKind, "cannot read it: " + B.getError().message());
  Expected<std::unique_ptr<FactTable>> T =
      FactTable::load((*B)->getBuffer().str(), Path, COPYINTENT_VERSION);
  if (!T)
    return T.takeError();
  Loaded = std::shared_ptr<const FactTable>(std::move(*T));
  LoadedPath = Path.str();
  LoadedTime = St.getLastModificationTime();
  LoadedSize = St.getSize();
  return Loaded;
}

// --- Extraction --------------------------------------------------------------------

namespace {

/// The functions whose address the TU takes (a reference that is not the callee of
/// a direct call): they may be called through pointers from anywhere.
class AddressTaken : public DynamicRecursiveASTVisitor {
public:
  explicit AddressTaken(const SourceManager &SM) : SM(SM) {}
  std::vector<std::pair<const FunctionDecl *, SourceLocation>> Found;

  bool TraverseDecl(Decl *D) override {
    if (D && !isa<TranslationUnitDecl>(D) && SM.isInSystemHeader(D->getLocation()))
      return true;
    return DynamicRecursiveASTVisitor::TraverseDecl(D);
  }
  // Calls are visited before their children: the callee's reference is known first.
  bool VisitCallExpr(CallExpr *CE) override {
    if (const auto *DRE = dyn_cast<DeclRefExpr>(CE->getCallee()->IgnoreParenImpCasts()))
      Callees.insert(DRE);
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *E) override {
    if (const auto *F = dyn_cast<FunctionDecl>(E->getDecl()); F && !Callees.contains(E))
      Found.push_back({F, E->getLocation()});
    return true;
  }

private:
  const SourceManager &SM;
  SmallPtrSet<const DeclRefExpr *, 16> Callees;
};

class Extractor {
public:
  Extractor(ProvenanceAnalysis &A, ASTContext &Ctx, bool WholeProgram)
      : A(A), Ctx(Ctx), SM(Ctx.getSourceManager()), WholeProgram(WholeProgram) {}

  void add(Fact::About Is, StringRef Name, StringRef Record, unsigned Index,
           const Provenance &P, SourceLocation Where, StringRef What) {
    // A whole program's facts list every argument, whatever it is: that no caller
    // passes anything else then proves something.
    static constexpr MemKind Evidence[] = {MemKind::PMem, MemKind::MMIO};
    static constexpr MemKind Every[] = {MemKind::PMem, MemKind::MMIO, MemKind::User,
                                        MemKind::RAM, MemKind::Unknown};
    ArrayRef<MemKind> Kinds = Evidence;
    if (WholeProgram && (Is == Fact::Param || Is == Fact::Field))
      Kinds = Every;
    for (MemKind K : Kinds) {
      if (!P.has(K))
        continue;
      std::vector<ProvNote> Chain = P.why(K);
      // A parameter's evidence is the argument at the call; a return value's, a
      // global's or a field's is the first step of its chain (the return statement,
      // the assignment), not the declaration in a header.
      if (Is != Fact::Param && Is != Fact::Callback && !Chain.empty() && Chain.front().Loc.isValid())
        Where = Chain.front().Loc;
      SourceLocation L = SM.getFileLoc(Where);
      Fact F;
      F.Is = Is;
      F.Kind = K;
      F.Name = Name.str();
      F.Record = Record.str();
      F.Index = Index;
      F.File = fileOf(L);
      F.Line = L.isValid() ? SM.getPresumedLineNumber(L) : 0;
      F.Hash = hashOf(L);
      F.What = What.str();
      // The step that made the value what it is: the end of its chain.
      F.Source = Chain.empty() ? "" : Chain.back().Message;
      Out.push_back(std::move(F));
    }
  }

  std::vector<Fact> run() {
    // Arguments of calls to functions other files may define.
    for (const CallExpr *CE : A.evaluatedCalls()) {
      const FunctionDecl *Callee = CE->getDirectCallee();
      if (!Callee || !Callee->getIdentifier() || !Callee->isExternallyVisible() ||
          SM.isInSystemHeader(Callee->getLocation()))
        continue;
      for (unsigned I = 0; I < CE->getNumArgs(); ++I) {
        const Expr *Arg = CE->getArg(I);
        if (!Arg->getType()->isPointerType())
          continue;
        add(Fact::Param, Callee->getName(), "", I, A.pointerOf(Arg), Arg->getBeginLoc(),
            "'" + A.spell(Arg) + "'");
      }
    }
    // Arguments of calls through function-pointer fields of named structs (ops
    // tables): the methods installed in other files receive them.
    for (const CallExpr *CE : A.evaluatedCalls()) {
      const FieldDecl *F = CE->getDirectCallee() ? nullptr : calledField(CE);
      if (!F || !F->getIdentifier() || !F->getParent()->getIdentifier())
        continue;
      for (unsigned I = 0; I < CE->getNumArgs(); ++I) {
        const Expr *Arg = CE->getArg(I);
        if (Arg->getType()->isPointerType())
          add(Fact::Callback, F->getName(), F->getParent()->getName(), I, A.pointerOf(Arg),
              Arg->getBeginLoc(), "'" + A.spell(Arg) + "'");
      }
    }
    // Exported functions installed here in a field: what the calls through it (here
    // and, by the facts, elsewhere) pass is what the function's parameters receive,
    // wherever it is defined.
    for (const ProvenanceAnalysis::Installation &In : A.installedFunctions()) {
      const FunctionDecl *Fn = In.Function;
      if (!Fn->getIdentifier() || !Fn->isExternallyVisible())
        continue;
      for (unsigned I = 0; I < Fn->getNumParams(); ++I)
        if (Fn->getParamDecl(I)->getType()->isPointerType())
          add(Fact::Param, Fn->getName(), "", I, A.callbackArg(In.Field, I), In.Loc,
              "'" + Fn->getName().str() + "' installed as '" + fieldName(In.Field) + "'");
    }
    if (WholeProgram)
      addOutsideCallers();
    addOrderingSummaries();
    // Return values of exported functions defined here.
    for (const FunctionDecl *F : A.returningFunctions())
      if (F->getIdentifier() && F->isExternallyVisible() &&
          F->getReturnType()->isPointerType())
        add(Fact::Return, F->getName(), "", 0, A.returnOf(F), F->getLocation(), "");
    // Globals other files can see, and fields of named structs, stored into here.
    for (const VarDecl *V : A.assignedVariables())
      if (V->getIdentifier() && V->hasGlobalStorage() && V->isExternallyVisible() &&
          V->getType()->isPointerType())
        add(Fact::Global, V->getName(), "", 0, A.variableOf(V), V->getLocation(), "");
    for (const FieldDecl *F : A.assignedFields())
      if (F->getIdentifier() && F->getParent()->getIdentifier() &&
          F->getType()->isPointerType())
        // A whole program's facts are each file's own stores: together they are
        // all of them.
        add(Fact::Field, F->getName(), F->getParent()->getName(), 0,
            WholeProgram ? A.storesInto(F) : A.fieldOf(F), F->getLocation(), "");
    llvm::sort(Out);
    Out.erase(std::unique(Out.begin(), Out.end()), Out.end());
    return Out;
  }

private:
  ProvenanceAnalysis &A;
  ASTContext &Ctx;
  const SourceManager &SM;
  const bool WholeProgram;
  std::vector<Fact> Out;

  /// What a call of each exported function defined here does for the ordering
  /// checks of the files that call it: it drains, it writes back a parameter's range.
  void addOrderingSummaries() {
    WriteBackFlow Flow(A);
    DenseSet<const FunctionDecl *> Seen;
    auto Summarise = [&](const FunctionDecl *Fn) {
      if (!Fn || !Fn->getIdentifier() || !Fn->isExternallyVisible() ||
          !Fn->doesThisDeclarationHaveABody() || !Seen.insert(Fn).second ||
          SM.isInSystemHeader(Fn->getLocation()))
        return;
      SourceLocation L = SM.getFileLoc(Fn->getLocation());
      auto Make = [&](Fact::About Is, unsigned Index, std::string Source) {
        Fact F;
        F.Is = Is;
        F.Name = Fn->getName().str();
        F.Index = Index;
        F.File = fileOf(L);
        F.Line = L.isValid() ? SM.getPresumedLineNumber(L) : 0;
        F.Hash = hashOf(L);
        F.What = ("'" + Fn->getName() + "()'").str();
        F.Source = std::move(Source);
        Out.push_back(std::move(F));
      };
      if (Flow.callDrains(Fn))
        Make(Fact::Drains, 0, "it drains");
      for (unsigned I : Flow.paramsWrittenBack(Fn))
        Make(Fact::WritesBack, I,
             "it writes back what its parameter " + std::to_string(I + 1) + " points to");
      for (unsigned I : Flow.paramsPublished(Fn))
        Make(Fact::Publishes, I,
             "it stores its parameter " + std::to_string(I + 1) +
                 " into persistent memory");
    };
    for (const CallExpr *CE : A.evaluatedCalls())
      Summarise(A.enclosingFunction(CE));
    for (auto [S, Fn] : A.orderingStatements())
      Summarise(Fn);
    addLeftUnpersisted(Flow);
  }

  /// Copies into what a pointer parameter of an exported function points to that
  /// some path returns before they are persistent: its callers in other files go on.
  void addLeftUnpersisted(WriteBackFlow &Flow) {
    // The worst left to do, and the copy that leaves it (a plain one first: it is
    // missing-writethrough's matter at the caller, where a nocache one is reported
    // at the copy already).
    std::map<std::pair<const FunctionDecl *, unsigned>,
             std::pair<WriteBackFlow::Pending, const CopyFunction *>>
        Left;
    // What a write into the range parameter P of Fn leaves there when Fn returns.
    auto Leaves = [&](const CallExpr *CE, const FunctionDecl *Fn, const Expr *Dst,
                      const CopyFunction *Copy, WriteBackFlow::CopyPending Pend) {
      // The range the parameter points to, not one reached through its fields.
      const ParmVarDecl *P = paramAddressOf(Dst);
      if (!P || P->getDeclContext() != Fn)
        return;
      if (std::optional<WriteBackFlow::Pending> At =
              Flow.pendingAtReturn(CE, Dst, Pend.UnderAdr, Pend.UnderEadr)) {
        auto [It, New] =
            Left.try_emplace({Fn, P->getFunctionScopeIndex()}, std::make_pair(*At, Copy));
        if (*At == WriteBackFlow::Pending::WriteBackAndDrain &&
            (It->second.first != *At || Copy->Fam == Family::Plain))
          It->second = {*At, Copy};
      }
    };
    for (const CallExpr *CE : A.evaluatedCalls()) {
      const FunctionDecl *Fn = A.enclosingFunction(CE);
      const FunctionDecl *Callee = CE->getDirectCallee();
      if (!Fn || !Callee || !Callee->getIdentifier() || !Fn->getIdentifier() ||
          !Fn->isExternallyVisible() || SM.isInSystemHeader(Fn->getLocation()))
        continue;
      const CopyFunction *Copy = lookupCopyFunction(Callee->getName());
      if (!Copy) {
        // A function of another file that leaves its argument so (a wrapper of a
        // wrapper): the summary goes on through this one. Under eADR its plain
        // copy leaves nothing; a nocache one its fence (the facts are of ADR).
        if (Callee->hasBody())
          continue;
        for (unsigned I = 0; I < CE->getNumArgs(); ++I)
          if (std::optional<bool> Unwritten =
                  A.factLeavesUnwritten(Callee, I, CE->getBeginLoc()))
            if (const CopyFunction *By = lookupCopyFunction(A.factUnwrittenBy(Callee, I)))
              Leaves(CE, Fn, CE->getArg(I), By,
                     {*Unwritten ? WriteBackFlow::Pending::WriteBackAndDrain
                                 : WriteBackFlow::Pending::Drain,
                      *Unwritten ? std::nullopt
                                 : std::optional(WriteBackFlow::Pending::Drain)});
        continue;
      }
      if (Copy->Dst < 0 || unsigned(Copy->Dst) >= CE->getNumArgs())
        continue;
      Family Fam = Copy->Fam;
      Expr::EvalResult Flags;
      if (Fam == Family::Libpmem && CE->getNumArgs() > LibpmemFlagsArg &&
          CE->getArg(LibpmemFlagsArg)->EvaluateAsInt(Flags, Ctx))
        Fam = libpmemFamily(Flags.Val.getInt().getZExtValue());
      if (std::optional<WriteBackFlow::CopyPending> Pend =
              WriteBackFlow::pendingOf(Fam, Copy->Fam))
        Leaves(CE, Fn, CE->getArg(Copy->Dst), Copy, *Pend);
    }
    for (auto [Key, Value] : Left) {
      auto [Fn, Index] = Key;
      auto [At, Copy] = Value;
      SourceLocation L = SM.getFileLoc(Fn->getLocation());
      bool Unwritten = At == WriteBackFlow::Pending::WriteBackAndDrain;
      Fact F;
      F.Is = Unwritten ? Fact::LeavesUnwritten : Fact::LeavesUndrained;
      F.Name = Fn->getName().str();
      F.Index = Index;
      F.File = fileOf(L);
      F.Line = L.isValid() ? SM.getPresumedLineNumber(L) : 0;
      F.Hash = hashOf(L);
      F.What = ("'" + Copy->Name + "'").str(); // the copy that leaves it
      F.Source = "it copies into what its parameter " + std::to_string(Index + 1) +
                 " points to and may return before that is persistent (a " +
                 (Unwritten ? "write-back and a drain" : "drain") + " left to do)";
      Out.push_back(std::move(F));
    }
  }

  /// Unknown arguments for every pointer parameter of Fn: it has callers that no TU
  /// of the program shows.
  void addUnknownCallers(const FunctionDecl *Fn, SourceLocation Where, StringRef What) {
    if (!Fn->getIdentifier() || !Fn->isExternallyVisible() ||
        SM.isInSystemHeader(Fn->getLocation()))
      return;
    SourceLocation L = SM.getFileLoc(Where);
    for (unsigned I = 0; I < Fn->getNumParams(); ++I) {
      if (!Fn->getParamDecl(I)->getType()->isPointerType())
        continue;
      Fact F;
      F.Is = Fact::Param;
      F.Kind = MemKind::Unknown;
      F.Name = Fn->getName().str();
      F.Index = I;
      F.File = fileOf(L);
      F.Line = L.isValid() ? SM.getPresumedLineNumber(L) : 0;
      F.Hash = hashOf(L);
      F.What = What.str();
      F.Source = "callers outside the program may pass anything";
      Out.push_back(std::move(F));
    }
  }

  /// Functions called through pointers (address taken) and functions exported to
  /// modules (EXPORT_SYMBOL and kin, spelled in this file).
  void addOutsideCallers() {
    AddressTaken T(SM);
    T.TraverseDecl(Ctx.getTranslationUnitDecl());
    for (const auto &[Fn, Loc] : T.Found)
      addUnknownCallers(Fn, Loc, "its address is taken");
    FileID Main = SM.getMainFileID();
    Lexer L(Main, SM.getBufferOrFake(Main), SM, Ctx.getLangOpts());
    L.SetCommentRetentionState(false);
    Token Tok, Macro;
    enum { None, SawMacro, SawParen } State = None;
    while (!L.LexFromRawLexer(Tok)) {
      if (State == SawParen && Tok.is(tok::raw_identifier)) {
        for (const NamedDecl *D :
             Ctx.getTranslationUnitDecl()->lookup(&Ctx.Idents.get(Tok.getRawIdentifier())))
          if (const auto *Fn = dyn_cast<FunctionDecl>(D))
            addUnknownCallers(Fn, Macro.getLocation(),
                              ("exported to modules by " + Macro.getRawIdentifier()).str());
        State = None;
      } else if (State == SawMacro && Tok.is(tok::l_paren)) {
        State = SawParen;
      } else if (Tok.is(tok::raw_identifier) && isModuleExport(Tok.getRawIdentifier())) {
        Macro = Tok;
        State = SawMacro;
      } else {
        State = None;
      }
    }
  }

  /// The content hash of the file of L, as FactTable::isCurrent computes it.
  std::string hashOf(SourceLocation L) {
    if (L.isInvalid())
      return "";
    FileID FID = SM.getFileID(L);
    auto [It, New] = Hashes.try_emplace(FID);
    if (New)
      It->second = utohexstr(xxh3_64bits(SM.getBufferData(FID)));
    return It->second;
  }
  DenseMap<FileID, std::string> Hashes;

  std::string fileOf(SourceLocation L) const {
    if (L.isInvalid())
      return "";
    OptionalFileEntryRef FE = SM.getFileEntryRefForID(SM.getFileID(L));
    if (!FE)
      return "";
    SmallString<256> P(FE->getName());
    sys::fs::make_absolute(P);
    sys::path::remove_dots(P, /*remove_dot_dot=*/true);
    return std::string(P);
  }
};

} // namespace

std::vector<Fact> extractFacts(ProvenanceAnalysis &A, ASTContext &Ctx, bool WholeProgram) {
  return Extractor(A, Ctx, WholeProgram).run();
}

namespace {

/// The names whose facts this TU could read (factUses).
class UsesCollector : public DynamicRecursiveASTVisitor {
public:
  explicit UsesCollector(const SourceManager &SM) : SM(SM) {}
  std::set<std::string> Uses;

  bool TraverseDecl(Decl *D) override {
    if (D && !isa<TranslationUnitDecl>(D) && SM.isInSystemHeader(D->getLocation()))
      return true;
    return DynamicRecursiveASTVisitor::TraverseDecl(D);
  }
  bool VisitFunctionDecl(FunctionDecl *F) override {
    if (F->doesThisDeclarationHaveABody() && F->getIdentifier() && F->isExternallyVisible())
      Uses.insert(("P:" + F->getName()).str());
    return true;
  }
  bool VisitCallExpr(CallExpr *CE) override {
    if (const FunctionDecl *F = CE->getDirectCallee())
      if (F->getIdentifier() && !F->hasBody() && F->isExternallyVisible()) {
        Uses.insert(("R:" + F->getName()).str());
        // Its ordering summaries.
        Uses.insert(("D:" + F->getName()).str());
        for (unsigned I = 0; I < CE->getNumArgs(); ++I) {
          Uses.insert(("W:" + F->getName() + ":" + Twine(I)).str());
          Uses.insert(("L:" + F->getName() + ":" + Twine(I)).str());
          Uses.insert(("U:" + F->getName() + ":" + Twine(I)).str());
          Uses.insert(("V:" + F->getName() + ":" + Twine(I)).str());
        }
      }
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *E) override {
    if (const auto *V = dyn_cast<VarDecl>(E->getDecl()))
      if (V->getIdentifier() && V->hasGlobalStorage() && V->isExternallyVisible())
        Uses.insert(("G:" + V->getName()).str());
    return true;
  }
  // A function installed in a field by an initializer (`.write = pj_write_nt`): the
  // TU reads what calls through that field pass.
  bool VisitInitListExpr(InitListExpr *ILE) override {
    forEachFieldInit(ILE, [&](const FieldDecl *F, const Expr *) {
      const RecordDecl *RD = F->getParent();
      if (RD->getIdentifier() && F->getIdentifier() && F->getType()->isFunctionPointerType())
        Uses.insert(("F:" + RD->getName() + "::" + F->getName()).str());
    });
    return true;
  }
  bool VisitMemberExpr(MemberExpr *E) override {
    if (const auto *F = dyn_cast<FieldDecl>(E->getMemberDecl()))
      if (F->getIdentifier() && F->getParent()->getIdentifier())
        Uses.insert(("F:" + F->getParent()->getName() + "::" + F->getName()).str());
    return true;
  }

private:
  const SourceManager &SM;
};

} // namespace

std::vector<std::string> factUses(ASTContext &Ctx) {
  UsesCollector C(Ctx.getSourceManager());
  C.TraverseDecl(Ctx.getTranslationUnitDecl());
  return std::vector<std::string>(C.Uses.begin(), C.Uses.end());
}

} // namespace copyintent::checker
