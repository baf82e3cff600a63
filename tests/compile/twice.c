/* nn.h included twice, each time with the implementation macro: the second
   inclusion must add nothing. Also built as C++ and with NN_REAL=float. */
#define NN_IMPLEMENTATION
#include "nn.h"
#include "nn.h"
#include "session.h"

int main(void)
{
    return ck_session();
}
