/* table.c - the table of table.h. csv.h reads the file: the delimiter
   (, ; tab) found on the first line, quoted cells, a byte-order mark, CRLF;
   this file decides what its cells are: a header when the first line's
   feature cells are not all numbers while the second line's are, the
   features, and the labels, which become classes (0..K-1 as they are;
   other numbers in increasing order, text in the order first seen). */
#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200112L   /* csv.h's getc_unlocked */
#endif
#if defined(__linux__) && !defined(_DEFAULT_SOURCE)
#define _DEFAULT_SOURCE           /* madvise's MADV_HUGEPAGE */
#endif
#include "table.h"
#include "metrics.h"
#include "csv.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <stdint.h>
#include <sys/mman.h>
#endif

#define MAX_CLASSES 1000   /* a larger label is more likely a wrong column */

/* ------------------------------------------------------------------------ */
/* Reading the CSV file                                                      */

/* a label as read: its text, and its value when it is a number */
typedef struct label {
    char *name;
    double v;
    int numeric;
    size_t rows;                /* rows with it */
    unsigned long line;         /* its first line */
} label;

/* the different labels read so far */
typedef struct labels {
    label *v;
    size_t n, cap;
} labels;

void free_table(table *t)
{
    size_t k;
    for (k = 0; t->names && k < t->classes; k++) free(t->names[k]);
    free(t->names);
    for (k = 0; t->head && k < t->cols; k++) free(t->head[k]);
    free(t->head);
    free(t->keep);
    free(t->x);
    free(t->y);
    memset(t, 0, sizeof *t);
}

int table_delim_arg(const char *s) { return csv_delim_arg(s); }

long table_column_arg(const char *s) { return csv_column_arg(s); }

/* A --columns item of len characters at s that is a number (an optional
   '-' and digits): 1 with its value in *v (beyond a million: a million
   and one, which no file has), or 0 for a name. */
static int item_number(const char *s, size_t len, long *v)
{
    size_t k = s[0] == '-';
    if (len <= k || strspn(s + k, "0123456789") < len - k) return 0;
    for (*v = 0; k < len; k++)
        if (*v <= 1000000L) *v = *v * 10 + (s[k] - '0');
    if (*v > 1000000L) *v = 1000001L;
    if (s[0] == '-') *v = -*v;
    return 1;
}

int table_columns_arg(const char *s, int *by_name)
{
    long v;
    for (;;) {
        size_t len = strcspn(s, ",");
        if (len == 0) return -1;
        if (!item_number(s, len, &v)) *by_name = 1;
        if (!s[len]) return 0;
        s += len + 1;
    }
}

/* text for a class name: not empty, UTF-8 (no overlong forms, surrogates
   or code points past U+10FFFF, as the model file requires), no control
   characters */
static int is_name(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    if (n == 0 || strlen(s) != n) return 0;
    while (i < n) {
        unsigned long cp;
        size_t k, more;
        unsigned char c = u[i];
        if (c < 0x80) { more = 0; cp = c; }
        else if (c >= 0xC2 && c < 0xE0) { more = 1; cp = c & 0x1Fu; }
        else if (c >= 0xE0 && c < 0xF0) { more = 2; cp = c & 0x0Fu; }
        else if (c >= 0xF0 && c < 0xF5) { more = 3; cp = c & 0x07u; }
        else return 0;
        if (i + more >= n + (more == 0)) return 0;
        for (k = 1; k <= more; k++) {
            if ((u[i + k] & 0xC0) != 0x80) return 0;
            cp = cp << 6 | (u[i + k] & 0x3Fu);
        }
        if (cp < 32 || cp == 127 || (more == 2 && cp < 0x800) ||
            (more == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp < 0xE000))
            return 0;
        i += more + 1;
    }
    return 1;
}

/* keeps the current line's cells as the header, t->cols of them. -1 out
   of memory. */
static int keep_head(const csv_file *c, table *t)
{
    size_t j;
    if (!(t->head = (char **)calloc(t->cols, sizeof *t->head))) return -1;
    for (j = 0; j < t->cols; j++) {
        if (!(t->head[j] = (char *)malloc(c->cell[j].n + 1))) return -1;
        memcpy(t->head[j], c->cell[j].s, c->cell[j].n);
        t->head[j][c->cell[j].n] = '\0';
    }
    return 0;
}

/* column j is one of t's labels, [lc, lc + n_y) */
static int is_label(const table *t, size_t j, size_t lc)
{
    return j >= lc && j < lc + t->n_y;
}

/* column j is a feature of t: one of t->keep, or without it any column
   but the labels */
static int is_feature(const table *t, size_t j, size_t lc)
{
    return t->keep ? t->keep[j] : !is_label(t, j, lc);
}

/* column j's part in t (lc the first label's): 1 a label, 0 a feature, -1
   neither (left out by --columns or --drop) */
