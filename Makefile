# nn.h - build the examples, run the tests.
#   make run       train the article's XOR network and show the result
#   make test      the test suite (double and float builds, C and C++)
#   make examples  build every example into build/
#   make check     every compiler and mode, sanitizers, valgrind, allocation
#                  failures, coverage, static analysis, numerics, install
#   make coverage  line and branch coverage of nn.h by the test suite (gcovr)
#   make install   PREFIX=/usr/local DESTDIR=: include/nn.h, lib/pkgconfig/nn.pc
CC ?= cc
CFLAGS ?= -std=c99 -O2 -Wall -Wextra -Wpedantic
CXXFLAGS ?= -std=c++11 -O2 -Wall -Wextra -Wpedantic
LDLIBS = -lm
# the strict flags every test compile adds
STRICT = -Wall -Wextra -Wpedantic -Werror
B = build

EXAMPLES = $(B)/xor
# test programs and scripts; each prints "N passed, N failed" last
TESTS = $(B)/test_nn $(B)/test_nn_float $(B)/test_tu $(B)/test_cpp_gxx \
        $(B)/test_cpp_clangxx tests/test_xor.sh tests/test_readme.sh
TESTS += $(B)/test_alloc $(B)/test_fenv $(B)/test_cover

.PHONY: all run test examples clean check coverage install uninstall
all: examples

run: $(B)/xor
	./$(B)/xor

examples: $(EXAMPLES)

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

clean:
	rm -rf $(B)

# ---- quality ----------------------------------------------------------------
PREFIX ?= /usr/local
DESTDIR ?=

# NN_MALLOC failing at every call of a session
$(B)/test_alloc: tests/test_alloc.c tests/test.h nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) -I. -o $@ tests/test_alloc.c $(LDLIBS)

# floating-point exceptions and non-finite inputs
$(B)/test_fenv: tests/test_fenv.c tests/test.h nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) -I. -o $@ tests/test_fenv.c $(LDLIBS)

# the argument checks and corners the other tests leave out
$(B)/test_cover: tests/test_cover.c tests/test.h nn.h | $(B)
	$(CC) $(CFLAGS) $(STRICT) -I. -o $@ tests/test_cover.c $(LDLIBS)

check: nn.h
	@sh tests/check.sh

coverage: nn.h
	@sh tests/coverage.sh

# make print-TESTS: the value of a variable, for tests/check.sh
print-%:
	@echo $($*)

install: nn.h
	mkdir -p $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib/pkgconfig
	cp nn.h $(DESTDIR)$(PREFIX)/include/nn.h
	chmod 644 $(DESTDIR)$(PREFIX)/include/nn.h
	v=$$(sed -n 's/^#define NN_VERSION "\(.*\)"$$/\1/p' nn.h); \
	printf '%s\n' 'prefix=$(PREFIX)' 'includedir=$${prefix}/include' '' \
	    'Name: nn' \
	    'Description: two-layer sigmoid neural network in one C header' \
	    "Version: $$v" 'Cflags: -I$${includedir}' 'Libs: -lm' \
	    > $(DESTDIR)$(PREFIX)/lib/pkgconfig/nn.pc
	chmod 644 $(DESTDIR)$(PREFIX)/lib/pkgconfig/nn.pc

uninstall: nn.h
	rm -f $(DESTDIR)$(PREFIX)/include/nn.h $(DESTDIR)$(PREFIX)/lib/pkgconfig/nn.pc
