#!/bin/sh
# The ways a project takes nn.h, each building a program outside the source
# tree that finds nn.h only that way:
#   make install into a temporary DESTDIR writes exactly include/nn.h,
#     lib/pkgconfig/nn.pc and lib/cmake/nn/, and cmake --install the same
#     bytes; make uninstall removes them all
#   pkg-config: tests/compile/twice.c with pkg-config --cflags --libs nn
#   CMake: find_package(nn CONFIG) after make install (and which versions it
#     accepts), add_subdirectory(nn) and FetchContent from a local clone of
#     main with no tags (no network)
#   Meson: dependency('nn') through pkg-config after make install, and the
#     checkout as subprojects/nn
# The CMake and Meson programs are README.md's first program (app.c), built
# with README.md's CMakeLists.txt and meson.build, taken from it here.
set -u
MAKE=${MAKE:-make}
CC=${CC:-cc}
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
log() { echo "== $*"; }
fail() { echo "install: $*"; exit 1; }
for c in pkg-config cmake meson ninja git; do
    command -v $c >/dev/null || fail "$c not installed (sh tests/deps.sh check installs it)"
done
src=$(pwd)
prefix=/usr/local
root=$d/root$prefix
want_v=$(sed -n 's/^#define NN_VERSION "\(.*\)"$/\1/p' nn.h)

# ---- make install, cmake --install: the same files
log make install
$MAKE -s --no-print-directory install PREFIX=$prefix DESTDIR="$d/root" || fail "make install"
got=$(cd "$d/root" && find . -type f | sort | tr '\n' ' ')
want="./usr/local/include/nn.h ./usr/local/lib/cmake/nn/nnConfig.cmake\
 ./usr/local/lib/cmake/nn/nnConfigVersion.cmake ./usr/local/lib/pkgconfig/nn.pc "
[ "$got" = "$want" ] || fail "installed '$got', want '$want'"
cmp -s nn.h "$root/include/nn.h" || fail "installed nn.h differs"
log cmake --install
cmake -S . -B "$d/cmake-build" || fail "cmake in the source tree"
DESTDIR="$d/cmake-root" cmake --install "$d/cmake-build" --prefix $prefix || fail "cmake --install"
diff -r "$d/root" "$d/cmake-root" || fail "cmake --install and make install differ"

# ---- pkg-config
export PKG_CONFIG_PATH="$root/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$d/root"
export PKG_CONFIG_LIBDIR="$PKG_CONFIG_PATH"   # nothing else
v=$(pkg-config --modversion nn) || fail "pkg-config does not find nn"
[ "$v" = "$want_v" ] || fail "version $v, nn.h says $want_v"
[ "$(pkg-config --libs nn | tr -d ' ')" = "-lm" ] || fail "libs: $(pkg-config --libs nn)"
# the description is nn.h's own one-line summary (its first line)
want_desc=$(sed -n '1s|^/\* nn\.h - \(.*\)\.  *v[0-9.]*$|\1|p' nn.h)
desc=$(sed -n 's/^Description: //p' "$root/lib/pkgconfig/nn.pc")
[ -n "$want_desc" ] && [ "$desc" = "$want_desc" ] ||
    fail "nn.pc's description '$desc', nn.h's summary '$want_desc'"
mkdir "$d/pc"
cp tests/compile/twice.c tests/compile/session.h "$d/pc/"
log pkg-config
# shellcheck disable=SC2046
$CC -std=c99 -Wall -Wextra -Wpedantic -Werror $(pkg-config --cflags nn) \
    -o "$d/pc/app" "$d/pc/twice.c" $(pkg-config --libs nn) || fail "build through pkg-config"
"$d/pc/app" || fail "the program built through pkg-config failed"