static int part(const table *t, size_t j, size_t lc)
{
    if (is_label(t, j, lc)) return 1;
    return is_feature(t, j, lc) ? 0 : -1;
}

int table_names(const table *t, int labels, char **out)
{
    size_t j, k, len = 0, lc = t->label_at - 1;
    *out = NULL;
    if (!t->head || !t->label_at) return 0;
    for (j = 0; j < t->cols; j++) {
        if (part(t, j, lc) < 0) continue;
        if (!is_name(t->head[j], strlen(t->head[j]))) return 0;
        for (k = 0; k < j; k++)
            if (part(t, k, lc) >= 0 && strcmp(t->head[k], t->head[j]) == 0) return 0;
        if (part(t, j, lc) == labels) len += strlen(t->head[j]) + 1;
    }
    if (!(*out = (char *)malloc(len + 1))) return -1;
    for (j = 0, len = 0; j < t->cols; j++)
        if (part(t, j, lc) == labels) {
            size_t n = strlen(t->head[j]);
            if (len) (*out)[len++] = '\n';
            memcpy(*out + len, t->head[j], n);
            len += n;
        }
    (*out)[len] = '\0';
    return 0;
}

/* the first feature cell that is not a number: its index + 1, or 0 when
   all are */
static size_t first_text(const csv_file *c, const table *t, size_t lc)
{
    size_t j;
    double v;
    for (j = 0; j < c->n_cells; j++)
        if (is_feature(t, j, lc) && csv_number(&c->cell[j], c->delim, &v))
            return j + 1;
    return 0;
}

/* A whole-number label's name, into out (cap bytes): its digits as the
   cell writes them (a sign and digits) without a '+' or leading zeros
   ("-0" is "0"), so labels past 2^53 that round to the same double stay
   apart; a whole number written otherwise ("1e3", "2.0"), or of more
   digits than out holds, is its value as "%.17g" ("-0." too is "0"). */
static void whole_name(const csv_cell *cell, double v, char *out, size_t cap)
{
    const char *s = cell->s;
    size_t n = cell->n, k;
    int neg = 0;
    if (v == 0) v = 0;          /* -0 is 0, one class with 0 */
    if (n && (*s == '+' || *s == '-')) {
        neg = *s == '-';
        s++;
        n--;
    }
    for (k = 0; k < n && s[k] >= '0' && s[k] <= '9'; k++) {}
    if (n == 0 || k < n) {
        snprintf(out, cap, "%.17g", v);
        return;
    }
    while (n > 1 && *s == '0') {
        s++;
        n--;
    }
    if (n == 1 && *s == '0') neg = 0;
    if (n + 2 > cap) {
        snprintf(out, cap, "%.17g", v);
        return;
    }
    k = 0;
    if (neg) out[k++] = '-';
    memcpy(out + k, s, n);
    out[k + n] = '\0';
}

/* the index of a class label in labs[0..n) (numbers by whole_name), or n */
static size_t find_label(const label *labs, size_t n, const csv_cell *cell,
                         int numeric, double v)
{
    char num[64];
    const char *name = cell->s;
    size_t k;
    if (numeric) {
        whole_name(cell, v, num, sizeof num);
        name = num;
    }
    for (k = 0; k < n; k++)
        if (labs[k].numeric == numeric && strcmp(labs[k].name, name) == 0)
            return k;
    return n;
}

/* whole numbers in increasing order: by value, then (past 2^53, where
   values tie) by their digits */
static int by_value(const void *a, const void *b)
{
    const label *p = *(const label *const *)a, *q = *(const label *const *)b;
    size_t m = strlen(p->name), n = strlen(q->name);
    int c;
    if (p->v != q->v) return (p->v > q->v) - (p->v < q->v);
    if (m != n) c = (m > n) - (m < n);
    else c = strcmp(p->name, q->name);
    return p->v < 0 ? -c : c;
}

/* The classes from the labels seen: 0..K-1 as they are; other numbers
   sorted; text in the order seen. Fills t->classes, t->names and map
   (label index -> class). -1 when they do not make classes (said). */
