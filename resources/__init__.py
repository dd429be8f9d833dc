"""Files the app ships: the demo chronology, icons and the style sheet."""

from pathlib import Path

RESOURCES_DIR = Path(__file__).resolve().parent
DEMO_CHRONOLOGY = RESOURCES_DIR / "demo_chronology.json"
USER_GUIDE = RESOURCES_DIR / "user_guide.md"  # Help ▸ Using Chronicle
