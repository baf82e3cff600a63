# nn.h - build the examples, run the tests.
#   make run       train the article's XOR network and show the result
#   make test      the test suite (double and float builds, C and C++)
#   make examples  build every example (examples/) into build/
#   make tools     build train, predict and export (tools/) into build/
#   make check     every compiler and mode, sanitizers, valgrind, allocation
#                  failures, coverage, static analysis, numerics, install,
#                  the CSV readers fuzzed (CHECK_FUZZ_SECONDS, 30, per build)
#   make coverage  line and branch coverage of nn.h by the test suite (gcovr)
#   make install   PREFIX=/usr/local DESTDIR=: include/nn.h, lib/pkgconfig/nn.pc,
#                  lib/cmake/nn/ (make uninstall removes them)
#   make digits    train on handwritten digits (chart in build/digits.svg)
#   make iris      train on Fisher's irises (chart in build/iris.svg)
#   make accuracy  test accuracy of both for seeds 1..10
#   make accuracy-deep  the same for the deep recipe on digits, and the mean
#   make fashion   the Fashion-MNIST recipe on its official split (SEED=1;
#                  Debian's dataset-fashion-mnist, installed when missing)
#   make fuzz      fuzz the model-file loader and the tools' CSV readers,
#                  FUZZ_SECONDS (60) per build
#   make torch-check  model files from nn.h in PyTorch and back (skipped without
#                  torch; make test runs it too, in tests/test_torch.sh)
#   make mcu       the inference-only build on a Cortex-M4F under QEMU, and its footprint
CC ?= cc
CFLAGS ?= -std=c99 -O2
CXXFLAGS ?= -std=c++11 -O2
LDLIBS = -lm
# the warnings every build adds to CFLAGS or CXXFLAGS (which may be replaced)
STRICT = -Wall -Wextra -Wpedantic -Werror
B = build
# the model-file tests run under these when $(CC) builds and runs with them
SAN_FLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all
SAN := $(shell t=$$(mktemp) && printf 'int main(void){return 0;}\n' | \
        $(CC) $(SAN_FLAGS) -x c -o $$t - 2>/dev/null && $$t && echo '$(SAN_FLAGS)'; \
        rm -f $$t)
FUZZ_CC = clang
FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_SECONDS ?= 60
PYTHON ?= /usr/bin/python3

# the small programs people copy from (examples/), the command-line tools
# (tools/), and both: what make check runs (CHECK_ARGS_<name> below)
EXAMPLES = $(B)/xor
TOOLS = $(B)/train $(B)/predict $(B)/export
PROGRAMS = $(EXAMPLES) $(TOOLS)
# the programs the test scripts run: this build directory's
TEST_ENV = XOR=$(B)/xor PARITY=$(B)/parity_run TORCH_BUILD=$(B) EXPORT=$(B)/export \
           TRAIN=$(B)/train PREDICT=$(B)/predict TRAIN_OMP=$(B)/train_omp \
           TRAIN_FLOAT=$(B)/train_float PYTHON=$(PYTHON)
# test programs and scripts; each prints "N passed, N failed" last
TESTS = $(B)/test_nn $(B)/test_nn_float $(B)/test_tu $(B)/test_cpp_gxx \
        $(B)/test_cpp_clangxx tests/test_xor.sh tests/test_readme.sh
TESTS += $(B)/test_data $(B)/test_data_float $(B)/test_csv tests/test_train.sh tests/recipes.sh
TESTS += $(B)/test_io $(B)/test_io_float $(B)/test_io_cpp $(B)/test_io_nostdio \
         tests/test_predict.sh
TESTS += $(B)/test_alloc $(B)/test_fenv $(B)/test_cover $(B)/test_cover_float
TESTS += $(B)/test_own $(B)/test_own_float
TESTS += $(B)/test_layers $(B)/test_layers_float $(B)/test_layers_cpp
TESTS += $(B)/test_acts $(B)/test_acts_float $(B)/test_acts_cpp $(B)/test_core_acts \
         $(B)/test_core_acts_float