static int make_classes(csv_file *c, table *t, label *labs, size_t n,
                        size_t *map, size_t lc)
{
    size_t k, texts = 0, whole = 1;
    label **order;
    for (k = 0; k < n; k++) texts += !labs[k].numeric;
    if (texts && texts < n) {
        /* a mix: the first label of the rarer kind is the odd one */
        size_t text_rows = 0, number_rows = 0, odd = n;
        for (k = 0; k < n; k++) {
            if (labs[k].numeric) number_rows += labs[k].rows;
            else text_rows += labs[k].rows;
        }
        for (k = 0; k < n; k++)
            if (!labs[k].numeric == (text_rows <= number_rows) &&
                (odd == n || labs[k].line < labs[odd].line))
                odd = k;
        csv_say(c, labs[odd].line, lc + 1, "label \"%s\" is %s, but %lu other "
                "rows' labels are %s", labs[odd].name,
                labs[odd].numeric ? "a number" : "text",
                (unsigned long)(labs[odd].numeric ? text_rows : number_rows),
                labs[odd].numeric ? "text" : "numbers");
        return -1;
    }
    if (n < 2) {
        csv_say(c, t->last_line, 0, "every label is %s: need at least 2 classes",
                n ? labs[0].name : "the same");
        return -1;
    }
    t->classes = n;
    if (!texts) {
        for (k = 0; k < n; k++)
            if (!(labs[k].v >= 0 && labs[k].v < (double)n)) whole = 0;
        if (whole) {               /* 0..K-1, each seen: the classes are them */
            for (k = 0; k < n; k++) map[k] = (size_t)labs[k].v;
            return 0;
        }
    }
    order = (label **)malloc(n * sizeof(label *));
    t->names = (char **)calloc(n, sizeof *t->names);
    if (!order || !t->names) {
        free(order);
        csv_say(c, 0, 0, "out of memory");
        return -1;
    }
    for (k = 0; k < n; k++) order[k] = &labs[k];
    if (!texts) qsort(order, n, sizeof(label *), by_value);
    for (k = 0; k < n; k++) {
        map[order[k] - labs] = k;
        t->names[k] = order[k]->name;
        order[k]->name = NULL;
    }
    t->named_by = texts ? 1 : 2;
    free(order);
    return 0;
}

/* the current line has t->cols cells (a test file's, those of the training
   file like): -1 when not (said) */
static int check_count(const csv_file *c, const table *t, const table *like)
{
    if (c->n_cells == t->cols) return 0;
    csv_say(c, c->line, 0, "%lu columns, expected %lu%s",
            (unsigned long)c->n_cells, (unsigned long)t->cols,
            t->header_line && t->rows == 0 ? " (as in the header)"
            : like ? " (as in the training file)" : "");
    return -1;
}

/* The columns of the current line: as many as the lines before (or the
   training file like), room for the features and the labels, the label
   column among them. Sets t->cols, t->d and *lc (the label column, from
   0). -1 when not (said). */
static int check_columns(csv_file *c, table *t, const read_opts *ro, size_t *lc,
                         const table *like)
{
    if (t->cols == 0) t->cols = c->n_cells;
    else if (check_count(c, t, like)) return -1;
    if (t->cols < t->n_y + 1) {
        csv_say(c, c->line, 0, "%lu column%s: need features, then the label%s",
                (unsigned long)t->cols, t->cols == 1 ? "" : "s",
                t->n_y > 1 ? "s" : "");
        return -1;
    }
    *lc = csv_column(ro->label_col, t->cols);
    if (*lc + t->n_y > t->cols) {
        csv_say(c, c->line, 0, "%lu columns: no column %ld%s", (unsigned long)t->cols,
                ro->label_col, t->n_y > 1 ? " with the targets after it" : "");
        return -1;
    }
    if (!t->keep) t->d = t->cols - t->n_y;
    return 0;
}

/* The column an item of --columns or --drop (len characters at s) names,
   into *j: a number as --label-column's, or a name of the header t->head.
   -1 when it names none, or two (said). */
static int find_column(const csv_file *c, const table *t, const read_opts *ro,
                       const char *s, size_t len, size_t *j)
{
    const char *opt = ro->drop ? "--drop" : "--columns";
    unsigned long line = t->header_line ? t->header_line : c->line;
    size_t k;
    long v;
    if (item_number(s, len, &v)) {
        *j = v ? csv_column(v, t->cols) : t->cols;
        if (*j < t->cols) return 0;
        csv_say(c, c->line, 0, "%s: no column %.*s: the file has %lu columns", opt,
                (int)len, s, (unsigned long)t->cols);
        return -1;
    }
    for (*j = t->cols, k = 0; t->head && k < t->cols; k++) {
        if (strlen(t->head[k]) != len || memcmp(t->head[k], s, len) != 0) continue;
        if (*j < t->cols) {
            csv_say(c, line, 0, "%s: \"%.*s\" names columns %lu and %lu of the "
                    "header: give its number", opt, (int)len, s,
                    (unsigned long)*j + 1, (unsigned long)k + 1);
            return -1;
        }
        *j = k;
    }
    if (*j < t->cols) return 0;
    csv_say(c, line, 0, "%s: no column \"%.*s\" in the header", opt, (int)len, s);
    return -1;
}

/* t->keep and t->d by --columns or --drop (ro->columns), lc the first
   label's column: an item that names no column, a label, or a column
   named before, or no feature left, is an error. -1 (said), -2 out of
   memory. */
