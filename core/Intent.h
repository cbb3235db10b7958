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

namespace copyintent {

enum class MemKind : unsigned { PMem, MMIO, User, RAM, Unknown };
constexpr unsigned NumMemKinds = 5;
/// "persistent memory", "MMIO", "user memory", "ordinary memory", "unknown memory".
llvm::StringRef memKindName(MemKind K);

/// The kinds a declaration can be marked with (annotations, address spaces).
constexpr MemKind MarkedKinds[] = {MemKind::PMem, MemKind::MMIO, MemKind::User,
                                   MemKind::RAM};

} // namespace copyintent

#endif // COPYINTENT_CORE_INTENT_H