TESTS += $(B)/test_noalloc $(B)/test_noalloc_float
TESTS += $(B)/test_grad $(B)/test_grad_float tests/test_torch.sh
# rows added to the activation, loss and optimizer tables from a test file
TESTS += $(B)/test_table $(B)/test_table_float $(B)/test_table_cpp
TESTS += $(B)/test_embed $(B)/test_embed_float $(B)/test_embed_inf \
         $(B)/test_embed_inf_float $(B)/test_embed_inf_cpp tests/test_export.sh

.PHONY: all run test examples tools clean deps digits iris fashion accuracy accuracy-deep recipes fuzz torch-check golden \
        check coverage install uninstall mcu
all: examples tools

run: $(B)/xor
	./$(B)/xor

examples: $(EXAMPLES)

tools: $(TOOLS)

digits: $(B)/train
	./$(B)/train --svg $(B)/digits.svg examples/data/digits.csv

iris: $(B)/train
	./$(B)/train --svg $(B)/iris.svg examples/data/iris.csv

# Fashion-MNIST: Debian's gzipped IDX files unpacked into $(B)/fashion, then
# the README's recipe on the official split (60,000 training, 10,000 test
# images)
FASHION = /usr/share/datasets/fashion-mnist
FASHION_FILES = train-images-idx3-ubyte train-labels-idx1-ubyte \
        t10k-images-idx3-ubyte t10k-labels-idx1-ubyte
SEED = 1
fashion: $(B)/train
	@sh tests/deps.sh fashion
	@mkdir -p $(B)/fashion
	@for f in $(FASHION_FILES); do if [ ! -f $(B)/fashion/$$f ]; then \
	    gzip -dc $(FASHION)/$$f.gz >$(B)/fashion/$$f.part && \
	    mv $(B)/fashion/$$f.part $(B)/fashion/$$f || exit 1; fi; done
	./$(B)/train --layers 256,128 --activation relu --loss cross_entropy --init he \
	    --optimizer adam --rate 0.001 --mean-loss --batch 64 --epochs 15 \
	    --lr-schedule cosine --seed $(SEED) --svg $(B)/fashion.svg \
	    --idx-images $(B)/fashion/train-images-idx3-ubyte \
	    --idx-labels $(B)/fashion/train-labels-idx1-ubyte \
	    --test-idx-images $(B)/fashion/t10k-images-idx3-ubyte \
	    --test-idx-labels $(B)/fashion/t10k-labels-idx1-ubyte

# test accuracy of the default command for seeds 1..10 on both data sets
accuracy: $(B)/train
	@for f in digits iris; do for s in 1 2 3 4 5 6 7 8 9 10; do \
	    printf '%s seed %2d: ' $$f $$s; \
	    ./$(B)/train --seed $$s examples/data/$$f.csv | grep '^test accuracy'; \
	done; done

# the README's deep recipe for digits (tests/test_train.sh runs it too)
DEEP_RECIPE = --layers 128 --activation relu --loss cross_entropy \
        --optimizer adam --rate 0.001 --batch 32 --epochs 60 --weight-decay 0.1 \
        --init he

# its test accuracy on digits for seeds 1..10, then their mean and range
accuracy-deep: $(B)/train
	@for s in 1 2 3 4 5 6 7 8 9 10; do \
	    printf 'digits seed %2d: ' $$s; \
	    ./$(B)/train $(DEEP_RECIPE) --seed $$s examples/data/digits.csv | \
	        grep '^test accuracy' || exit 1; \
	done | awk '{ print; a = $$6 + 0; right += substr($$7, 2); all += $$9; n++; \
	        if (n == 1 || a < lo) lo = a; if (n == 1 || a > hi) hi = a } \
	    END { if (n != 10) exit 1; \
	        printf "mean %.2f%%, range %.2f%% to %.2f%%\n", 100 * right / all, lo, hi }'

# the programs are built first, two at a time unless make was given -j
# (then with its jobs), and run two at a time (tests/run.sh)
TEST_JOBS = $(if $(findstring jobserver,$(MAKEFLAGS)),,-j2)
test:
	@$(MAKE) --no-print-directory $(TEST_JOBS) $(TESTS) $(PROGRAMS)
	@$(TEST_ENV) sh tests/run.sh $(TESTS)

