//===- AllChecks.h - Every check class of Checks.def -------------*- C++ -*-===//
//
// The headers of the classes Checks.def names, for the two hosts that instantiate
// them (the clang-tidy module and the -fplugin companion): a new check is added to
// Checks.def and here, nowhere else.
//
//===----------------------------------------------------------------------===//
#ifndef COPYINTENT_CHECKER_ALLCHECKS_H
#define COPYINTENT_CHECKER_ALLCHECKS_H

#include "ClassifyCheck.h"
#include "IomemCopyWithoutBarrierCheck.h"
#include "MissingWritethroughCheck.h"
#include "MisusedUserCopyCheck.h"
#include "NocacheNeedsWritethroughCheck.h"
#include "NocacheToIomemCheck.h"
#include "NontemporalWithoutFenceCheck.h"
#include "PublishBeforePersistCheck.h"
#include "RedundantFlushCheck.h"
#include "UnneededWritethroughCheck.h"

#endif // COPYINTENT_CHECKER_ALLCHECKS_H
