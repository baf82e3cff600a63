/* Every standard header, the common POSIX ones and <windows.h> (on
   Windows) before the implementation: the macros they define (I from
   <complex.h>, the type-generic sin and exp of <tgmath.h>, alignas,
   noreturn, small and near from <windows.h>, ...) must not break nn.h.
   Built as C (C99, C11 and later) and as C++, whose own headers are
   included then. */
#if defined(__has_include)
#define CK_HAS(h) __has_include(h)
#else
#define CK_HAS(h) 1
#endif

#ifdef __cplusplus
#include <cassert>
#include <cctype>
#include <cerrno>
#include <cfenv>
#include <cfloat>
#include <cinttypes>
#include <ciso646>
#include <climits>
#include <clocale>
#include <cmath>
#include <complex>
#include <csetjmp>
#include <csignal>
#include <cstdarg>
#include <cstdbool>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <cuchar>
#include <cwchar>
#include <cwctype>
#if __cplusplus < 201703L
/* deprecated in C++17, gone from C++20 */
#include <ccomplex>
#include <ctgmath>
#endif
/* the C names, which C++ has too */
#include <complex.h>
#include <math.h>
#include <tgmath.h>
#else /* C */
#include <assert.h>
/* tcc has no complex types, and says nothing of it */
#if !defined(__STDC_NO_COMPLEX__) && !defined(__TINYC__)
#if CK_HAS(<complex.h>)
#include <complex.h>
#endif
#if CK_HAS(<tgmath.h>)
#include <tgmath.h>
#endif
#endif
#include <ctype.h>
#include <errno.h>
#include <fenv.h>
#include <float.h>
#include <inttypes.h>
#ifndef __TINYC__ /* not shipped with tcc */
#include <iso646.h>
#endif
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>
#include <wctype.h>
#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#include <stdalign.h>
#include <stdnoreturn.h>
#if !defined(__STDC_NO_ATOMICS__) && CK_HAS(<stdatomic.h>)
#include <stdatomic.h>
#endif
#if !defined(__STDC_NO_THREADS__) && CK_HAS(<threads.h>)
#include <threads.h>
#endif
#if CK_HAS(<uchar.h>)
#include <uchar.h>
#endif
#endif
#endif /* C */

#if defined(__unix__) || defined(__APPLE__)
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <unistd.h>
#endif

#ifdef _WIN32
#include <windows.h>
#endif

#define NN_IMPLEMENTATION
#include "nn.h"
#include "session.h"

int main(void)
{
    return ck_session();
}
