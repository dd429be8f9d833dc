"""Our level 2 recogniser against the `edtf` package, on the EDTF specification's examples."""

import io
import subprocess
import sys
from contextlib import redirect_stdout

import pytest
from edtf import parse_edtf as edtf_package_parse

from db.dates import parse_date
from db.dates.level2 import describe_level2
from db.errors import DateError

# The package's class for each feature our message names.
FEATURE_OF_CLASS = {
    "OneOfASet": "a choice of dates in [ ]",
    "MultipleDates": "a set of dates in { }",
    "PartialUncertainOrApproximate": "a qualifier in front of part of a date",
    "ExponentialYear": "an exponential year",
    "Level2Interval": "an interval with level 2 ends",
}

# Level 2 examples of the EDTF specification (Library of Congress, 2019) that carry a mark only
# level 2 writes, plus a few more of each kind.
SPEC_EXAMPLES = [
    "Y-17E7",
    "Y17E7",
    "Y3388E2S3",
    "Y-17E7S3",
    "[1667,1668,1670..1672]",
    "[..1760-12-03]",
    "[1760-12..]",
    "[1667,1760-12]",
    "[1667, 1668]",
    "{1667,1668,1670..1672}",
    "{1960,1961-12}",
    "{..1984}",
    "{1984,1985?}",
    "2004-06-~11",
    "?2004-06-~11",
    "2004?-06-~11",
    "2004-?06",
    "%2011",
    "~2004-06",
    "2004-06-~01/2004-06-~20",
    "~1984/2004",
    "?1984/2004",
]


def _package_class(text: str) -> str | None:
    try:
        with redirect_stdout(io.StringIO()):
            return type(edtf_package_parse(text)).__name__
    except Exception:  # the package raises TypeError and others on text it cannot read
        return None


@pytest.mark.parametrize("text", SPEC_EXAMPLES)
def test_each_specification_example_is_named_as_the_edtf_package_names_it(text):
    expected = FEATURE_OF_CLASS[_package_class(text)]
    reason = describe_level2(text)
    assert reason is not None and f"({expected})" in reason
    with pytest.raises(DateError, match="EDTF level 2"):
        parse_date(text)


@pytest.mark.parametrize(
    "text", ["?2004S2,2024", "/..E", "../-07-%", "[1667,", "{}", "[1667]]", "E", "2004-13-~40"]
)
def test_text_that_is_not_edtf_is_not_called_level_2(text):
    assert _package_class(text) is None
    assert describe_level2(text) is None


def test_significant_digits_are_level_2_without_a_feature_name():
    # The package reads 1950S2 as a plain date; the specification lists it under level 2.
    assert "EDTF level 2, which" in (describe_level2("1950S2") or "")
    assert describe_level2("1950S2-07") is None


def test_the_app_names_level_2_without_the_edtf_package():
    # edtf is a test dependency only: a user's install has no such package.
    script = (
        "import sys; sys.modules['edtf'] = None\n"
        "from db.dates import parse_date\n"
        "from db.errors import DateError\n"
        "try:\n    parse_date('{1667,1668}')\n"
        "except DateError as error:\n    print(error)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert "EDTF level 2 (a set of dates in { })" in done.stdout
