/* libFuzzer target: CSV files through the readers of the tools, train's
   (tools/table.c) and predict's (tools/predict_read.c). The first byte of
   an input chooses train's options, the second predict's (their bits:
   fcsv_train_opts and fcsv_predict_spec); the rest is the file. A line
   "%%" in it makes what is before it the training file and what is after
   it a test file (--test).

   Nothing may crash, leak or trip a sanitizer, and what the readers give
   must be what they promise:
   - a table that loads has rows, features and labels as counted, finite
     numbers, classes 0..K-1 (K from 2 to 1000, each with a row) or finite
     targets, and a header of its columns; one that does not is empty;
   - the same file read again as a test file against it gives the same
     table, bit for bit; a test file that loads has its columns and
     classes;
   - the table standardized is finite, and splits;
   - predict's rows, against a model of three features "a", "b", "c"
     (named or not, with its label columns "y" and "z" saved or not), are
     each three finite numbers (in a float build: not NaN; predict is a
     double program), at most one a line.
   The readers say what is wrong with a file on stderr: the runs of make
   fuzz and make check close it (-close_fd_mask=2; the sanitizers' reports
   and a broken promise's summary line still show). Each input is written
   to a temporary file (in /dev/shm where there is one), as the readers
   open files by name.
     clang -fsanitize=fuzzer,address,undefined -I. -Itools tests/fuzz_csv.c \
         tools/table.c tools/metrics.c tools/predict_read.c -lm
   or `make fuzz`. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NN_IMPLEMENTATION
#include "nn.h"
#include "table.h"
#include "predict_read.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* the files the readers open: the training file, a test file */
static char fcsv_path[2][64];

/* the sanitizers' summary line, on the stream of their reports (stderr
   may be closed: -close_fd_mask=2) */
extern void __sanitizer_report_error_summary(const char *summary) __attribute__((weak));

/* a broken promise: said, then a crash for libFuzzer */
static void fcsv_fail(const char *what)
{
    fprintf(stderr, "fuzz_csv: %s\n", what);
    if (__sanitizer_report_error_summary) __sanitizer_report_error_summary(what);
    abort();
}

static void fcsv_remove(void)
{
    remove(fcsv_path[0]);
    remove(fcsv_path[1]);
}

/* a temporary file's name into fcsv_path[k]: in memory (/dev/shm) where
   there is one, each input being written there, else in TMPDIR or /tmp */
static void fcsv_temp(int k)
{
    const char *dirs[3];
    int d, fd = -1;
    dirs[0] = "/dev/shm";
    dirs[1] = getenv("TMPDIR");
    dirs[2] = "/tmp";
    for (d = 0; d < 3 && fd < 0; d++) {
        if (!dirs[d] || strlen(dirs[d]) > 40) continue;
        snprintf(fcsv_path[k], sizeof fcsv_path[k], "%s/fuzz_csv.XXXXXX", dirs[d]);
        fd = mkstemp(fcsv_path[k]);
    }
    if (fd < 0) fcsv_fail("no temporary file");
    close(fd);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fcsv_temp(0);
    fcsv_temp(1);
    atexit(fcsv_remove);
    return 0;
}

/* file k holds p[0..n) */
static const char *fcsv_write(int k, const uint8_t *p, size_t n)
{
    FILE *f = fopen(fcsv_path[k], "wb");
    if (!f || (n && fwrite(p, 1, n, f) != n) || fclose(f) != 0)
        fcsv_fail("cannot write the temporary file");
    return fcsv_path[k];
}

/* the delimiter of bits 0..7: found, ',' ';' tab, blanks, found */
static int fcsv_delim(unsigned bits)
{
    static const char *const names[] = {"", ",", ";", "tab", "space", "", "", ""};
    return bits & 7 && names[bits & 7][0] ? table_delim_arg(names[bits & 7]) : 0;
}

/* train's options from byte b: bits 0-1 the header (found, none, the
   first line, found), bit 2 the label column last (else first; with 2
   targets the last two), bits 3-4 the task (classification, regression
   of 1 or 2 targets, classification by column 2, or with bit 2 by column
   5), bits 5-7 the delimiter (fcsv_delim) */
static read_opts fcsv_train_opts(unsigned b)
{
    read_opts ro;
    static const int header[] = {-1, 0, 1, -1};
    unsigned task = b >> 3 & 3;
    memset(&ro, 0, sizeof ro);              /* no --columns, no --drop */
    ro.header = header[b & 3];
    ro.targets = task == 1 || task == 2 ? task : 0;
    if (task == 3) ro.label_col = b & 4 ? 5 : 2;
    else ro.label_col = b & 4 ? -(long)(ro.targets ? ro.targets : 1) : 1;
    ro.delim = fcsv_delim(b >> 5);
    return ro;
}

