# nn.h - build the examples, run the tests.
#   make run       train the article's XOR network and show the result
#   make test      the test suite (double and float builds, C and C++)
#   make examples  build every example into build/
#   make check     every compiler and mode, sanitizers, valgrind, allocation
#                  failures, coverage, static analysis, numerics, install
#   make coverage  line and branch coverage of nn.h by the test suite (gcovr)
#   make install   PREFIX=/usr/local DESTDIR=: include/nn.h, lib/pkgconfig/nn.pc,
#                  lib/cmake/nn/ (make uninstall removes them)
#   make digits    train on handwritten digits (chart in build/digits.svg)
#   make iris      train on Fisher's irises (chart in build/iris.svg)
#   make accuracy  test accuracy of both for seeds 1..10
#   make accuracy-deep  the same for the deep recipe on digits, and the mean
#   make fuzz      fuzz the model-file loader, FUZZ_SECONDS (60) per build
#   make torch-check  model files from nn.h in PyTorch and back (skipped without torch)
#   make mcu       the inference-only build on a Cortex-M4F under QEMU, and its footprint
CC ?= cc
CFLAGS ?= -std=c99 -O2 -Wall -Wextra -Wpedantic
CXXFLAGS ?= -std=c++11 -O2 -Wall -Wextra -Wpedantic
LDLIBS = -lm
# the strict flags every test compile adds
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

EXAMPLES = $(B)/xor $(B)/train $(B)/predict $(B)/export
# test programs and scripts; each prints "N passed, N failed" last
TESTS = $(B)/test_nn $(B)/test_nn_float $(B)/test_tu $(B)/test_cpp_gxx \
        $(B)/test_cpp_clangxx tests/test_xor.sh tests/test_readme.sh
TESTS += $(B)/test_data $(B)/test_data_float tests/test_train.sh
TESTS += $(B)/test_io $(B)/test_io_float $(B)/test_io_cpp $(B)/test_io_nostdio \
         tests/test_predict.sh
TESTS += $(B)/test_alloc $(B)/test_fenv $(B)/test_cover $(B)/test_cover_float
TESTS += $(B)/test_layers $(B)/test_layers_float $(B)/test_layers_cpp
TESTS += $(B)/test_noalloc $(B)/test_noalloc_float
TESTS += $(B)/test_grad $(B)/test_grad_float tests/test_torch.sh
TESTS += $(B)/test_embed $(B)/test_embed_float $(B)/test_embed_inf \
         $(B)/test_embed_inf_float $(B)/test_embed_inf_cpp tests/test_export.sh

.PHONY: all run test examples clean deps digits iris accuracy accuracy-deep fuzz torch-check golden \
        check coverage install uninstall mcu
all: examples

run: $(B)/xor
	./$(B)/xor

examples: $(EXAMPLES)

digits: $(B)/train
	./$(B)/train --svg $(B)/digits.svg examples/data/digits.csv

iris: $(B)/train
	./$(B)/train --svg $(B)/iris.svg examples/data/iris.csv

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

test: $(TESTS) $(EXAMPLES)
	@XOR=$(B)/xor PARITY=$(B)/parity_run EXPORT=$(B)/export PYTHON=$(PYTHON) \
	    sh tests/run.sh $(TESTS)

# the compilers the tests need, installed first when missing (tests/deps.sh)
deps:
	@sh tests/deps.sh test

$(B):
	mkdir -p $(B)

$(B)/xor: examples/xor.c nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) -I. -o $@ examples/xor.c $(LDLIBS)

$(B)/test_nn: tests/test_nn.c tests/test.h tests/ref.h nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) -I. -o $@ tests/test_nn.c $(LDLIBS)

$(B)/test_nn_float: tests/test_nn.c tests/test.h tests/ref.h nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) -DNN_REAL=float -I. -o $@ tests/test_nn.c $(LDLIBS)

# two translation units: the implementation in one, the other only declares
$(B)/test_tu: tests/tu_impl.c tests/tu_main.c tests/test.h nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) -I. -o $@ tests/tu_impl.c tests/tu_main.c $(LDLIBS)

$(B)/test_cpp_gxx: tests/test_cpp.cpp tests/test.h nn.h | $(B)
	g++ $(CXXFLAGS) $(STRICT) -I. -o $@ tests/test_cpp.cpp $(LDLIBS)

