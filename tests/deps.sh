#!/bin/sh
# The tools a target needs, installed when missing: sh tests/deps.sh test|check|bench|fashion
# On Debian as root (or with sudo) the missing packages are installed with
# apt-get; elsewhere it names what is missing and fails.
#   test:   g++ and clang++ (the header is compiled as C++ by both)
#   check:  also tcc, 32-bit libraries (-m32), valgrind, cppcheck, clang-tidy,
#           gcovr, pkg-config, clang's sanitizer runtimes, PyTorch and
#           NumPy for /usr/bin/python3 (make test compares training with
#           PyTorch's when they are there, and says it skipped otherwise),
#           the Cortex-M cross compiler, newlib and QEMU (stage mcu), and
#           for stage cross: the C and C++ libraries and binutils of aarch64,
#           armhf, s390x and riscv64 (clang builds for them: Debian 12's
#           cross gcc cannot be installed beside gcc-multilib), qemu-user,
#           mingw-w64 (gcc and g++) and wine
#   bench:  what make bench compares nn.h with: OpenBLAS (which also becomes
#           the BLAS of NumPy and PyTorch: Debian's reference BLAS would
#           hold them to its plain loops), NumPy, PyTorch, FANN,
#           valgrind for the instruction counts, and Fashion-MNIST
#   fashion: Fashion-MNIST (Debian's dataset-fashion-mnist: the four IDX
#           files, gzipped, in /usr/share/datasets/fashion-mnist) for make fashion
set -u
case "${1:-test}" in
test)  packages="g++ clang" ;;
check) packages="g++ clang tcc gcc-multilib g++-multilib valgrind cppcheck clang-tidy
                 gcovr pkgconf cmake meson ninja-build git libclang-rt-14-dev python3-torch python3-numpy
                 gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm
                 binutils-aarch64-linux-gnu binutils-arm-linux-gnueabihf
                 binutils-s390x-linux-gnu binutils-riscv64-linux-gnu
                 libc6-dev-arm64-cross libc6-dev-armhf-cross libc6-dev-s390x-cross
                 libc6-dev-riscv64-cross libgcc-12-dev-arm64-cross libgcc-12-dev-armhf-cross
                 libgcc-12-dev-s390x-cross libgcc-12-dev-riscv64-cross
                 libstdc++-12-dev-arm64-cross libstdc++-12-dev-armhf-cross
                 libstdc++-12-dev-s390x-cross libstdc++-12-dev-riscv64-cross qemu-user
                 gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64 wine wine64" ;;
bench) packages="libopenblas-dev pkgconf python3-numpy python3-torch libfann-dev valgrind
                 dataset-fashion-mnist" ;;
fashion) packages="dataset-fashion-mnist" ;;
*) echo "usage: sh tests/deps.sh test|check|bench|fashion" >&2; exit 2 ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1; then
    # not Debian: only say which commands are missing
    if [ "${1:-test}" = fashion ]; then
        echo "Fashion-MNIST comes from Debian's dataset-fashion-mnist here: put its" \
             "four .gz files in /usr/share/datasets/fashion-mnist" >&2
        exit 1
    fi
    missing=""
    for c in g++ clang++; do command -v $c >/dev/null 2>&1 || missing="$missing $c"; done
    [ -z "$missing" ] && exit 0
    echo "missing:$missing (install them with your package manager)" >&2
    exit 1
fi

missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
        echo "missing Debian packages:$missing; install them with: apt-get install$missing" >&2
        exit 1
    fi
fi
echo "installing the missing Debian packages:$missing"
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086
$sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q --no-install-recommends $missing >/dev/null ||
    { echo "apt-get install$missing failed" >&2; exit 1; }