/* every value finite */
static int fcsv_finite(const nn_real *v, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (!isfinite((double)v[i])) return 0;
    return 1;
}

/* names (joined by '\n', as table_names gives them): n of them */
static int fcsv_names(const table *t, int labels, size_t n)
{
    char *s = NULL;
    size_t k = 1;
    const char *p;
    if (table_names(t, labels, &s)) fcsv_fail("table_names: out of memory");
    if (!s) return 1;
    for (p = s; *p; p++) k += *p == '\n';
    free(s);
    return k == n;
}

/* A table read_table gave with ro: its promises (the header above) */
static void fcsv_table(const table *t, const read_opts *ro)
{
    size_t i, *seen;
    if (t->rows == 0 || t->d == 0 || t->n_y != (ro->targets ? ro->targets : 1) ||
        t->cols != t->d + t->n_y || t->label_at == 0 || t->label_at - 1 + t->n_y > t->cols ||
        !t->x || !t->y || t->xcap < t->rows * t->d || t->ycap < t->rows * t->n_y)
        fcsv_fail("a table's counts");
    if (!fcsv_finite(t->x, t->rows * t->d)) fcsv_fail("a feature not finite");
    if (t->delim != ',' && t->delim != ';' && t->delim != '\t' && t->delim != 1)
        fcsv_fail("a table's delimiter");
    if ((ro->header == 0 && t->header_line) || (ro->header == 1 && !t->header_line) ||
        !t->header_line != !t->head)
        fcsv_fail("a table's header");
    for (i = 0; t->head && i < t->cols; i++)
        if (!t->head[i]) fcsv_fail("a header's cell missing");
    if (!fcsv_names(t, 0, t->d) || !fcsv_names(t, 1, t->n_y)) fcsv_fail("a header's names");
    if (ro->targets) {
        if (t->classes || t->names || !fcsv_finite(t->y, t->rows * t->n_y))
            fcsv_fail("a regression's targets");
        return;
    }
    if (t->classes < 2 || t->classes > 1000) fcsv_fail("a table's classes");
    for (i = 0; t->names && i < t->classes; i++)
        if (!t->names[i]) fcsv_fail("a class without a name");
    if (!(seen = (size_t *)calloc(t->classes, sizeof *seen))) fcsv_fail("out of memory");
    for (i = 0; i < t->rows; i++) {
        double y = (double)t->y[i];
        if (!(y >= 0 && y < (double)t->classes && y == floor(y))) fcsv_fail("a label");
        seen[(size_t)y]++;
    }
    for (i = 0; i < t->classes; i++)
        if (!seen[i]) fcsv_fail("a class without a row");
    free(seen);
}

/* a table a reader refused: empty */
static void fcsv_empty(const table *t)
{
    if (t->rows || t->x || t->y || t->head || t->names || t->classes || t->cols)
        fcsv_fail("a refused table is not empty");
}

/* u, a test file read against t: its columns, its classes; same, the
   same file: the same table */
static void fcsv_test(const table *t, const table *u, int same)
{
    size_t i;
    if (u->rows == 0 || u->d != t->d || u->n_y != t->n_y || u->cols != t->cols ||
        u->classes != t->classes || u->names || u->index != t->index ||
        !fcsv_finite(u->x, u->rows * u->d))
        fcsv_fail("a test table's counts");
    for (i = 0; t->classes && i < u->rows; i++)
        if (!((double)u->y[i] >= 0 && (double)u->y[i] < (double)t->classes))
            fcsv_fail("a test table's label");
    if (!t->classes && !fcsv_finite(u->y, u->rows * u->n_y))
        fcsv_fail("a test table's targets");
    if (same && (u->rows != t->rows || u->header_line != t->header_line ||
                 memcmp(u->x, t->x, t->rows * t->d * sizeof *t->x) != 0 ||
                 memcmp(u->y, t->y, t->rows * t->n_y * sizeof *t->y) != 0))
        fcsv_fail("the training file as a test file is another table");
}

/* t (and the test rows u, NULL: none) as train uses them: one matrix,
   standardized over t's rows (finite), t's labels, a split */
static void fcsv_use(table *t, table *u)
{
    size_t n = t->rows, k = t->classes ? t->classes : t->n_y;
    nn_mat x = table_features(t, u), y;
    double *means = (double *)malloc(t->d * sizeof *means);
    double *sds = (double *)malloc(t->d * sizeof *sds);
    unsigned char *held = (unsigned char *)malloc(n);
    size_t *quota = (size_t *)malloc(k * sizeof *quota);
    y = nn_mat_view((nn_real *)malloc(n * k * sizeof(nn_real)), n, k);
    if (!x.data || !means || !sds || !held || !quota || !y.data ||
        standardize(x, n, means, sds))
        fcsv_fail("out of memory");
    if (!fcsv_finite(x.data, x.rows * x.cols)) fcsv_fail("a standardized value not finite");
    fill(t, y);
    x.rows = n;
    if (split(x, y, !t->classes, 0.25, held, quota) >= n) fcsv_fail("split held every row");
    free(means);
    free(sds);
    free(held);
    free(quota);
    free(y.data);
}