# the compilers the tests need, installed first when missing (tests/deps.sh)
deps:
	@sh tests/deps.sh test

$(B):
	mkdir -p $(B)

# each example and tool from its own file (train from its parts, below);
# each test program from tests/NAME.c in its variants: $(B)/NAME,
# $(B)/NAME_float (NN_REAL=float), $(B)/NAME_cpp (the C file as C++); flags
# of its own in FLAGS_NAME (not for C++)
$(B)/%: examples/%.c nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) -I. -o $@ $< $(LDLIBS)

$(B)/%: tools/%.c nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) -I. -o $@ $< $(LDLIBS)

$(B)/%: tests/%.c tests/test.h tests/alloc.h nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) $(FLAGS_$*) -I. -o $@ $< $(LDLIBS)

$(B)/%_float: tests/%.c tests/test.h tests/alloc.h nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) $(FLAGS_$*) -DNN_REAL=float -I. -o $@ $< $(LDLIBS)

$(B)/%_cpp: tests/%.c tests/test.h tests/alloc.h nn.h | $(B)
	$(CXX) $(CXXFLAGS) $(STRICT) -I. -x c++ -o $@ $< $(LDLIBS)

$(B)/export: tools/acts.h
$(B)/test_csv: tools/csv.h
FLAGS_test_csv = -Itools

# predict: tools/predict.c (the run, and nn.h's implementation) and its
# reading of the rows
PREDICT_SRC = tools/predict.c tools/predict_read.c
$(B)/predict: $(PREDICT_SRC) tools/predict_read.h tools/acts.h tools/csv.h nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) -I. -o $@ $(PREDICT_SRC) $(LDLIBS)

# train: tools/train.c (the run, and nn.h's implementation) and its parts
TRAIN_SRC = tools/train.c tools/train_options.c tools/table.c tools/idx.c \
        tools/metrics.c tools/chart.c
TRAIN_HDR = tools/train_options.h tools/table.h tools/idx.h tools/metrics.h \
        tools/chart.h tools/csv.h
$(B)/train: $(TRAIN_SRC) $(TRAIN_HDR) nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) -I. -o $@ $(TRAIN_SRC) $(LDLIBS)
# train in floats (NN_REAL=float): the table, too, holds floats
$(B)/train_float: $(TRAIN_SRC) $(TRAIN_HDR) nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) -DNN_REAL=float -I. -o $@ $(TRAIN_SRC) $(LDLIBS)
# train with threads (--threads): the products and the optimizer by OpenMP
$(B)/train_omp: $(TRAIN_SRC) $(TRAIN_HDR) nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) -fopenmp -I. -o $@ $(TRAIN_SRC) $(LDLIBS)
$(B)/test_nn $(B)/test_nn_float: tests/ref.h

# two translation units: the implementation in one, the other only declares
$(B)/test_tu: tests/tu_impl.c tests/tu_main.c tests/test.h nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) -I. -o $@ tests/tu_impl.c tests/tu_main.c $(LDLIBS)

# the C++ test, by $(CXX) (g++ unless told) and by clang++
$(B)/test_cpp_gxx: tests/test_cpp.cpp tests/test.h nn.h | $(B)
	$(CXX) $(CXXFLAGS) $(STRICT) -I. -o $@ tests/test_cpp.cpp $(LDLIBS)

$(B)/test_cpp_clangxx: tests/test_cpp.cpp tests/test.h nn.h | $(B)
	clang++ $(CXXFLAGS) $(STRICT) -I. -o $@ tests/test_cpp.cpp $(LDLIBS)

# the script runs build/train on bad and good files: build it first
tests/test_train.sh: $(B)/train $(B)/predict $(B)/train_omp $(B)/train_float
tests/recipes.sh: $(B)/train

# the README's recipes over seeds 1..10, as docs/accuracy.md's table (tests/recipes.sh)
recipes: $(B)/train
	@sh tests/recipes.sh table