static int choose_columns(const csv_file *c, table *t, const read_opts *ro, size_t lc)
{
    const char *s = ro->columns, *opt = ro->drop ? "--drop" : "--columns";
    size_t j, len;
    unsigned char *listed = (unsigned char *)calloc(t->cols, 1);
    int err = -1;
    if (!listed || !(t->keep = (unsigned char *)malloc(t->cols))) {
        free(listed);
        return -2;
    }
    for (;; s += len + 1) {
        len = strcspn(s, ",");
        if (find_column(c, t, ro, s, len, &j)) goto done;
        if (is_label(t, j, lc) || listed[j]) {
            csv_say(c, c->line, 0, "%s: %.*s: column %lu is %s", opt, (int)len, s,
                    (unsigned long)j + 1, listed[j] ? "listed twice"
                    : t->n_y > 1 ? "a label column" : "the label column");
            goto done;
        }
        listed[j] = 1;
        if (!s[len]) break;
    }
    for (j = 0, t->d = 0; j < t->cols; j++) {
        t->keep[j] = !is_label(t, j, lc) && listed[j] != ro->drop;
        t->d += t->keep[j];
    }
    if (t->d) err = 0;
    else csv_say(c, c->line, 0, "%s %s: no feature column is left", opt, ro->columns);
done:
    free(listed);
    return err;
}

/* says that line 1, its features numbers, is no header for the names of
   --columns or --drop */
static void say_no_header(const csv_file *c, const read_opts *ro)
{
    csv_say(c, c->line, 0, "%s %s: line %lu is no header (its features are "
            "numbers): name the columns by number, or give --header",
            ro->drop ? "--drop" : "--columns", ro->columns, c->line);
}

/* The features --columns or --drop choose, on the first line of columns:
   a test file's are those of the training file like (with its index
   column, which is left out later); the training file's are chosen by the
   list, its names those of the header, or of line 1 when that may be the
   header, and then must be (text in a chosen column). -1 when they are no
   choice (said), -2 out of memory. */
static int pick_columns(const csv_file *c, table *t, const read_opts *ro,
                        size_t lc, const table *like)
{
    int got;
    size_t j;
    double v;
    if (like) {
        size_t i = like->index != 0;
        if (!like->keep) return 0;
        if (!(t->keep = (unsigned char *)malloc(t->cols))) return -2;
        t->keep[0] = 1;
        memcpy(t->keep + i, like->keep, like->cols);
        t->d = like->d + i;
        return 0;
    }
    for (j = 0; ro->by_name && !t->header_line && j < c->n_cells; j++)
        if (!is_label(t, j, lc) && csv_number(&c->cell[j], c->delim, &v))
            break;
    if (ro->by_name && !t->header_line && j == c->n_cells) {
        say_no_header(c, ro);
        return -1;
    }
    if (ro->by_name && !t->head && keep_head(c, t)) return -2;
    if ((got = choose_columns(c, t, ro, lc)) != 0) return got;
    if (ro->by_name && !t->header_line && !first_text(c, t, lc)) {
        say_no_header(c, ro);
        return -1;
    }
    return 0;
}

/* the first cell of the current line that should be a number and is not:
   its index + 1, or 0 when all are (the targets are looked at only when
   the features are numbers and no header is pending) */
static size_t first_bad(const csv_file *c, const table *t, const read_opts *ro,
                        size_t lc, size_t pending)
{
    size_t j, bad = first_text(c, t, lc);
    double v;
    for (j = 0; ro->targets && !bad && !pending && j < t->n_y; j++)
        if (csv_number(&c->cell[lc + j], c->delim, &v))
            bad = lc + j + 1;
    return bad;
}

/* says why cell bad - 1 of the current line is no number */
static void say_bad(const csv_file *c, const table *t, size_t bad, size_t pending)
{
    char shown[48];
    if (pending)
        csv_say(c, c->line, bad, "%s %s (line %lu, not all numbers "
                "either, is no header)", csv_show(&c->cell[bad - 1], shown,
                sizeof shown), csv_why(&c->cell[bad - 1]), t->header_line);
    else
        csv_say(c, c->line, bad, "%s %s", csv_show(&c->cell[bad - 1], shown,
                sizeof shown), csv_why(&c->cell[bad - 1]));
}

/* The largest value nn_real holds: a float build cannot take every number
   a CSV file can (its cells are read as double). */
#define REAL_MAX (sizeof(nn_real) < sizeof(double) ? (double)FLT_MAX : DBL_MAX)

/* cell j of the current line into *to as nn_real. -1 when it is beyond
   nn_real's range (said): rounding it to infinity would make the column's
   mean and deviation infinite, and a silent clamp would change the data. */
static int store_cell(const csv_file *c, size_t j, nn_real *to)
{
    double v = 0;
    char shown[48];
    csv_number(&c->cell[j], c->delim, &v);
    if (fabs(v) > REAL_MAX) {
        csv_say(c, c->line, j + 1, "%s is beyond the range of float, this build's "
                "numbers (at most %g): scale the column down, or train with a "
                "double build", csv_show(&c->cell[j], shown, sizeof shown), REAL_MAX);
        return -1;
    }
    *to = (nn_real)v;
    return 0;
}