/* where the line "%%" starts in p[0..n), or n */
static size_t fcsv_marker(const uint8_t *p, size_t n)
{
    size_t i;
    for (i = 0; i + 3 <= n; i++)
        if ((i == 0 || p[i - 1] == '\n') && p[i] == '%' && p[i + 1] == '%' &&
            (i + 2 == n || p[i + 2] == '\n'))
            return i;
    return n;
}

/* train's reading of p[0..n) with options byte b: the table, the same
   file as a test file, and (after a "%%" line) a test file of its own */
static void fcsv_train(unsigned b, const uint8_t *p, size_t n)
{
    read_opts ro = fcsv_train_opts(b);
    size_t m = fcsv_marker(p, n);
    table t, u;
    const char *path = fcsv_write(0, p, m);
    if (read_table(path, &ro, &t)) {
        fcsv_empty(&t);
        return;
    }
    fcsv_table(&t, &ro);
    if (read_test_table(path, &ro, &t, &u)) fcsv_fail("the training file as a test file refused");
    fcsv_test(&t, &u, 1);
    free_table(&u);
    if (m < n) {
        const uint8_t *q = p + m + 2 + (m + 2 < n);
        if (read_test_table(fcsv_write(1, q, (size_t)(p + n - q)), &ro, &t, &u) == 0) {
            fcsv_test(&t, &u, 0);
            fcsv_use(&t, &u);
            free_table(&u);
            free_table(&t);
            return;
        }
        fcsv_empty(&u);
    }
    fcsv_use(&t, NULL);
    free_table(&t);
}

/* predict's options from byte b: bit 0 --header, bits 1-2 --label-column
   (none, 2, -1, 5: past the model's columns), bit 3 the model names its features, bit 4 two label
   columns (targets), bit 5 the label column saved, bit 6 saved as the
   first column (else after the features; unsaved, the features are
   columns 1, 3 and 5 of 6, as train's --columns), bit 7 an index left
   out and train's delimiter (from byte a) given. 0, or -1 for options
   predict refuses before reading (a --label-column the model
   contradicts). */
static int fcsv_predict_spec(unsigned a, unsigned b, rows_spec *s)
{
    static const char *const feats[] = {"a", "b", "c"}, *const labs[] = {"y", "z"};
    static const long cols[] = {0, 2, -1, 5};
    static const size_t pick[] = {0, 2, 4};
    memset(s, 0, sizeof *s);
    s->n_in = 3;
    s->header = b & 1;
    s->label_col = cols[b >> 1 & 3];
    s->feats = b & 8 ? feats : NULL;
    s->n_y = b & 16 ? 2 : 1;
    s->labs = labs;
    s->n_labs = s->n_y;
    s->saved = !(b & 32) ? 0 : b & 64 ? 1 : s->n_in + 1;
    s->pick = (b & 96) == 64 ? pick : NULL;
    s->width = s->pick ? 6 : s->n_in + s->n_y;
    s->index = (b & 128) != 0;
    s->delim = b & 128 ? fcsv_delim(a >> 5) : 0;
    if (s->label_col && s->saved &&
        rows_column(s->label_col, s->width) + 1 != s->saved)
        return -1;
    return 0;
}

/* predict's reading of p[0..n) with options bytes a, b */
static void fcsv_predict(unsigned a, unsigned b, const uint8_t *p, size_t n)
{
    rows_spec s;
    rows *r = NULL;
    nn_real x[3];
    size_t i, lines = 1, got = 0;
    int k;
    if (fcsv_predict_spec(a, b, &s)) return;
    for (i = 0; i < n; i++) lines += p[i] == '\n' || p[i] == '\r';
    if (rows_open(&r, fcsv_write(0, p, n), &s)) fcsv_fail("rows_open");
    for (i = 0; i < 3; i++) x[i] = (nn_real)NAN;
    while ((k = rows_next(r, x)) == 1) {
        for (i = 0; i < 3; i++)
            if (sizeof(nn_real) == sizeof(double) ? !isfinite((double)x[i]) : x[i] != x[i])
                fcsv_fail("a row's feature not finite");
        if (++got > lines) fcsv_fail("more rows than lines");
        for (i = 0; i < 3; i++) x[i] = (nn_real)NAN;
    }
    if (k != 0 && k != -1) fcsv_fail("rows_next's answer");
    if (k == 0 && rows_next(r, x) != 0) fcsv_fail("a row after the end");
    rows_close(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) return 0;
    fcsv_train(data[0], data + 2, size - 2);
    fcsv_predict(data[0], data[1], data + 2, size - 2);
    return 0;
}