$(B)/test_cpp_clangxx: tests/test_cpp.cpp tests/test.h nn.h | $(B)
	clang++ $(CXXFLAGS) $(STRICT) -I. -o $@ tests/test_cpp.cpp $(LDLIBS)

$(B)/train: examples/train.c nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) -I. -o $@ examples/train.c $(LDLIBS)

# the script runs build/train on bad and good files: build it first
tests/test_train.sh: $(B)/train

$(B)/test_data: tests/test_data.c tests/test.h nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) -I. -o $@ tests/test_data.c $(LDLIBS)

$(B)/test_data_float: tests/test_data.c tests/test.h nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) -DNN_REAL=float -I. -o $@ tests/test_data.c $(LDLIBS)

$(B)/predict: examples/predict.c examples/acts.h nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) -I. -o $@ examples/predict.c $(LDLIBS)

$(B)/export: examples/export.c examples/acts.h nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) -I. -o $@ examples/export.c $(LDLIBS)

# networks over the caller's memory and the inference-only build, each
# against the full build (tests/embed_full.c, its own private copy)
EMBED_SRC = tests/test_embed.c tests/embed_full.c tests/test.h nn.h
$(B)/test_embed: $(EMBED_SRC) | $(B)
	$(CC) $(CFLAGS) $(STRICT) -I. -o $@ tests/test_embed.c tests/embed_full.c $(LDLIBS)

$(B)/test_embed_float: $(EMBED_SRC) | $(B)
	$(CC) $(CFLAGS) $(STRICT) -DNN_REAL=float -I. -o $@ tests/test_embed.c \
	    tests/embed_full.c $(LDLIBS)

$(B)/test_embed_inf: $(EMBED_SRC) | $(B)
	$(CC) $(CFLAGS) $(STRICT) -DNN_NO_TRAINING -I. -o $@ tests/test_embed.c \
	    tests/embed_full.c $(LDLIBS)

$(B)/test_embed_inf_float: $(EMBED_SRC) | $(B)
	$(CC) $(CFLAGS) $(STRICT) -DNN_NO_TRAINING -DNN_REAL=float -I. -o $@ \
	    tests/test_embed.c tests/embed_full.c $(LDLIBS)

$(B)/test_embed_inf_cpp: $(EMBED_SRC) | $(B)
	g++ $(CXXFLAGS) $(STRICT) -DNN_NO_TRAINING -I. -x c++ -o $@ tests/test_embed.c \
	    tests/embed_full.c $(LDLIBS)

# the script builds exported headers with $(CC): build what it runs first
tests/test_export.sh: $(B)/export $(B)/predict $(B)/train
tests/test_readme.sh: $(B)/export $(B)/train

# layers, activations, losses, optimizers, initial weights, prediction
$(B)/test_layers: tests/test_layers.c tests/test.h nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) -I. -o $@ tests/test_layers.c $(LDLIBS)

$(B)/test_layers_float: tests/test_layers.c tests/test.h nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) -DNN_REAL=float -I. -o $@ tests/test_layers.c $(LDLIBS)

$(B)/test_layers_cpp: tests/test_layers.c tests/test.h nn.h | $(B)
	g++ $(CXXFLAGS) $(STRICT) -I. -x c++ -o $@ tests/test_layers.c $(LDLIBS)

# model files: reads tests/data/, so run from the top directory
$(B)/test_io: tests/test_io.c tests/test.h nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) $(SAN) -I. -o $@ tests/test_io.c $(LDLIBS)

$(B)/test_io_float: tests/test_io.c tests/test.h nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) $(SAN) -DNN_REAL=float -I. -o $@ tests/test_io.c $(LDLIBS)

$(B)/test_io_cpp: tests/test_io.c tests/test.h nn.h | $(B)
	g++ $(CXXFLAGS) $(STRICT) -I. -x c++ -o $@ tests/test_io.c $(LDLIBS)

# NN_NO_STDIO: the _mem functions, in a file that must not see <stdio.h>
$(B)/test_io_nostdio: tests/io_nostdio.c tests/io_nostdio_main.c nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) -I. -o $@ tests/io_nostdio.c tests/io_nostdio_main.c $(LDLIBS)

# the golden files and the fuzz seeds, from the standard-library writer
golden:
	$(PYTHON) tests/data/make_golden.py