/* t->x grown to hold need values. Where Linux leaves huge pages to the
   programs that ask (transparent_hugepage "madvise"), a table of 4 MB or
   more asks for them: it is filled once, page by page, and a page fault
   every 2 MB instead of every 4 KB is much of the time it takes to read a
   large file (bench/bench_csv.c, docs/performance.md). -1 out of memory. */
static int grow_x(table *t, size_t need)
{
    size_t cap = t->xcap;
    if (csv_grow((void **)&t->x, &t->xcap, need, sizeof *t->x)) return -1;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (t->xcap != cap && t->xcap >= (4u << 20) / sizeof *t->x) {
        /* the pages the block is on, whole: a block malloc mapped on its
           own is then advised as one mapping, which realloc can still move
           and grow in place (advice on part of it would split it) */
        uintptr_t a = (uintptr_t)t->x & ~(uintptr_t)4095;
        uintptr_t e = ((uintptr_t)(t->x + t->xcap) + 4095) & ~(uintptr_t)4095;
        (void)madvise((void *)a, e - a, MADV_HUGEPAGE);  /* advice: no harm if refused */
    }
#else
    (void)cap;
#endif
    return 0;
}

/* the current line's numbers as row t->rows: its features, and with
   targets its targets, each as nn_real where it stays (no copy of the
   table is made later). -1 when a number is beyond nn_real's range (said),
   -2 out of memory. */
static int store_numbers(const csv_file *c, table *t, size_t lc, int targets)
{
    size_t j, k;
    if (t->rows >= ((size_t)-1) / sizeof(nn_real) / t->cols - 1 ||
        grow_x(t, (t->rows + 1) * t->d) ||
        csv_grow((void **)&t->y, &t->ycap, (t->rows + 1) * t->n_y, sizeof *t->y))
        return -2;
    for (j = 0, k = 0; j < t->cols; j++)
        if (is_feature(t, j, lc) && store_cell(c, j, &t->x[t->rows * t->d + k++]))
            return -1;
    for (j = 0; targets && j < t->n_y; j++)
        if (store_cell(c, lc + j, &t->y[t->rows * t->n_y + j])) return -1;
    return 0;
}

/* a new label, first seen on line: its name is its text, or for a number
   whole_name's. -1 out of memory. */
static int add_label(labels *ls, const csv_cell *cell, int numeric, double v,
                     unsigned long line)
{
    label *l;
    if (csv_grow((void **)&ls->v, &ls->cap, ls->n + 1, sizeof *ls->v)) return -1;
    l = &ls->v[ls->n];
    l->numeric = numeric;
    l->v = v;
    l->rows = 0;
    l->line = line;
    if (numeric) {
        char num[64];
        size_t len;
        whole_name(cell, v, num, sizeof num);
        len = strlen(num);
        l->name = (char *)malloc(len + 1);
        if (l->name) memcpy(l->name, num, len + 1);
    } else {
        l->name = (char *)malloc(cell->n + 1);
        if (l->name) memcpy(l->name, cell->s, cell->n + 1);
    }
    if (!l->name) return -1;
    ls->n++;
    return 0;
}

/* The class label in column lc of the current line: a whole number (*v,
   *numeric 1) or text. -1 when it is neither (said). */
static int label_cell(const csv_file *c, size_t lc, int *numeric, double *v)
{
    const csv_cell *cell = &c->cell[lc];
    char shown[48], *end;
    *v = 0;
    *numeric = csv_number(cell, c->delim, v) == 0;
    if (!*numeric && cell->n && strlen(cell->s) == cell->n &&
        (strtod(cell->s, &end), !*end)) {
        /* a number, but not a finite one */
        csv_say(c, c->line, lc + 1, "%s %s", csv_show(cell, shown,
                sizeof shown), csv_why(cell));
        return -1;
    }
    if (*numeric && *v != floor(*v)) {
        csv_say(c, c->line, lc + 1, "label %g is not a whole number "
                "(for real-valued targets: --regression)", *v);
        return -1;
    }
    if (!*numeric && !is_name(cell->s, cell->n)) {
        csv_say(c, c->line, lc + 1, "label %s is %s", csv_show(cell, shown,
                sizeof shown), cell->n ? "not UTF-8 text" : "empty");
        return -1;
    }
    return 0;
}

/* The class label in column lc of the current line: its index in ls into
   *k (added when new). -1 when it is no label (said), -2 out of memory. */
