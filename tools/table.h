/* table.h - train's data: the CSV file read into a table of numbers (the
   features, and the class or the targets of each row), the classes named
   by the labels; then the table as matrices, split into a training and a
   held-out part, standardized with the training part's statistics. */
#ifndef NN_TOOLS_TABLE_H
#define NN_TOOLS_TABLE_H

#include "nn.h"

typedef struct table {
    size_t rows, d, n_y;        /* rows, features, labels per row (1 or --targets) */
    size_t cols;                /* cells per row: d + n_y, or with keep
                                   those of the file (the index left out) */
    nn_real *x, *y;             /* rows x d and rows x n_y, row-major, read
                                   straight into the build's type */
    size_t xcap, ycap;
    size_t classes;             /* classification: K; regression: 0 */
    char **names;               /* the classes' names; NULL when labels are 0..K-1 */
    int named_by;               /* names: 1 text in order seen, 2 numbers sorted */
    unsigned long last_line;    /* line of the last data row */
    unsigned long header_line;  /* 0: no header */
    /* what the model file keeps of the file */
    char **head;                /* the header's cells (cols); NULL: no header */
    size_t label_at;            /* the (first) label column, from 1; 0: none (IDX) */
    int delim;                  /* ',' ';' '\t' or 1 (blanks); 0: none (IDX) */
    int index;                  /* the file's column 1 was an index, left out */
    unsigned char *keep;        /* --columns, --drop: 1 for each of the cols
                                   columns that is a feature; NULL: every one
                                   but the labels */
} table;

/* what read_table takes from the options */
typedef struct read_opts {
    int delim;                  /* 0: found on the first line */
    long label_col;             /* 1-based, negative from the end */
    int header;                 /* -1 found, 0 none, 1 the first line */
    size_t targets;             /* regression: labels per row; 0: classification */
    const char *columns;        /* --columns or --drop's list; NULL: none */
    int drop;                   /* the list is --drop's */
    int by_name;                /* the list has a name (needs a header) */
} read_opts;

/* Reads path ("-": standard input) into t. On failure prints one line,
   "train: path:line: why" ("<stdin>" for "-"), and returns -1 (t is then
   empty). */
int read_table(const char *path, const read_opts *ro, table *t);

/* Reads a test file, path, into t as rows of the training table like: the
   same columns, and for classification labels that are like's classes
   (t->y holds the class; t->names stays NULL). As read_table otherwise. */
int read_test_table(const char *path, const read_opts *ro, const table *like,
                    table *t);

/* frees what t holds; t becomes empty (safe twice) */
void free_table(table *t);

/* --delimiter and --label-column as the CSV reader takes them: 0 when the
   value is not one */
int table_delim_arg(const char *s);
long table_column_arg(const char *s);

/* --columns and --drop's list: 0 when it is one (comma-separated columns,
   none empty; *by_name set when one is a name, not a number), -1 not */
int table_columns_arg(const char *s, int *by_name);

/* The numbers (from 1) of the columns --columns or --drop kept, joined by
   commas, into *out (malloc'd; NULL without those options). -1 out of
   memory. */
int table_kept(const table *t, char **out);

/* The header's names joined by '\n' into *out (malloc'd): the features'
   (labels 0) or the label columns' (labels 1). *out is NULL when there is
   no header or its names would not identify the columns: a cell empty,
   not UTF-8 or with control characters, or a name twice. -1 out of memory. */
int table_names(const table *t, int labels, char **out);

/* "classes: 0 setosa, 1 versicolor, ..." when the labels are not 0..K-1 */
void print_classes(const table *t);

/* The features of t, then test's (test NULL: none), as one matrix
   (t->rows + test->rows, d) in t's storage, which keeps owning it: test's
   features are moved there (test->x becomes NULL). data NULL: out of
   memory. */
nn_mat table_features(table *t, table *test);

/* y (rows, K) = the labels of t one-hot, or its targets */
void fill(const table *t, nn_mat y);

/* Every column of x becomes (x - mean) / deviation, both taken over the
   first n_train rows only; mean and sd (1, x.cols) get the transform. Safe
   for any finite values (each column is scaled by a power of two first).
   -1 out of memory. */
int standardize(nn_mat x, size_t n_train, double *means, double *sds);

/* A split of rows already in random order, stratified for classification:
   of each class c (of all rows, for regression), the first
   round(f * rows of c) rows are held out and moved to the end (x and y
   together). held (rows) and quota (K) are scratch. Returns the number of
   rows held out. */
size_t split(nn_mat x, nn_mat y, int regression, double f,
             unsigned char *held, size_t *quota);

#endif
