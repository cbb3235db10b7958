/*===- recorder.h - Events recorded by the model emitter's runtime --------===*
 *
 * With -mllvm -copyintent-emit=model the pass turns each leaf of a lowered copy
 * into a call of recorder.c, which performs the bytes and appends an event. A test
 * resets the log, makes one API call, and hands the log to ci_check_contract().
 *
 *===----------------------------------------------------------------------===*/
#ifndef COPYINTENT_TEST_RECORDER_H
#define COPYINTENT_TEST_RECORDER_H

#include "contract.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The calls the model emitter makes (COPYINTENT_FN_MODEL_* of lowering_abi.h). */
void __copyintent_model_store(void *dst, const void *src, uint64_t n);
void __copyintent_model_store_nt(void *dst, const void *src, uint64_t w);
void __copyintent_model_flush(const void *line, unsigned kind);
void __copyintent_model_fence(unsigned kind);
/* The run-time line size the model emitter asks for (targets whose granule is only
 * known at run time); ci_rec_line_size, 64 unless a test sets it. */
uint64_t __copyintent_model_line_size(void);
extern uint64_t ci_rec_line_size;

/* Forgets the recorded events (keeps the storage). */
void ci_rec_reset(void);
/* The events since the last reset, in order; *n receives their number. */
const struct ci_event *ci_rec_events(size_t *n);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* COPYINTENT_TEST_RECORDER_H */
