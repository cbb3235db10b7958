//===- AddressExpr.cpp - Comparing address expressions --------------------===//

#include "AddressExpr.h"
#include "ApiTable.h"

#include "clang/AST/Attr.h"
#include "clang/AST/RecordLayout.h"

using namespace clang;
using namespace llvm;

namespace copyintent::checker {

std::optional<ByteOffset> byteOffset(const Expr *E, ASTContext &Ctx) {
  E = E->IgnoreParenCasts();
  if (isa<DeclRefExpr>(E))
    return ByteOffset();
  bool AddressOf = false;
  if (const auto *UO = dyn_cast<UnaryOperator>(E); UO && UO->getOpcode() == UO_AddrOf) {
    E = UO->getSubExpr()->IgnoreParens();
    AddressOf = true;
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    // The field's address: under & or when it is an array. A pointer field's value
    // is another object.
    const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!F || !ME->isArrow() || !(AddressOf || F->getType()->isArrayType()) ||
        F->getParent()->isInvalidDecl())
      return std::nullopt;
    std::optional<ByteOffset> Base = byteOffset(ME->getBase(), Ctx);
    if (!Base)
      return std::nullopt;
    const ASTRecordLayout &L = Ctx.getASTRecordLayout(F->getParent());
    if (isa<IncompleteArrayType>(F->getType()) && !AddressOf)
      Base->TailAt = Base->Low + L.getSize().getQuantity();
    Base->Low +=
        Ctx.toCharUnitsFromBits(L.getFieldOffset(F->getFieldIndex())).getQuantity();
    return Base;
  }
  if (AddressOf)
    return std::nullopt;
  if (const auto *BO = dyn_cast<BinaryOperator>(E); BO && BO->getOpcode() == BO_Add) {
    const Expr *Ptr = BO->getLHS(), *Int = BO->getRHS();
    if (!Ptr->getType()->isPointerType())
      std::swap(Ptr, Int);
    QualType Pointee = Ptr->getType()->getPointeeType();
    std::optional<ByteOffset> Base = byteOffset(Ptr, Ctx);
    if (!Base || Pointee.isNull() ||
        (!Pointee->isVoidType() && Pointee->isIncompleteType()))
      return std::nullopt;
    int64_t Elem =
        Pointee->isVoidType() ? 1 : Ctx.getTypeSizeInChars(Pointee).getQuantity();
    Expr::EvalResult R;
    if (Int->EvaluateAsInt(R, Ctx)) {
      Base->Low += R.Val.getInt().getExtValue() * Elem;
      return Base;
    }
    if (!Int->IgnoreParenImpCasts()->getType()->isUnsignedIntegerType())
      return std::nullopt;
    Base->Exact = false; // at least the base
    return Base;
  }
  return std::nullopt;
}

/// The same lvalue or address, structurally: variables, fields, subscripts, derefs.
bool sameExpr(const Expr *A, const Expr *B) {
  A = A->IgnoreParenImpCasts();
  B = B->IgnoreParenImpCasts();
  if (A->getStmtClass() != B->getStmtClass())
    return false;
  if (const auto *DA = dyn_cast<DeclRefExpr>(A))
    return DA->getDecl() == cast<DeclRefExpr>(B)->getDecl();
  if (const auto *MA = dyn_cast<MemberExpr>(A)) {
    const auto *MB = cast<MemberExpr>(B);
    return MA->getMemberDecl() == MB->getMemberDecl() && MA->isArrow() == MB->isArrow() &&
           sameExpr(MA->getBase(), MB->getBase());
  }
  if (const auto *SA = dyn_cast<ArraySubscriptExpr>(A)) {
    const auto *SB = cast<ArraySubscriptExpr>(B);
    return sameExpr(SA->getBase(), SB->getBase()) && sameExpr(SA->getIdx(), SB->getIdx());
  }
  if (const auto *UA = dyn_cast<UnaryOperator>(A)) {
    const auto *UB = cast<UnaryOperator>(B);
    return UA->getOpcode() == UB->getOpcode() &&
           sameExpr(UA->getSubExpr(), UB->getSubExpr());
  }
  if (const auto *IA = dyn_cast<IntegerLiteral>(A))
    return IA->getValue() == cast<IntegerLiteral>(B)->getValue();
  return false;
}

