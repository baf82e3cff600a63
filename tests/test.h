/* A small test harness: checks count, failures print where they happened,
   and TEST_SUMMARY() prints "N passed, N failed" and gives main's status.
   Float comparisons are written so that NaN fails them. */
#ifndef NN_TEST_H
#define NN_TEST_H

#include <math.h>
#include <stdio.h>
#include <string.h>
#ifdef _WIN32
#include <process.h>   /* _getpid */
#endif

static int test_passed, test_failed;

#define CHECK(cond)                                                        \
    do {                                                                   \
        if (cond) {                                                        \
            test_passed++;                                                 \
        } else {                                                           \
            test_failed++;                                                 \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,        \
                    __LINE__, #cond);                                      \
        }                                                                  \
    } while (0)

/* |a - b| <= tol, false for NaN in either */
#define CHECK_NEAR(a, b, tol)                                              \
    do {                                                                   \
        double a_ = (double)(a), b_ = (double)(b), t_ = (double)(tol);     \
        if (fabs(a_ - b_) <= t_) {                                         \
            test_passed++;                                                 \
        } else {                                                           \
            test_failed++;                                                 \
            fprintf(stderr, "%s:%d: %s = %.17g, %s = %.17g, tol %g\n",     \
                    __FILE__, __LINE__, #a, a_, #b, b_, t_);               \
        }                                                                  \
    } while (0)

/* equal status codes, both printed when they are not */
#define CHECK_STATUS(got, want)                                            \
    do {                                                                   \
        int g_ = (int)(got), w_ = (int)(want);                             \
        if (g_ == w_) {                                                    \
            test_passed++;                                                 \
        } else {                                                           \
            test_failed++;                                                 \
            fprintf(stderr, "%s:%d: %s gave %d, want %d\n", __FILE__,      \
                    __LINE__, #got, g_, w_);                               \
        }                                                                  \
    } while (0)

/* tmpfile(); on Windows a file of this process's own, deleted when closed
   ("D"): Microsoft's tmpfile() (wine's too) names its files so that two
   programs running at once, as make check's cross stage runs them, can
   get the same file, and one reads what the other wrote */
static inline FILE *test_tmpfile(void)
{
#ifdef _WIN32
    static int n;
    char name[64];
    sprintf(name, "nn_test_%d_%d.tmp", (int)_getpid(), n++);
    return fopen(name, "w+bD");
#else
    return tmpfile();
#endif
}

#define TEST_SUMMARY()                                                     \
    (printf("%d passed, %d failed\n", test_passed, test_failed),           \
     test_failed ? 1 : 0)

#endif
