"""The one exception tree of borderflow.

Every error a user can cause derives from :class:`BorderflowError`, so the CLI
and the API can turn it into a message and an exit code (or an HTTP status)
without a traceback::

    BorderflowError
    ├── InputError                  a file we were asked to read is wrong
    │   ├── UnrecognisedFileError   no reader knows this file
    │   ├── EncodingError           not UTF-8 text
    │   ├── EmptyFileError          no bytes, or a header and no rows
    │   ├── TruncatedFileError      ends in the middle of a row
    │   ├── SchemaError             missing, extra or renamed columns / sheets
    │   ├── ValueError_             a cell holds a value we cannot accept
    │   ├── DuplicateRowError       two rows for the same cell
    │   ├── LimitError              bigger than a stated bound (bytes, rows, cell length)
    │   ├── RegressionError         would replace a fuller release as "latest"
    │   └── ConflictingCopyError    same name and coverage as a release, other counts
    ├── OptionError                 an option outside what can be accepted (a future date)
    ├── DuplicateReleaseError       these exact bytes are already a release
    ├── QueryError                  a query that cannot be answered as asked
    │   ├── NoSourceError           no single source covers it
    │   └── WorkBudgetError         the work asked for is over its budget (422)
    ├── TimeLimitError              a computation ran past its wall-clock limit (503)
    ├── WorkCancelledError          a computation stopped by its cancel check (503)
    ├── ReleaseNotFoundError        a release id or name that does not exist
    ├── WarehouseLockedError        another process holds the warehouse file
    ├── NotFoundError               a page, route or token that does not exist
    ├── AuthError                   no token, or a token that opens no door (401)
    │   └── TooManyAttemptsError    too many bad tokens from one client (429)
    ├── ForbiddenError              a valid token without the right (403)
    └── DownloadError               the official sites could not be read
        ├── NetworkUnavailableError no route, DNS failure or time-out
        └── DownloadRefusedError    the server answered 4xx/5xx
"""

from __future__ import annotations

from pathlib import Path


class BorderflowError(Exception):
    """Base of every error a user can cause; ``str()`` is the user message."""

    exit_code: int = 1
    http_status: int = 400


class InputError(BorderflowError):
    """A file is not what its reader expects.

    The message always names the file, and where they are known the line
    (1-based, the header is line 1; for workbooks the sheet row), the field,
    and what was expected instead.
    """

    def __init__(
        self,
        path: Path | str,
        problem: str,
        *,
        line: int | None = None,
        field: str | None = None,
        expected: str | None = None,
        sheet: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.problem = problem
        self.line = line
        self.field = field
        self.expected = expected
        self.sheet = sheet
        super().__init__(self._render())

    def _render(self) -> str:
        where = str(self.path.name)
        if self.sheet is not None:
            where += f", sheet {self.sheet!r}"
        if self.line is not None:
            where += f", line {self.line}"
        if self.field is not None:
            where += f", field {self.field!r}"
        msg = f"{where}: {self.problem}"
        if self.expected:
            msg += f" (expected {self.expected})"
        return msg


class UnrecognisedFileError(InputError):
    """No reader claims the file (by name or by header)."""


class EncodingError(InputError):
    """The bytes are not UTF-8 text."""


class EmptyFileError(InputError):
    """The file has no data rows."""


class TruncatedFileError(InputError):
    """The file stops in the middle of a row: usually a cut-short download."""


class SchemaError(InputError):
    """Columns or sheets are missing, extra or renamed."""


class ValueError_(InputError):  # noqa: N801 - avoids shadowing the builtin
    """A cell holds a value outside what the publication format allows."""


class DuplicateRowError(InputError):
    """Two rows of one file describe the same cell; summing them would double count."""


class LimitError(InputError):
    """The input is bigger than a stated bound (decompressed bytes, rows, cell length...).

    Every bound is a module constant next to the reader that enforces it; the
    work stops as soon as the bound is reached, so memory and time stay bounded.
    """


class RegressionError(InputError):
    """The release would become "latest" for months where an older release of the same
    table publishes more: a cut-short or partial copy.  ``ingest --force`` accepts it."""


class ConflictingCopyError(InputError):
    """Another copy of a stored release (same file name and coverage) with other counts."""


class OptionError(BorderflowError):
    """An option or argument outside what can be accepted (a publication date after today)."""


class DuplicateReleaseError(BorderflowError):
    """The exact bytes of this file were ingested before."""

    def __init__(self, path: Path | str, release_id: int, file_name: str) -> None:
        self.path = Path(path)
        self.release_id = release_id
        super().__init__(
            f"{self.path.name}: already ingested as release {release_id} ({file_name}); "
            "identical bytes (same sha256) are never stored twice"
        )


class QueryError(BorderflowError):
    """A query that is malformed or names unknown dimensions or values."""


class NoSourceError(QueryError):
    """No single source can answer the query at the requested grain and period."""

    http_status = 404


class WorkBudgetError(QueryError):
    """The work asked for (paths x days x stay lengths, say) is over its budget."""

    http_status = 422


class TimeLimitError(BorderflowError):
    """A computation ran past its wall-clock limit; it was stopped."""

    http_status = 503


class WorkCancelledError(BorderflowError):
    """A computation was stopped before it finished (its client went away, or its time ran
    out); raised from inside the work by its cancel check."""

    http_status = 503


class ReleaseNotFoundError(BorderflowError):
    """A release id or file name that the warehouse does not hold."""

    http_status = 404


class WarehouseLockedError(BorderflowError):
    """Another process (a running server, another ingest) holds the warehouse file."""


class NotFoundError(BorderflowError):
    """A page or route that does not exist."""

    http_status = 404


class AuthError(BorderflowError):
    """No token, or a token that does not open this door."""

    http_status = 401


class TooManyAttemptsError(AuthError):
    """Token guessing: too many bad tokens from one client."""

    http_status = 429


class ForbiddenError(BorderflowError):
    """A valid token without the right to do this."""

    http_status = 403


class DownloadError(BorderflowError):
    """The official sites could not be read."""

    exit_code = 3
    http_status = 502


class NetworkUnavailableError(DownloadError):
    """No network path to the server (DNS, refused connection or time-out)."""


class DownloadRefusedError(DownloadError):
    """The server answered with an error status (CBP's firewall often says 403)."""
