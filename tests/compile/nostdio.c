/* NN_NO_STDIO: nn.h must not pull in <stdio.h> (EOF is defined there and in
   no header nn.h otherwise uses). */
#define NN_NO_STDIO
#define NN_IMPLEMENTATION
#include "nn.h"
#ifdef EOF
#error "nn.h included <stdio.h> under NN_NO_STDIO"
#endif
#include "session.h"

int main(void)
{
    return ck_session();
}
