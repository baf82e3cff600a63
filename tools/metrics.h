/* metrics.h - how well train's network does on some rows: the loss, the
   accuracy and the confusion matrix of a classifier, RMSE and R^2 of a
   regression; and the lines train prints of them. */
#ifndef NN_TOOLS_METRICS_H
#define NN_TOOLS_METRICS_H

#include "nn.h"

/* how well a network does on some rows */
typedef struct score {
    double loss;                /* the loss per row */
    size_t right;               /* classification: rows classified right */
    double acc;                 /* ... as a percentage */
    double rmse, r2;            /* regression, in the data's units; R^2 is
                                   the mean over the targets, as scikit-learn's */
} score;

/* what evaluate needs beside the rows */
typedef struct scoring {
    int regression;
    const double *ymean, *ysd;  /* regression: the targets' standardization */
    double *scratch;            /* regression: 3 x targets */
    size_t *confusion;          /* classification, or NULL: += 1 at (true, predicted) */
    double *pred, *truth;       /* regression, or NULL: target 0 of each row */
} scoring;

/* the index of the largest of v[0..n), the first of equal ones */
size_t argmax(const nn_real *v, size_t n);

/* The network on (x, y), forward in batches of the work's capacity. */
score evaluate(const nn_net *net, nn_work *w, nn_mat x, nn_mat y,
               const scoring *s);

/* one line of progress: the scores of the epoch */
void print_scores(const char *part, const score *s, int regression);

/* the confusion matrix (K,K), rows true class, columns predicted */
void print_confusion(const size_t *c, size_t K);

#endif