/// The offset of a member access chain from the pointer it starts at: `p->a.b` is
/// (p, offsetof a + offsetof b); nullopt when it does not start at a pointer.
static std::optional<std::pair<const Expr *, int64_t>> memberOffset(const MemberExpr *ME,
                                                                    ASTContext &Ctx) {
  int64_t Off = 0;
  for (int I = 0; ME && I < 16; ++I) {
    const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!F || F->getParent()->isInvalidDecl() || F->isBitField())
      return std::nullopt;
    Off += Ctx.toCharUnitsFromBits(Ctx.getFieldOffset(F)).getQuantity();
    if (ME->isArrow())
      return std::make_pair(ME->getBase(), Off);
    const Expr *Base = ME->getBase()->IgnoreParens();
    if (const auto *UO = dyn_cast<UnaryOperator>(Base); UO && UO->getOpcode() == UO_Deref)
      return std::make_pair(UO->getSubExpr(), Off);
    ME = dyn_cast<MemberExpr>(Base);
  }
  return std::nullopt;
}

std::pair<const Expr *, int64_t> baseAndOffset(const Expr *E, ASTContext &Ctx) {
  int64_t Off = 0;
  for (int I = 0; I < 16; ++I) {
    E = E->IgnoreParenCasts();
    if (const auto *BO = dyn_cast<BinaryOperator>(E);
        BO && (BO->getOpcode() == BO_Add || BO->getOpcode() == BO_Sub)) {
      const Expr *Ptr = BO->getLHS(), *Int = BO->getRHS();
      if (!Ptr->getType()->isPointerType() && BO->getOpcode() == BO_Add)
        std::swap(Ptr, Int);
      QualType Pointee = Ptr->getType()->getPointeeType();
      Expr::EvalResult R;
      if (Pointee.isNull() || (!Pointee->isVoidType() && Pointee->isIncompleteType()) ||
          Int->isValueDependent() || !Int->EvaluateAsInt(R, Ctx))
        break;
      int64_t Elem =
          Pointee->isVoidType() ? 1 : Ctx.getTypeSizeInChars(Pointee).getQuantity();
      int64_t N = R.Val.getInt().getExtValue() * Elem;
      Off += BO->getOpcode() == BO_Add ? N : -N;
      E = Ptr;
      continue;
    }
    const Expr *Sub = E;
    bool AddressOf = false;
    if (const auto *UO = dyn_cast<UnaryOperator>(E); UO && UO->getOpcode() == UO_AddrOf) {
      Sub = UO->getSubExpr()->IgnoreParens();
      AddressOf = true;
    }
    const auto *ME = dyn_cast<MemberExpr>(Sub);
    // A field's address, under & or as an array; a pointer field's value is another
    // object.
    if (!ME || !(AddressOf || ME->getType()->isArrayType()))
      break;
    std::optional<std::pair<const Expr *, int64_t>> M = memberOffset(ME, Ctx);
    if (!M)
      break;
    Off += M->second;
    E = M->first;
  }
  return {E, Off};
}

std::optional<std::pair<const Expr *, int64_t>> lvalueAddress(const Expr *LValue,
                                                              ASTContext &Ctx) {
  const Expr *E = LValue->IgnoreParens();
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    return memberOffset(ME, Ctx);
  if (const auto *UO = dyn_cast<UnaryOperator>(E); UO && UO->getOpcode() == UO_Deref)
    return std::make_pair(UO->getSubExpr(), int64_t(0));
  if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(E)) {
    Expr::EvalResult R;
    QualType T = ASE->getType();
    if (T->isIncompleteType() || ASE->getIdx()->isValueDependent() ||
        !ASE->getIdx()->EvaluateAsInt(R, Ctx))
      return std::nullopt;
    return std::make_pair(ASE->getBase(), R.Val.getInt().getExtValue() *
                                              Ctx.getTypeSizeInChars(T).getQuantity());
  }
  return std::nullopt;
}

