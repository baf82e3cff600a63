/* csv.h - the CSV reading of train and predict: one row at a time, split
   into cells, with the files people have.

   - The delimiter is given, or found on the first line that is not blank:
     ';' or tab, whichever is more frequent outside quotes (';' on a tie),
     when the line has either, else ','. Commas come last because they may
     be decimal commas where the delimiter is not one. With none of the
     three, cells are separated by commas or runs of blanks (CSV_BLANKS),
     as predict has always read.
   - A UTF-8 byte-order mark at the start is skipped; UTF-16 and UTF-32
     text (a byte-order mark, or NUL bytes on the first line) is refused
     once, by name. Lines may end in \n, \r\n or \r; blank lines are
     skipped.
   - A delimiter at the end of every line (as spreadsheets write it,
     "1,2,3,") ends the row: the empty cell after it is dropped. When the
     first two rows end so, every row must; when only the first does (or
     it is the only row), its empty cell is a cell.
   - A cell may be quoted ("a ""b"", c" is  a "b", c ); blanks around a
     cell are not part of it. A quoted cell ends on its line.
   - Numbers are C's (strtod, finite, nothing after them): every finite
     double, none that overflows to infinity. Where the
     delimiter is not ',', a cell with one ',' and no '.' is a decimal
     comma: "5,1" is 5.1.

   Every error is printed as one line, "PROG: FILE:LINE: column N: why",
   and reported as -1; the caller only frees. */
#ifndef NN_EXAMPLES_CSV_H
#define NN_EXAMPLES_CSV_H

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* a byte of the file: POSIX's getc_unlocked where the program asked for
   POSIX (the tools are one thread: no lock for every byte), else getc */
#if defined(_POSIX_C_SOURCE) && _POSIX_C_SOURCE >= 199506L
#define CSV_GETC(f) getc_unlocked(f)
#else
#define CSV_GETC(f) getc(f)
#endif

#define CSV_BLANKS 1     /* the delimiter "commas or runs of blanks" */
#define CSV_LOOSE (-1)   /* found: ';' when the first line has most, else CSV_BLANKS */

typedef struct csv_cell {
    char *s;        /* the cell's text, NUL-terminated, quotes removed */
    size_t n;       /* its length (a quoted cell may hold a NUL: n counts) */
    int quoted;
    int num;        /* csv_parse's answer for the file's delimiter (0: v) */
    double v;
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
    unsigned long trail;        /* rows end in a delimiter, as this line; 0 not */
    int shaped;                 /* the first row was read: trail is decided */
    char *next;                 /* the line after the first row, read ahead */
    size_t next_cap, next_n;
    unsigned long next_lines;   /* the lines read ahead, blank ones too */
    int ahead;                  /* 1 a line in next, 2 the end read ahead */
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
        fprintf(stderr, "%s: %s: cannot open: %s\n", prog, path ? path : "<stdin>",
                strerror(errno));
        return -1;
    }
    return 0;
}

static void csv_close(csv_file *c)
{
    if (c->f && c->path) fclose(c->f);
    free(c->buf);
    free(c->next);
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

/* The encoding of a first line that is not UTF-8 nor ASCII: "UTF-16" or
   "UTF-32" for a byte-order mark or NUL bytes, else NULL */
static const char *csv_wide(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n >= 4 && ((u[0] == 0xFF && u[1] == 0xFE && !u[2] && !u[3]) ||
                   (!u[0] && !u[1] && u[2] == 0xFE && u[3] == 0xFF)))
        return "UTF-32";
    if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
        return "UTF-16";
    return memchr(s, '\0', n) ? "UTF-16" : NULL;
}

/* One physical line into *buf, without its end (\n, \r\n or \r), NUL
   after it; 1 a line, 0 the end, -1 an error (said). */
