#!/bin/sh
# make install into a temporary DESTDIR, a program built against it through
# pkg-config alone, then make uninstall: exactly include/nn.h and
# lib/pkgconfig/nn.pc appear and disappear.
set -u
MAKE=${MAKE:-make}
CC=${CC:-cc}
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
fail() { echo "install: $*"; exit 1; }
command -v pkg-config >/dev/null || fail "pkg-config not installed"
prefix=/usr/local
$MAKE -s --no-print-directory install PREFIX=$prefix DESTDIR="$d/root" || fail "make install"
got=$(cd "$d/root" && find . -type f | sort | tr '\n' ' ')
want="./usr/local/include/nn.h ./usr/local/lib/pkgconfig/nn.pc "
[ "$got" = "$want" ] || fail "installed '$got', want '$want'"
cmp -s nn.h "$d/root$prefix/include/nn.h" || fail "installed nn.h differs"

export PKG_CONFIG_PATH="$d/root$prefix/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$d/root"
export PKG_CONFIG_LIBDIR="$PKG_CONFIG_PATH"   # nothing else
v=$(pkg-config --modversion nn) || fail "pkg-config does not find nn"
want_v=$(sed -n 's/^#define NN_VERSION "\(.*\)"$/\1/p' nn.h)
[ "$v" = "$want_v" ] || fail "version $v, nn.h says $want_v"
[ "$(pkg-config --libs nn | tr -d ' ')" = "-lm" ] || fail "libs: $(pkg-config --libs nn)"
# a program outside the source tree, so only pkg-config can find nn.h
mkdir "$d/app"
cp tests/compile/twice.c tests/compile/session.h "$d/app/"
# shellcheck disable=SC2046
$CC -std=c99 -Wall -Wextra -Wpedantic -Werror $(pkg-config --cflags nn) \
    -o "$d/app/app" "$d/app/twice.c" $(pkg-config --libs nn) || fail "build through pkg-config"
"$d/app/app" || fail "the program built through pkg-config failed"

$MAKE -s --no-print-directory uninstall PREFIX=$prefix DESTDIR="$d/root" || fail "make uninstall"
left=$(cd "$d/root" && find . -type f | tr '\n' ' ')
[ -z "$left" ] || fail "left after uninstall: $left"
echo "installed nn.h and nn.pc $v, built through pkg-config ($(pkg-config --version 2>/dev/null || echo ?)), uninstalled both"
