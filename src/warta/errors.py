"""warta's own exceptions: errors a user can fix, as opposed to bugs.

The CLI prints a :class:`WartaError` as one line and exits with status 2; anything else is a
bug and keeps its traceback.
"""

from __future__ import annotations

from pathlib import Path


class WartaError(Exception):
    """Base class of errors a user can act on."""


class WartaInputError(WartaError):
    """An input that cannot be read as an article: names the input and the reason."""

    def __init__(self, source: str | Path, reason: str) -> None:
        self.source = str(source)
        self.reason = reason
        super().__init__(f"{self.source}: {reason}")


class MissingExtraError(WartaError):
    """A feature needs an optional dependency that is not installed."""

    def __init__(self, feature: str, package: str, extra: str) -> None:
        super().__init__(f"{feature} needs the '{package}' package: pip install 'warta[{extra}]'")
