/* idx.c - the IDX files of idx.h. A file is a big-endian header, magic
   (0, 0, type, dimensions) then each dimension as 4 bytes, then the data,
   row-major; train takes unsigned bytes (type 0x08) only. */
#include "idx.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IDX_UBYTE 0x08
#define IDX_MAX_FEATURES 1000000    /* pixels per image; more is no image set */

/* an open IDX file: its path and dimensions */
typedef struct idx_file {
    FILE *f;
    const char *path;
    unsigned long dims[3];
} idx_file;

/* Opens path and reads its header: unsigned bytes in n_dims dimensions,
   none 0. -1 when not (said). */
static int idx_open(idx_file *x, const char *path, int n_dims)
{
    unsigned char h[16];
    unsigned long magic;
    size_t k;
    memset(x, 0, sizeof *x);
    x->path = path;
    if (!(x->f = fopen(path, "rb"))) {
        fprintf(stderr, "train: %s: cannot open: %s\n", path, strerror(errno));
        return -1;
    }
    if (fread(h, 1, 4 + 4 * (size_t)n_dims, x->f) != 4 + 4 * (size_t)n_dims) {
        fprintf(stderr, "train: %s: too short for an IDX header\n", path);
        return -1;
    }
    magic = (unsigned long)h[0] << 24 | (unsigned long)h[1] << 16 |
            (unsigned long)h[2] << 8 | h[3];
    if (magic != (unsigned long)(IDX_UBYTE << 8 | n_dims)) {
        fprintf(stderr, "train: %s: magic 0x%08lx, not 0x%08lx (IDX %s: unsigned "
                "bytes in %d dimension%s)\n", path, magic,
                (unsigned long)(IDX_UBYTE << 8 | n_dims), n_dims == 1 ? "labels" : "images",
                n_dims, n_dims == 1 ? "" : "s");
        return -1;
    }
    for (k = 0; k < (size_t)n_dims; k++) {
        const unsigned char *d = h + 4 + 4 * k;
        x->dims[k] = (unsigned long)d[0] << 24 | (unsigned long)d[1] << 16 |
                     (unsigned long)d[2] << 8 | d[3];
        if (x->dims[k] == 0) {
            fprintf(stderr, "train: %s: dimension %lu is 0\n", path, (unsigned long)k + 1);
            return -1;
        }
    }
    return 0;
}

/* Reads n bytes of data into buf; *got (the bytes read so far) grows by
   them. -1 when the file ends before (said: of total bytes). */
static int idx_chunk(idx_file *x, unsigned char *buf, size_t n, size_t *got,
                     size_t total)
{
    size_t k = fread(buf, 1, n, x->f);
    *got += k;
    if (k != n) {
        fprintf(stderr, "train: %s: truncated: %lu bytes of data, its header "
                "says %lu\n", x->path, (unsigned long)*got, (unsigned long)total);
        return -1;
    }
    return 0;
}

/* the end of the file after total bytes of data. -1 when it has more (said). */
static int idx_end(idx_file *x, size_t total)
{
    if (fgetc(x->f) != EOF) {
        fprintf(stderr, "train: %s: more data than its header says (%lu bytes)\n",
                x->path, (unsigned long)total);
        return -1;
    }
    return 0;
}

/* Reads n bytes of data into buf, and then the end of the file. -1 when
   the file is shorter or longer (said). */
static int idx_data(idx_file *x, unsigned char *buf, size_t n)
{
    size_t got = 0;
    return idx_chunk(x, buf, n, &got, n) || idx_end(x, n) ? -1 : 0;
}

/* The n pixels into x as nn_real, a block of bytes at a time: no second
   copy of the images. -1 when the file is shorter or longer (said). */
static int idx_pixels(idx_file *im, nn_real *x, size_t n)
{
    unsigned char buf[1 << 16];
    size_t i, got = 0;
    while (got < n) {
        size_t k = n - got < sizeof buf ? n - got : sizeof buf, at = got;
        if (idx_chunk(im, buf, k, &got, n)) return -1;
        for (i = 0; i < k; i++) x[at + i] = (nn_real)buf[i];
    }
    return idx_end(im, n);
}

/* the labels into t->y and the classes into t->classes. -1 when they are
   not classes (said). */
static int idx_classes(const idx_file *lf, const unsigned char *lab,
                       const table *like, table *t)
{
    size_t i, k = 0;
    for (i = 0; i < t->rows; i++) {
        t->y[i] = lab[i];
        if (like && lab[i] >= like->classes) {
            fprintf(stderr, "train: %s: item %lu: label %u is not one of the %lu "
                    "classes of the training file\n", lf->path, (unsigned long)i + 1,
                    (unsigned)lab[i], (unsigned long)like->classes);
            return -1;
        }
        if (lab[i] >= k) k = (size_t)lab[i] + 1;
    }
    if (!like && k < 2) {
        fprintf(stderr, "train: %s: every label is 0: need at least 2 classes\n",
                lf->path);
        return -1;
    }
    t->classes = like ? like->classes : k;
    return 0;
}

/* the tables' sizes from the two headers; -1 when they disagree (said) */
static int idx_sizes(const idx_file *im, const idx_file *lf, const table *like,
                     table *t)
{
    unsigned long n = im->dims[0], d;
    if (im->dims[1] > IDX_MAX_FEATURES / im->dims[2]) {
        fprintf(stderr, "train: %s: %lux%lu images: more than %d pixels\n", im->path,
                im->dims[1], im->dims[2], IDX_MAX_FEATURES);
        return -1;
    }
    d = im->dims[1] * im->dims[2];
    if (lf->dims[0] != n) {
        fprintf(stderr, "train: %s: %lu labels, but %s has %lu images\n", lf->path,
                lf->dims[0], im->path, n);
        return -1;
    }
    if (like && d != like->d) {
        fprintf(stderr, "train: %s: %lux%lu images, %lu pixels, but the training "
                "rows have %lu features\n", im->path, im->dims[1], im->dims[2], d,
                (unsigned long)like->d);
        return -1;
    }
    if (n > ((size_t)-1) / sizeof(nn_real) / (d + 1)) {
        fprintf(stderr, "train: %s: %lu images: too many\n", im->path, n);
        return -1;
    }
    t->rows = n;
    t->d = d;
    t->n_y = 1;
    t->cols = d + 1;
    return 0;
}

int read_idx(const char *images, const char *labels, const table *like, table *t)
{
    idx_file im, lf;
    unsigned char *lab = NULL;
    size_t n;
    int err = -1;
    memset(t, 0, sizeof *t);
    memset(&lf, 0, sizeof lf);
    if (idx_open(&im, images, 3) || idx_open(&lf, labels, 1) ||
        idx_sizes(&im, &lf, like, t))
        goto done;
    n = t->rows * t->d;
    if (!(lab = (unsigned char *)malloc(t->rows)) ||
        !(t->x = (nn_real *)malloc(n * sizeof(nn_real))) ||
        !(t->y = (nn_real *)malloc(t->rows * sizeof(nn_real)))) {
        fprintf(stderr, "train: %s: out of memory\n", images);
        goto done;
    }
    if (idx_pixels(&im, t->x, n) || idx_data(&lf, lab, t->rows) ||
        idx_classes(&lf, lab, like, t))
        goto done;
    t->last_line = t->rows;
    err = 0;
done:
    if (err) free_table(t);
    if (im.f) fclose(im.f);
    if (lf.f) fclose(lf.f);
    free(lab);
    return err;
}
