/* csv.h - the CSV reading of train and predict: one row at a time, split
   into cells, with the files people have.

   - The delimiter is given, or found on the first line that is not blank:
     ';' or tab, whichever is more frequent outside quotes (';' on a tie),
     when the line has either, else ','. Commas come last because they may
     be decimal commas where the delimiter is not one. With none of the
     three, cells are separated by commas or runs of blanks (CSV_BLANKS),
     as predict has always read.
   - A UTF-8 byte-order mark at the start is skipped; lines may end in
     \n or \r\n; blank lines are skipped.
   - A cell may be quoted ("a ""b"", c" is  a "b", c ); blanks around a
     cell are not part of it. A quoted cell ends on its line.
   - Numbers are C's (strtod, finite, nothing after them). Where the
     delimiter is not ',', a cell with one ',' and no '.' is a decimal
     comma: "5,1" is 5.1.

   Every error is printed as one line, "PROG: FILE:LINE: column N: why",
   and reported as -1; the caller only frees. */
#ifndef NN_EXAMPLES_CSV_H
#define NN_EXAMPLES_CSV_H

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CSV_BLANKS 1     /* the delimiter "commas or runs of blanks" */
#define CSV_LOOSE (-1)   /* found: ';' when the first line has most, else CSV_BLANKS */

typedef struct csv_cell {
    char *s;        /* the cell's text, NUL-terminated, quotes removed */
    size_t n;       /* its length (a quoted cell may hold a NUL: n counts) */
    int quoted;
} csv_cell;

typedef struct csv_file {
    FILE *f;
    const char *prog, *path;    /* for messages; path NULL: standard input */
    unsigned long line;         /* the line of the current row */
    int delim;                  /* 0 until found */
    char *buf;                  /* the current line, cut into cells */
    size_t cap;
    csv_cell *cell;             /* the current row's cells */
    size_t n_cells, cells_cap;
    int started;                /* the byte-order mark was looked for */
} csv_file;

/* "PROG: FILE:LINE: column COL: " and the message, one line on stderr;
   FILE is "<stdin>" for standard input. line 0 leaves out the line, col 0
   the column. */
