/* Runs tests/io_nostdio.c, built with NN_NO_STDIO, and prints the summary. */
#include <stdio.h>

int io_nostdio_run(int *n_checks);

int main(void)
{
    int n = 0, failed = io_nostdio_run(&n);
    printf("%d passed, %d failed\n", n - failed, failed);
    return failed != 0;
}
