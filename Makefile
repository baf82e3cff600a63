# nn.h - build the examples, run the tests.
#   make run       train the article's XOR network and show the result
#   make test      the test suite (double and float builds, C and C++)
#   make examples  build every example into build/
#   make digits    train on handwritten digits (chart in build/digits.svg)
#   make iris      train on Fisher's irises (chart in build/iris.svg)
#   make accuracy  test accuracy of both for seeds 1..10
CC ?= cc
CFLAGS ?= -std=c99 -O2 -Wall -Wextra -Wpedantic
CXXFLAGS ?= -std=c++11 -O2 -Wall -Wextra -Wpedantic
LDLIBS = -lm
# the strict flags every test compile adds
STRICT = -Wall -Wextra -Wpedantic -Werror
B = build

EXAMPLES = $(B)/xor $(B)/train
# test programs and scripts; each prints "N passed, N failed" last
TESTS = $(B)/test_nn $(B)/test_nn_float $(B)/test_tu $(B)/test_cpp_gxx \
        $(B)/test_cpp_clangxx tests/test_xor.sh tests/test_readme.sh
TESTS += $(B)/test_data $(B)/test_data_float tests/test_train.sh

.PHONY: all run test examples clean digits iris accuracy
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

test: $(TESTS) $(EXAMPLES)
	@XOR=$(B)/xor sh tests/run.sh $(TESTS)

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

clean:
	rm -rf $(B)