static void csv_say(const csv_file *c, unsigned long line, size_t col,
                    const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", c->prog);
    if (line) fprintf(stderr, "%s:%lu: ", c->path ? c->path : "<stdin>", line);
    else if (c->path) fprintf(stderr, "%s: ", c->path);
    if (col) fprintf(stderr, "column %lu: ", (unsigned long)col);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* grow *buf (of *cap elements of size `size`) to hold at least `need` */
static int csv_grow(void **buf, size_t *cap, size_t need, size_t size)
{
    size_t n = *cap ? *cap : 64;
    void *p;
    if (need <= *cap) return 0;
    while (n < need) {
        if (n > ((size_t)-1) / 2 / size) return -1;
        n *= 2;
    }
    p = realloc(*buf, n * size);
    if (!p) return -1;
    *buf = p;
    *cap = n;
    return 0;
}

/* path NULL reads standard input. delim 0 or CSV_LOOSE finds it on the
   first line. -1 when the file does not open (said, with the system's reason). */
static int csv_open(csv_file *c, const char *prog, const char *path, int delim)
{
    memset(c, 0, sizeof *c);
    c->prog = prog;
    c->path = path;
    c->delim = delim;
    c->f = path ? fopen(path, "rb") : stdin;
    if (!c->f) {
        c->path = NULL;
        fprintf(stderr, "%s: %s: cannot open: %s\n", prog, path, strerror(errno));
        return -1;
    }
    return 0;
}

static void csv_close(csv_file *c)
{
    if (c->f && c->path) fclose(c->f);
    free(c->buf);
    free(c->cell);
    memset(c, 0, sizeof *c);
}

static int csv_blank(int ch) { return ch == ' ' || ch == '\t'; }

/* The delimiter of this line: ';' or tab, the more frequent outside
   quotes, when it has either; else ',' when it has one; else CSV_BLANKS. */
static int csv_detect(const char *s, size_t n)
{
    size_t i, comma = 0, semi = 0, tab = 0;
    int q = 0;
    for (i = 0; i < n; i++) {
        if (s[i] == '"') q = !q;
        else if (!q) {
            comma += s[i] == ',';
            semi += s[i] == ';';
            tab += s[i] == '\t';
        }
    }
    if (semi || tab) return semi >= tab ? ';' : '\t';
    return comma ? ',' : CSV_BLANKS;
}

/* One physical line into c->buf, without its end; 1 a line, 0 the end,
   -1 an error (said). */
static int csv_line(csv_file *c, size_t *len)
{
    size_t n = 0;
    int ch;
    while ((ch = getc(c->f)) != EOF && ch != '\n') {
        if (csv_grow((void **)&c->buf, &c->cap, n + 2, 1)) goto nomem;
        c->buf[n++] = (char)ch;
    }
    if (ferror(c->f)) {
        csv_say(c, c->line + 1, 0, "read error: %s", strerror(errno));
        return -1;
    }
    if (ch == EOF && n == 0) return 0;
    if (csv_grow((void **)&c->buf, &c->cap, n + 1, 1)) goto nomem;
    if (n > 0 && c->buf[n - 1] == '\r') n--;
    c->buf[n] = '\0';
    c->line++;
    if (!c->started) {
        c->started = 1;
        if (n >= 3 && memcmp(c->buf, "\xEF\xBB\xBF", 3) == 0) {
            memmove(c->buf, c->buf + 3, n - 3 + 1);
            n -= 3;
        }
    }
    *len = n;
    return 1;
nomem:
    csv_say(c, c->line + 1, 0, "out of memory");
    return -1;
}

/* The next row that is not blank, cut into c->cell[0..n_cells).
   1 a row, 0 the end of the file, -1 an error (said). */
static int csv_next(csv_file *c)
{
    size_t n, i, k;
    int r;
    do {
        if ((r = csv_line(c, &n)) <= 0) return r;
        for (i = 0; i < n && (csv_blank(c->buf[i]) || c->buf[i] == '\r'); i++) {}
    } while (i == n);
    if (c->delim <= 0) {
        int d = csv_detect(c->buf, n);
        c->delim = c->delim == CSV_LOOSE && d != ';' ? CSV_BLANKS : d;
    }
    c->n_cells = 0;
    i = 0;
    for (;;) {
        csv_cell *cell;
        size_t start;
        if (csv_grow((void **)&c->cell, &c->cells_cap, c->n_cells + 1,
                     sizeof *c->cell)) {
            csv_say(c, c->line, 0, "out of memory");
            return -1;
        }
        cell = &c->cell[c->n_cells++];
        while (i < n && csv_blank(c->buf[i]) && c->buf[i] != c->delim) i++;
        cell->quoted = i < n && c->buf[i] == '"';
        if (cell->quoted) {
            /* "..." with "" for a quote, unquoted in place */
            start = k = ++i;
            for (;;) {
                if (i == n) {
                    csv_say(c, c->line, c->n_cells, "a quoted cell does not end "
                            "on its line");
                    return -1;
                }
                if (c->buf[i] == '"') {
                    if (i + 1 < n && c->buf[i + 1] == '"') i++;
                    else break;
                }
                c->buf[k++] = c->buf[i++];
            }
            i++;                                    /* the closing quote */
            cell->s = c->buf + start;
            cell->n = k - start;
            start = i;
            while (i < n && csv_blank(c->buf[i]) && c->buf[i] != c->delim) i++;
            if (i < n && c->buf[i] != c->delim &&
                !(c->delim == CSV_BLANKS && (c->buf[i] == ',' || i > start))) {
                csv_say(c, c->line, c->n_cells, "text after the closing quote");
                return -1;
            }
        } else {
            start = i;
            if (c->delim == CSV_BLANKS) {
                while (i < n && !csv_blank(c->buf[i]) && c->buf[i] != ',') i++;
                k = i;
                while (i < n && csv_blank(c->buf[i])) i++;
            } else {
                while (i < n && c->buf[i] != c->delim) i++;
                k = i;
                while (k > start && csv_blank(c->buf[k - 1])) k--;
            }
            cell->s = c->buf + start;
            cell->n = k - start;
        }
        if (i >= n) {
            cell->s[cell->n] = '\0';
            break;
        }
        /* i is at the delimiter (or, for blanks, a comma or the next cell) */
        if (c->delim != CSV_BLANKS || c->buf[i] == ',') {
            cell->s[cell->n] = '\0';
            i++;
            if (i >= n || (c->delim == CSV_BLANKS && !c->buf[i + strspn(c->buf + i, " \t")])) {
                /* a delimiter at the end: one more, empty, cell */
                if (csv_grow((void **)&c->cell, &c->cells_cap, c->n_cells + 1,
                             sizeof *c->cell)) {
                    csv_say(c, c->line, 0, "out of memory");
                    return -1;
                }
                cell = &c->cell[c->n_cells++];
                cell->s = c->buf + n;
                cell->n = 0;
                cell->quoted = 0;
                break;
            }
        } else {
            cell->s[cell->n] = '\0';
        }
    }
    return 1;
}

/* A cell as a number: 0 and *v, or -1. Finite only; a decimal comma where
   the delimiter is not a comma. */
static int csv_number(const csv_cell *cell, int delim, double *v)
{
    char tmp[64], *end;
    const char *s = cell->s;
    size_t n = cell->n;
    if (n == 0 || strlen(s) != n) return -1;
    if (delim != ',' && delim != CSV_BLANKS && strchr(s, ',') &&
        !strchr(s, '.') && strchr(s, ',') == strrchr(s, ',') && n < sizeof tmp) {
        memcpy(tmp, s, n + 1);
        *strchr(tmp, ',') = '.';
        s = tmp;
    }
    errno = 0;
    *v = strtod(s, &end);
    if (end == s || *end || !(*v == *v) || *v > 1e300 || *v < -1e300) return -1;
    return 0;
}

/* the cell's text, quoted, short and printable ASCII ('?' for other bytes),
   for a message */
static const char *csv_show(const csv_cell *cell, char *out, size_t size)
{
    size_t i, k = 0;
    out[k++] = '"';
    for (i = 0; i < cell->n && k + 5 < size; i++, k++) {
        unsigned char ch = (unsigned char)cell->s[i];
        out[k] = ch < 32 || ch >= 127 ? '?' : (char)ch;
    }
    if (i < cell->n) { out[k++] = '.'; out[k++] = '.'; out[k++] = '.'; }
    out[k++] = '"';
    out[k] = '\0';
    return out;
}

/* why a cell that is not a number is not one */
static const char *csv_why(const csv_cell *cell)
{
    if (cell->n == 0) return "is empty";
    return "is not a finite number";
}

/* --delimiter's value: "," ";" "tab" or "\t", "space"; 0 for another */
static int csv_delim_arg(const char *s)
{
    if (strcmp(s, ",") == 0 || strcmp(s, "comma") == 0) return ',';
    if (strcmp(s, ";") == 0 || strcmp(s, "semicolon") == 0) return ';';
    if (strcmp(s, "\t") == 0 || strcmp(s, "tab") == 0 || strcmp(s, "\\t") == 0)
        return '\t';
    if (strcmp(s, " ") == 0 || strcmp(s, "space") == 0) return CSV_BLANKS;
    return 0;
}

/* --label-column's value: 1..cols, or -1..-cols from the end; 0 for none */
static long csv_column_arg(const char *s)
{
    char *end;
    long v;
    errno = 0;
    v = strtol(s, &end, 10);
    if (!*s || *end || errno || v == 0 || v > 1000000L || v < -1000000L) return 0;
    return v;
}

/* the 0-based column of a --label-column value in a row of cols cells,
   or cols when it is outside */
static size_t csv_column(long v, size_t cols)
{
    if (v > 0) return (size_t)v <= cols ? (size_t)v - 1 : cols;
    return (size_t)-v <= cols ? cols - (size_t)-v : cols;
}

#endif