static int csv_read(csv_file *c, char **buf, size_t *cap, size_t *len)
{
    size_t n = 0, room;
    int ch = EOF;
    for (;;) {
        char *b;
        if (n + 3 > *cap && csv_grow((void **)buf, cap, n + 3, 1)) goto nomem;
        /* the bytes that fit, the line's end and a NUL left room for */
        for (b = *buf, room = *cap - 2; n < room; b[n++] = (char)ch) {
            ch = CSV_GETC(c->f);
            if (ch == EOF || ch == '\n' || ch == '\r') goto end;
        }
    }
end:
    if (ch == '\r' && (ch = CSV_GETC(c->f)) != '\n' && ch != EOF) ungetc(ch, c->f);
    if (ferror(c->f)) {
        csv_say(c, c->line + 1, 0, "read error: %s", strerror(errno));
        return -1;
    }
    if (ch == EOF && n == 0) return 0;
    if (csv_grow((void **)buf, cap, n + 1, 1)) goto nomem;
    (*buf)[n] = '\0';
    *len = n;
    return 1;
nomem:
    csv_say(c, c->line + 1, 0, "out of memory");
    return -1;
}

/* The next physical line into c->buf (the one read ahead, if any); 1 a
   line, 0 the end, -1 an error (said). */
static int csv_line(csv_file *c, size_t *len)
{
    size_t n = 0;
    int r;
    if (c->ahead) {
        char *t = c->buf;
        size_t cap = c->cap;
        r = c->ahead == 1;
        c->buf = c->next; c->cap = c->next_cap;
        c->next = t; c->next_cap = cap;
        *len = c->next_n;
        c->line += c->next_lines;
        c->ahead = 0;
        return r;
    }
    if ((r = csv_read(c, &c->buf, &c->cap, &n)) <= 0) return r;
    c->line++;
    if (!c->started) {
        const char *enc = csv_wide(c->buf, n);
        c->started = 1;
        if (enc) {
            csv_say(c, 0, 0, "%s text; save it as UTF-8 (CSV UTF-8)", enc);
            return -1;
        }
        if (n >= 3 && memcmp(c->buf, "\xEF\xBB\xBF", 3) == 0) {
            memmove(c->buf, c->buf + 3, n - 3 + 1);
            n -= 3;
        }
    }
    *len = n;
    return 1;
}

/* Only blanks */
static int csv_empty(const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n && csv_blank(s[i]); i++) {}
    return i == n;
}

/* The next row that is not blank ends in a delimiter: read ahead, for the
   first row. 1 yes, 0 no (or no row), -1 an error (said). */
static int csv_next_ends(csv_file *c)
{
    int r, d = c->delim == CSV_BLANKS ? ',' : c->delim;
    size_t n = 0;
    do {
        if ((r = csv_read(c, &c->next, &c->next_cap, &c->next_n)) < 0) return -1;
        c->next_lines += (unsigned long)r;
    } while (r == 1 && csv_empty(c->next, c->next_n));
    c->ahead = r == 1 ? 1 : 2;
    if (r == 0) return 0;
    n = c->next_n;
    while (n > 0 && c->next[n - 1] != d && csv_blank(c->next[n - 1])) n--;
    return n > 0 && c->next[n - 1] == d;
}

/* A decimal number the short way, [+-]digits[.digits][(e|E)[+-]digits]
   with at most 19 significant digits and a power of ten within 22 of
   them: 1 and *v, the double strtod reads (Clinger's fast path: the digits
   are an integer of at most 2^53 and 10^k is exact for k <= 22, so one
   multiplication or division rounds once, correctly), or 0 for anything
   else, strtod's to read. Taken only where doubles are evaluated as
   doubles (FLT_EVAL_METHOD 0: not x87). */
