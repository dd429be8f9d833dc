#!/usr/bin/env bash
# Chronicle's one entry point on a fresh machine.
#   ./run.sh [FILE]          install (first time) and open the app (on FILE, or your library)
#   ./run.sh test [ARGS]     install with the dev extras and run lint + the whole test suite
#   ./run.sh --install-desktop-entry   add Chronicle (with its icon) to your applications menu
# It creates .venv beside this script, installs Chronicle into it (again only when pyproject.toml
# changed), and checks the Debian packages it needs (python3-venv, the libraries Qt loads),
# installing them when run as root or printing the apt-get line otherwise.
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}
VENV=.venv
# Libraries Qt loads even offscreen (the tests, headless exports), then those of the xcb (X11)
# window plugin. A fresh Debian/Ubuntu lacks some of them, and python3-venv.
QT_CORE_DEBS=(libegl1 libgl1 libxkbcommon0 libfontconfig1 libfreetype6 libdbus-1-3 libglib2.0-0)
QT_DEBS=("${QT_CORE_DEBS[@]}" libxkbcommon-x11-0 libxcb1 libxcb-cursor0 libxcb-icccm4
         libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-render-util0
         libxcb-image0 libxcb-xkb1 libx11-xcb1)

die() { echo "run.sh: $*" >&2; exit 1; }

check_python() {
    command -v "$PYTHON" >/dev/null || die "no $PYTHON found; install Python 3.11 or newer (apt-get install python3 python3-venv)."
    "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
        || die "Chronicle needs Python 3.11 or newer; $PYTHON is $("$PYTHON" -V 2>&1)."
    "$PYTHON" -c 'import venv, ensurepip' 2>/dev/null || check_debs python3-venv
}

install() {
    local extras=$1 stamp="$VENV/.installed-$1"
    [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
    if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
        "$VENV/bin/python" -m pip install --quiet --upgrade pip
        # compat: a plain .pth to this folder; the default editable mode prints a warning
        # about folders in the working directory that a first-time user takes for an error.
        "$VENV/bin/python" -m pip install --quiet --config-settings editable_mode=compat -e ".$extras"
        touch "$stamp"
    fi
}

# Install the missing Debian packages among "$@" when root, else print the exact command.
check_debs() {
    command -v dpkg-query >/dev/null || return 0  # not Debian: nothing we can check
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -eq 0 ]; then
        echo "Installing system packages Chronicle needs: ${missing[*]}"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        die "Chronicle needs these system packages; install them, then run again:
    sudo apt-get install ${missing[*]}"
    fi
}

check_python
if [ "${1:-}" = "test" ]; then
    shift
    check_debs "${QT_CORE_DEBS[@]}"
    install "[dev]"
    export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
    "$VENV/bin/ruff" check .
    "$VENV/bin/ruff" format --check .
    "$VENV/bin/lint-imports"
    "$VENV/bin/mypy"  # db/ and desktop/ strictly ([tool.mypy] in pyproject.toml)
    # Two workers: the suite is mostly single-threaded Qt and SQLite work.
    exec "$VENV/bin/python" -m pytest -n 2 "$@"
fi
install ""
if [ "${QT_QPA_PLATFORM:-}" = "offscreen" ]; then check_debs "${QT_CORE_DEBS[@]}"; else check_debs "${QT_DEBS[@]}"; fi
if [ "${1:-}" = "--install-desktop-entry" ]; then
    # The launcher starts .venv/bin/chronicle directly, so the checks above are done first.
    exec "$VENV/bin/python" -m desktop.window.desktop_entry
fi
exec "$VENV/bin/chronicle" "$@"
