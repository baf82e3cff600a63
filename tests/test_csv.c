/* csv.h's numbers: csv_decimal, the short way to a cell's double, against
   strtod on half a million random decimals (signs, leading zeros, points,
   exponents, up to 24 digits), and on the edges of its range; csv_number
   on cells as csv_next cuts them. The short way, where taken, must give
   strtod's double bit for bit; where not taken, strtod reads the cell. */
#include "test.h"
#include "csv.h"

#include <stdint.h>

static uint64_t tcsv_state = 88172645463325252ULL;
static unsigned tcsv_rand(unsigned n)
{
    tcsv_state ^= tcsv_state << 13;
    tcsv_state ^= tcsv_state >> 7;
    tcsv_state ^= tcsv_state << 17;
    return (unsigned)(tcsv_state % n);
}

/* a random decimal in s: [+-]digits[.digits][(e|E)[+-]digits] and some
   that are not quite (a point alone, an exponent without digits); its
   length */
static size_t tcsv_decimal(char *s)
{
    size_t k = 0;
    unsigned len = 1 + tcsv_rand(24), dot = tcsv_rand(3) ? tcsv_rand(len + 1) : len + 1, i;
    if (!tcsv_rand(4)) s[k++] = tcsv_rand(2) ? '-' : '+';
    for (i = 0; i < len; i++) {
        if (i == dot) s[k++] = '.';
        s[k++] = (char)('0' + (tcsv_rand(3) ? tcsv_rand(10) : 0));
    }
    if (dot == len) s[k++] = '.';
    if (!tcsv_rand(3)) {
        unsigned ed = tcsv_rand(4);
        s[k++] = tcsv_rand(2) ? 'e' : 'E';
        if (tcsv_rand(2)) s[k++] = tcsv_rand(2) ? '-' : '+';
        for (i = 0; i < ed; i++) s[k++] = (char)('0' + tcsv_rand(10));
    }
    s[k] = '\0';
    return k;
}

/* csv_decimal(s) is strtod(s) (same bits, the whole of s read), or not
   taken; 1 when taken */
static int tcsv_same(const char *s, int *bad)
{
    char *end;
    double a = 0, b = strtod(s, &end);
    int taken = csv_decimal(s, strlen(s), &a);
    if (taken && (*end || memcmp(&a, &b, sizeof a) != 0)) {
        if (*bad < 5) fprintf(stderr, "%s: %.17g, strtod %.17g\n", s, a, b);
        ++*bad;
    }
    return taken;
}

/* under emulation (NN_TEST_EMULATED, make check's cross stage) a tenth */
static void test_random(void)
{
    const long n = getenv("NN_TEST_EMULATED") ? 100000 : 500000;
    char s[64];
    long i, taken = 0;
    int bad = 0;
    for (i = 0; i < n; i++) {
        tcsv_decimal(s);
        taken += tcsv_same(s, &bad);
    }
    CHECK(bad == 0);
#if FLT_EVAL_METHOD == 0
    CHECK(taken > n / 2);   /* the short way was tried */
#endif
    printf("csv_decimal: %ld of %ld random decimals the short way, %d unlike strtod\n",
           taken, n, bad);
}

static void test_edges(void)
{
    static const char *const cases[] = {
        "0", "-0", "+0", "255", "1.5", "-1.25e-3", ".5", "5.", "-.5e1", "007", "0.000",
        "1e22", "1e23", "1e-22", "1e-23", "9007199254740992", "9007199254740993",
        "9999999999999999999", "12345678901234567890", "4.9e-324", "1.7976931348623157e308",
        "123456.789e-17", "0e1000", "1e1000", ".", "+", "-", "e5", "1e", "1e+", "1.2.3",
        "0x10", " 1", "1 ", "inf", "nan", "1,5", NULL};
    int i, bad = 0;
    for (i = 0; cases[i]; i++) tcsv_same(cases[i], &bad);
    CHECK(bad == 0);
#if FLT_EVAL_METHOD == 0
    {
        double v = 1;
        CHECK(csv_decimal("-0", 2, &v) && v == 0 && signbit(v));
        CHECK(csv_decimal("255", 3, &v) && v == 255);
        CHECK(!csv_decimal("1e23", 4, &v) && !csv_decimal("9007199254740993", 16, &v));
    }
#endif
}

/* csv_number as the readers call it: the cells of a row read from a file
   (opened as standard input, path NULL, then given a temporary file in
   its place: csv_close leaves it open) */
static void test_cells(void)
{
    csv_file c;
    double v = -1;
    FILE *f = test_tmpfile();
    CHECK(f != NULL);
    if (!f) return;
    fputs("1.5;2,25;x;1e308;-0\n", f);
    rewind(f);
    CHECK(csv_open(&c, "test_csv", NULL, 0) == 0);
    c.f = f;
    CHECK(csv_next(&c) == 1 && c.n_cells == 5);
    if (c.n_cells == 5) {
        CHECK(csv_number(&c.cell[0], c.delim, &v) == 0 && v == 1.5);
        CHECK(csv_number(&c.cell[1], c.delim, &v) == 0 && v == 2.25);   /* decimal comma */
        CHECK(csv_number(&c.cell[2], c.delim, &v) == -1 && v == 0);
        CHECK(csv_number(&c.cell[3], c.delim, &v) == 0 && v == 1e308);
        CHECK(csv_number(&c.cell[4], c.delim, &v) == 0 && v == 0 && signbit(v));
    }
    CHECK(csv_next(&c) == 0);
    csv_close(&c);
    fclose(f);
}

/* the options' values: --delimiter, --label-column */
static void test_args(void)
{
    CHECK(csv_delim_arg(";") == ';' && csv_delim_arg("tab") == '\t');
    CHECK(csv_delim_arg("space") == CSV_BLANKS && csv_delim_arg("|") == 0);
    CHECK(csv_column_arg("-1") == -1 && csv_column_arg("0") == 0 && csv_column_arg("2x") == 0);
    CHECK(csv_column(-1, 5) == 4 && csv_column(2, 5) == 1 && csv_column(6, 5) == 5);
}

int main(void)
{
    test_random();
    test_edges();
    test_cells();
    test_args();
    return TEST_SUMMARY();
}
