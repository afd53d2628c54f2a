"""The optional dependencies an output needs, imported only when it is made.

pandas (:func:`timeline.to_pandas`) and pyarrow (``timeline export --to parquet``) are large,
and only these outputs need them, so they are optional groups of the package (``pip install
'timeline[pandas]'``, ``'timeline[parquet]'``) and are imported when the output is made,
never when :mod:`timeline` is. A missing one raises
:class:`~timeline.errors.MissingExtraError`, which names the group that installs it.
"""

from __future__ import annotations

import importlib
from typing import Any

from timeline.errors import MissingExtraError

__all__ = ["EXTRAS", "require"]

#: The optional group of the package that installs each optional module.
EXTRAS: dict[str, str] = {
    "pandas": "pandas",
    "pyarrow": "parquet",
    "pyarrow.parquet": "parquet",
}


def require(module: str, needed_for: str) -> Any:
    """The module ``module`` imported, or :class:`~timeline.errors.MissingExtraError` naming
    the optional group that installs it (``needed_for`` says what needs it, in words).

    The module is returned untyped: pandas and pyarrow do not all ship type information."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtraError(module.partition(".")[0], EXTRAS[module], needed_for) from exc
