#!/bin/sh
# Headless Chromium for the browser test of report.html
# (crates/cli/tests/report_browser.rs). Used by `make test` and `make test-browser`.
#
#   sh scripts/browser.sh find      print the browser the test will use, or exit 1
#   sh scripts/browser.sh install   install Debian's chromium if no browser is found
#                                   (apt-get as root, or sudo -n); where it cannot be
#                                   installed, say why: the test is then skipped
#
# NAGRID_CHROMIUM names another browser binary.
set -u

find_browser() {
    for b in "${NAGRID_CHROMIUM:-}" chromium chromium-browser google-chrome; do
        [ -n "$b" ] || continue
        if command -v "$b" >/dev/null 2>&1 && "$b" --version >/dev/null 2>&1; then
            command -v "$b"
            return 0
        fi
    done
    return 1
}

skip() {
    echo "browser: $1; the browser test of report.html will be skipped"
    exit 0
}

install() {
    if b="$(find_browser)"; then
        echo "browser: $b"
        return 0
    fi
    command -v apt-get >/dev/null 2>&1 || skip "chromium is not installed and there is no apt-get to install it"
    if [ "$(id -u)" -eq 0 ]; then
        sudo=""
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        sudo="sudo -n"
    else
        skip "chromium is not installed and installing it needs root (run: sudo apt-get install chromium)"
    fi
    echo "browser: installing chromium (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    if ! $sudo apt-get install -y -qq chromium >/dev/null 2>&1; then
        $sudo apt-get update -qq >/dev/null 2>&1
        $sudo apt-get install -y -qq chromium >/dev/null 2>&1 || skip "apt-get install chromium failed"
    fi
    b="$(find_browser)" || skip "chromium was installed but does not run"
    echo "browser: $b"
}

case "${1:-}" in
    find) find_browser ;;
    install) install ;;
    *)
        echo "usage: sh scripts/browser.sh find|install" >&2
        exit 2
        ;;
esac
