/*
 * test.h - the unit-test harness: a test is a void function using CHECK*;
 * main() calls RUN(fn) for each and ends with TEST_END(), which prints the
 * "N passed, N failed" line that tests/run adds up.
 */
#ifndef SS_TEST_H
#define SS_TEST_H

#include <stdio.h>
#include <string.h>

static int t_passed, t_failed, t_check_failures;

#define CHECK(cond)                                                          \
  do {                                                                       \
    if (!(cond)) {                                                           \
      t_check_failures++;                                                    \
      fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
    }                                                                        \
  } while (0)

#define CHECK_STREQ(a, b)                                                      \
  do {                                                                         \
    const char *a_ = (a), *b_ = (b);                                           \
    if (!a_ || !b_ || strcmp(a_, b_) != 0) {                                   \
      t_check_failures++;                                                      \
      fprintf(stderr, "%s:%d: \"%s\" != \"%s\"\n", __FILE__, __LINE__,        \
              a_ ? a_ : "(null)", b_ ? b_ : "(null)");                         \
    }                                                                          \
  } while (0)

#define RUN(fn)                                              \
  do {                                                       \
    int before_ = t_check_failures;                          \
    fn();                                                    \
    if (t_check_failures == before_) t_passed++;             \
    else { t_failed++; fprintf(stderr, "FAIL %s\n", #fn); }  \
  } while (0)

#define TEST_END()                                   \
  do {                                               \
    printf("%d passed, %d failed\n", t_passed, t_failed); \
    return t_failed != 0;                            \
  } while (0)

#endif
