//===- Cache.cpp - Per-TU results, reused while nothing they read changed --===//

#include "Cache.h"
#include "Version.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

using namespace llvm;

namespace copyintent::tool {

std::optional<uint64_t> FileHashes::of(StringRef Path) {
  auto [It, New] = Known.try_emplace(Path);
  if (New) {
    ErrorOr<std::unique_ptr<MemoryBuffer>> B = MemoryBuffer::getFile(
        Path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
    if (B)
      It->second = contentHash((*B)->getBuffer());
  }
  return It->second;
}

/// This build of the command: a rebuilt or upgraded binary (same version number or
/// not) must not take results its predecessor stored.
static std::string buildIdentity() {
  static const std::string Id = [] {
    std::string Exe = sys::fs::getMainExecutable(nullptr, reinterpret_cast<void *>(&buildIdentity));
    sys::fs::file_status St;
    if (sys::fs::status(Exe, St))
      return std::string("unknown");
    return utostr(St.getSize()) + ":" +
           utostr(uint64_t(St.getLastModificationTime().time_since_epoch().count()));
  }();
  return Id;
}

std::string Cache::keyFor(const clang::tooling::CompileCommand &Cmd,
                          StringRef Configuration) {
  std::string All;
  raw_string_ostream OS(All);
  OS << COPYINTENT_VERSION << '\0' << buildIdentity() << '\0' << Configuration << '\0' << Cmd.Directory << '\0'
     << Cmd.Filename << '\0';
  for (const std::string &A : Cmd.CommandLine)
    OS << A << '\0';
  XXH128_hash_t H = xxh3_128bits(arrayRefFromStringRef(All));
  return utohexstr(H.high64, /*LowerCase=*/true, 16) +
         utohexstr(H.low64, /*LowerCase=*/true, 16);
}

std::string Cache::pathFor(StringRef Key) const {
  SmallString<256> P(Dir);
  sys::path::append(P, Key.take_front(2), Key.str() + ".json");
  return std::string(P);
}

std::optional<TuResult> Cache::lookup(StringRef Key, FileHashes &Hashes) const {
  if (!enabled())
    return std::nullopt;
  Expected<TuResult> R = readResult(pathFor(Key));
  if (!R) {
    consumeError(R.takeError()); // absent or unreadable: analyse again
    return std::nullopt;
  }
  if (!R->Ok || R->Deps.empty())
    return std::nullopt;
  for (const Dependency &D : R->Deps)
    if (Hashes.of(D.File) != D.Hash)
      return std::nullopt;
  return std::move(*R);
}

Expected<TuResult> readResult(StringRef Path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> B = MemoryBuffer::getFile(Path);
  if (!B)
    return createStringError(B.getError(), "cannot read %s: %s", Path.str().c_str(),
                             B.getError().message().c_str());
  Expected<json::Value> V = json::parse((*B)->getBuffer());
  if (!V)
    return createStringError(inconvertibleErrorCode(), "%s is not JSON: %s",
                             Path.str().c_str(), toString(V.takeError()).c_str());
  TuResult R;
  json::Path::Root Root;
  if (!fromJSON(*V, R, Root))
    return createStringError(inconvertibleErrorCode(), "%s is not a TU result: %s",
                             Path.str().c_str(), toString(Root.getError()).c_str());
  return R;
}

Error writeFileAtomically(StringRef Path, StringRef Bytes) {
  // Only a regular file is replaced by a rename: /dev/null, a FIFO or a terminal named
  // by -o is written to in place (a rename would put a regular file there, and as root
  // even over /dev/null).
  sys::fs::file_status St;
  if (!sys::fs::status(Path, St) && St.type() != sys::fs::file_type::regular_file &&
      St.type() != sys::fs::file_type::file_not_found) {
    std::error_code EC;
    raw_fd_ostream OS(Path, EC, sys::fs::OF_None);
    if (!EC) {
      OS << Bytes;
      OS.close();
      EC = OS.error();
      OS.clear_error();
    }
    if (EC)
      return createStringError(EC, "cannot write %s: %s", Path.str().c_str(),
                               EC.message().c_str());
    return Error::success();
  }
  SmallString<256> Dir(Path);
  sys::path::remove_filename(Dir);
  if (!Dir.empty())
    if (std::error_code EC = sys::fs::create_directories(Dir))
      return createStringError(EC, "cannot create directory %s: %s", Dir.c_str(),
                               EC.message().c_str());
  SmallString<256> Tmp;
  int FD;
  if (std::error_code EC = sys::fs::createUniqueFile(Path + ".tmp-%%%%%%", FD, Tmp))
    return createStringError(EC, "cannot write %s: %s", Path.str().c_str(),
                             EC.message().c_str());
  {
    raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Bytes;
    OS.close();
    if (OS.has_error()) {
      std::error_code EC = OS.error();
      OS.clear_error();
      sys::fs::remove(Tmp);
      return createStringError(EC, "cannot write %s: %s", Path.str().c_str(),
                               EC.message().c_str());
    }
  }
  // Keep the mode of a file being replaced (an edited source stays as it was).
  if (ErrorOr<sys::fs::perms> Perms = sys::fs::getPermissions(Path))
    sys::fs::setPermissions(Tmp, *Perms);
  if (std::error_code EC = sys::fs::rename(Tmp, Path)) {
    sys::fs::remove(Tmp);
    return createStringError(EC, "cannot replace %s: %s", Path.str().c_str(),
                             EC.message().c_str());
  }
  return Error::success();
}

Error writeResult(StringRef Path, const TuResult &R) {
  std::string Text;
  raw_string_ostream OS(Text);
  OS << toJSON(R);
  return writeFileAtomically(Path, Text);
}

} // namespace copyintent::tool