static int csv_decimal(const char *s, size_t n, double *v)
{
    static const double p10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                 1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    const char *e = s + n;
    unsigned long long m = 0;
    int neg = 0, digits = 0, any = 0, point = 0;
    long x = 0;
    double r;
#if !defined(FLT_EVAL_METHOD) || FLT_EVAL_METHOD != 0
    (void)p10; (void)e; (void)m; (void)neg; (void)digits; (void)any; (void)point;
    (void)x; (void)r; (void)v;
    return 0;
#else
    if (s < e && (*s == '-' || *s == '+')) neg = *s++ == '-';
    for (; s < e && ((*s >= '0' && *s <= '9') || (*s == '.' && !point)); s++) {
        if (*s == '.') { point = 1; continue; }
        any = 1;
        x -= point;                         /* a digit after the point */
        if (m || *s != '0') {
            if (++digits > 19) return 0;
            m = m * 10 + (unsigned)(*s - '0');
        }
    }
    if (!any) return 0;
    if (s < e && (*s == 'e' || *s == 'E')) {
        long k = 0;
        int eneg = 0, ed = 0;
        if (++s < e && (*s == '-' || *s == '+')) eneg = *s++ == '-';
        for (; s < e && *s >= '0' && *s <= '9'; s++, ed++)
            if ((k = k * 10 + (*s - '0')) > 1000) return 0;
        if (!ed) return 0;
        x += eneg ? -k : k;
    }
    if (s != e || m > (1ULL << 53)) return 0;
    if (m == 0) r = 0;
    else if (x >= 0 && x <= 22) r = (double)m * p10[x];
    else if (x < 0 && x >= -22) r = (double)m / p10[-x];
    else return 0;
    *v = neg ? -r : r;
    return 1;
#endif
}

/* A cell as a number: 0 and *v, or -1; -2 for a number beyond the doubles
   (strtod's infinity with ERANGE). Finite only; a decimal comma where the
   delimiter is not a comma. */
static int csv_parse(const csv_cell *cell, int delim, double *v)
{
    char tmp[64], *end;
    const char *s = cell->s;
    size_t n = cell->n;
    if (csv_decimal(s, n, v)) return 0;
    if (n == 0 || strlen(s) != n) return -1;
    if (delim != ',' && delim != CSV_BLANKS && strchr(s, ',') &&
        !strchr(s, '.') && strchr(s, ',') == strrchr(s, ',') && n < sizeof tmp) {
        memcpy(tmp, s, n + 1);
        *strchr(tmp, ',') = '.';
        s = tmp;
    }
    errno = 0;
    *v = strtod(s, &end);
    if (end == s || *end) return -1;
    if (!(*v - *v == 0)) return *v == *v && errno == ERANGE ? -2 : -1;
    return 0;
}

/* A cell of the current row as a number: 0 and *v, or -1 and *v = 0
   (csv_parse's answer, both failures as one, for the file's delimiter:
   read as the row was cut) */
static int csv_number(const csv_cell *cell, int delim, double *v)
{
    (void)delim;
    *v = cell->num ? 0 : cell->v;
    return cell->num ? -1 : 0;
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
    double v;
    if (cell->n == 0) return "is empty";
    if (csv_parse(cell, ',', &v) == -2)
        return "is not a finite number: beyond 1.8e308, the largest double";
    return "is not a finite number";
}

/* The row cut: a number beyond the doubles is refused here, so that no
   caller takes it for text (a header); an empty last cell after a
   delimiter is dropped on every row when the first two rows have one. 1,
   or -1 for such a number or when the rows disagree (said). */
static int csv_row(csv_file *c)
{
    const csv_cell *last = &c->cell[c->n_cells - 1];
    int ends = c->n_cells > 1 && last->n == 0 && !last->quoted;
    char shown[48];
    size_t j;
    for (j = 0; j < c->n_cells; j++)
        if ((c->cell[j].num = csv_parse(&c->cell[j], c->delim, &c->cell[j].v)) == -2) {
            csv_say(c, c->line, j + 1, "%s %s", csv_show(&c->cell[j], shown,
                    sizeof shown), csv_why(&c->cell[j]));
            return -1;
        }
    if (!c->shaped) {
        int r = ends ? csv_next_ends(c) : 0;
        if (r < 0) return -1;
        c->shaped = 1;
        if (r) c->trail = c->line;
    }
    if (!c->trail) return 1;
    if (!ends) {
        csv_say(c, c->line, 0, "%lu columns and no delimiter at the end, as "
                "line %lu has", (unsigned long)c->n_cells, c->trail);
        return -1;
    }
    c->n_cells--;
    return 1;
}

/* The next row that is not blank, cut into c->cell[0..n_cells).
   1 a row, 0 the end of the file, -1 an error (said). */
static int csv_next(csv_file *c)
{
    size_t n, i, k;
    int r;
    do {
        if ((r = csv_line(c, &n)) <= 0) return r;
    } while (csv_empty(c->buf, n));
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
    return csv_row(c);
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
