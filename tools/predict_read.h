/* predict_read.h - predict's rows: the CSV file (csv.h) read a row at a
   time into the model's inputs, the label columns left out where train's
   file had them, a header's columns taken by name when the model knows
   its features' names (predict.c describes the rules). */
#ifndef NN_TOOLS_PREDICT_READ_H
#define NN_TOOLS_PREDICT_READ_H

#include "nn.h"

/* what the rows are read by: the model's, and the options' */
typedef struct rows_spec {
    size_t n_in;                /* the model's inputs */
    size_t n_y;                 /* the label columns of train's file (targets) */
    size_t saved;               /* the label column train saved, from 1; 0 none */
    long label_col;             /* --label-column (negative from the end); 0 none */
    int header;                 /* --header */
    int delim;                  /* --delimiter; 0 commas or blanks (or ';') */
    const char *const *feats;   /* the features' names (n_in); NULL: none */
    const char *const *labs;    /* the label columns' names (n_labs) */
    size_t n_labs;
    int index;                  /* train left out an unnamed index column */
    const size_t *pick;         /* the columns train chose for the features
                                   (n_in, increasing, from 0); NULL: every
                                   column but the labels */
    size_t width;               /* the columns of train's file, with pick */
} rows_spec;

typedef struct rows rows;

/* Opens path (NULL: standard input) into *r, to be read by spec (which
   must outlive *r). -1 after one line on stderr; rows_close(*r) still. */
int rows_open(rows **r, const char *path, const rows_spec *spec);

/* The next row's n_in features into x: 1, 0 at the end, or -1 after one
   line on stderr naming the file, line and column of what is wrong. */
int rows_next(rows *r, nn_real *x);

/* frees r (NULL too) and closes its file */
void rows_close(rows *r);

/* --delimiter and --label-column's values as the CSV reader takes them (0
   when not one), and the 0-based column of a --label-column value in a row
   of cols cells (cols when outside) */
int rows_delim_arg(const char *s);
long rows_column_arg(const char *s);
size_t rows_column(long v, size_t cols);

#endif