$(B)/fuzz_load: tests/fuzz_load.c nn.h | $(B)
	$(FUZZ_CC) $(FUZZ_FLAGS) -I. -o $@ tests/fuzz_load.c $(LDLIBS)

$(B)/fuzz_load_float: tests/fuzz_load.c nn.h | $(B)
	$(FUZZ_CC) $(FUZZ_FLAGS) -DNN_REAL=float -I. -o $@ tests/fuzz_load.c $(LDLIBS)

# new inputs go to $(B)/fuzz_*; tests/fuzz_corpus only seeds
fuzz: $(B)/fuzz_load $(B)/fuzz_load_float
	mkdir -p $(B)/fuzz_double $(B)/fuzz_float
	./$(B)/fuzz_load -max_total_time=$(FUZZ_SECONDS) -dict=tests/fuzz_load.dict \
	    $(B)/fuzz_double tests/fuzz_corpus
	./$(B)/fuzz_load_float -max_total_time=$(FUZZ_SECONDS) -dict=tests/fuzz_load.dict \
	    $(B)/fuzz_float tests/fuzz_corpus

$(B)/torch_model: tests/torch_model.c nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) -I. -o $@ tests/torch_model.c $(LDLIBS)

torch-check: $(B)/torch_model $(B)/predict
	$(PYTHON) tests/torch_check.py $(B)

clean:
	rm -rf $(B)

# ---- speed: the fast paths' tests and the benchmarks ----------------------
#   make test-speed  only the tests of the fast paths (also run by make test)
#   make bench       the speed benchmarks (bench/run.sh; OpenBLAS, NumPy, PyTorch
#                    beside nn.h when found; nn.h 1.x always)
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
# (test's own prerequisites were expanded above, before this line)
test: $(SPEED_TESTS)

.PHONY: test-speed bench
test-speed: $(SPEED_TESTS)
	@sh tests/run.sh $(SPEED_TESTS)

$(B)/test_speed: tests/test_speed.c tests/test.h nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) -I. -o $@ tests/test_speed.c $(LDLIBS)

$(B)/test_speed_float: tests/test_speed.c tests/test.h nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) -DNN_REAL=float -I. -o $@ tests/test_speed.c $(LDLIBS)

$(B)/test_speed_native: tests/test_speed.c tests/test.h nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) -march=native -I. -o $@ tests/test_speed.c $(LDLIBS)

$(B)/test_speed_nosimd: tests/test_speed.c tests/test.h nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) -DNN_NO_SIMD -I. -o $@ tests/test_speed.c $(LDLIBS)

$(B)/test_speed_avx2: tests/test_speed.c tests/test.h nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) -mavx2 -mfma -I. -o $@ tests/test_speed.c $(LDLIBS)

$(B)/test_speed_omp: tests/test_speed.c tests/test.h nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) -march=native -fopenmp -I. -o $@ tests/test_speed.c $(LDLIBS)

# benchmarks: -O3 -march=native single thread, the same with -fopenmp, and
# plain -O2 without -march; OpenBLAS beside nn.h when pkg-config finds it;
# bench_train also links nn.h 1.x (bench/nn_v1.h, NN_STATIC in its own file)
BENCH_CFLAGS = -std=c99 -O3 -march=native $(STRICT)
OPENBLAS := $(shell pkg-config --exists openblas 2>/dev/null && echo yes)
ifeq ($(OPENBLAS),yes)
BLAS_CFLAGS = -DBENCH_OPENBLAS $(shell pkg-config --cflags openblas)
BLAS_LIBS = $(shell pkg-config --libs openblas)
endif
BENCH = $(B)/bench_gemm $(B)/bench_gemm_float $(B)/bench_gemm_O2 \
        $(B)/bench_train $(B)/bench_train_float $(B)/bench_train_omp \
        $(B)/bench_adam $(B)/bench_adam_float
BENCH_TRAIN = bench/bench_train.c bench/bench_train_v1.c
BENCH_TRAIN_DEPS = $(BENCH_TRAIN) bench/bench.h bench/train_task.h bench/bench_v1.h \
        bench/nn_v1.h bench/plain.h nn.h

bench: $(BENCH)
	@sh bench/run.sh $(B)