static int read_label(csv_file *c, labels *ls, size_t lc, size_t *k)
{
    csv_cell *cell = &c->cell[lc];
    double v;
    int numeric;
    if (label_cell(c, lc, &numeric, &v)) return -1;
    *k = find_label(ls->v, ls->n, cell, numeric, v);
    if (*k >= ls->n) {
        if (ls->n == MAX_CLASSES) {
            csv_say(c, c->line, lc + 1, "more than %d different labels: "
                    "is column %lu the label? (--label-column; "
                    "--regression for real-valued targets)", MAX_CLASSES,
                    (unsigned long)lc + 1);
            return -1;
        }
        if (add_label(ls, cell, numeric, v, c->line)) return -2;
    }
    ls->v[*k].rows++;
    return 0;
}

/* The classes of the labels read (make_classes), and each row's label
   index in t->y made its class. -1 when they make no classes (said), -2
   out of memory. */
static int to_classes(csv_file *c, table *t, labels *ls, size_t lc)
{
    size_t j, *map = (size_t *)malloc((ls->n + 1) * sizeof *map);
    if (!map) return -2;
    if (make_classes(c, t, ls->v, ls->n, map, lc)) {
        free(map);
        return -1;
    }
    for (j = 0; j < t->rows; j++) t->y[j] = (double)map[(size_t)t->y[j]];
    free(map);
    return 0;
}

/* The class, among the training file like's, of the label in column lc
   of the current line (a test file's): into *k. -1 when it is no label or
   not one of those classes (said). */
static int known_label(const csv_file *c, const table *like, size_t lc, size_t *k)
{
    const csv_cell *cell = &c->cell[lc];
    char num[64], shown[48];
    const char *s = cell->s;
    double v;
    int numeric;
    if (label_cell(c, lc, &numeric, &v)) return -1;
    if (!like->names) {                 /* the classes are 0..K-1 */
        *k = numeric && v >= 0 && v < (double)like->classes ? (size_t)v : like->classes;
    } else {                            /* by name, as the training file's labels */
        if (numeric) {
            whole_name(cell, v, num, sizeof num);
            s = num;
        }
        for (*k = 0; *k < like->classes; ++*k)
            if ((like->named_by == 2) == numeric && strcmp(like->names[*k], s) == 0)
                break;
    }
    if (*k < like->classes) return 0;
    csv_say(c, c->line, lc + 1, "label %s is not one of the %lu classes of the "
            "training file", csv_show(cell, shown, sizeof shown),
            (unsigned long)like->classes);
    return -1;
}

/* Leaves out the file's first column, a feature: of every row, of the
   header, of the label's place. */
static void drop_first(table *t)
{
    size_t i;
    for (i = 0; i < t->rows; i++)
        memmove(t->x + i * (t->d - 1), t->x + i * t->d + 1, (t->d - 1) * sizeof *t->x);
    if (t->head) {
        free(t->head[0]);
        memmove(t->head, t->head + 1, (t->cols - 1) * sizeof *t->head);
    }
    if (t->keep) memmove(t->keep, t->keep + 1, t->cols - 1);
    t->cols--;
    t->d--;
    t->label_at--;
    t->index = 1;
}

/* The table after its last line (lc the first label column): some rows,
   the index column left out (index: found in the file; or a test file's
   where like had one), the classes. -1 when there are no rows or the
   labels make no classes (said), -2 out of memory. */
static int end_rows(csv_file *c, table *t, const read_opts *ro, const table *like,
                    labels *ls, size_t lc, int index)
{
    if (t->rows == 0) {
        if (c->line == 0)
            csv_say(c, 1, 0, "empty file");
        else
            csv_say(c, c->line, 0, "no data rows%s",
                    t->header_line ? " after the header" : "");
        return -1;
    }
    t->label_at = lc + 1;
    t->delim = c->delim;
    if (index) {
        /* pandas' to_csv() writes its row numbers so */
        csv_say(c, 0, 0, "column 1 (unnamed, 0..%lu) is an index: left out",
                (unsigned long)t->rows - 1);
        drop_first(t);
    } else if (like && like->index) {
        drop_first(t);
    }
    if (like) t->classes = like->classes;
    else if (!ro->targets) return to_classes(c, t, ls, lc);
    return 0;
}

/* Reads path ("-": standard input) into t, one line at a time: a header
   (given, or a first line whose features are not all numbers before one
   whose are), then rows. With like (a test file), the columns and the
   classes are the training file like's. */
