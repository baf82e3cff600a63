/* predict - a saved model's predictions for the rows of numbers on stdin.

       predict [--activations LIST] MODEL < rows

   MODEL is a model file of any depth (nn_save_file, or any safetensors file
   with the same tensors, such as a PyTorch nn.Sequential's state_dict).
   --activations gives each layer's activation, comma-separated
   ("relu,tanh,softmax"), in place of the file's: a file from PyTorch may
   have none. Each input line is one sample: n_in numbers separated by
   spaces, tabs or commas; blank lines are skipped. Each output line holds
   the sample's n_out predictions, separated by spaces, with the digits that
   read back to the same nn_real.
   Exit status: 0 done; 1 an unreadable model (with the reason the file was
   refused) or a bad line, with one line on stderr; 2 wrong usage. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NN_IMPLEMENTATION
#include "nn.h"
#include "acts.h"

static int fail(const char *msg, unsigned long line)
{
    if (line) fprintf(stderr, "predict: line %lu: %s\n", line, msg);
    else fprintf(stderr, "predict: %s\n", msg);
    return 1;
}

/* One line, without its newline, into *buf (grown as needed).
   1: a line; 0: end of input; -1: out of memory or a NUL byte. */
static int read_line(FILE *f, char **buf, size_t *cap)
{
    size_t n = 0;
    int c;
    while ((c = getc(f)) != EOF && c != '\n') {
        if (c == 0) return -1;
        if (n + 1 >= *cap) {
            size_t ncap = *cap ? 2 * *cap : 256;
            char *p = (char *)realloc(*buf, ncap);
            if (!p) return -1;
            *buf = p;
            *cap = ncap;
        }
        (*buf)[n++] = (char)c;
    }
    if (c == EOF && n == 0) return 0;
    if (!*buf) {                        /* an empty first line */
        *buf = (char *)malloc(1);
        if (!*buf) return -1;
        *cap = 1;
    }
    (*buf)[n] = '\0';
    return 1;
}

static const char *skip_blank(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\r') s++;
    return s;
}

/* The numbers of line s into x (n_in of them): NULL, or why not.
   A comma separates two numbers; spaces may too. */
static const char *parse_row(const char *s, nn_real *x, size_t n_in)
{
    size_t n = 0;
    s = skip_blank(s);
    while (*s) {
        char *end;
        double v = strtod(s, &end);
        if (end == s) return "not a number";
        if (!isfinite(v)) return "not a finite number";
        if (n == n_in) return "more numbers than the model's inputs";
        x[n++] = (nn_real)v;
        s = skip_blank(end);
        if (*s == ',') {
            s = skip_blank(s + 1);
            if (!*s) return "a comma at the end";
        } else if (*s && s == end) {
            return "not a number";      /* 1x: no separator after the number */
        }
    }
    return n == n_in ? NULL : "fewer numbers than the model's inputs";
}

static int usage(void)
{
    fprintf(stderr, "usage: predict [--activations LIST] MODEL < rows   "
                    "(one sample per line)\n");
    return 2;
}

int main(int argc, char **argv)
{
    nn_net net;
    nn_work work;
    nn_real *x;
    nn_act acts[64];
    nn_load_opts opts;
    const char *model;
    char *line = NULL, msg[400];
    size_t cap = 0, j;
    unsigned long lineno = 0;
    int digits = sizeof(nn_real) == sizeof(float) ? 9 : 17, r, status = 0;
    nn_status st;

    memset(&opts, 0, sizeof opts);
    if (argc == 4 && strcmp(argv[1], "--activations") == 0) {
        opts.acts = acts;
        opts.n_acts = parse_acts(argv[2], acts, sizeof acts / sizeof acts[0]);
        if (!opts.n_acts) {
            fprintf(stderr, "predict: --activations %.200s: not a list of sigmoid, tanh, "
                            "relu, linear, softmax\n", argv[2]);
            return 2;
        }
        model = argv[3];
    } else if (argc == 2) {
        model = argv[1];
    } else {
        return usage();
    }
    if (model[0] == '-') return usage();
    memset(&net, 0, sizeof net);
    st = nn_load_file_ex(&net, model, &opts);
    if (st != NN_OK) {
        sprintf(msg, "%.200s: %s", model, opts.why);
        return fail(msg, 0);
    }
    x = (nn_real *)malloc(net.n_in * sizeof *x);
    if (!x || nn_work_init(&work, &net, 1) != NN_OK) {
        nn_net_free(&net);
        free(x);
        return fail("out of memory", 0);
    }
    while ((r = read_line(stdin, &line, &cap)) == 1) {
        const char *why;
        lineno++;
        if (!*skip_blank(line)) continue;
        why = parse_row(line, x, net.n_in);
        if (why) {
            sprintf(msg, "%s (the model takes %lu)", why, (unsigned long)net.n_in);
            status = fail(msg, lineno);
            break;
        }
        nn_forward(&net, nn_mat_view(x, 1, net.n_in), &work);
        for (j = 0; j < net.n_out; j++)
            printf("%s%.*g", j ? " " : "", digits, (double)work.out.data[j]);
        putchar('\n');
    }
    if (r < 0) status = fail("not text, or out of memory", lineno + 1);
    if (!status && (fflush(stdout) != 0 || ferror(stdout) || ferror(stdin)))
        status = fail("read or write error", 0);
    free(line);
    free(x);
    nn_work_free(&work);
    nn_net_free(&net);
    return status;
}
