#!/bin/sh
# What building HiGHS (the highs-sys crate) needs: cmake, a C++ compiler, and a
# libclang that bindgen can load. Used by `make deps` and `make check-deps`.
#
#   sh scripts/deps.sh find [ROOT]   print the libclang bindgen would load, or exit 1
#   sh scripts/deps.sh missing       print the Debian packages still to install
#   sh scripts/deps.sh install       install them (apt-get; sudo when not root)
#   sh scripts/deps.sh check         exit 1 unless cmake, g++ and a loadable libclang are here
#
# bindgen (through clang-sys) loads the C API library: libclang.so, libclang.so.1 or
# libclang-<N>.so.1. It cannot use libclang-cpp.so.<N> (the C++ interface, which a
# stock Debian image ships on its own), so that file never counts as found.
# ROOT (default /) lets the detection be tested against a fake file tree.
set -u

find_libclang() {
    root="${1:-}"
    root="${root%/}"
    if [ -n "${LIBCLANG_PATH:-}" ] && [ -z "$root" ]; then
        for f in "$LIBCLANG_PATH"/libclang.so "$LIBCLANG_PATH"/libclang.so.* "$LIBCLANG_PATH"/libclang-*.so*; do
            case "$(basename "$f")" in libclang-cpp*) continue ;; esac
            [ -e "$f" ] && { echo "$f"; return 0; }
        done
    fi
    for dir in "$root"/usr/lib/llvm-*/lib "$root"/usr/lib/*-linux-gnu "$root"/usr/lib64 "$root"/usr/lib "$root"/usr/local/lib; do
        [ -d "$dir" ] || continue
        for f in "$dir"/libclang.so "$dir"/libclang.so.* "$dir"/libclang-*.so "$dir"/libclang-*.so.*; do
            [ -e "$f" ] || continue
            case "$(basename "$f")" in libclang-cpp*) continue ;; esac
            echo "$f"
            return 0
        done
    done
    return 1
}

# A found libclang counts only if it loads and answers clang_getClangVersion
# (python3's ctypes; skipped where python3 is absent).
loads() {
    command -v python3 >/dev/null 2>&1 || return 0
    python3 - "$1" <<'PY' >/dev/null 2>&1
import ctypes, sys
lib = ctypes.CDLL(sys.argv[1])
lib.clang_getClangVersion
PY
}

missing() {
    need=""
    command -v cmake >/dev/null 2>&1 || need="$need cmake"
    command -v g++ >/dev/null 2>&1 || need="$need g++"
    if lib="$(find_libclang)" && loads "$lib"; then :; else
        need="$need $(libclang_package)"
    fi
    echo "$need" | sed 's/^ *//'
}

# Debian's libclang1 is the distribution's default LLVM C API library (it pulls in
# libclang1-14 on Debian 12), the version the stock image's libclang-cpp matches.
libclang_package() {
    echo libclang1
}

case "${1:-}" in
find)
    find_libclang "${2:-}"
    ;;
missing)
    missing
    ;;
install)
    need="$(missing)"
    [ -z "$need" ] && exit 0
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO=sudo
    echo "deps: installing $need (needed to build the HiGHS solver)"
    $SUDO apt-get update -qq >/dev/null || exit 1
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $need >/dev/null || {
        echo "deps: apt-get install $need failed" >&2
        exit 1
    }
    ;;
check)
    status=0
    for tool in cmake g++; do
        if command -v "$tool" >/dev/null 2>&1; then echo "deps: $tool: $(command -v "$tool")"; else
            echo "deps: $tool: missing (run make deps)" >&2
            status=1
        fi
    done
    if lib="$(find_libclang)"; then
        if loads "$lib"; then echo "deps: libclang: $lib"; else
            echo "deps: libclang: $lib does not load or lacks clang_getClangVersion (run make deps)" >&2
            status=1
        fi
    else
        echo "deps: libclang: no libclang.so / libclang-<N>.so.1 found (libclang-cpp does not count; run make deps)" >&2
        status=1
    fi
    exit $status
    ;;
*)
    echo "usage: sh scripts/deps.sh find [ROOT] | missing | install | check" >&2
    exit 2
    ;;
esac