# networks over the caller's memory and the inference-only build, each
# against the full build (tests/embed_full.c, its own private copy)
EMBED_SRC = tests/test_embed.c tests/embed_full.c
$(B)/test_embed_float: EMBED_FLAGS = -DNN_REAL=float
$(B)/test_embed_inf: EMBED_FLAGS = -DNN_NO_TRAINING
$(B)/test_embed_inf_float: EMBED_FLAGS = -DNN_NO_TRAINING -DNN_REAL=float
$(B)/test_embed $(B)/test_embed_float $(B)/test_embed_inf $(B)/test_embed_inf_float: \
        $(EMBED_SRC) tests/embed_full.h tests/test.h tests/alloc.h nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) $(EMBED_FLAGS) -I. -o $@ $(EMBED_SRC) $(LDLIBS)

$(B)/test_embed_inf_cpp: $(EMBED_SRC) tests/embed_full.h tests/test.h tests/alloc.h nn.h | $(B)
	$(CXX) $(CXXFLAGS) $(STRICT) -DNN_NO_TRAINING -I. -x c++ -o $@ $(EMBED_SRC) $(LDLIBS)

# the script builds exported headers with $(CC): build what it runs first
tests/test_export.sh: $(B)/export $(B)/predict $(B)/train
tests/test_readme.sh: $(B)/export $(B)/train

# model files (test_io): reads tests/data/, so run from the top directory;
# the C builds under the sanitizers when $(CC) has them
FLAGS_test_io = $(SAN)

# NN_NO_STDIO: the _mem functions, in a file that must not see <stdio.h>
$(B)/test_io_nostdio: tests/io_nostdio.c tests/io_nostdio_main.c nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) -I. -o $@ tests/io_nostdio.c tests/io_nostdio_main.c $(LDLIBS)

# the golden files and the fuzz seeds, from the standard-library writer
golden:
	$(PYTHON) tests/data/make_golden.py

$(B)/fuzz_load: tests/fuzz_load.c tests/alloc.h nn.h | $(B)
	$(FUZZ_CC) $(FUZZ_FLAGS) -I. -o $@ tests/fuzz_load.c $(LDLIBS)

$(B)/fuzz_load_float: tests/fuzz_load.c tests/alloc.h nn.h | $(B)
	$(FUZZ_CC) $(FUZZ_FLAGS) -DNN_REAL=float -I. -o $@ tests/fuzz_load.c $(LDLIBS)

# CSV files through train's and predict's readers (tests/fuzz_csv.c), in
# double and in float (train_float's table)
FUZZ_CSV_SRC = tests/fuzz_csv.c tools/table.c tools/metrics.c tools/predict_read.c
FUZZ_CSV_DEPS = $(FUZZ_CSV_SRC) tools/table.h tools/metrics.h tools/predict_read.h \
        tools/csv.h nn.h
$(B)/fuzz_csv: $(FUZZ_CSV_DEPS) | $(B)
	$(FUZZ_CC) $(FUZZ_FLAGS) -I. -Itools -o $@ $(FUZZ_CSV_SRC) $(LDLIBS)

$(B)/fuzz_csv_float: $(FUZZ_CSV_DEPS) | $(B)
	$(FUZZ_CC) $(FUZZ_FLAGS) -DNN_REAL=float -I. -Itools -o $@ $(FUZZ_CSV_SRC) $(LDLIBS)

# new inputs go to $(B)/fuzz_*; tests/fuzz_corpus and tests/fuzz_csv_corpus
# only seed; new CSV inputs are at most 1 KB, and the readers' messages
# (stderr) are left out (-close_fd_mask=2), the sanitizers' reports are not
# (make check's fuzz stage runs the CSV target too)
FUZZ_CSV_ARGS = -dict=tests/fuzz_csv.dict -close_fd_mask=2 -max_len=1024
fuzz: $(B)/fuzz_load $(B)/fuzz_load_float $(B)/fuzz_csv $(B)/fuzz_csv_float
	mkdir -p $(B)/fuzz_double $(B)/fuzz_float $(B)/fuzz_csv_in $(B)/fuzz_csv_in_float
	./$(B)/fuzz_load -max_total_time=$(FUZZ_SECONDS) -dict=tests/fuzz_load.dict \
	    $(B)/fuzz_double tests/fuzz_corpus
	./$(B)/fuzz_load_float -max_total_time=$(FUZZ_SECONDS) -dict=tests/fuzz_load.dict \
	    $(B)/fuzz_float tests/fuzz_corpus
	./$(B)/fuzz_csv -max_total_time=$(FUZZ_SECONDS) $(FUZZ_CSV_ARGS) \
	    $(B)/fuzz_csv_in tests/fuzz_csv_corpus
	./$(B)/fuzz_csv_float -max_total_time=$(FUZZ_SECONDS) $(FUZZ_CSV_ARGS) \
	    $(B)/fuzz_csv_in_float tests/fuzz_csv_corpus

