"""Where the data in ``rules/`` lives.

The repository keeps ``rules/`` at its top level; the wheel ships it inside the
package as ``doalint/rules``. An editable install imports ``doalint`` from the
source tree, so the top-level folder beside the package is the fallback.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def rules_dir() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here / "rules", here.parent / "rules"):
        if (candidate / "standard.yaml").is_file():
            return candidate
    raise FileNotFoundError(
        "doalint's rule data (rules/standard.yaml) is missing from this installation"
    )


def default_profile_path() -> Path:
    return rules_dir() / "standard.yaml"
