/* gen_rows - on the PC: the rows of a CSV of small whole numbers (digits:
   64 pixels of 0..16, then the label) with the predictions of an exported
   model (MODEL_H, --name model) made by nn.h's float, inference-only build,
   as a C header for the firmware to check itself against:
       gen_rows digits.csv > rows.h
   rows_x (the features, bytes), rows_y (the PC's outputs, float bits),
   rows_class (the PC's class: the largest output), rows_label. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define NN_REAL float
#define NN_NO_TRAINING
#define NN_IMPLEMENTATION
#include "nn.h"
#include MODEL_H

#define MAX_ROWS 4096

static unsigned char xs[MAX_ROWS][MODEL_IN], labels[MAX_ROWS], classes[MAX_ROWS];
static uint32_t ys[MAX_ROWS][MODEL_OUT];

int main(int argc, char **argv)
{
    nn_net net;
    nn_layer layers[MODEL_LAYERS];
    nn_real x[MODEL_IN], y[MODEL_OUT], scratch[MODEL_SCRATCH];
    size_t n = 0, i, j;
    FILE *f;
    if (argc != 2 || !(f = fopen(argv[1], "r"))) {
        fprintf(stderr, "usage: gen_rows FILE.csv > rows.h\n");
        return 2;
    }
    if (model_net(&net, layers) != NN_OK) return 1;
    for (;;) {
        int v, got = 0;
        for (j = 0; j <= MODEL_IN; j++) {
            if (fscanf(f, j ? " ,%d" : "%d", &v) != 1 || v < 0 || v > 255) break;
            if (j < MODEL_IN) xs[n][j] = (unsigned char)v, x[j] = (nn_real)v;
            else labels[n] = (unsigned char)v;
            got++;
        }
        if (got == 0 && feof(f)) break;
        if (got != MODEL_IN + 1 || n == MAX_ROWS) {
            fprintf(stderr, "gen_rows: %s: row %lu is not %d whole numbers 0..255\n",
                    argv[1], (unsigned long)n + 1, MODEL_IN + 1);
            return 1;
        }
        if (nn_predict(&net, nn_mat_view(x, 1, MODEL_IN), nn_mat_view(y, 1, MODEL_OUT),
                       scratch, MODEL_SCRATCH) != NN_OK)
            return 1;
        for (j = 0; j < MODEL_OUT; j++) {
            memcpy(&ys[n][j], &y[j], sizeof ys[n][j]);
            if (y[j] > y[classes[n]]) classes[n] = (unsigned char)j;
        }
        n++;
    }
    fclose(f);
    printf("/* %lu rows of %s and the PC's predictions (gen_rows) */\n",
           (unsigned long)n, argv[1]);
    printf("#define ROWS_N %lu\n", (unsigned long)n);
    printf("static const unsigned char rows_x[ROWS_N][%d] = {\n", MODEL_IN);
    for (i = 0; i < n; i++) {
        printf("{");
        for (j = 0; j < MODEL_IN; j++) printf("%s%u", j ? "," : "", xs[i][j]);
        printf("},\n");
    }
    printf("};\nstatic const uint32_t rows_y[ROWS_N][%d] = {\n", MODEL_OUT);
    for (i = 0; i < n; i++) {
        printf("{");
        for (j = 0; j < MODEL_OUT; j++) printf("%s0x%08lx", j ? "," : "", (unsigned long)ys[i][j]);
        printf("},\n");
    }
    printf("};\nstatic const unsigned char rows_class[ROWS_N] = {");
    for (i = 0; i < n; i++) printf("%s%u", !i ? "\n" : i % 32 ? "," : ",\n", classes[i]);
    printf("\n};\nstatic const unsigned char rows_label[ROWS_N] = {");
    for (i = 0; i < n; i++) printf("%s%u", !i ? "\n" : i % 32 ? "," : ",\n", labels[i]);
    printf("\n};\n");
    return ferror(stdout) ? 1 : 0;
}
