#!/usr/bin/env bash
# Chronicle's one entry point on a fresh machine.
#   ./run.sh [FILE]          install (first time) and open the app (on FILE, or your library)
#   ./run.sh test [ARGS]     install with the dev extras and run lint + the whole test suite
#   ./run.sh --install-desktop-entry   add Chronicle (with its icon) to your applications menu
# It creates .venv beside this script, installs Chronicle into it (again only when pyproject.toml
# changed), and checks the Debian libraries Qt's window system plugin needs.
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}
VENV=.venv
# Libraries the Qt xcb (X11) plugin loads; the offscreen plugin used by the tests needs none.
QT_DEBS=(libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6 libdbus-1-3
         libglib2.0-0 libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
         libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xkb1 libx11-xcb1)

die() { echo "run.sh: $*" >&2; exit 1; }

check_python() {
    command -v "$PYTHON" >/dev/null || die "no $PYTHON found; install Python 3.11 or newer (apt-get install python3 python3-venv)."
    "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
        || die "Chronicle needs Python 3.11 or newer; $PYTHON is $("$PYTHON" -V 2>&1)."
    "$PYTHON" -c 'import venv, ensurepip' 2>/dev/null \
        || die "Python's venv module is missing: apt-get install python3-venv"
}

install() {
    local extras=$1 stamp="$VENV/.installed-$1"
    [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
    if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
        "$VENV/bin/python" -m pip install --quiet --upgrade pip
        "$VENV/bin/python" -m pip install --quiet -e ".$extras"
        touch "$stamp"
    fi
}

check_qt_debs() {
    command -v dpkg-query >/dev/null || return 0  # not Debian: nothing we can check
    local missing=()
    for pkg in "${QT_DEBS[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -eq 0 ]; then
        echo "Installing libraries Qt needs: ${missing[*]}"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        die "Qt needs these system libraries; install them, then run again:
    sudo apt-get install ${missing[*]}"
    fi
}

check_python
if [ "${1:-}" = "test" ]; then
    shift
    install "[dev]"
    export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
    "$VENV/bin/ruff" check .
    "$VENV/bin/ruff" format --check .
    "$VENV/bin/lint-imports"
    # Two workers: the suite is mostly single-threaded Qt and SQLite work.
    exec "$VENV/bin/python" -m pytest -n 2 "$@"
fi
install ""
if [ "${1:-}" = "--install-desktop-entry" ]; then
    exec "$VENV/bin/python" -m desktop.desktop_entry
fi
[ "${QT_QPA_PLATFORM:-}" = "offscreen" ] || check_qt_debs
exec "$VENV/bin/chronicle" "$@"
