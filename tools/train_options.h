/* train_options.h - train's command line: the options, their defaults (the
   article's network and training), the usage text, and the checks of the
   options that depend on each other. */
#ifndef NN_TOOLS_TRAIN_OPTIONS_H
#define NN_TOOLS_TRAIN_OPTIONS_H

#include <stdio.h>

#include "nn.h"
#include "table.h"

#define MAX_HIDDEN 64       /* hidden layers --layers may list */

/* the initial weights: train's own uniform scaling, or nn.h's */
enum { INIT_UNIFORM, INIT_GLOROT, INIT_HE };
/* the rate over the epochs (PyTorch's schedulers of the same names) */
enum { SCHED_CONSTANT, SCHED_STEP, SCHED_COSINE };

typedef struct options {
    size_t epochs, batch;
    size_t n_hidden, widths[MAX_HIDDEN];  /* hidden layers and their widths */
    int hidden_given, layers_given;
    nn_act act, out;            /* hidden layers, output layer */
    nn_real act_param[NN_ACT_MAX_PARAMS];  /* the hidden layers' activation's */
    nn_loss loss;
    int out_given, loss_given;
    nn_opt_kind opt;
    double momentum, weight_decay, alpha;  /* given values; nn_opt_init's others */
    int momentum_given, weight_decay_given, alpha_given;
    int centered, no_decay_biases;         /* --centered, --no-decay-biases */
    double clip_norm;           /* --clip-norm; 0: not given */
    int init, schedule, mean_loss;
    double rate, test_fraction, val_fraction;
    int test_fraction_given;
    int val_given;
    size_t patience;            /* 0: no early stopping */
    unsigned long long seed;
    size_t threads;             /* --threads; 0: not given (OpenMP's default) */
    read_opts read;
    size_t targets;             /* --targets as given; 0: not given */
    int label_given, regression, rate_given;
    const char *svg, *save, *file;
    const char *test;           /* --test: the test rows' file, or NULL */
    const char *columns, *drop; /* --columns, --drop: their lists, or NULL */
    const char *idx_images, *idx_labels;            /* IDX files, or NULL */
    const char *test_idx_images, *test_idx_labels;
} options;

/* the usage text, on f */
void usage(FILE *f);

/* Reads the command line into o. 0 parsed, 1 help asked, -1 usage error
   (already reported on stderr). */
int parse_options(int argc, char **argv, options *o);

/* the line of what differs from the article's network and its training
   (none when nothing does); opt: the optimizer, NULL when trained by
   nn_train_step */
void print_differences(const options *o, const nn_opt *opt);

#endif
