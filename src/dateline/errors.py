"""Errors meant for the user: the CLI prints their message as one line (no traceback) and exits with
the error's `exit_status`, so a script can tell a command it wrote wrongly (2) from data that could not
be used (1)."""


class DatelineError(Exception):
    """The command cannot run as given (a bad option, a missing file or store, a method not installed);
    the message says what is wrong and what to do about it. Exit status 2, as for argparse's own errors."""

    exit_status = 2


class DataError(DatelineError):
    """The command ran, but its input could not be used (nothing to read, a prediction without entries)
    or the system refused (a port in use). Exit status 1."""

    exit_status = 1