# (torch_model, with the test programs' rule)

torch-check: $(B)/torch_model $(B)/predict
	$(PYTHON) tests/torch_check.py $(B)

clean:
	rm -rf $(B)

# ---- speed: the fast paths' tests and the benchmarks ----------------------
#   make test-speed  only the tests of the fast paths (also run by make test)
#   make bench       the speed benchmarks (bench/run.sh; OpenBLAS, NumPy, PyTorch
#                    beside nn.h, installed first on Debian when missing:
#                    tests/deps.sh bench; nn.h 1.x always, 2.1 in a git
#                    checkout)
# the fast paths: plain flags (on x86-64 every kernel the processor runs,
# picked at run time), float, the SIMD kernels the machine has
# (-march=native), two threads with OpenMP, NN_NO_SIMD (portable only), and
# the AVX2+FMA kernel by compiler flags when the processor has it
SPEED_TESTS = $(B)/test_speed $(B)/test_speed_float $(B)/test_speed_native \
        $(B)/test_speed_omp $(B)/test_speed_nosimd
HAVE_AVX2 := $(shell grep -qw avx2 /proc/cpuinfo 2>/dev/null && \
        grep -qw fma /proc/cpuinfo && echo yes)
ifeq ($(HAVE_AVX2),yes)
SPEED_TESTS += $(B)/test_speed_avx2
endif
TESTS += $(SPEED_TESTS)

.PHONY: test-speed bench bench-deps
test-speed: $(SPEED_TESTS)
	@sh tests/run.sh $(SPEED_TESTS)

# test_speed and test_speed_float come from the test programs' rule
SPEED_native = -march=native
SPEED_nosimd = -DNN_NO_SIMD
SPEED_avx2 = -mavx2 -mfma
SPEED_omp = -march=native -fopenmp
$(addprefix $(B)/test_speed_,native nosimd avx2 omp): $(B)/test_speed_%: \
        tests/test_speed.c tests/test.h tests/alloc.h nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) $(SPEED_$*) -I. -o $@ tests/test_speed.c $(LDLIBS)

# benchmarks: -O3 -march=native single thread, the same with -fopenmp, and
# plain -O2 without -march (NAME_O2); NAME_float with NN_REAL=float; OpenBLAS
# beside nn.h when pkg-config finds it; bench_train also links nn.h 1.x
# (bench/nn_v1.h) and bench_train, bench_gemm, bench_floor and bench_adam
# nn.h 2.1 (bench/bench_old.c, NN_STATIC in its own object, one for each
# build of the benchmarks: bench_v1_O2.o, bench_v2_float.o, ...); FANN
# (Debian's libfann-dev, its double build) as a contender when pkg-config or
# /usr/include has it. nn.h is built with NN_STATIC in every program, as 1.x
# and 2.1 are in their objects: the same build for each version timed
BENCH_CFLAGS = -std=c99 -O3 -march=native $(STRICT)
BENCH_O2_CFLAGS = -std=c99 -O2 $(STRICT)
OPENBLAS := $(shell pkg-config --exists openblas 2>/dev/null && echo yes)
ifeq ($(OPENBLAS),yes)
BLAS_CFLAGS = -DBENCH_OPENBLAS $(shell pkg-config --cflags openblas)
BLAS_LIBS = $(shell pkg-config --libs openblas)
endif
FANN := $(if $(shell pkg-config --exists fann 2>/dev/null && echo yes)$(wildcard \
        /usr/include/doublefann.h),yes)
