/* predict_read.c - predict's rows (predict_read.h): csv.h's cells made the
   model's inputs, every error named by file, line and column. */
#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200112L   /* csv.h's getc_unlocked */
#endif
#include "predict_read.h"
#include "csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rows {
    csv_file c;
    rows_spec s;
    size_t lines;               /* the rows read, the header too */
    size_t *src;                /* the header's column of each feature; NULL: no header */
    size_t n_head;              /* the header's cells */
};

/* The features of the current row into x (n_in), the label cells
   (n_label from index label; label n_cells for none) left out. 0, or -1
   after naming what is wrong: text on the first line (a header, without
   --header), an empty cell, the count of cells, a cell that is not a
   finite number. */
static int read_row(const csv_file *c, size_t label, size_t n_label, size_t want,
                    size_t n_in, int first, nn_real *x)
{
    char shown[48];
    size_t j, k = 0, text = 0, empty = 0, extra = want - n_in;
    double v;
    for (j = 0; j < c->n_cells; j++) {
        if (j >= label && j < label + n_label) continue;
        if (c->cell[j].n == 0) {
            if (!empty) empty = j + 1;
        } else if (csv_number(&c->cell[j], c->delim, &v)) {
            if (!text) text = j + 1;
        } else if (k < n_in) {
            x[k++] = (nn_real)v;
        }
    }
    if (text && first) {
        csv_say(c, c->line, text, "%s is not a number: a header? (--header skips "
                "the first line)", csv_show(&c->cell[text - 1], shown, sizeof shown));
    } else if (empty) {
        csv_say(c, c->line, empty, "empty cell");
    } else if (c->n_cells != want) {
        csv_say(c, c->line, 0, "%lu %s, the model takes %lu%s",
                (unsigned long)(c->n_cells - extra), text ? "cells" : "numbers",
                (unsigned long)n_in, extra > 1 ? " (and the label columns)"
                : extra ? " (and the label column)" : "");
    } else if (text) {
        csv_say(c, c->line, text, "%s %s", csv_show(&c->cell[text - 1], shown,
                sizeof shown), csv_why(&c->cell[text - 1]));
    } else {
        return 0;
    }
    return -1;
}

/* cell j of the current line is text: not empty, not a number */
static int is_text(const csv_file *c, size_t j)
{
    double v;
    return c->cell[j].n && csv_number(&c->cell[j], c->delim, &v);
}

/* a cell of the current line, outside the label cells, that is text */
static int has_text(const csv_file *c, size_t label, size_t n_label)
{
    size_t j;
    for (j = 0; j < c->n_cells; j++)
        if ((j < label || j >= label + n_label) && is_text(c, j)) return 1;
    return 0;
}

/* the index of cell's text among names[0..n), or n */
static size_t find_name(const csv_cell *cell, const char *const *names, size_t n)
{
    size_t k;
    if (strlen(cell->s) != cell->n) return n;   /* a NUL inside: no name */
    for (k = 0; k < n && strcmp(cell->s, names[k]) != 0; k++) {}
    return k;
}

/* The header (the current line) against the model's features and label
   names: src[k] = the column of feature k. Every column must be a feature
   or a label (unless others: the model chose its features among the
   file's columns, and the others are left out), and every feature there
   once; with index, an unnamed first column is left out (train left out
   such an index). -1 after saying what does not match. */
static int map_columns(const csv_file *c, const char *const *feats, size_t n_in,
                       const char *const *labs, size_t n_labs, int index,
                       int others, size_t *src)
{
    char shown[48];
    size_t j, k, odd = 0;
    for (k = 0; k < n_in; k++) src[k] = c->n_cells;
    for (j = 0; j < c->n_cells; j++) {
        const csv_cell *cell = &c->cell[j];
        if (index && j == 0 && cell->n == 0) continue;
        k = find_name(cell, feats, n_in);
        if (k < n_in && src[k] == c->n_cells) {
            src[k] = j;
        } else if (k < n_in) {
            csv_say(c, c->line, j + 1, "%s is in the header twice (column %lu)",
                    csv_show(cell, shown, sizeof shown), (unsigned long)src[k] + 1);
            return -1;
        } else if (!odd && !others && find_name(cell, labs, n_labs) == n_labs) {
            odd = j + 1;
        }
    }
    for (k = 0; k < n_in; k++)
        if (src[k] == c->n_cells) {
            csv_say(c, c->line, 0, "no column \"%.100s\" in the header: the model "
                    "takes that feature", feats[k]);
            return -1;
        }
    if (odd) {
        csv_say(c, c->line, odd, "%s is neither a feature of the model nor its "
                "label", csv_show(&c->cell[odd - 1], shown, sizeof shown));
        return -1;
    }
    return 0;
}

/* The features of the current row into x, from its columns src (n_in,
   each one of the row's). -1 after saying what is wrong. */