std::optional<LValueRange> lvalueRange(const Expr *LValue, ASTContext &Ctx) {
  QualType T = LValue->getType();
  if (T->isIncompleteType())
    return std::nullopt;
  if (std::optional<std::pair<const Expr *, int64_t>> At = lvalueAddress(LValue, Ctx))
    return LValueRange{At->first, At->second, Ctx.getTypeSizeInChars(T).getQuantity()};
  const auto *ASE = dyn_cast<ArraySubscriptExpr>(LValue->IgnoreParens());
  const auto *Field =
      ASE ? dyn_cast<MemberExpr>(ASE->getBase()->IgnoreParenImpCasts()) : nullptr;
  if (!Field || !Field->getType()->isConstantArrayType())
    return std::nullopt;
  std::optional<std::pair<const Expr *, int64_t>> At = memberOffset(Field, Ctx);
  if (!At)
    return std::nullopt;
  return LValueRange{At->first, At->second,
                     Ctx.getTypeSizeInChars(Field->getType()).getQuantity()};
}

bool sameValue(const Expr *A, const Expr *B, const ASTContext &Ctx) {
  A = A->IgnoreParenCasts();
  B = B->IgnoreParenCasts();
  Expr::EvalResult RA, RB;
  if (!A->isValueDependent() && !B->isValueDependent() && A->EvaluateAsInt(RA, Ctx) &&
      B->EvaluateAsInt(RB, Ctx))
    return llvm::APSInt::isSameValue(RA.Val.getInt(), RB.Val.getInt());
  if (A->getStmtClass() != B->getStmtClass())
    return false;
  if (const auto *BA = dyn_cast<BinaryOperator>(A)) {
    const auto *BB = cast<BinaryOperator>(B);
    return BA->getOpcode() == BB->getOpcode() && !BA->isAssignmentOp() &&
           sameValue(BA->getLHS(), BB->getLHS(), Ctx) &&
           sameValue(BA->getRHS(), BB->getRHS(), Ctx);
  }
  if (const auto *MA = dyn_cast<MemberExpr>(A)) {
    const auto *MB = cast<MemberExpr>(B);
    return MA->getMemberDecl() == MB->getMemberDecl() && MA->isArrow() == MB->isArrow() &&
           sameValue(MA->getBase(), MB->getBase(), Ctx);
  }
  if (const auto *SA = dyn_cast<ArraySubscriptExpr>(A)) {
    const auto *SB = cast<ArraySubscriptExpr>(B);
    return sameValue(SA->getBase(), SB->getBase(), Ctx) &&
           sameValue(SA->getIdx(), SB->getIdx(), Ctx);
  }
  if (const auto *UA = dyn_cast<UnaryOperator>(A)) {
    const auto *UB = cast<UnaryOperator>(B);
    return UA->getOpcode() == UB->getOpcode() && !UA->isIncrementDecrementOp() &&
           sameValue(UA->getSubExpr(), UB->getSubExpr(), Ctx);
  }
  // Two calls of a function without effects (D_RW(o) twice: pmemobj_direct((o).oid)).
  if (const auto *CA = dyn_cast<CallExpr>(A)) {
    const auto *CB = cast<CallExpr>(B);
    const FunctionDecl *F = CA->getDirectCallee();
    if (!F || F != CB->getDirectCallee() || CA->getNumArgs() != CB->getNumArgs() ||
        !(F->hasAttr<ConstAttr>() ||
          (F->getIdentifier() && isAddressTranslation(F->getName()))))
      return false;
    for (unsigned I = 0; I < CA->getNumArgs(); ++I)
      if (!sameValue(CA->getArg(I), CB->getArg(I), Ctx))
        return false;
    return true;
  }
  return sameExpr(A, B);
}

} // namespace copyintent::checker
