//===- CrossTuFacts.h - What one TU tells the others about memory -*- C++ -*-===//
//
// A TU sees a pointer cross into another file and no further: an exported function
// whose parameter receives persistent memory only from callers in other files, a
// function defined elsewhere that returns a mapping, a global or a struct field
// written elsewhere. Facts carry that evidence across: each TU's analysis lists what
// it proves about names other TUs can see (extractFacts), the facts of all TUs are
// merged into one file, and every TU's analysis then reads them (the FactsFile
// option) as if the other files' evidence were here, with a note naming the file and
// line it came from.
//
// Only positive evidence travels (persistent memory, MMIO): that no other TU passes
// persistent memory is never a proof, since callers outside the database or through
// function pointers may exist; unless the facts are of the whole program (FactsFile). One round: a chain that crosses two boundaries (A
// passes to B, which passes on to C) is followed for its first crossing only.
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_CHECKER_CROSSTUFACTS_H
#define COPYINTENT_CHECKER_CROSSTUFACTS_H

#include "Provenance.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace copyintent::checker {

struct Fact {
  /// Callback: what calls through a function-pointer field (Record::Name) pass as
  /// argument Index; the functions installed in that field receive it.
  /// Drains: a call of function Name drains (a drain, a persist, an asm fence, or
  /// a function it calls that does). WritesBack: it writes back the range its
  /// parameter Index points to. Publishes: it stores its parameter Index (a pointer)
  /// into persistent memory, linking what it points to. LeavesUnwritten,
  /// LeavesUndrained: it copies into what its parameter Index points to and may
  /// return before that data is persistent, with a write-back and a drain, or only
  /// the drain, left to do (where the domain is ADR). The ordering checks' summaries
  /// of a function defined in another file (Kind is unused).
  enum About {
    Param,
    Return,
    Global,
    Field,
    Callback,
    Drains,
    WritesBack,
    Publishes,
    LeavesUnwritten,
    LeavesUndrained
  };
  About Is = Param;
  MemKind Kind = MemKind::PMem;
  std::string Name;   ///< function, global or field
  std::string Record; ///< Field, Callback: the struct
  unsigned Index = 0; ///< Param, Callback: 0-based
  std::string File;   ///< where the evidence is
  unsigned Line = 0;
  std::string What;   ///< Param: the argument, e.g. "'kaddr'"
  std::string Source; ///< what made it so: "'dax_direct_access()' ... persistent memory"
  /// The content hash (xxh3, hex) of File when the fact was made: a fact whose file has
  /// changed since is stale, and is not used.
  std::string Hash;

  /// What the fact is about (facts with one key speak of the same declaration).
  std::string key() const;
  bool operator<(const Fact &O) const;
  bool operator==(const Fact &O) const;
};

llvm::json::Value toJSON(const Fact &F);
bool fromJSON(const llvm::json::Value &V, Fact &F, llvm::json::Path P);

/// A facts file's contents. WholeProgram: the facts came from every TU of the
/// program (`copyintent scan --whole-program`): every call's argument is listed
/// whatever its kind (ordinary and unknown memory too), and functions whose callers
/// may lie outside the database (address taken, exported to modules) are listed with
/// unknown arguments. Only then may a parameter be concluded to receive nothing but
/// ordinary memory from the absence of other callers.
struct FactsFile {
  std::vector<Fact> Facts;
  bool WholeProgram = false;
};

/// The facts file, JSON Lines: a header {"tool":"copyintent-facts","version":...
/// [,"whole-program":true]}, then one fact a line opening with its key
/// ({"key":"P:pool_write:0","about":"param",...}), sorted and without duplicates, so
/// that merging in any order gives the same bytes.
std::string writeFacts(std::vector<Fact> Facts, llvm::StringRef Version,
                       bool WholeProgram = false);
/// Reads one; kinds other than persistent memory and MMIO only in a whole-program
/// file.
llvm::Expected<FactsFile> readFacts(llvm::StringRef Path, llvm::StringRef Version);

