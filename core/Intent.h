//===- Intent.h - The kinds of memory a copy can write ----------*- C++ -*-===//
//
// The vocabulary every part of copyintent shares: the kinds of memory a destination
// can be, from which a copy's right intent follows. No clang AST and no LLVM IR here:
// the checker, the IR analysis and the command read the same names.
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_CORE_INTENT_H
#define COPYINTENT_CORE_INTENT_H

#include "llvm/ADT/StringRef.h"

#include <optional>

namespace copyintent {

enum class MemKind : unsigned { PMem, MMIO, User, RAM, Unknown };
constexpr unsigned NumMemKinds = 5;
/// "persistent memory", "MMIO", "user memory", "ordinary memory", "unknown memory".
llvm::StringRef memKindName(MemKind K);

/// The kinds a declaration can be marked with (annotations, address spaces).
constexpr MemKind MarkedKinds[] = {MemKind::PMem, MemKind::MMIO, MemKind::User,
                                   MemKind::RAM};

/// Where data is durable once it gets there (the PersistenceDomain option): with ADR
/// the memory controller's queues, so cached lines must be written back; with eADR
/// the CPU caches too (Intel's extended ADR), so a store is persistent once visible,
/// and only non-temporal stores, which pass the caches, still need a fence.
enum class PersistenceDomain { ADR, EADR };
/// "adr" or "eadr"; nullopt otherwise.
std::optional<PersistenceDomain> parsePersistenceDomain(llvm::StringRef Name);
/// The values, as prose for messages: "adr or eadr".
llvm::StringRef persistenceDomainNames();

} // namespace copyintent

#endif // COPYINTENT_CORE_INTENT_H
