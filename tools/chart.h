/* chart.h - train's chart, an SVG file of two panels: the training loss per
   epoch, and the accuracies per epoch (classification) or the predicted
   against the true values of the held-out rows (regression). */
#ifndef NN_TOOLS_CHART_H
#define NN_TOOLS_CHART_H

#include <stddef.h>

typedef struct history {
    size_t epochs;
    double *loss, *train_acc, *val_acc, *test_acc;   /* each `epochs` long */
    int has_val, has_test;
    /* regression: the first target of the rows the chart plots */
    const double *pred, *truth;
    size_t n_pred;
    const char *pred_rows;      /* "test" or "training" */
} history;

/* Writes the chart of h to path under title; loss_name labels the loss
   axis. 0 written, -1 not (errno says why). */
int write_svg(const char *path, const char *title, const char *loss_name,
              const history *h);

#endif