/// A facts file, indexed by key; each key's lines are parsed when first asked for.
class FactTable {
public:
  /// From facts in memory (written and indexed as a file would be).
  explicit FactTable(std::vector<Fact> Facts, bool WholeProgram = false);
  /// From a file's text: the header is checked against Version and every line's key
  /// is indexed; errors name Path.
  static llvm::Expected<std::unique_ptr<FactTable>>
  load(std::string Text, llvm::StringRef Path, llvm::StringRef Version);

  bool wholeProgram() const { return WholeProgram; }
  /// The facts about a parameter, a function's return value, a global, a field.
  llvm::ArrayRef<Fact> param(llvm::StringRef Function, unsigned Index) const;
  llvm::ArrayRef<Fact> returnOf(llvm::StringRef Function) const;
  llvm::ArrayRef<Fact> global(llvm::StringRef Name) const;
  llvm::ArrayRef<Fact> field(llvm::StringRef Record, llvm::StringRef Name) const;
  llvm::ArrayRef<Fact> callback(llvm::StringRef Record, llvm::StringRef Field,
                                unsigned Index) const;
  /// The ordering summaries of a function defined in another file.
  llvm::ArrayRef<Fact> drains(llvm::StringRef Function) const;
  llvm::ArrayRef<Fact> writesBack(llvm::StringRef Function, unsigned Index) const;
  llvm::ArrayRef<Fact> publishes(llvm::StringRef Function, unsigned Index) const;
  llvm::ArrayRef<Fact> leaves(Fact::About Is, llvm::StringRef Function,
                              unsigned Index) const;
  /// A content hash: analyses with equal hashes read equal facts.
  uint64_t hash() const { return Hash; }
  /// Whether the file a fact was made from still has the content it had (each file
  /// is read once per process).
  bool isCurrent(const Fact &F) const;
  /// The hash of the facts a TU with these uses (factUses, sorted) can read.
  uint64_t hashFor(llvm::ArrayRef<std::string> Uses) const;
  /// Lines found broken when they were parsed (they are not used), as messages that
  /// name the file and the line.
  std::vector<std::string> problems() const;

private:
  FactTable() = default;
  llvm::Error index(llvm::StringRef Version);
  llvm::ArrayRef<Fact> lookup(const std::string &Key) const;

  std::string Text;
  std::string Path;
  bool WholeProgram = false;
  uint64_t Hash = 0;
  /// Each key's lines (views of Text) with their line numbers.
  llvm::StringMap<llvm::SmallVector<std::pair<llvm::StringRef, unsigned>, 1>> Raw;
  mutable std::mutex ParsedLock;
  mutable llvm::StringMap<std::vector<Fact>> Parsed;
  mutable std::vector<std::string> Problems;
  mutable std::mutex CurrentLock;
  mutable llvm::StringMap<std::string> CurrentHash;
};

/// The facts file named by the FactsFile option, read once per process (and again
/// when it changes on disk).
llvm::Expected<std::shared_ptr<const FactTable>> loadFactTable(llvm::StringRef Path);

/// Everything this TU proves about names that other TUs can see. WholeProgram: also
/// the arguments of every kind, and the functions whose callers may be outside the
/// program (FactsFile).
std::vector<Fact> extractFacts(ProvenanceAnalysis &A, clang::ASTContext &Ctx,
                               bool WholeProgram = false);

/// The facts this TU could read, as keys (Fact::key(); "P:<function>" for every
/// parameter of a function, "F:<record>::<field>" for a field's value and for what
/// calls through it pass): the parameters of the exported functions it defines, the
/// functions it calls without their body, the globals and the fields it uses or
/// installs functions in. A TU's analysis depends on the facts with these keys and on
/// no others.
std::vector<std::string> factUses(clang::ASTContext &Ctx);

/// Whether a fact, or a key, is read by a TU with these uses (sorted).
bool usesFact(llvm::ArrayRef<std::string> Uses, const Fact &F);
bool usesKey(llvm::ArrayRef<std::string> Uses, llvm::StringRef Key);

} // namespace copyintent::checker

#endif // COPYINTENT_CHECKER_CROSSTUFACTS_H
