"""The real clients the tests drive: Debian's Chromium, QGIS and GDAL.

Where one is missing the test is skipped on a developer's machine, but fails in
CI: ``.ci/run`` installs them and exports :data:`CI_VARIABLE`, so a browser test
can never pass in CI by being skipped.
"""

from __future__ import annotations

import os
from typing import NoReturn

import pytest

#: The variable ``.ci/run`` exports (tests/test_layout.py checks that it does).
CI_VARIABLE = "FRONTLINE_CI"


def in_ci() -> bool:
    return bool(os.environ.get(CI_VARIABLE))


def missing(what: str) -> NoReturn:
    """Skip for want of ``what``, or fail in CI, which installs it."""
    if in_ci():
        pytest.fail(f"{what} is missing: .ci/run installs it")
    pytest.skip(f"{what} is missing")