static int read_rows(const char *path, const read_opts *ro, const table *like,
                     table *t)
{
    csv_file c;
    labels ls;
    size_t lc = 0, k;
    size_t pending = 0;         /* line 1's first text cell + 1: maybe a header */
    unsigned long lines = 0;
    int r, got, err = -1;
    int index = 0;              /* column 1 unnamed and 0, 1, 2, ... so far */

    memset(t, 0, sizeof *t);
    memset(&ls, 0, sizeof ls);
    t->n_y = ro->targets ? ro->targets : 1;
    if (like) t->cols = like->cols + (like->index != 0);
    if (csv_open(&c, "train", strcmp(path, "-") ? path : NULL, ro->delim)) return -1;
    while ((r = csv_next(&c)) == 1) {
        size_t bad;
        lines++;
        if (lines == 1 && ro->header == 1) {          /* --header */
            if (like && check_count(&c, t, like)) goto fail;
            t->header_line = c.line;
            t->cols = c.n_cells;
            if (!like && keep_head(&c, t)) goto nomem;
            continue;
        }
        if (check_columns(&c, t, ro, &lc, like)) goto fail;
        if (ro->columns && !t->keep && (got = pick_columns(&c, t, ro, lc, like)) != 0) {
            if (got == -2) goto nomem;
            goto fail;
        }
        bad = first_bad(&c, t, ro, lc, pending);
        if (bad && lines == 1 && ro->header < 0) {
            /* a header only if the next line is numbers */
            pending = bad;
            t->header_line = c.line;
            if (!like && !t->head && keep_head(&c, t)) goto nomem;
            continue;
        }
        if (bad) {
            say_bad(&c, t, bad, pending);
            goto fail;
        }
        pending = 0;
        if (t->rows == 0)
            index = !like && t->head && !t->head[0][0] && lc > 0 && t->d > 1 &&
                    (!t->keep || (ro->drop && t->keep[0]));
        if (index && !(c.cell[0].v == (double)t->rows)) index = 0;
        if ((got = store_numbers(&c, t, lc, ro->targets != 0)) != 0) {
            if (got == -2) goto nomem;
            goto fail;
        }
        if (!ro->targets) {
            got = like ? known_label(&c, like, lc, &k) : read_label(&c, &ls, lc, &k);
            if (got) {
                if (got == -2) goto nomem;
                goto fail;
            }
            t->y[t->rows] = (nn_real)k;
        }
        t->rows++;
        t->last_line = c.line;
    }
    if (r < 0) goto fail;
    if ((got = end_rows(&c, t, ro, like, &ls, lc, index)) != 0) {
        if (got == -2) goto nomem;
        goto fail;
    }
    err = 0;
    goto done;
nomem:
    csv_say(&c, c.line, 0, "out of memory");
fail:
    free_table(t);
done:
    for (k = 0; k < ls.n; k++) free(ls.v[k].name);
    free(ls.v);
    csv_close(&c);
    return err;
}

int read_table(const char *path, const read_opts *ro, table *t)
{
    return read_rows(path, ro, NULL, t);
}

int read_test_table(const char *path, const read_opts *ro, const table *like,
                    table *t)
{
    return read_rows(path, ro, like, t);
}

int table_kept(const table *t, char **out)
{
    size_t j, len = 0;
    *out = NULL;
    if (!t->keep) return 0;
    if (!(*out = (char *)malloc(t->cols * 22 + 1))) return -1;
    for (j = 0; j < t->cols; j++)
        if (t->keep[j])
            len += (size_t)sprintf(*out + len, "%s%lu", len ? "," : "", (unsigned long)j + 1);
    (*out)[len] = '\0';
    return 0;
}

void print_classes(const table *t)
{
    size_t k;
    printf("classes (%s):", t->named_by == 1 ? "the labels in the order they "
           "first appear" : "the labels in increasing order");
    for (k = 0; k < t->classes && k < 50; k++)
        printf("%s %lu %s", k ? "," : "", (unsigned long)k, t->names[k]);
    printf("%s\n", k < t->classes ? ", ..." : "");
}

/* ------------------------------------------------------------------------ */
/* The table as matrices                                                     */

/* The features of t, then test's (test NULL: none), as one matrix in t's
   storage, which keeps owning it: test's features are moved to the end of
   t->x and freed, the only copy made of them. data NULL: out of memory. */
nn_mat table_features(table *t, table *test)
{
    size_t n = test ? test->rows : 0;
    nn_mat x = nn_mat_view(NULL, t->rows + n, t->d);
    nn_real *p;
    if (n) {
        if (t->rows + n < n || t->rows + n > ((size_t)-1) / sizeof(nn_real) / t->d)
            return x;
        /* realloc of a large block remaps its pages: no copy of t's rows */
        if (!(p = (nn_real *)realloc(t->x, (t->rows + n) * t->d * sizeof(nn_real))))
            return x;
        t->x = p;
        t->xcap = (t->rows + n) * t->d;
        memcpy(t->x + t->rows * t->d, test->x, n * t->d * sizeof(nn_real));
        free(test->x);
        test->x = NULL;
        test->xcap = 0;
    }
    x.data = t->x;
    return x;
}

/* y (rows, K) = the labels of t one-hot, or its targets */
void fill(const table *t, nn_mat y)
{
    size_t i, j;
    for (i = 0; i < t->rows; i++) {
        if (!t->classes) {
            for (j = 0; j < t->n_y; j++) NN_AT(y, i, j) = t->y[i * t->n_y + j];
            continue;
        }
        for (j = 0; j < y.cols; j++) NN_AT(y, i, j) = 0;
        NN_AT(y, i, (size_t)t->y[i]) = 1;
    }
}

