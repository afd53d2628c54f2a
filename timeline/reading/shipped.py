"""The seed dataset shipped with the package, for ``timeline show`` and friends with no file.

In an installed package it lives in ``timeline/data/`` with its source texts in
``timeline/seeds/``; in a checkout, in the repository's ``data/`` and ``seeds/``.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

from timeline.reading.document import load

if TYPE_CHECKING:
    from timeline.model import Dataset

__all__ = ["DEFAULT_DATASET_NAME", "default_dataset_path", "load_default"]

#: The file name of the shipped dataset.
DEFAULT_DATASET_NAME = "afghanistan-2021-seed.json"


def default_dataset_path() -> Path:
    """Where the shipped dataset is: inside the package, or in the checkout."""
    package = Path(__file__).resolve().parent.parent  # timeline/, above this stage's folder
    for folder in (package / "data", package.parent / "data"):
        if (folder / DEFAULT_DATASET_NAME).is_file():
            return folder / DEFAULT_DATASET_NAME
    raise FileNotFoundError(f"the shipped dataset {DEFAULT_DATASET_NAME} is missing")


@functools.cache
def load_default() -> Dataset:
    """The shipped seed dataset, validated (its quotes checked against its texts, which are
    read under the folder that holds data/ and seeds/)."""
    path = default_dataset_path()
    return load(path, texts_root=path.parent.parent)
