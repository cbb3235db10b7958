//===- IRProvenance.cpp - What memory an IR pointer holds -----------------===//

#include "CopyIntent/IRProvenance.h"

#include "ApiTable.h"
#include "MemorySources.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/BinaryFormat/Dwarf.h"
#include "llvm/Demangle/Demangle.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DebugProgramInstruction.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Operator.h"
#include "llvm/TargetParser/Triple.h"

using namespace llvm;

namespace copyintent {

/// The entry of a map built once (never changed after): a view, not a copy.
template <typename Map, typename Key>
static auto entryOf(const Map &M, const Key &K)
    -> ArrayRef<typename Map::mapped_type::value_type> {
  auto It = M.find(K);
  return It == M.end() ? ArrayRef<typename Map::mapped_type::value_type>()
                       : ArrayRef(It->second);
}

IRProv IRProv::unknown() {
  IRProv P;
  P.Kinds = 1u << unsigned(MemKind::Unknown);
  return P;
}

IRProv IRProv::of(MemKind K, IRStep Evidence) {
  IRProv P;
  P.Kinds = 1u << unsigned(K);
  P.Why[unsigned(K)].push_back(std::move(Evidence));
  return P;
}

void IRProv::merge(const IRProv &O, const IRStep &Step) {
  for (unsigned K = 0; K < NumMemKinds; ++K) {
    if (!(O.Kinds & (1u << K)))
      continue;
    if (!(Kinds & (1u << K)) && K != unsigned(MemKind::Unknown)) {
      if (!Step.Text.empty())
        Why[K].push_back(Step);
      Why[K].insert(Why[K].end(), O.Why[K].begin(), O.Why[K].end());
    }
    Kinds |= 1u << K;
  }
}

MemKind IRProv::shown() const {
  for (MemKind K : {MemKind::PMem, MemKind::MMIO, MemKind::User, MemKind::RAM})
    if (has(K))
      return K;
  return MemKind::Unknown;
}

std::string irName(const Value *V) {
  if (const auto *F = dyn_cast<Function>(V))
    return F->getName().str() + "()";
  // The source's name, where debug info says which variable the value is.
  SmallVector<DbgVariableRecord *, 2> Records;
  findDbgUsers(const_cast<Value *>(V), Records);
  for (DbgVariableRecord *R : Records)
    if (const DILocalVariable *Var = R->getVariable(); Var && !Var->getName().empty())
      return Var->getName().str();
  if (V->hasName())
    return V->getName().str();
  if (const auto *A = dyn_cast<Argument>(V))
    return "parameter " + std::to_string(A->getArgNo() + 1) + " of '" +
           A->getParent()->getName().str() + "'";
  if (isa<ConstantPointerNull>(V))
    return "null";
  if (const auto *II = dyn_cast<IntrinsicInst>(V);
      II && II->getIntrinsicID() == Intrinsic::ptr_annotation)
    return "a marked field";
  if (const auto *CB = dyn_cast<CallBase>(V); CB && CB->getCalledFunction())
    return CB->getCalledFunction()->getName().str() + "(...)";
  if (const auto *LI = dyn_cast<LoadInst>(V))
    if (std::optional<FieldKey> FK = fieldAccessed(*LI))
      return FK->Name;
  // An address computed from another: "<base> + 64".
  if (const auto *GEP = dyn_cast<GEPOperator>(V)) {
    APInt Offset(64, 0);
    const auto *I = dyn_cast<Instruction>(V);
    bool Constant =
        I && GEP->accumulateConstantOffset(I->getModule()->getDataLayout(), Offset);
    return irName(GEP->getPointerOperand()) + " + " +
           (Constant ? std::to_string(Offset.getSExtValue()) : std::string("..."));
  }
  return "a value";
}

/// The annotation string of an annotation intrinsic's or entry's string operand.
static std::optional<MemKind> kindOfAnnotation(const Value *Str) {
  const auto *GV = dyn_cast<GlobalVariable>(Str->stripPointerCasts());
  const auto *Data = GV && GV->hasInitializer()
                         ? dyn_cast<ConstantDataArray>(GV->getInitializer())
                         : nullptr;
  if (!Data || !Data->isCString())
    return std::nullopt;
  StringRef S = Data->getAsCString();
  for (MemKind K : MarkedKinds)
    if (S == annotationOf(K))
      return K;
  return std::nullopt;
}

/// "std::basic_string" for the TBAA name of a standard container of core's list with
/// the default allocator (_ZTSNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEE is
/// std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >),
/// else "". Only std and its inline namespaces (__cxx11, __1) count.
static std::string stdHeapContainerOf(StringRef TbaaType) {
  if (!TbaaType.starts_with("_ZTS"))
    return "";
  std::string Demangled = demangle(TbaaType.str());
  StringRef D(Demangled);
  D.consume_front("typeinfo name for ");
  size_t Open = D.find('<');
  if (Open == StringRef::npos || !D.ends_with(">"))
    return "";
  SmallVector<StringRef, 4> Scope;
  D.take_front(Open).split(Scope, "::");
  if (Scope.size() < 2 || Scope.front() != "std" || !isStdHeapContainer(Scope.back()) ||
      any_of(ArrayRef(Scope).slice(1, Scope.size() - 2),
             [](StringRef N) { return !N.starts_with("__"); }))
    return "";
  // The allocator is the last template argument.
  StringRef Args = D.slice(Open + 1, D.size() - 1);
  size_t LastComma = StringRef::npos;
  int Depth = 0;
  for (size_t I = 0; I < Args.size(); ++I)
    if (Args[I] == '<')
      ++Depth;
    else if (Args[I] == '>')
      --Depth;
    else if (Args[I] == ',' && Depth == 0)
      LastComma = I;
  StringRef Alloc = LastComma == StringRef::npos ? Args : Args.drop_front(LastComma + 1);
  if (!Alloc.trim().starts_with("std::allocator<"))
    return "";
  return ("std::" + Scope.back()).str();
}

/// T without typedefs and const / volatile / restrict / atomic qualifiers.
static const DIType *stripTypedefs(const DIType *T) {
  while (const auto *D = dyn_cast_or_null<DIDerivedType>(T)) {
    unsigned Tag = D->getTag();
    if (Tag != dwarf::DW_TAG_typedef && Tag != dwarf::DW_TAG_const_type &&
        Tag != dwarf::DW_TAG_volatile_type && Tag != dwarf::DW_TAG_restrict_type &&
        Tag != dwarf::DW_TAG_atomic_type)
      break;
    T = D->getBaseType();
  }
  return T;
}

/// T if it is a named struct with its members (a definition), else null.
static const DICompositeType *namedStruct(const DIType *T) {
  const auto *C = dyn_cast_or_null<DICompositeType>(stripTypedefs(T));
  return C && C->getTag() == dwarf::DW_TAG_structure_type && !C->getName().empty() &&
                 !C->isForwardDecl()
             ? C
             : nullptr;
}

/// The struct V points to, by debug info: a variable that V is, whose type is a
/// pointer to a named struct (-fno-strict-aliasing builds such as Linux have no TBAA
/// tags, and -O1 leaves only byte offsets in GEPs).
static const DICompositeType *structPointedToByDebugInfo(const Value *V) {
  SmallVector<DbgVariableRecord *, 4> Records;
  findDbgValues(const_cast<Value *>(V), Records);
  for (const DbgVariableRecord *R : Records) {
    if (R->getNumVariableLocationOps() != 1 || R->getExpression()->getNumElements())
      continue; // a piece, or V with an offset or an operation: not V itself
    const auto *P =
        dyn_cast_or_null<DIDerivedType>(stripTypedefs(R->getVariable()->getType()));
    if (P && P->getTag() == dwarf::DW_TAG_pointer_type)
      if (const DICompositeType *C = namedStruct(P->getBaseType()))
        return C;
  }
  return nullptr;
}

/// The field at byte offset Off of struct C: through members that are named structs
/// or arrays of them, the innermost named struct that holds it (C and Off change to
/// it), and the member's name. A union or an anonymous struct stops the descent: its
/// members share the key of their place in C.
static std::string fieldAtOffset(const DICompositeType *&C, uint64_t &Off) {
  for (int Depth = 0; Depth < 8; ++Depth) {
    const DIDerivedType *Hit = nullptr;
    for (const DINode *N : C->getElements())
      if (const auto *Mem = dyn_cast<DIDerivedType>(N);
          Mem && Mem->getTag() == dwarf::DW_TAG_member && !Mem->isStaticMember()) {
        uint64_t At = Mem->getOffsetInBits() / 8, Size = Mem->getSizeInBits() / 8;
        if (Off >= At && Off < At + std::max<uint64_t>(Size, 1)) {
          Hit = Mem;
          break;
        }
      }
    if (!Hit)
      return "";
    uint64_t At = Hit->getOffsetInBits() / 8;
    const DIType *T = stripTypedefs(Hit->getBaseType());
    if (const DICompositeType *Inner = namedStruct(T)) {
      C = Inner;
      Off -= At;
      continue;
    }
    if (const auto *Array = dyn_cast_or_null<DICompositeType>(T);
        Array && Array->getTag() == dwarf::DW_TAG_array_type)
      if (const DICompositeType *Elem = namedStruct(Array->getBaseType());
          Elem && Elem->getSizeInBits() >= 8) {
        Off = (Off - At) % (Elem->getSizeInBits() / 8);
        C = Elem;
        continue;
      }
    return Hit->getName().str();
  }
  return "";
}

std::optional<FieldKey> fieldAccessed(const Instruction &I) {
  // The struct-path TBAA tag: (base type, access type, offset).
  if (const MDNode *Tag = I.getMetadata(LLVMContext::MD_tbaa);
      Tag && Tag->getNumOperands() >= 3 && isa<MDNode>(Tag->getOperand(0))) {
    const auto *Base = cast<MDNode>(Tag->getOperand(0));
    const auto *Off = mdconst::dyn_extract<ConstantInt>(Tag->getOperand(2));
    // A scalar type's tag (base = access type) names no field.
    if (Off && Base != Tag->getOperand(1) && Base->getNumOperands() > 1) {
      std::string Name = "a struct", Type;
      if (const auto *S = dyn_cast<MDString>(Base->getOperand(0))) {
        Type = S->getString().str();
        Name = "'" + Type + "'";
      }
      return FieldKey{{Base, Off->getZExtValue()},
                      "the field at offset " + std::to_string(Off->getZExtValue()) +
                          " of " + Name,
                      Type,
                      Off->getZExtValue()};
    }
  }
  const Value *Ptr = isa<LoadInst>(I) ? cast<LoadInst>(I).getPointerOperand()
                                      : cast<StoreInst>(I).getPointerOperand();
  const auto *GEP = dyn_cast<GEPOperator>(Ptr->stripPointerCasts());
  if (!GEP || GEP->getNumIndices() != 2 ||
      !isa<StructType>(GEP->getSourceElementType())) {
    // No TBAA struct path and no struct GEP: the struct by the debug-info type of
    // the pointer the address is computed from, the field by its byte offset. Keyed
    // by the struct's name, which is the same in every file of an LTO link.
    APInt Offset(64, 0);
    const Value *Base = Ptr->stripAndAccumulateConstantOffsets(
        I.getModule()->getDataLayout(), Offset, /*AllowNonInbounds=*/true);
    const DICompositeType *C =
        Offset.isNonNegative() ? structPointedToByDebugInfo(Base) : nullptr;
    if (!C)
      return std::nullopt;
    uint64_t Off = Offset.getZExtValue();
    std::string Member = fieldAtOffset(C, Off);
    std::string Type = C->getName().str();
    const MDString *Key = MDString::get(I.getContext(), "struct " + Type);
    return FieldKey{{Key, Off},
                    Member.empty() ? "the field at offset " + std::to_string(Off) +
                                         " of '" + Type + "'"
                                   : "the field '" + Member + "' of '" + Type + "'",
                    Type,
                    Off};
  }
  const auto *Zero = dyn_cast<ConstantInt>(GEP->getOperand(1));
  const auto *Index = dyn_cast<ConstantInt>(GEP->getOperand(2));
  if (!Zero || !Zero->isZero() || !Index)
    return std::nullopt;
  auto *ST = cast<StructType>(GEP->getSourceElementType());
  std::string Name = ST->hasName() ? "'" + ST->getName().str() + "'" : "a struct";
  // "struct.pmem_device" is the C struct pmem_device.
  StringRef Plain = ST->hasName() ? ST->getName() : "";
  if (!Plain.consume_front("struct.") && !Plain.consume_front("union."))
    Plain = "";
  uint64_t Offset =
      ST->isSized() && Index->getZExtValue() < ST->getNumElements()
          ? I.getModule()->getDataLayout().getStructLayout(ST)->getElementOffset(
                Index->getZExtValue())
          : 0;
  return FieldKey{{ST, Index->getZExtValue()},
                  "field " + std::to_string(Index->getZExtValue()) + " of " + Name,
                  Plain.str(),
                  Offset};
}

std::string IRProvenance::markedKey(StringRef What, StringRef Scope, uint64_t Index,
                                    StringRef Name) {
  return (What + "|" + Scope + "|" + Twine(Index) + "|" + Name).str();
}

const IRProvenance::DeclMarking *IRProvenance::markedDecl(StringRef What, StringRef Scope,
                                                          uint64_t Index,
                                                          StringRef Name) const {
  if (MarkedDecls.empty())
    return nullptr;
  auto It = MarkedDecls.find(markedKey(What, Scope, Index, Name));
  return It == MarkedDecls.end() ? nullptr : &It->second;
}

const IRProvenance::DeclMarking *IRProvenance::markedLocal(const Value *V) const {
  if (MarkedDecls.empty())
    return nullptr;
  SmallVector<DbgVariableRecord *, 4> Records;
  findDbgValues(const_cast<Value *>(V), Records);
  for (const DbgVariableRecord *R : Records) {
    const DILocalVariable *Var = R->getVariable();
    const DISubprogram *SP = Var->getScope()->getSubprogram();
    if (Var->getArg() || !SP || R->getNumVariableLocationOps() != 1 ||
        R->getExpression()->getNumElements())
      continue;
    StringRef Fn = SP->getLinkageName().empty() ? SP->getName() : SP->getLinkageName();
    if (const DeclMarking *D = markedDecl("local", Fn, Var->getLine(), Var->getName()))
      return D;
  }
  return nullptr;
}

IRProvenance::IRProvenance(const Module &Mod) : M(Mod) {
  // Declarations marked in the source (sparse's __iomem, __user), as clang -fplugin
  // carried them: !{what, scope, index, kind, name, marking, count}.
  if (const NamedMDNode *List = M.getNamedMetadata(MarkedDeclsMetadata))
    for (const MDNode *N : List->operands()) {
      if (N->getNumOperands() != 7)
        continue;
      auto Str = [&](unsigned I) {
        const auto *S = dyn_cast<MDString>(N->getOperand(I));
        return S ? S->getString() : StringRef();
      };
      const auto *Index = mdconst::dyn_extract<ConstantInt>(N->getOperand(2));
      const auto *Count = mdconst::dyn_extract<ConstantInt>(N->getOperand(6));
      std::optional<MemKind> K;
      for (MemKind Kind : MarkedKinds)
        if (annotationOf(Kind) == Str(3))
          K = Kind;
      if (!Index || !Count || !K)
        continue;
      StringRef What = Str(0), Scope = Str(1), Name = Str(4);
      if (What == "param") {
        const Function *F = M.getFunction(Scope);
        if (!F || F->arg_size() != Count->getZExtValue())
          continue; // another signature in IR: the index may name another parameter
      }
      std::string Declared =
          "is declared " + Str(5).str() + " (" + memKindName(*K).str() + ")";
      std::string Says =
          What == "field"
              ? "the field '" + Name.str() + "' of '" + Scope.str() + "' " + Declared
          : What == "param"
              ? "the parameter '" + Name.str() + "' of '" + Scope.str() + "' " + Declared
              : "'" + Name.str() + "' " + Declared;
      // A field by its place, a parameter by its index: the name is for messages.
      StringRef KeyName = What == "field" || What == "param" ? "" : Name;
      MarkedDecls[markedKey(What, Scope, Index->getZExtValue(), KeyName)] = {*K, Says};
    }
  // Globals and functions marked in their declarations.
  if (const GlobalVariable *GA = M.getNamedGlobal("llvm.global.annotations");
      GA && GA->hasInitializer())
    if (const auto *Entries = dyn_cast<ConstantArray>(GA->getInitializer()))
      for (const Use &U : Entries->operands())
        if (const auto *Entry = dyn_cast<ConstantStruct>(U.get());
            Entry && Entry->getNumOperands() >= 2)
          if (std::optional<MemKind> K = kindOfAnnotation(Entry->getOperand(1)))
            Marked[Entry->getOperand(0)->stripPointerCasts()] = *K;
  for (const Function &F : M)
    for (const Instruction &I : instructions(F)) {
      if (const auto *SI = dyn_cast<StoreInst>(&I)) {
        if (!SI->getValueOperand()->getType()->isPointerTy())
          continue;
        const Value *Into = SI->getPointerOperand()->stripPointerCasts();
        if (isa<GlobalVariable, AllocaInst>(Into))
          StoresInto[Into].push_back(SI);
        else if (std::optional<FieldKey> FK = fieldAccessed(*SI))
          FieldStores[FK->Key].push_back(SI);
        continue;
      }
      const auto *CB = dyn_cast<CallBase>(&I);
      const Function *Callee = CB ? CB->getCalledFunction() : nullptr;
      if (!Callee)
        continue;
      // A marked local or parameter (its alloca).
      if (Callee->getIntrinsicID() == Intrinsic::var_annotation && CB->arg_size() >= 2)
        if (std::optional<MemKind> K = kindOfAnnotation(CB->getArgOperand(1)))
          Marked[CB->getArgOperand(0)->stripPointerCasts()] = *K;
      if (!Callee->isDeclaration())
        CallersOf[Callee].push_back(CB);
      // Usage evidence, as the checker's index records it.
      int Arg = -1;
      MemKind Kind = MemKind::PMem;
      if (WriteBackFunction W = writeBackFunction(Callee->getName());
          W.PointerArg >= 0 && W.UsageEvidence)
        Arg = W.PointerArg;
      else if ((Arg = mmioAccessorPointerArg(Callee->getName())) >= 0)
        Kind = MemKind::MMIO;
      if (Arg >= 0 && unsigned(Arg) < CB->arg_size())
        if (auto Key = usageKey(CB->getArgOperand(Arg)))
          UsedAs[*Key].push_back({CB, Kind});
    }
  // Write-backs through libpmem2's function pointers (st->persist(p, n)), once the
  // stores that say where the pointers come from are known.
  for (const Function &F : M)
    for (const Instruction &I : instructions(F))
      if (const auto *CB = dyn_cast<CallBase>(&I); CB && CB->isIndirectCall())
        if (WriteBackFunction W =
                writeBackPointerType(functionTypeOf(CB->getCalledOperand()));
            W.PointerArg >= 0 && W.UsageEvidence &&
            unsigned(W.PointerArg) < CB->arg_size())
          if (auto Key = usageKey(CB->getArgOperand(W.PointerArg)))
            UsedAs[*Key].push_back({CB, MemKind::PMem});
}

std::string IRProvenance::functionTypeOf(const Value *Callee, unsigned Depth) const {
  Callee = Callee->stripPointerCasts();
  if (Depth > 4)
    return "";
  if (const auto *CB = dyn_cast<CallBase>(Callee))
    if (const Function *Getter = CB->getCalledFunction())
      return functionTypeOfGetter(Getter->getName());
  const auto *LI = dyn_cast<LoadInst>(Callee);
  if (!LI)
    return "";
  const Value *Slot = LI->getPointerOperand()->stripPointerCasts();
  ArrayRef<const StoreInst *> Stores;
  if (isa<GlobalVariable, AllocaInst>(Slot))
    Stores = entryOf(StoresInto, Slot);
  else if (std::optional<FieldKey> FK = fieldAccessed(*LI))
    Stores = entryOf(FieldStores, FK->Key);
  for (const StoreInst *SI : Stores)
    if (std::string T = functionTypeOf(SI->getValueOperand(), Depth + 1); !T.empty())
      return T;
  return "";
}

std::string IRProvenance::calleeName(const CallBase &CB) const {
  if (const Function *F = CB.getCalledFunction())
    return F->getName().str();
  std::string T = functionTypeOf(CB.getCalledOperand());
  return T.empty() ? std::string("a function pointer") : T;
}

std::optional<std::pair<const void *, uint64_t>> IRProvenance::usageKey(const Value *V) {
  SmallPtrSet<const Value *, 8> Seen;
  for (int I = 0; I < 32 && Seen.insert(V).second; ++I) {
    if (const auto *GEP = dyn_cast<GEPOperator>(V)) {
      V = GEP->getPointerOperand();
      continue;
    }
    // A line-by-line loop over the object: (void *)p, p from (uintptr_t)obj & ~63
    // and then p += 64 (the phi's first input that is not the loop's own step).
    if (const auto *Op = dyn_cast<Operator>(V);
        Op &&
        (Op->getOpcode() == Instruction::IntToPtr ||
         Op->getOpcode() == Instruction::PtrToInt ||
         Op->getOpcode() == Instruction::Add || Op->getOpcode() == Instruction::And ||
         Op->getOpcode() == Instruction::Or)) {
      V = Op->getOperand(0);
      continue;
    }
    if (const auto *Phi = dyn_cast<PHINode>(V)) {
      const Value *Next = nullptr;
      for (const Value *In : Phi->incoming_values())
        if (!Seen.contains(In) && !(isa<BinaryOperator>(In) &&
                                    cast<BinaryOperator>(In)->getOperand(0) == Phi)) {
          Next = In;
          break;
        }
      if (!Next)
        break;
      V = Next;
      continue;
    }
    if (const auto *Op = dyn_cast<Operator>(V);
        Op && (Op->getOpcode() == Instruction::BitCast ||
               Op->getOpcode() == Instruction::AddrSpaceCast)) {
      V = Op->getOperand(0);
      continue;
    }
    break;
  }
  // A parameter or a call's result (the value itself), a variable, or a field (the
  // value a load of it gives).
  if (isa<Argument, CallBase>(V))
    return std::make_pair(static_cast<const void *>(V), uint64_t(0));
  const auto *LI = dyn_cast<LoadInst>(V);
  if (!LI)
    return std::nullopt;
  const Value *Slot = LI->getPointerOperand()->stripPointerCasts();
  if (isa<GlobalVariable, AllocaInst>(Slot))
    return std::make_pair(static_cast<const void *>(Slot), uint64_t(0));
  if (std::optional<FieldKey> FK = fieldAccessed(*LI))
    return FK->Key;
  return std::nullopt;
}

IRProv IRProvenance::orUsage(const Value *V, IRProv P) const {
  if (!P.only(MemKind::Unknown))
    return P;
  std::optional<std::pair<const void *, uint64_t>> Key = usageKey(V);
  auto It = Key ? UsedAs.find(*Key) : UsedAs.end();
  if (It == UsedAs.end())
    return P;
  IRProv U;
  for (auto [CB, Kind] : It->second)
    U.merge(IRProv::of(
        Kind,
        {"'" + irName(V) + "' is " +
             (Kind == MemKind::PMem ? "written back by '" : "accessed by '") +
             calleeName(*CB) + "()' here: it is " + memKindName(Kind).str() + " (usage)",
         CB}));
  return U;
}

std::optional<MemKind> IRProvenance::markingOf(const Value *V) const {
  V = V->stripPointerCasts();
  // A marked field: clang passes its address through llvm.ptr.annotation.
  if (const auto *II = dyn_cast<IntrinsicInst>(V);
      II && II->getIntrinsicID() == Intrinsic::ptr_annotation && II->arg_size() >= 2)
    return kindOfAnnotation(II->getArgOperand(1));
  auto It = Marked.find(V);
  return It == Marked.end() ? std::nullopt : std::optional(It->second);
}

IRProv IRProvenance::pointerOf(const Value *V) {
  Steps = 0;
  LimitHit = false;
  return eval(V, 0);
}

IRProv IRProvenance::eval(const Value *V, unsigned Depth) {
  if (auto It = Memo.find(V); It != Memo.end())
    return It->second;
  if (Depth > MaxDepth || ++Steps > MaxStepsPerQuery) {
    LimitHit = true;
    return IRProv::unknown();
  }
  // A cycle (a phi of itself, a variable assigned from itself) adds nothing.
  if (!InProgress.insert({V, true}).second)
    return {};
  IRProv P;
  // sparse's address spaces, where a build keeps them.
  if (auto *PT = dyn_cast<PointerType>(V->getType()))
    for (MemKind K : MarkedKinds)
      if (std::optional<unsigned> AS = sparseAddressSpace(K);
          AS && *AS == PT->getAddressSpace())
        P = IRProv::of(K, {"'" + irName(V) + "' is in address space " +
                           std::to_string(*AS) + " (" + memKindName(K).str() + ")"});
  if (!P.empty()) {
  } else if (isa<ConstantPointerNull, UndefValue, PoisonValue>(V)) {
    // nothing
  } else if (const DeclMarking *D = markedLocal(V)) {
    P = IRProv::of(D->Kind, {D->Says, dyn_cast<Instruction>(V)});
  } else if (std::optional<IRProv> Inlined =
                 isa<Instruction>(V) ? ofInlinedSource(*cast<Instruction>(V), Depth)
                                     : std::nullopt) {
    P = *Inlined;
  } else if (const auto *AI = dyn_cast<AllocaInst>(V)) {
    P = IRProv::of(MemKind::RAM,
                   {"'" + irName(AI) + "' is a local variable (stack)", AI});
  } else if (const auto *GV = dyn_cast<GlobalVariable>(V)) {
    P = IRProv::of(MemKind::RAM, {"'" + irName(GV) + "' is a global object"});
  } else if (const auto *A = dyn_cast<Argument>(V)) {
    P = orUsage(V, ofArgument(*A, Depth));
  } else if (const auto *GEP = dyn_cast<GEPOperator>(V)) {
    P = eval(GEP->getPointerOperand(), Depth + 1);
  } else if (const auto *Op = dyn_cast<Operator>(V);
             Op && (Op->getOpcode() == Instruction::BitCast ||
                    Op->getOpcode() == Instruction::AddrSpaceCast)) {
    P = eval(Op->getOperand(0), Depth + 1);
  } else if (Op && Op->getOpcode() == Instruction::IntToPtr) {
    // (char *)((uintptr_t)p + off): the pointer the integer came from.
    const Value *Int = Op->getOperand(0);
    while (const auto *BO = dyn_cast<BinaryOperator>(Int))
      if (BO->getOpcode() == Instruction::Add || BO->getOpcode() == Instruction::Sub ||
          BO->getOpcode() == Instruction::And || BO->getOpcode() == Instruction::Or)
        Int = BO->getOperand(0);
      else
        break;
    if (const auto *PtoI = dyn_cast<Operator>(Int);
        PtoI && PtoI->getOpcode() == Instruction::PtrToInt)
      P = eval(PtoI->getOperand(0), Depth + 1);
    else if (const auto *CB = dyn_cast<CallBase>(Int)) // (void *)__get_free_pages(...)
      P = ofCall(*CB, Depth);
    else
      P = IRProv::unknown();
  } else if (const auto *Phi = dyn_cast<PHINode>(V)) {
    for (const Value *In : Phi->incoming_values())
      P.merge(eval(In, Depth + 1));
  } else if (const auto *Sel = dyn_cast<SelectInst>(V)) {
    P.merge(eval(Sel->getTrueValue(), Depth + 1));
    P.merge(eval(Sel->getFalseValue(), Depth + 1));
  } else if (const auto *CB = dyn_cast<CallBase>(V)) {
    P = orUsage(V, ofCall(*CB, Depth));
  } else if (const auto *LI = dyn_cast<LoadInst>(V)) {
    P = orUsage(V, ofLoad(*LI, Depth));
  } else {
    P = IRProv::unknown();
  }
  InProgress.erase(V);
  // A result cut short by the step bound is not kept for later queries.
  if (Steps <= MaxStepsPerQuery)
    Memo[V] = P;
  return P;
}

IRProv IRProvenance::ofRole(SourceRole Role, const std::string &Call,
                            const Instruction &At, const Value *Page, unsigned Depth) {
  IRStep Step{Call + roleSays(Role).str(), &At};
  switch (Role) {
  case SourceRole::PMemMapper:
    return IRProv::of(MemKind::PMem, Step);
  case SourceRole::MMIOMapper:
    return IRProv::of(MemKind::MMIO, Step);
  case SourceRole::Allocator:
  case SourceRole::PageAllocator:
    return IRProv::of(MemKind::RAM, Step);
  case SourceRole::PageMapper:
    if (!Page)
      return IRProv::unknown();
    IRProv P;
    P.merge(eval(Page, Depth + 1), Step);
    return P;
  }
  return IRProv::unknown();
}

/// Whether I is code of the inlined call Frame stands for (Frame: a location in the
/// inlined function's scope, inlined at the call).
static bool inInlinedCall(const Instruction &I, const DILocation *Frame) {
  const DISubprogram *SP = Frame->getScope()->getSubprogram();
  for (const DILocation *L = I.getDebugLoc(); L; L = L->getInlinedAt())
    if (L->getInlinedAt() == Frame->getInlinedAt() &&
        L->getScope()->getSubprogram() == SP)
      return true;
  return false;
}

std::optional<IRProv> IRProvenance::ofInlinedSource(const Instruction &I,
                                                    unsigned Depth) {
  // The outermost inlined function on I's chain with a source role (the kernel's
  // always-inline kmap_atomic(), page_address(): their result is pointer arithmetic).
  const DILocation *Frame = nullptr;
  std::optional<SourceRole> Role;
  StringRef Name;
  for (const DILocation *L = I.getDebugLoc(); L && L->getInlinedAt();
       L = L->getInlinedAt())
    if (const DISubprogram *SP = L->getScope()->getSubprogram())
      if (std::optional<SourceRole> R = sourceRole(SP->getName())) {
        Frame = L;
        Role = R;
        Name = SP->getName();
      }
  // Its result: a value of its body that code outside it uses.
  if (!Frame || none_of(I.users(), [&](const User *U) {
        const auto *UI = dyn_cast<Instruction>(U);
        return !UI || !inInlinedCall(*UI, Frame);
      }))
    return std::nullopt;
  const Value *Page = *Role == SourceRole::PageMapper
                          ? inlinedArgument(*I.getFunction(), Frame, 0)
                          : nullptr;
  return ofRole(*Role, "'" + Name.str() + "()' (inlined) ", I, Page, Depth);
}

const Value *inlinedArgument(const Function &F, const DILocation *Frame, unsigned Arg) {
  const DISubprogram *SP = Frame->getScope()->getSubprogram();
  for (const Instruction &I : instructions(F))
    for (const DbgVariableRecord &R : filterDbgVars(I.getDbgRecordRange())) {
      const DILocalVariable *Var = R.getVariable();
      if (Var->getArg() != Arg + 1 || Var->getScope()->getSubprogram() != SP ||
          R.getDebugLoc()->getInlinedAt() != Frame->getInlinedAt() ||
          R.getNumVariableLocationOps() != 1 || R.getExpression()->getNumElements())
        continue;
      const Value *V = R.getVariableLocationOp(0);
      if (V && V->getType()->isPointerTy() && !isa<UndefValue>(V))
        return V;
    }
  return nullptr;
}

IRProv IRProvenance::ofCall(const CallBase &CB, unsigned Depth) {
  const Function *Callee = CB.getCalledFunction();
  if (!Callee)
    return IRProv::unknown();
  if (Callee->getIntrinsicID() == Intrinsic::ptr_annotation ||
      Callee->getIntrinsicID() == Intrinsic::launder_invariant_group ||
      Callee->getIntrinsicID() == Intrinsic::strip_invariant_group)
    return eval(CB.getArgOperand(0), Depth + 1);
  StringRef N = Callee->getName();
  // C++'s operator new is _Znwm (and its variants) in IR.
  if (N.starts_with("_Z") && StringRef(demangle(N)).starts_with("operator new"))
    return IRProv::of(MemKind::RAM,
                      {"'new' " + roleSays(SourceRole::Allocator).str(), &CB});
  std::string Call = "'" + N.str() + "()' ";
  if (auto It = Marked.find(Callee); It != Marked.end())
    return IRProv::of(
        It->second,
        {Call + "is declared to return " + memKindName(It->second).str(), &CB});
  if (std::optional<SourceRole> Role = sourceRole(N))
    return ofRole(*Role, Call, CB, CB.arg_size() == 1 ? CB.getArgOperand(0) : nullptr,
                  Depth);
  // A mapping whose kind its flags decide: by the flag macro the call spells, where
  // clang -fplugin carried it into IR (the checker's own test), else by the flags'
  // values where the target uses Linux's generic ones (the first rule that holds).
  if (const MDNode *MD = CB.getMetadata(SpelledFlagMetadata);
      MD && MD->getNumOperands() == 1)
    if (const auto *Spelled = dyn_cast<MDString>(MD->getOperand(0)))
      for (const MappingFlagRule &R : mappingFlagRules())
        if (R.appliesTo(N) && R.Flag == Spelled->getString())
          return IRProv::of(R.Kind, {R.says(N), &CB});
  Triple T(M.getTargetTriple());
  if (T.isOSLinux() && (T.getArch() == Triple::x86_64 || T.getArch() == Triple::aarch64 ||
                        T.getArch() == Triple::riscv64))
    for (const MappingFlagRule &R : mappingFlagRules()) {
      if (!R.appliesTo(N) || !R.GenericMask || R.FlagsArg < 0 ||
          unsigned(R.FlagsArg) >= CB.arg_size())
        continue;
      const auto *Flags = dyn_cast<ConstantInt>(CB.getArgOperand(R.FlagsArg));
      if (!Flags || (Flags->getZExtValue() & R.GenericMask) != R.GenericValue)
        continue;
      return IRProv::of(R.Kind, {R.says(N), &CB});
    }
  if (Callee->isDeclaration())
    return IRProv::unknown();
  IRProv P;
  for (const BasicBlock &BB : *Callee)
    if (const auto *Ret = dyn_cast<ReturnInst>(BB.getTerminator());
        Ret && Ret->getReturnValue())
      P.merge(eval(Ret->getReturnValue(), Depth + 1),
              {Call + "returns '" + irName(Ret->getReturnValue()) + "'", Ret});
  return P.empty() ? IRProv::unknown() : P;
}

IRProv IRProvenance::ofStored(ArrayRef<const StoreInst *> Stores, const std::string &Into,
                              unsigned Depth) {
  if (Stores.empty())
    return IRProv::unknown();
  IRProv P;
  for (const StoreInst *SI : Stores)
    P.merge(eval(SI->getValueOperand(), Depth + 1),
            {Into + " is assigned '" + irName(SI->getValueOperand()) + "' in '" +
                 SI->getFunction()->getName().str() + "'",
             SI});
  return P;
}

IRProv IRProvenance::ofLoad(const LoadInst &LI, unsigned Depth) {
  const Value *Ptr = LI.getPointerOperand();
  if (std::optional<MemKind> K = markingOf(Ptr)) {
    std::optional<FieldKey> FK = fieldAccessed(LI);
    std::string What = FK ? FK->Name : "'" + irName(Ptr->stripPointerCasts()) + "'";
    return IRProv::of(*K, {What + " is marked " + annotationOf(*K).str(), &LI});
  }
  const Value *Slot = Ptr->stripPointerCasts();
  if (const auto *GV = dyn_cast<GlobalVariable>(Slot)) {
    if (const DeclMarking *D = markedDecl("global", "", 0, GV->getName()))
      return IRProv::of(D->Kind, {D->Says, &LI});
    IRProv P = ofStored(entryOf(StoresInto, GV), "'" + irName(GV) + "'", Depth);
    if (GV->hasInitializer() && !GV->getInitializer()->isNullValue())
      P.merge(eval(GV->getInitializer(), Depth + 1),
              {"'" + irName(GV) + "' is initialised to '" + irName(GV->getInitializer()) +
               "'"});
    return P;
  }
  if (const auto *AI = dyn_cast<AllocaInst>(Slot)) {
    ArrayRef<const StoreInst *> Stores = entryOf(StoresInto, AI);
    IRProv P =
        Stores.empty() ? IRProv() : ofStored(Stores, "'" + irName(AI) + "'", Depth);
    // A local that a call fills through its address (dax_direct_access(..., &kaddr,
    // ...), posix_memalign(&p, ...)).
    for (const User *U : AI->users()) {
      const auto *CB = dyn_cast<CallBase>(U);
      const Function *Callee = CB ? CB->getCalledFunction() : nullptr;
      if (!Callee)
        continue;
      for (unsigned I = 0; I < CB->arg_size(); ++I)
        if (CB->getArgOperand(I)->stripPointerCasts() == AI)
          if (std::optional<OutParamSource> Out =
                  outParamSourceAt(Callee->getName(), I, CB->arg_size()))
            P.merge(IRProv::of(
                Out->Kind,
                {"'" + Callee->getName().str() + "()' " + Out->Says.str(), CB}));
    }
    return P.empty() ? IRProv::unknown() : P;
  }
  if (std::optional<FieldKey> FK = fieldAccessed(LI)) {
    // A pointer a standard container holds (the checker knows the container by its
    // type; here its TBAA name says it): the container's storage.
    if (const DeclMarking *D =
            FK->Struct.empty() ? nullptr : markedDecl("field", FK->Struct, FK->Offset))
      return IRProv::of(D->Kind, {D->Says, &LI});
    if (std::string C = stdHeapContainerOf(FK->Struct); !C.empty())
      return IRProv::of(MemKind::RAM,
                        {"the pointer loaded from a " + C + " is its heap storage", &LI});
    return ofStored(entryOf(FieldStores, FK->Key), FK->Name, Depth);
  }
  return IRProv::unknown();
}

IRProv IRProvenance::ofArgument(const Argument &A, unsigned Depth) {
  const Function *F = A.getParent();
  if (const DeclMarking *D = markedDecl("param", F->getName(), A.getArgNo()))
    return IRProv::of(D->Kind, {D->Says});
  // A marked parameter: clang stores it into a local that carries the annotation.
  for (const User *U : A.users())
    if (const auto *SI = dyn_cast<StoreInst>(U); SI && SI->getValueOperand() == &A)
      if (std::optional<MemKind> K = markingOf(SI->getPointerOperand()))
        return IRProv::of(*K, {"'" + irName(&A) + "' of '" + F->getName().str() +
                               "' is marked " + annotationOf(*K).str()});
  // Callers are all known only where the function cannot be called from elsewhere
  // (local linkage, as LTO's internalization makes it) and every use is a call.
  if (!F->hasLocalLinkage())
    return IRProv::unknown();
  for (const Use &U : F->uses()) {
    const auto *CB = dyn_cast<CallBase>(U.getUser());
    if (!CB || !CB->isCallee(&U))
      return IRProv::unknown();
  }
  IRProv P;
  for (const CallBase *CB : entryOf(CallersOf, F))
    if (A.getArgNo() < CB->arg_size())
      P.merge(eval(CB->getArgOperand(A.getArgNo()), Depth + 1),
              {"'" + irName(&A) + "' of '" + F->getName().str() + "' receives '" +
                   irName(CB->getArgOperand(A.getArgNo())) + "'",
               CB});
  return P.empty() ? IRProv::unknown() : P;
}

} // namespace copyintent
