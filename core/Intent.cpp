//===- Intent.cpp ---------------------------------------------------------===//

#include "Intent.h"

namespace copyintent {

llvm::StringRef memKindName(MemKind K) {
  switch (K) {
  case MemKind::PMem:
    return "persistent memory";
  case MemKind::MMIO:
    return "MMIO";
  case MemKind::User:
    return "user memory";
  case MemKind::RAM:
    return "ordinary memory";
  case MemKind::Unknown:
    return "unknown memory";
  }
  return "?";
}

std::optional<PersistenceDomain> parsePersistenceDomain(llvm::StringRef Name) {
  if (Name == "adr")
    return PersistenceDomain::ADR;
  if (Name == "eadr")
    return PersistenceDomain::EADR;
  return std::nullopt;
}

llvm::StringRef persistenceDomainNames() { return "adr or eadr"; }

} // namespace copyintent