$(B)/bench_gemm: bench/bench_gemm.c bench/bench.h nn.h | $(B)
	$(CC) $(BENCH_CFLAGS) $(BLAS_CFLAGS) -I. -o $@ bench/bench_gemm.c $(BLAS_LIBS) $(LDLIBS)

$(B)/bench_gemm_float: bench/bench_gemm.c bench/bench.h nn.h | $(B)
	$(CC) $(BENCH_CFLAGS) -DNN_REAL=float $(BLAS_CFLAGS) -I. -o $@ bench/bench_gemm.c $(BLAS_LIBS) $(LDLIBS)

$(B)/bench_gemm_O2: bench/bench_gemm.c bench/bench.h nn.h | $(B)
	$(CC) -std=c99 -O2 $(STRICT) $(BLAS_CFLAGS) -I. -o $@ bench/bench_gemm.c $(BLAS_LIBS) $(LDLIBS)

$(B)/bench_train: $(BENCH_TRAIN_DEPS) | $(B)
	$(CC) $(BENCH_CFLAGS) -I. -o $@ $(BENCH_TRAIN) $(LDLIBS)

$(B)/bench_train_float: $(BENCH_TRAIN_DEPS) | $(B)
	$(CC) $(BENCH_CFLAGS) -DNN_REAL=float -I. -o $@ $(BENCH_TRAIN) $(LDLIBS)

$(B)/bench_train_omp: bench/bench_train.c bench/bench.h bench/train_task.h nn.h | $(B)
	$(CC) $(BENCH_CFLAGS) -fopenmp -I. -o $@ bench/bench_train.c $(LDLIBS)

# one Adam step of 784-256-128-10 (relu, relu, softmax, cross-entropy)
$(B)/bench_adam: bench/bench_adam.c bench/bench.h nn.h | $(B)
	$(CC) $(BENCH_CFLAGS) -I. -o $@ bench/bench_adam.c $(LDLIBS)

$(B)/bench_adam_float: bench/bench_adam.c bench/bench.h nn.h | $(B)
	$(CC) $(BENCH_CFLAGS) -DNN_REAL=float -I. -o $@ bench/bench_adam.c $(LDLIBS)

# ---- quality ----------------------------------------------------------------
PREFIX ?= /usr/local
DESTDIR ?=

# what make check runs each example with (arguments, a file on its input);
# an example without them runs with none and an empty input
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
CHECK_NO_COVERAGE = $(B)/test_speed_native $(B)/test_speed_omp $(B)/test_speed_avx2

# NN_MALLOC failing at every call of a session
$(B)/test_alloc: tests/test_alloc.c tests/test.h nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) -I. -o $@ tests/test_alloc.c $(LDLIBS)

# no allocation while training, every optimizer, activation and loss
$(B)/test_noalloc: tests/test_noalloc.c tests/test.h nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) -I. -o $@ tests/test_noalloc.c $(LDLIBS)

$(B)/test_noalloc_float: tests/test_noalloc.c tests/test.h nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) -DNN_REAL=float -I. -o $@ tests/test_noalloc.c $(LDLIBS)

# floating-point exceptions and non-finite inputs
$(B)/test_fenv: tests/test_fenv.c tests/test.h nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) -I. -o $@ tests/test_fenv.c $(LDLIBS)

# the argument checks and corners the other tests leave out
$(B)/test_cover: tests/test_cover.c tests/test.h nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) -I. -o $@ tests/test_cover.c $(LDLIBS)

$(B)/test_cover_float: tests/test_cover.c tests/test.h nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) -DNN_REAL=float -I. -o $@ tests/test_cover.c $(LDLIBS)

# deep networks' gradients: central differences, a plain-loop reference on
# both sides of the tiny path, the losses reported, nn_predict
$(B)/test_grad: tests/test_grad.c tests/test.h nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) -Wshadow -Wconversion -I. -o $@ tests/test_grad.c $(LDLIBS)

$(B)/test_grad_float: tests/test_grad.c tests/test.h nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) -Wshadow -Wconversion -DNN_REAL=float -I. -o $@ \
	    tests/test_grad.c $(LDLIBS)

# training against PyTorch (skipped without it): the script runs parity_run
tests/test_torch.sh: $(B)/parity_run

$(B)/parity_run: tests/parity_run.c nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) -Wshadow -Wconversion -I. -o $@ tests/parity_run.c $(LDLIBS)

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
