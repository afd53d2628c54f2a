"""The optional dependencies an output needs, imported only when it is made.

pandas (:func:`timeline.to_pandas`) and pyarrow (``timeline export --to parquet``) are large,
and only these outputs need them, so they are optional groups of the package (the extras
``pandas`` and ``parquet``) and are imported when the output is made, never when
:mod:`timeline` is. A missing one raises :class:`~timeline.errors.MissingExtraError`, which
names the dependency to install (:data:`REQUIREMENTS`, as pyproject.toml's extras give it)
and the group: ``pip install 'pyarrow>=14'``, or ``pip install '.[parquet]'`` in a checkout.
This library is not on PyPI (``pip install 'timeline[parquet]'`` installs another project),
so no message names it by a PyPI name.
"""

from __future__ import annotations

import importlib
from typing import Any

from timeline.errors import MissingExtraError

__all__ = ["EXTRAS", "REQUIREMENTS", "install_hint", "require"]

#: The optional group of the package that installs each optional module.
EXTRAS: dict[str, str] = {
    "pandas": "pandas",
    "pyarrow": "parquet",
    "pyarrow.parquet": "parquet",
}

#: What each optional group installs, as ``[project.optional-dependencies]`` says (a test
#: compares them).
REQUIREMENTS: dict[str, str] = {
    "pandas": "pandas>=2",
    "parquet": "pyarrow>=14",
}


def install_hint(extra: str) -> str:
    """How to install the optional group ``extra``, in words that work anywhere:

    >>> install_hint("parquet")
    "pip install 'pyarrow>=14' (the parquet extra: pip install '.[parquet]' in a checkout)"
    """
    return MissingExtraError.how_to_install(extra, REQUIREMENTS[extra])


def require(module: str, needed_for: str) -> Any:
    """The module ``module`` imported, or :class:`~timeline.errors.MissingExtraError` naming
    the optional group that installs it (``needed_for`` says what needs it, in words).

    The module is returned untyped: pandas and pyarrow do not all ship type information."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        extra = EXTRAS[module]
        raise MissingExtraError(
            module.partition(".")[0], extra, needed_for, REQUIREMENTS[extra]
        ) from exc