# ---- README.md's program and build files
# snippet MARKER LANGUAGE: the first ```LANGUAGE block after <!-- MARKER
snippet() {
    awk -v m="<!-- $1" -v l="\`\`\`$2" 'index($0, m) == 1 { on = 1; next }
        on && $0 == l { inblock = 1; next }
        inblock && /^```$/ { exit }
        inblock { print }' README.md
}
snippet "readme-example:" c >"$d/app.c"
snippet "install-cmake:" cmake >"$d/find.cmake"
snippet "install-cmake-subdirectory:" cmake >"$d/subdir.cmake"
snippet "install-cmake-fetch:" cmake >"$d/fetch.cmake"
snippet "install-meson:" meson >"$d/meson.build"
for f in app.c find.cmake subdir.cmake fetch.cmake meson.build; do
    [ -s "$d/$f" ] || fail "README.md has no $f"
done
grep -q '^find_package(nn ' "$d/find.cmake" || fail "README.md's CMakeLists.txt has no find_package(nn"

# app DIR CMAKELISTS-LINES: DIR/app.c and DIR/CMakeLists.txt, its
# find_package line replaced by the lines of the file named
app() {
    mkdir -p "$1"
    cp "$d/app.c" "$1/"
    if [ -n "${2:-}" ]; then
        awk -v f="$2" '/^find_package\(nn / { while ((getline l < f) > 0) print l; next } { print }' \
            "$d/find.cmake" >"$1/CMakeLists.txt"
    else
        cp "$d/find.cmake" "$1/CMakeLists.txt"
    fi
}
# cmake_app DIR [CMAKE-ARGS...]: configure, build and run
cmake_app() {
    a=$1; shift
    cmake -S "$a" -B "$a/build" "$@" &&
        cmake --build "$a/build" && "$a/build/app"
}

# ---- CMake
log cmake find_package
app "$d/find"
cmake_app "$d/find" -DCMAKE_PREFIX_PATH="$root" -DCMAKE_FIND_PACKAGE_NO_PACKAGE_REGISTRY=ON ||
    fail "CMake find_package"
grep -qx "nn_DIR:PATH=$root/lib/cmake/nn" "$d/find/build/CMakeCache.txt" ||
    fail "find_package found another nn: $(grep '^nn_DIR' "$d/find/build/CMakeCache.txt")"
# the versions find_package accepts: the same major version, not newer
mkdir "$d/versions"
cat >"$d/versions/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.19)
project(versions NONE)
foreach(v 3 3.0 3.0.0 3.0...4 3.0...<4 2 2.1 2.0...4 1 3.0.1 3.1 4 4.0...5)
  find_package(nn ${v} CONFIG QUIET)
  message(STATUS "nn ${v}: ${nn_FOUND}")
endforeach()
EOF
log cmake versions
cmake -S "$d/versions" -B "$d/versions/build" -DCMAKE_PREFIX_PATH="$root" >"$d/versions.txt" ||
    fail "find_package with versions"
cat "$d/versions.txt"
accepted=$(sed -n 's/^-- nn \(.*\): 1$/\1/p' "$d/versions.txt" | tr '\n' ' ')
[ "$accepted" = "3 3.0 3.0.0 3.0...4 3.0...<4 " ] || fail "nn $want_v accepts versions '$accepted'"

log cmake add_subdirectory
app "$d/subdir" "$d/subdir.cmake"
ln -s "$src" "$d/subdir/nn"
cmake_app "$d/subdir" || fail "CMake add_subdirectory"

# FetchContent from a clone of main with no tags: this tree as it is
# committed on a branch main, then cloned with --no-tags, as a user has it
log cmake FetchContent
mkdir "$d/repo"
tar cf - --exclude=./build --exclude=./.git . | tar xf - -C "$d/repo"
(cd "$d/repo" && git init -q && git checkout -q -b main && git add -A &&
    git -c user.name=nn -c user.email=nn@localhost commit -q -m nn) ||
    fail "a git repository to fetch from"
git clone -q --no-tags "file://$d/repo" "$d/clone" || fail "git clone --no-tags"
[ -z "$(git -C "$d/clone" tag)" ] || fail "the clone has tags"
app "$d/fetch" "$d/fetch.cmake"
sed -i "s|/path/to/nn|file://$d/clone|" "$d/fetch/CMakeLists.txt"
grep -q "GIT_REPOSITORY file://$d/clone" "$d/fetch/CMakeLists.txt" ||
    fail "README.md's FetchContent_Declare has no GIT_REPOSITORY /path/to/nn"
cmake_app "$d/fetch" -DFETCHCONTENT_QUIET=OFF || fail "CMake FetchContent"

# ---- Meson
# meson_app DIR SETUP-OPTION: README.md's app.c and meson.build in DIR,
# configured with the option, built and run
meson_app() {
    mkdir -p "$1"
    cp "$d/app.c" "$d/meson.build" "$1/"
    meson setup "$2" "$1/build" "$1" && meson compile -C "$1/build" && "$1/build/app"
}
log meson dependency through pkg-config
meson_app "$d/meson" --wrap-mode=nofallback || fail "Meson with pkg-config"
log meson subproject
mkdir -p "$d/msub/subprojects"
ln -s "$src" "$d/msub/subprojects/nn"
meson_app "$d/msub" --force-fallback-for=nn || fail "Meson subproject"
grep -q "^Subproject nn\|subprojects/nn" "$d/msub/build/meson-logs/meson-log.txt" ||
    fail "Meson did not use the subproject"

# ---- make uninstall
log make uninstall
$MAKE -s --no-print-directory uninstall PREFIX=$prefix DESTDIR="$d/root" || fail "make uninstall"
left=$(cd "$d/root" && find . -type f | tr '\n' ' ')
[ -z "$left" ] || fail "left after uninstall: $left"
[ ! -d "$root/lib/cmake/nn" ] || fail "lib/cmake/nn left after uninstall"
echo "nn $v installed (make install = cmake --install: nn.h, nn.pc, CMake package)," \
    "built through pkg-config $(pkg-config --version), CMake $(cmake --version |
    sed -n 's/^cmake version //p') (find_package, add_subdirectory, FetchContent)," \
    "Meson $(meson --version) (pkg-config, subproject), uninstalled"
