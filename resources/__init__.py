"""Files the app ships: the demo chronology, icons and the style sheet."""

from pathlib import Path

RESOURCES_DIR = Path(__file__).resolve().parent
DEMO_CHRONOLOGY = RESOURCES_DIR / "demo_chronology.json"
USER_GUIDE = RESOURCES_DIR / "user_guide.md"  # Help ▸ Using Chronicle
# The application icon: the SVG is the original, the PNG its 256-pixel rendering for launchers
# and toolkits that cannot draw SVG.
ICON_SVG = RESOURCES_DIR / "icons" / "chronicle.svg"
ICON_PNG = RESOURCES_DIR / "icons" / "chronicle-256.png"