static int read_cells(const csv_file *c, const size_t *src, size_t n_in, nn_real *x)
{
    char shown[48];
    size_t k;
    double v;
    for (k = 0; k < n_in; k++) {
        const csv_cell *cell = &c->cell[src[k]];
        if (cell->n == 0) {
            csv_say(c, c->line, src[k] + 1, "empty cell");
            return -1;
        }
        if (csv_number(cell, c->delim, &v)) {
            csv_say(c, c->line, src[k] + 1, "%s %s", csv_show(cell, shown,
                    sizeof shown), csv_why(cell));
            return -1;
        }
        x[k] = (nn_real)v;
    }
    return 0;
}

/* The features of the current row into x, by the header's columns src
   (n_head cells a row). -1 after saying what is wrong. */
static int read_named(const csv_file *c, const size_t *src, size_t n_in,
                      size_t n_head, nn_real *x)
{
    if (c->n_cells != n_head) {
        csv_say(c, c->line, 0, "%lu columns, expected %lu (as in the header)",
                (unsigned long)c->n_cells, (unsigned long)n_head);
        return -1;
    }
    return read_cells(c, src, n_in, x);
}

/* The features of the current row into x, from its columns pick (n_in,
   increasing: those train chose among the width columns of the training
   file; the row's other cells are not read). -1 after saying what is
   wrong. */
static int read_picked(const csv_file *c, const size_t *pick, size_t n_in,
                       size_t width, nn_real *x)
{
    if (c->n_cells <= pick[n_in - 1]) {
        csv_say(c, c->line, 0, "%lu columns: the model takes column %lu (its "
                "features are columns of the training file's %lu)",
                (unsigned long)c->n_cells, (unsigned long)pick[n_in - 1] + 1,
                (unsigned long)width);
        return -1;
    }
    return read_cells(c, pick, n_in, x);
}

/* a cell of the current line among pick (n_in columns) that is text */
static int picked_text(const csv_file *c, const size_t *pick, size_t n_in)
{
    size_t k;
    for (k = 0; k < n_in; k++)
        if (pick[k] < c->n_cells && is_text(c, pick[k])) return 1;
    return 0;
}

int rows_open(rows **r, const char *path, const rows_spec *spec)
{
    int delim = spec->delim;
    if (!(*r = (rows *)calloc(1, sizeof **r))) {
        fprintf(stderr, "predict: out of memory\n");
        return -1;
    }
    (*r)->s = *spec;
    /* rows as predict always read them: commas or blanks, unless the file
       is a CSV the options describe */
    if (!delim && !spec->label_col) delim = CSV_LOOSE;
    return csv_open(&(*r)->c, "predict", path, delim);
}

/* The header (the current line, the first): the features by name into
   r->src. -1 after saying what is wrong. */
static int rows_head(rows *r)
{
    r->n_head = r->c.n_cells;
    if (!(r->src = (size_t *)malloc(r->s.n_in * sizeof *r->src))) {
        fprintf(stderr, "predict: out of memory\n");
        return -1;
    }
    return map_columns(&r->c, r->s.feats, r->s.n_in, r->s.labs, r->s.n_labs,
                       r->s.index, r->s.pick != NULL, r->src);
}

int rows_next(rows *r, nn_real *x)
{
    csv_file *c = &r->c;
    const rows_spec *s = &r->s;
    size_t label, n_label, want;
    int got;
    while ((got = csv_next(c)) == 1) {
        r->lines++;
        if (s->saved && (s->label_col || c->n_cells == s->n_in + s->n_y)) {
            /* the model's label columns, where the training file had them */
            label = s->saved - 1;
            n_label = s->n_y;
            want = s->n_in + s->n_y;
        } else {
            label = s->label_col ? csv_column(s->label_col, c->n_cells) : c->n_cells;
            n_label = 1;
            want = s->n_in + (s->label_col != 0);
        }
        if (r->lines == 1 && s->feats &&
            (s->header || (s->pick ? picked_text(c, s->pick, s->n_in)
                                   : has_text(c, label, n_label)))) {
            /* a header: the features by name */
            if (rows_head(r)) return -1;
            continue;
        }
        if (r->lines == 1 && s->header) continue;
        if (r->src) return read_named(c, r->src, s->n_in, r->n_head, x) ? -1 : 1;
        if (s->pick) return read_picked(c, s->pick, s->n_in, s->width, x) ? -1 : 1;
        if (s->label_col && label == c->n_cells && c->n_cells == want) {
            csv_say(c, c->line, 0, "%lu columns: no column %ld",
                    (unsigned long)c->n_cells, s->label_col);
            return -1;
        }
        return read_row(c, label, n_label, want, s->n_in, r->lines == 1, x) ? -1 : 1;
    }
    return got;
}

void rows_close(rows *r)
{
    if (!r) return;
    csv_close(&r->c);
    free(r->src);
    free(r);
}

int rows_delim_arg(const char *s) { return csv_delim_arg(s); }

long rows_column_arg(const char *s) { return csv_column_arg(s); }

size_t rows_column(long v, size_t cols) { return csv_column(v, cols); }
