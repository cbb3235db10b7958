//===- AddressExpr.h - Comparing address expressions ------------*- C++ -*-===//
//
// The flows compare the pointers and lengths of copies and write-backs without
// symbolic execution: two expressions are the same when they are written the same
// way over the same declarations, and an address is placed relative to the
// declaration it starts from when its offsets are constants (struct layout, pointer
// arithmetic).
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_CHECKER_ADDRESSEXPR_H
#define COPYINTENT_CHECKER_ADDRESSEXPR_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"

#include <cstdint>
#include <optional>

namespace copyintent::checker {

/// Where the address E lies relative to the declaration it starts from, in bytes:
/// Low is a lower bound, exact when Exact. `p` 0; `&p->f` and `p->arr` the field's
/// offset; `p + 2` two elements; `p->arr + n` with an unsigned n at least the field's.
struct ByteOffset {
  int64_t Low = 0;
  bool Exact = true;
  /// In a flexible array member (`char data[]` at the end of a struct): the offset of
  /// the end of the struct's fixed part (sizeof), where the variable-length data is.
  std::optional<int64_t> TailAt;
};
std::optional<ByteOffset> byteOffset(const clang::Expr *E, clang::ASTContext &Ctx);

/// An address as a base pointer and a constant byte offset from it: `&h->count` is
/// (h, offsetof count), `(char *)h + 16` is (h, 16), `log->data + 4` with an array
/// field is (log, offsetof data + 4); what has no constant offset is (E, 0).
std::pair<const clang::Expr *, int64_t> baseAndOffset(const clang::Expr *E,
                                                      clang::ASTContext &Ctx);

/// Where a stored lvalue lies, as baseAndOffset() places an address: `h->tail` is
/// (h, offsetof tail), `*p` (p, 0), `p[2]` (p, 2 elements); nullopt for a variable or
/// an offset that is not a constant.
std::optional<std::pair<const clang::Expr *, int64_t>>
lvalueAddress(const clang::Expr *LValue, clang::ASTContext &Ctx);

/// The bytes a stored lvalue may touch, from a base pointer: its own (lvalueAddress
/// and its type's size), or for an element of an array field with an index that is
/// not a constant (ck->bitmap[i]) the whole field.
struct LValueRange {
  const clang::Expr *Base;
  int64_t Offset, Size;
};
std::optional<LValueRange> lvalueRange(const clang::Expr *LValue, clang::ASTContext &Ctx);

/// The same lvalue or address, structurally: variables, fields, subscripts, derefs
/// (implicit casts ignored).
bool sameExpr(const clang::Expr *A, const clang::Expr *B);

/// The same value, written the same way: sameExpr's shapes, and arithmetic, casts
/// and constants (equal when both evaluate to the same integer: `sizeof(*h)` and 16).
/// No variable's value is known: the caller makes sure none changed in between.
bool sameValue(const clang::Expr *A, const clang::Expr *B, const clang::ASTContext &Ctx);

} // namespace copyintent::checker

#endif // COPYINTENT_CHECKER_ADDRESSEXPR_H
