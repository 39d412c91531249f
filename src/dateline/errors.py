"""Errors meant for the user: the CLI prints their message (no traceback) and exits with status 2."""


class DatelineError(Exception):
    """Bad input or a missing resource; the message says what is wrong and what to do about it."""
