/* idx.h - train's other input: IDX files, the format of MNIST and
   Fashion-MNIST (uncompressed), an images file and a labels file read into
   a table (table.h). */
#ifndef NN_TOOLS_IDX_H
#define NN_TOOLS_IDX_H

#include "table.h"

/* Reads the images file (magic 0x00000803: unsigned bytes, n x rows x
   cols) and the labels file (magic 0x00000801: n unsigned bytes) into t:
   n rows of rows * cols features (the bytes as numbers) and a class label
   each. The classes are 0..K-1, K the largest label + 1; with like (a test
   set), like's: the same features, labels below like->classes. On failure
   prints one line, "train: file: why", and returns -1 (t is then empty). */
int read_idx(const char *images, const char *labels, const table *like, table *t);

#endif
