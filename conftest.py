"""Root test configuration, shared by tests/ and the doctests in frontline/.

The user gazetteer of every test run is a fresh temporary directory, so tests
never read or change a user's imported places. The gazetteer index itself is
built (once per data version) where a user's would be, or in
``$FRONTLINE_CACHE_DIR``: it is derived data and identical for everyone.
"""

from __future__ import annotations

import os
import tempfile

os.environ["FRONTLINE_DATA_DIR"] = tempfile.mkdtemp(prefix="frontline-test-data-")
# GDAL would otherwise leave a .aux.xml beside every GeoPackage the tests read
os.environ.setdefault("GDAL_PAM_ENABLED", "NO")

# In CI the property tests draw the same examples every run (a red build must be reproducible);
# elsewhere they explore anew each time, and what they find is kept in .hypothesis/.
from hypothesis import settings

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("FRONTLINE_CI"):
    settings.load_profile("ci")