ifeq ($(FANN),yes)
FANN_CFLAGS := $(shell pkg-config --cflags fann 2>/dev/null)
endif
BENCH_GEMM = $(B)/bench_gemm $(B)/bench_gemm_float $(B)/bench_gemm_O2 $(B)/bench_gemm_float_O2
BENCH_TRAINS = $(B)/bench_train $(B)/bench_train_float $(B)/bench_train_O2 \
        $(B)/bench_train_float_O2
BENCH_FLOORS = $(B)/bench_floor $(B)/bench_floor_float $(B)/bench_floor_O2 \
        $(B)/bench_floor_float_O2
BENCH_STEPS = $(B)/bench_step $(B)/bench_step_float $(B)/bench_step_O2 \
        $(B)/bench_step_float_O2 $(B)/bench_step_omp $(B)/bench_step_float_omp
BENCH = $(BENCH_GEMM) $(BENCH_TRAINS) $(BENCH_FLOORS) $(B)/bench_train_omp $(B)/bench_adam \
        $(B)/bench_adam_float $(BENCH_STEPS) $(B)/bench_csv $(B)/bench_csv_float $(B)/train \
        $(B)/train_float
ifeq ($(FANN),yes)
BENCH += $(B)/bench_fann
endif
BENCH_TRAIN_DEPS = bench/bench_train.c bench/bench.h bench/train_task.h bench/bench_old.h \
        bench/plain.h nn.h
# nn.h 2.1.0, the release nn.h is timed against row by row: the header of
# commit NN_V2_COMMIT, written into $(B) by git (not kept in bench/); without
# git or that commit, bench_v2*.o are built with -DBENCH_OLD=0 and the
# benchmarks say "skipped" in its rows
NN_V2_COMMIT = a1ffb83
NN_V2 := $(shell git cat-file -e $(NN_V2_COMMIT):nn.h 2>/dev/null && echo yes)
BENCH_V1 = $(B)/bench_v1.o $(B)/bench_v1_float.o $(B)/bench_v1_O2.o $(B)/bench_v1_float_O2.o
BENCH_V2 = $(subst /bench_v1,/bench_v2,$(BENCH_V1))
BENCH_OLD_DEPS = bench/bench_old.c bench/bench_old.h bench/train_task.h bench/adam_task.h
ifeq ($(NN_V2),yes)
BENCH_OLD_v2 = -DBENCH_OLD=2 -I$(B)
$(BENCH_V2): $(B)/nn_v2.h
else
BENCH_OLD_v2 = -DBENCH_OLD=0
endif

# the builds' flags, by target: -O2 for the _O2 ones, float for the _float ones
$(filter %_O2 %_O2.o,$(BENCH_GEMM) $(BENCH_TRAINS) $(BENCH_FLOORS) $(BENCH_STEPS) \
        $(BENCH_V1) $(BENCH_V2)): BENCH_CFLAGS = $(BENCH_O2_CFLAGS)
$(filter %_float %_float_O2 %_float_omp %_float.o %_float_O2.o,$(BENCH_GEMM) $(BENCH_TRAINS) \
        $(BENCH_FLOORS) $(BENCH_STEPS) $(BENCH_V1) $(BENCH_V2)): BENCH_REAL = -DNN_REAL=float
$(filter %_omp,$(BENCH_STEPS)): BENCH_OMP = -fopenmp

bench: bench-deps
	@$(MAKE) --no-print-directory $(BENCH)
	@sh bench/run.sh $(B)

bench-deps:
	@sh tests/deps.sh bench

$(B)/nn_v2.h: | $(B)
	git show $(NN_V2_COMMIT):nn.h > $@.tmp && mv $@.tmp $@

$(BENCH_V1): $(B)/bench_v1%.o: $(BENCH_OLD_DEPS) bench/nn_v1.h | $(B)
	$(CC) $(BENCH_CFLAGS) $(BENCH_REAL) -DBENCH_OLD=1 -c -o $@ bench/bench_old.c

