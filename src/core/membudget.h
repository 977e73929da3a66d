/*
 * membudget.h - the memory ceiling of one scan (--max-memory): file
 * contents read whole into the workers' buffers count against a budget
 * shared by the scan's threads.  A file that alone exceeds the budget is
 * not read whole (the caller falls back to streaming); one that fits waits
 * until enough is free.  Deterministic: whether a file's content is
 * scanned depends on its size only, never on what other threads hold.
 */
#ifndef SS_MEMBUDGET_H
#define SS_MEMBUDGET_H

#include <pthread.h>
#include <stdint.h>

typedef struct {
  pthread_mutex_t lock;
  pthread_cond_t freed;
  uint64_t total, used;
} membudget;

void core_membudget_init(membudget *b, uint64_t total);
void core_membudget_destroy(membudget *b);
/* Reserves n bytes, waiting for other threads to release theirs; returns
 * 0, or -1 at once if n exceeds the whole budget.  A thread holds at most
 * one reservation, so waiting cannot deadlock. */
int core_membudget_acquire(membudget *b, uint64_t n);
void core_membudget_release(membudget *b, uint64_t n);

#endif
