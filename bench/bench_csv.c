/* How fast train reads a CSV file: Fashion-MNIST's 60,000 training images
   written as the CSV file most people get them as (a header "label,
   pixel1, ..., pixel784", then the label and the 784 pixels of each image,
   as decimal integers), read by train's own reader (read_table in
   tools/table.c: tools/csv.h's cells and numbers, the label column, the
   classes), three times; megabytes (10^6 bytes) a second of the median.
   Usage: bench_csv DIR [NAME]
   DIR holds the uncompressed IDX files (train-images-idx3-ubyte,
   train-labels-idx1-ubyte); the CSV file is written there as
   fashion-mnist_train.csv unless it is already there. NAME labels the
   build in the output. */
#include "bench.h"
#define NN_IMPLEMENTATION
#include "nn.h"
#include "../tools/table.h"

#define CSV_READS 3
#define PIXELS 784

/* the IDX files of dir as CSV at path; 0 when written */
static int write_csv(const char *dir, const char *path)
{
    char a[1024], b[1024];
    unsigned char head[16], px[PIXELS];
    int lab, j, ok;
    FILE *img, *lbl, *out;
    sprintf(a, "%.990s/train-images-idx3-ubyte", dir);
    sprintf(b, "%.990s/train-labels-idx1-ubyte", dir);
    img = fopen(a, "rb");
    lbl = fopen(b, "rb");
    out = fopen(path, "w");
    ok = img && lbl && out && fread(head, 1, 16, img) == 16 && fread(head, 1, 8, lbl) == 8;
    if (ok) {
        fputs("label", out);
        for (j = 1; j <= PIXELS; j++) fprintf(out, ",pixel%d", j);
        fputc('\n', out);
    }
    while (ok && (lab = getc(lbl)) != EOF && fread(px, 1, PIXELS, img) == PIXELS) {
        fprintf(out, "%d", lab);
        for (j = 0; j < PIXELS; j++) fprintf(out, ",%u", px[j]);
        fputc('\n', out);
    }
    if (img) fclose(img);
    if (lbl) fclose(lbl);
    if (out && fclose(out) != 0) ok = 0;
    if (!ok) remove(path);
    return ok ? 0 : -1;
}

int main(int argc, char **argv)
{
    char path[1024];
    double t[CSV_READS], bytes, mb_s;
    read_opts ro;
    table tab;
    FILE *f;
    int i;
    if (argc < 2) {
        fprintf(stderr, "usage: bench_csv DIR [NAME]\n");
        return 2;
    }
    sprintf(path, "%.990s/fashion-mnist_train.csv", argv[1]);
    f = fopen(path, "rb");
    if (!f && write_csv(argv[1], path) != 0) {
        fprintf(stderr, "bench_csv: cannot write %s from the IDX files in %s\n", path, argv[1]);
        return 1;
    }
    if (!f) f = fopen(path, "rb");
    if (!f || fseek(f, 0, SEEK_END) != 0) return 1;
    bytes = (double)ftell(f);
    fclose(f);
    memset(&ro, 0, sizeof ro);
    ro.label_col = 1;
    ro.header = -1;
    for (i = 0; i < CSV_READS; i++) {
        double t0 = bench_now();
        if (read_table(path, &ro, &tab) != 0) return 1;
        t[i] = bench_now() - t0;
        if (tab.rows != 60000 || tab.d != PIXELS || tab.classes != 10) {
            fprintf(stderr, "bench_csv: %s read as %lu rows of %lu features\n", path,
                    (unsigned long)tab.rows, (unsigned long)tab.d);
            return 1;
        }
        free_table(&tab);
    }
    qsort(t, CSV_READS, sizeof t[0], bench_cmp);
    mb_s = bytes / t[CSV_READS / 2] / 1e6;
    printf("CSV reading (train's reader, %s): Fashion-MNIST's training set, %.0f MB, "
           "%.2f s (%.2f-%.2f): %.0f MB/s\n", argc > 2 ? argv[2] : "", bytes / 1e6,
           t[CSV_READS / 2], t[0], t[CSV_READS - 1], mb_s);
    bench_record(sizeof(nn_real) == 4 ? "csv_read_f32" : "csv_read_f64", "nn", t[CSV_READS / 2]);
    return 0;
}