$(BENCH_V2): $(B)/bench_v2%.o: $(BENCH_OLD_DEPS) | $(B)
	$(CC) $(BENCH_CFLAGS) $(BENCH_REAL) $(BENCH_OLD_v2) -c -o $@ bench/bench_old.c

# each with its build's 2.1 object (bench_train with its 1.x one too)
$(BENCH_GEMM): $(B)/bench_gemm%: bench/bench_gemm.c bench/bench.h bench/bench_old.h nn.h \
        $(B)/bench_v2%.o | $(B)
	$(CC) $(BENCH_CFLAGS) $(BENCH_REAL) -DNN_STATIC $(BLAS_CFLAGS) -I. -o $@ bench/bench_gemm.c \
	        $(B)/bench_v2$*.o $(BLAS_LIBS) $(LDLIBS)

$(BENCH_TRAINS): $(B)/bench_train%: $(BENCH_TRAIN_DEPS) $(B)/bench_v1%.o $(B)/bench_v2%.o | $(B)
	$(CC) $(BENCH_CFLAGS) $(BENCH_REAL) -DNN_STATIC -I. -o $@ bench/bench_train.c $(B)/bench_v1$*.o \
	        $(B)/bench_v2$*.o $(LDLIBS)

# the latency floor of an article step, beside nn_train_step's step
$(BENCH_FLOORS): $(B)/bench_floor%: bench/bench_floor.c bench/bench.h bench/train_task.h \
        bench/bench_old.h nn.h $(B)/bench_v2%.o | $(B)
	$(CC) $(BENCH_CFLAGS) $(BENCH_REAL) -DNN_STATIC -I. -o $@ bench/bench_floor.c $(B)/bench_v2$*.o \
	        $(LDLIBS)

$(B)/bench_train_omp: bench/bench_train.c bench/bench.h bench/train_task.h nn.h | $(B)
	$(CC) $(BENCH_CFLAGS) -DNN_STATIC -fopenmp -I. -o $@ bench/bench_train.c $(LDLIBS)

# one Adam step of 784-256-128-10 (relu, relu, softmax, cross-entropy), in
# the -O3 -march=native builds
$(B)/bench_adam $(B)/bench_adam_float: $(B)/bench_adam%: bench/bench_adam.c bench/bench.h \
        bench/adam_task.h bench/bench_old.h nn.h $(B)/bench_v2%.o | $(B)
	$(CC) $(BENCH_CFLAGS) $(if $*,-DNN_REAL=float) -DNN_STATIC -I. -o $@ bench/bench_adam.c \
	        $(B)/bench_v2$*.o $(LDLIBS)

# the deep recipe's step in its parts, at batch 64 and 256, beside PyTorch
# at its best; the _omp builds also on 2 threads
$(BENCH_STEPS): $(B)/bench_step%: bench/bench_step.c bench/bench.h bench/adam_task.h nn.h | $(B)
	$(CC) $(BENCH_CFLAGS) $(BENCH_REAL) $(BENCH_OMP) -DNN_STATIC -I. -o $@ bench/bench_step.c \
	        $(LDLIBS)

# train's CSV reader (tools/table.c) on Fashion-MNIST as a CSV file, built
# as train is
$(B)/bench_csv $(B)/bench_csv_float: $(B)/bench_csv%: bench/bench_csv.c bench/bench.h \
        tools/table.c tools/metrics.c tools/table.h tools/metrics.h tools/csv.h nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) $(if $*,-DNN_REAL=float) -I. -o $@ bench/bench_csv.c \
	        tools/table.c tools/metrics.c $(LDLIBS)

# FANN is a compiled library (Debian's flags): this side at plain -O2
$(B)/bench_fann: bench/bench_fann.c bench/bench.h | $(B)
	$(CC) $(BENCH_O2_CFLAGS) $(FANN_CFLAGS) -o $@ bench/bench_fann.c -ldoublefann $(LDLIBS)

# ---- quality ----------------------------------------------------------------
PREFIX ?= /usr/local
DESTDIR ?=