/* Every column of x becomes (x - mean) / deviation, both taken over the
   first n_train rows only, so nothing is learned from the test rows. A
   constant column has deviation 0: it is only centered (it becomes 0),
   never divided by 0. mean and sd (1, x.cols) get the transform.
   The matrix is walked a row at a time (row-major: each pass reads it in
   order), the sums of each column kept in `sum` (x.cols). Each column is
   first multiplied by a power of two, s, that brings its largest |value|
   into [0.5, 1): a sum of values near 1.7e308, or a square of values above
   1e154, would otherwise be infinite. A power of two changes no bits of a
   double (short of the subnormal range), so for ordinary data the results
   are the unscaled computation's, bit for bit. -1 out of memory. */
int standardize(nn_mat x, size_t n_train, double *means, double *sds)
{
    size_t i, j, d = x.cols;
    double *sum = (double *)malloc((d ? d : 1) * sizeof(double)), *s = sds;
    if (!sum) return -1;
    /* s[j] (in sds until the deviations): the largest |value| of column j */
    for (j = 0; j < d; j++) s[j] = 0;
    for (i = 0; i < n_train; i++)
        for (j = 0; j < d; j++) {
            double v = fabs((double)NN_AT(x, i, j));
            if (v > s[j]) s[j] = v;
        }
    for (j = 0; j < d; j++) {
        int e = 0;
        if (s[j] > 0 && s[j] <= DBL_MAX) frexp(s[j], &e);
        /* 2^-e, never above 2^1000 (tiny columns are scaled up; ldexp of
           -1024 is exact, a subnormal) */
        s[j] = ldexp(1.0, e > -1000 ? -e : 1000);
        sum[j] = 0;
    }
    for (i = 0; i < n_train; i++)
        for (j = 0; j < d; j++) sum[j] += (double)NN_AT(x, i, j) * s[j];
    for (j = 0; j < d; j++) means[j] = sum[j] / (double)n_train;   /* scaled */
    for (j = 0; j < d; j++) sum[j] = 0;
    for (i = 0; i < n_train; i++)
        for (j = 0; j < d; j++) {
            double e = (double)NN_AT(x, i, j) * s[j] - means[j];
            sum[j] += e * e;
        }
    for (j = 0; j < d; j++) {
        double sd = sqrt(sum[j] / (double)n_train) / s[j], mean = means[j] / s[j];
        /* below rounding noise of the mean counts as constant */
        if (!(sd > 1e-12 * (fabs(mean) + 1))) sd = 1;
        sum[j] = s[j];          /* the scale, from here */
        means[j] = mean;
        sds[j] = sd;
    }
    for (i = 0; i < x.rows; i++)
        for (j = 0; j < d; j++)
            NN_AT(x, i, j) = (nn_real)(((double)NN_AT(x, i, j) * sum[j] - means[j] * sum[j]) /
                                       (sds[j] * sum[j]));
    free(sum);
    return 0;
}

static void swap_rows(nn_mat m, size_t i, size_t j)
{
    size_t k;
    for (k = 0; k < m.cols; k++) {
        nn_real v = NN_AT(m, i, k);
        NN_AT(m, i, k) = NN_AT(m, j, k);
        NN_AT(m, j, k) = v;
    }
}

/* the rows of each class to hold out, then the held rows moved to the end
   by swaps (a partition, so the kept rows keep no particular order) */
size_t split(nn_mat x, nn_mat y, int regression, double f,
             unsigned char *held, size_t *quota)
{
    size_t i, j, c, n_held = 0, K = regression ? 1 : y.cols;
    for (c = 0; c < K; c++) quota[c] = 0;
    for (i = 0; i < y.rows; i++) quota[regression ? 0 : argmax(y.data + i * K, K)]++;
    /* round(f * rows), but never all of a class: some are kept */
    for (c = 0; c < K; c++) {
        size_t q = (size_t)lround(f * (double)quota[c]);
        quota[c] = q < quota[c] ? q : quota[c] ? quota[c] - 1 : 0;
    }
    for (i = 0; i < y.rows; i++) {
        c = regression ? 0 : argmax(y.data + i * K, K);
        held[i] = quota[c] > 0;
        if (held[i]) { quota[c]--; n_held++; }
    }
    /* partition: the rows kept first */
    for (i = 0, j = y.rows; ; ) {
        while (i < j && !held[i]) i++;
        while (i < j && held[j - 1]) j--;
        if (i + 1 >= j) break;
        swap_rows(x, i, j - 1);
        swap_rows(y, i, j - 1);
        held[i] = 0;
        held[j - 1] = 1;
    }
    return n_held;
}
