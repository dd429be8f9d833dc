"""Errors a user can cause; each message is fit to show as it is (GUI dialog or CLI stderr)."""


class ChronicleError(Exception):
    """Base of every error the user can cause; `str(err)` is the message to show."""


class DateError(ChronicleError):
    """A date the user typed or imported could not be understood."""


class ValidationError(ChronicleError):
    """A value refused by the data layer (empty title, unknown kind, bad colour...)."""


class NotFoundError(ChronicleError):
    """An entity asked for by id does not exist (any more)."""


class LibraryFileError(ChronicleError):
    """The file cannot be opened as a Chronicle library (not ours, corrupt, newer, locked...)."""


class BusyError(LibraryFileError):
    """Another connection holds the file's write lock longer than we wait (an import, say)."""


class ReadOnlyError(ChronicleError):
    """An edit was attempted on a library opened read-only."""


class DataImportError(ChronicleError):
    """An import failed; nothing was written. The message names the file, line and column."""

    def __init__(self, message: str, *, line: int | None = None, column: str | None = None):
        super().__init__(message)
        self.line = line
        self.column = column


class ExportError(ChronicleError):
    """An export could not be written; any earlier file with that name is left intact."""


class CancelledError(ChronicleError):
    """Long work was cancelled by the user; nothing was written."""
