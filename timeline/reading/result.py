"""The result of validating files: each file's problems, the verdict and the exit code it gives.

The validator and the build make it; the command line's reporters
(:mod:`timeline.cli.reporters`) render it.
"""

from __future__ import annotations

import attrs

from timeline.problems import Problem

__all__ = ["ExitCode", "FileResult", "ValidationResult", "plural"]


class ExitCode:
    """The exit codes a verdict gives the command line (0, 1, 2); stable and documented. The
    codes of a signal (130, 143) are the command line's own (:mod:`timeline.cli.output`)."""

    VALID = 0
    INVALID = 1
    USAGE = 2


@attrs.frozen(kw_only=True)
class FileResult:
    """The problems of one input (``-`` is standard input); ``readable`` is false when the
    input could not be read at all."""

    path: str
    problems: tuple[Problem, ...] = ()
    readable: bool = True

    def errors(
        self, *, strict: bool = False, allowed: frozenset[str] = frozenset()
    ) -> list[Problem]:
        """The problems that make the file invalid (warnings too, when ``strict``, but for
        those of the ``allowed`` codes)."""
        return [p for p in self.problems if p.is_error or (strict and p.code not in allowed)]

    def is_valid(self, *, strict: bool = False, allowed: frozenset[str] = frozenset()) -> bool:
        """True when the file was read and has no errors."""
        return self.readable and not self.errors(strict=strict, allowed=allowed)


@attrs.frozen(kw_only=True)
class ValidationResult:
    """The results of one ``timeline validate`` call."""

    files: tuple[FileResult, ...]
    strict: bool = False
    allowed: frozenset[str] = frozenset()
    """The codes of the warnings that stay warnings when ``strict``."""

    @property
    def exit_code(self) -> int:
        """2 when an input could not be read, 1 when one is invalid, 0 otherwise."""
        if any(not f.readable for f in self.files):
            return ExitCode.USAGE
        if any(not f.is_valid(strict=self.strict, allowed=self.allowed) for f in self.files):
            return ExitCode.INVALID
        return ExitCode.VALID

    def summary(self) -> str:
        """One line: how many files, how many valid, how many errors and warnings."""
        problems = [p for f in self.files for p in f.problems]
        errors = sum(p.is_error for p in problems)
        warnings = len(problems) - errors
        valid = sum(f.is_valid(strict=self.strict, allowed=self.allowed) for f in self.files)
        unreadable = sum(not f.readable for f in self.files)
        parts = [
            f"{plural(len(self.files), 'file')} checked",
            f"{valid} valid",
            f"{len(self.files) - valid - unreadable} invalid",
        ]
        if unreadable:
            parts.append(f"{unreadable} unreadable")
        return f"{', '.join(parts)} ({plural(errors, 'error')}, {plural(warnings, 'warning')})"


def plural(count: int, noun: str) -> str:
    """``1 file``, ``2 files``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
