"""The exceptions of :mod:`timeline`.

Every exception derives from :class:`TimelineError`; leaves also derive from the builtin they
refine, so ``except ValueError`` keeps working for callers who do not know this library.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from timeline.problems import Problem

__all__ = [
    "DatePhraseError",
    "EdtfError",
    "InvalidDatasetError",
    "MissingExtraError",
    "RecordError",
    "RecordTypeError",
    "TimelineError",
]


class TimelineError(Exception):
    """The root of every error raised by :mod:`timeline`."""


class EdtfError(TimelineError, ValueError):
    """A string is not a valid EDTF date of the subset this library supports.

    ``code`` is the stable problem code validation reports: ``date-invalid``, or
    ``date-reversed`` for an interval that ends before it starts.
    """

    def __init__(self, message: str, code: str = "date-invalid") -> None:
        self.code = code
        super().__init__(message)


class DatePhraseError(TimelineError, ValueError):
    """A relative date phrase ("on Thursday") cannot be resolved."""


class InvalidDatasetError(TimelineError, ValueError):
    """A dataset has problems; :attr:`problems` lists every one of them."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        errors = [p for p in self.problems if p.is_error]
        head = "; ".join(str(p) for p in errors[:3])
        more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
        super().__init__(f"{len(errors)} problem(s): {head}{more}")


class RecordError(TimelineError, ValueError):
    """A record breaks an invariant it can check alone (for instance ``low > high``).

    ``code`` is the stable problem code that validation reports for it; ``at`` the member
    whose value is at fault, as keys and indices inside the record (``("subtype",)``), where
    one member is (empty when the fault lies in several together, such as ``low > high``).
    A problem made of it points at that member.
    """

    def __init__(self, code: str, message: str, *, at: tuple[str | int, ...] = ()) -> None:
        self.code = code
        self.message = message
        self.at = at
        super().__init__(message)


class RecordTypeError(RecordError, TypeError):
    """A value of the wrong JSON type for a record's field (a string where a number goes)."""


class MissingExtraError(TimelineError, ImportError):
    """An output needs an optional dependency that is not installed.

    ``extra`` names the optional group of the package that installs it (``pandas``,
    ``parquet``) and ``requirement`` the dependency itself (``pyarrow>=14``). This library is
    not on PyPI, where ``timeline`` is another project, so the message says what works
    anywhere, the dependency, and the group for a checkout:
    ``pip install 'pyarrow>=14' (the parquet extra: pip install '.[parquet]' in a checkout)``.
    """

    def __init__(
        self, module: str, extra: str, needed_for: str, requirement: str | None = None
    ) -> None:
        self.extra = extra
        self.requirement = requirement if requirement is not None else module
        super().__init__(
            f"{needed_for} needs {module}, which is not installed: "
            + self.how_to_install(extra, self.requirement),
            name=module,
        )

    @staticmethod
    def how_to_install(extra: str, requirement: str) -> str:
        """The words that say how to install an optional group, anywhere and in a checkout."""
        checkout = f"pip install '.[{extra}]' in a checkout"
        return f"pip install '{requirement}' (the {extra} extra: {checkout})"
