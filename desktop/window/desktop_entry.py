"""Install a launcher for the desktop's application menu: `./run.sh --install-desktop-entry`.

Writes chronicle.desktop to $XDG_DATA_HOME/applications and the icon to the hicolor theme
under $XDG_DATA_HOME/icons (XDG_DATA_HOME defaults to ~/.local/share), for this user only;
no root needed. The launcher starts this checkout's installed `chronicle`.
Run as `python -m desktop.window.desktop_entry`; no Qt is loaded.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from db.atomic import atomic_write
from db.errors import ChronicleError
from desktop.version import APP_ID, APP_NAME, app_version
from resources import ICON_PNG, ICON_SVG

_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def data_home() -> Path:
    """$XDG_DATA_HOME when set to an absolute path (the spec ignores relative ones)."""
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if os.path.isabs(value) else Path.home() / ".local" / "share"


def _exec_argument(path: str) -> str:
    """An Exec argument, quoted and escaped as the Desktop Entry spec asks when needed."""
    if not _RESERVED & set(path):
        return path
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in path)
    # The value is also a string value of the key file, where a backslash is escaped again.
    return '"' + escaped.replace("\\", "\\\\") + '"'


def launch_command() -> list[str]:
    """How to start the app: the `chronicle` script beside this Python, else `python -m`."""
    script = Path(sys.executable).parent / APP_ID
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "desktop.cli"]


def desktop_file_text(command: list[str]) -> str:
    exec_line = " ".join(_exec_argument(part) for part in command)
    return "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            "Version=1.5",
            f"Name={APP_NAME}",
            "GenericName=Timeline Editor",
            "Comment=Source-linked chronologies on a zoomable timeline",
            f"Exec={exec_line} %f",
            f"TryExec={command[0]}",
            f"Icon={APP_ID}",
            "Terminal=false",
            "Categories=Office;Education;",
            "Keywords=timeline;chronology;history;events;sources;evidence;",
            "StartupNotify=true",
            f"X-Chronicle-Version={app_version()}",
            "",
        ]
    )


def install(home: Path | None = None) -> list[Path]:
    """Write the launcher and the icons under `home` (default: the XDG data folder)."""
    home = home or data_home()
    icons = home / "icons" / "hicolor"
    targets = {
        icons / "scalable" / "apps" / f"{APP_ID}.svg": ICON_SVG,
        icons / "256x256" / "apps" / f"{APP_ID}.png": ICON_PNG,
    }
    written = []
    for target, original in targets.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        with atomic_write(target, "wb") as fh, original.open("rb") as src:
            shutil.copyfileobj(src, fh)
        written.append(target)
    launcher = home / "applications" / f"{APP_ID}.desktop"
    launcher.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(launcher, "w", encoding="utf-8") as fh:
        fh.write(desktop_file_text(launch_command()))
    written.append(launcher)
    return written


def main() -> int:
    try:
        written = install()
    except (OSError, ChronicleError) as err:
        print(f"chronicle: the launcher was not installed: {err}", file=sys.stderr)
        return 1
    for path in written:
        print(f"Wrote {path}")
    print(f"{APP_NAME} is now in your applications menu (log out and in if it does not show).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
