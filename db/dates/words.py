"""The English words dates are read and written with: months, seasons, eras, ordinals."""

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MONTH_ABBREVIATIONS = tuple(name[:3] for name in MONTH_NAMES)

# EDTF season codes 21-24 and the month each starts in; winter runs into the next year.
SEASON_NAMES = {21: "spring", 22: "summer", 23: "autumn", 24: "winter"}
SEASON_START_MONTH = {21: 3, 22: 6, 23: 9, 24: 12}

BC_ERAS = frozenset({"bc", "bce"})
AD_ERAS = frozenset({"ad", "ce"})


def ordinal(n: int) -> str:
    """'1st', '2nd', '3rd', '11th', '21st'..."""
    suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def year_label(year: int) -> str:
    """Display of an astronomical year: '2024', 'AD 79', '44 BC' (year 0 is '1 BC')."""
    if year <= 0:
        return f"{_grouped(1 - year)} BC"
    if year < 1000:
        return f"AD {year}"
    return _grouped(year)


def _grouped(n: int) -> str:
    # Digit grouping only for long years, so '2024' stays '2024' but 170000 reads '170,000'.
    return f"{n:,}" if n >= 10_000 else str(n)
