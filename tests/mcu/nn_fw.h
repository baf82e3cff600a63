/* nn_fw.h - nn.h as firmware builds it: float, inference only, the core
   activations alone (NN_CORE_ACTS), no model
   files, no stdio, and an allocator that counts and always fails (mcu.h);
   then the exported model, model.h, found on the include path. */
#ifndef NN_FW_H
#define NN_FW_H

#include "mcu.h"
#define NN_REAL float
#define NN_NO_TRAINING
#define NN_NO_FILES
#define NN_NO_STDIO
#define NN_CORE_ACTS
#define NN_MALLOC(n) mcu_fail_alloc(n)
#define NN_FREE(p) ((void)(p))
#define NN_IMPLEMENTATION
#include "nn.h"
#include "model.h"

#endif
