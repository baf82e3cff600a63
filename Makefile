# nn.h - build the examples, run the tests.
#   make run       train the article's XOR network and show the result
#   make test      the test suite (double and float builds, C and C++)
#   make examples  build every example into build/
CC ?= cc
CXX ?= c++
CFLAGS ?= -std=c99 -O2 -Wall -Wextra -Wpedantic
CXXFLAGS ?= -std=c++11 -O2 -Wall -Wextra -Wpedantic
LDLIBS = -lm
# the strict flags every test compile adds
STRICT = -Wall -Wextra -Wpedantic -Werror
B = build

EXAMPLES = $(B)/xor
TESTS = $(B)/test_nn $(B)/test_nn_float $(B)/test_tu $(B)/test_cpp_gxx \
        $(B)/test_cpp_clangxx

.PHONY: all run test examples clean
all: examples

run: $(B)/xor
	./$(B)/xor

examples: $(EXAMPLES)

test: $(TESTS)
	@sh tests/run.sh $(TESTS)

$(B):
	mkdir -p $(B)

$(B)/xor: examples/xor.c nn.h | $(B)
	$(CC) $(CFLAGS) -I. -o $@ examples/xor.c $(LDLIBS)

$(B)/test_nn: tests/test_nn.c tests/test.h tests/ref.h nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) -I. -o $@ tests/test_nn.c $(LDLIBS)

$(B)/test_nn_float: tests/test_nn.c tests/test.h tests/ref.h nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) -DNN_REAL=float -I. -o $@ tests/test_nn.c $(LDLIBS)

# two translation units: the implementation in one, the other only declares
$(B)/test_tu: tests/tu_impl.c tests/tu_main.c nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) -I. -o $@ tests/tu_impl.c tests/tu_main.c $(LDLIBS)

$(B)/test_cpp_gxx: tests/test_cpp.cpp tests/tu_impl.c nn.h | $(B)
	g++ $(CXXFLAGS) $(STRICT) -I. -o $@ tests/test_cpp.cpp $(LDLIBS)

$(B)/test_cpp_clangxx: tests/test_cpp.cpp tests/tu_impl.c nn.h | $(B)
	clang++ $(CXXFLAGS) $(STRICT) -I. -o $@ tests/test_cpp.cpp $(LDLIBS)

clean:
	rm -rf $(B)

# ---- speed: the fast paths' tests and the benchmarks ----------------------
#   make test-speed  only the tests of the fast paths (also run by make test)
#   make bench       the speed benchmarks (bench/run.sh; OpenBLAS, NumPy if found)
# the fast paths: portable kernel (plain flags), float, the SIMD kernels the
# machine has (-march=native), two threads with OpenMP, and the AVX2+FMA
# kernel when the processor has it
SPEED_TESTS = $(B)/test_speed $(B)/test_speed_float $(B)/test_speed_native \
        $(B)/test_speed_omp
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

$(B)/test_speed_avx2: tests/test_speed.c tests/test.h nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) -mavx2 -mfma -I. -o $@ tests/test_speed.c $(LDLIBS)

$(B)/test_speed_omp: tests/test_speed.c tests/test.h nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) -march=native -fopenmp -I. -o $@ tests/test_speed.c $(LDLIBS)

# benchmarks: -O3 -march=native single thread, the same with -fopenmp, and
# plain -O2 without -march; OpenBLAS beside nn.h when pkg-config finds it
BENCH_CFLAGS = -std=c99 -O3 -march=native -Wall -Wextra
OPENBLAS := $(shell pkg-config --exists openblas 2>/dev/null && echo yes)
ifeq ($(OPENBLAS),yes)
BLAS_CFLAGS = -DBENCH_OPENBLAS $(shell pkg-config --cflags openblas)
BLAS_LIBS = $(shell pkg-config --libs openblas)
endif
BENCH = $(B)/bench_gemm $(B)/bench_gemm_float $(B)/bench_gemm_O2 \
        $(B)/bench_train $(B)/bench_train_float $(B)/bench_train_omp

bench: $(BENCH)
	@sh bench/run.sh $(B)

$(B)/bench_gemm: bench/bench_gemm.c bench/bench.h nn.h | $(B)
	$(CC) $(BENCH_CFLAGS) $(BLAS_CFLAGS) -I. -o $@ bench/bench_gemm.c $(BLAS_LIBS) $(LDLIBS)

$(B)/bench_gemm_float: bench/bench_gemm.c bench/bench.h nn.h | $(B)
	$(CC) $(BENCH_CFLAGS) -DNN_REAL=float $(BLAS_CFLAGS) -I. -o $@ bench/bench_gemm.c $(BLAS_LIBS) $(LDLIBS)

$(B)/bench_gemm_O2: bench/bench_gemm.c bench/bench.h nn.h | $(B)
	$(CC) -std=c99 -O2 -Wall -Wextra $(BLAS_CFLAGS) -I. -o $@ bench/bench_gemm.c $(BLAS_LIBS) $(LDLIBS)

$(B)/bench_train: bench/bench_train.c bench/bench.h bench/plain.h nn.h | $(B)
	$(CC) $(BENCH_CFLAGS) -I. -o $@ bench/bench_train.c $(LDLIBS)

$(B)/bench_train_float: bench/bench_train.c bench/bench.h bench/plain.h nn.h | $(B)
	$(CC) $(BENCH_CFLAGS) -DNN_REAL=float -I. -o $@ bench/bench_train.c $(LDLIBS)

$(B)/bench_train_omp: bench/bench_train.c bench/bench.h bench/plain.h nn.h | $(B)
	$(CC) $(BENCH_CFLAGS) -fopenmp -I. -o $@ bench/bench_train.c $(LDLIBS)