# what make check runs each example and tool with (arguments, a file on its
# input); a program without them runs with none and an empty input
CHECK_ARGS_train = --epochs 5 --layers 8,6 --activation relu --loss cross_entropy \
                   --optimizer adam --rate 0.01 examples/data/iris.csv
CHECK_ARGS_predict = tests/data/golden_f64.safetensors
CHECK_STDIN_predict = tests/data/rows3.txt
CHECK_ARGS_export = tests/data/golden_f64.safetensors
# programs make check does not run under valgrind: built with -march=native
# they hold AVX-512 instructions valgrind 3.19 cannot decode, and the
# portable ones fail their sigmoid accuracy check on valgrind's emulated
# floating point; all of them run under the sanitizers
CHECK_NO_VALGRIND = $(SPEED_TESTS)
# and not under MemorySanitizer: the OpenMP runtime is not instrumented
CHECK_NO_MSAN = $(B)/test_speed_omp
# not counted by make coverage: the same functions sit at other lines under
# -march=native, which gcovr 5 cannot merge
CHECK_NO_COVERAGE = $(B)/test_speed_native $(B)/test_speed_omp $(B)/test_speed_avx2 $(B)/train_omp

# test_own: a network, work or optimizer made in a struct never used, or in
# one holding a live one's bytes (make check runs it at -O0 and -O2 with gcc
# and clang under ASan, valgrind and MSan: tests/own.sh)
# test_alloc: NN_MALLOC failing at every call of a session; test_noalloc: no
# allocation while training; test_fenv: floating-point exceptions and
# non-finite inputs; test_cover: the argument checks and corners the other
# tests leave out; test_grad: deep networks' gradients against central
# differences and plain loops (the test programs' rule builds them all)
FLAGS_test_grad = -Wshadow -Wconversion

# training against PyTorch and model files both ways (skipped without it):
# the script runs parity_run, and torch_check.py, which runs torch_model and
# predict
tests/test_torch.sh: $(B)/parity_run $(B)/torch_model $(B)/predict

FLAGS_parity_run = -Wshadow -Wconversion

check: nn.h
	@sh tests/deps.sh check
	@sh tests/check.sh

mcu: nn.h
	@sh tests/mcu/run.sh

coverage: nn.h
	@sh tests/coverage.sh

# make print-TESTS: the value of a variable, for tests/check.sh
print-%:
	@echo $($*)

# the same files as cmake --install, byte for byte: the header, its pkg-config
# file and its CMake package (find_package(nn CONFIG) gives nn::nn)
NN_VERSION := $(shell sed -n 's/^.define NN_VERSION "\(.*\)"$$/\1/p' nn.h)
INSTALLED = include/nn.h lib/pkgconfig/nn.pc lib/cmake/nn/nnConfig.cmake \
        lib/cmake/nn/nnConfigVersion.cmake
SUBST = sed -e 's|@prefix@|$(PREFIX)|' -e 's|@version@|$(NN_VERSION)|' \
        -e 's|@major@|$(firstword $(subst ., ,$(NN_VERSION)))|'

install: nn.h nn.pc.in cmake/nnConfig.cmake cmake/nnConfigVersion.cmake.in
	mkdir -p $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib/pkgconfig \
	    $(DESTDIR)$(PREFIX)/lib/cmake/nn
	cp nn.h $(DESTDIR)$(PREFIX)/include/nn.h
	$(SUBST) nn.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/nn.pc
	cp cmake/nnConfig.cmake $(DESTDIR)$(PREFIX)/lib/cmake/nn/nnConfig.cmake
	$(SUBST) cmake/nnConfigVersion.cmake.in > \
	    $(DESTDIR)$(PREFIX)/lib/cmake/nn/nnConfigVersion.cmake
	cd $(DESTDIR)$(PREFIX) && chmod 644 $(INSTALLED)

uninstall:
	cd $(DESTDIR)$(PREFIX) 2>/dev/null && rm -f $(INSTALLED) || true
	-rmdir $(DESTDIR)$(PREFIX)/lib/cmake/nn 2>/dev/null

# every test is built after deps has made sure of its compilers (this comes
# last, once TESTS has all its parts)
$(TESTS): | deps
