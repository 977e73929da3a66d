/*
 * membudget.c - the scan's shared memory budget (see membudget.h).  A
 * mutex and a condition variable: reservations are per file, so the lock
 * is taken twice per file read whole, which costs nothing next to the read.
 */
#include "core/membudget.h"

void core_membudget_init(membudget *b, uint64_t total) {
  pthread_mutex_init(&b->lock, NULL);
  pthread_cond_init(&b->freed, NULL);
  b->total = total;
  b->used = 0;
}

void core_membudget_destroy(membudget *b) {
  pthread_cond_destroy(&b->freed);
  pthread_mutex_destroy(&b->lock);
}

int core_membudget_acquire(membudget *b, uint64_t n) {
  if (n > b->total) return -1;
  pthread_mutex_lock(&b->lock);
  while (b->total - b->used < n) pthread_cond_wait(&b->freed, &b->lock);
  b->used += n;
  pthread_mutex_unlock(&b->lock);
  return 0;
}

void core_membudget_release(membudget *b, uint64_t n) {
  pthread_mutex_lock(&b->lock);
  b->used -= n;
  pthread_cond_broadcast(&b->freed);
  pthread_mutex_unlock(&b->lock);
}
