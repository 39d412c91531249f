"""Timeline methods: from candidate sentences for a query to a dated timeline.

A method is an object with a `name` and one call, `build(sentences, query) -> Timeline`, so methods
are swappable and can be compared in one benchmark (the scikit-learn idea of one small interface).
Methods see only `Sentence` values, never the store or the web.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from dateline.errors import DatelineError
from dateline.model import Query, Sentence, Timeline


class Method(Protocol):
    name: str

    def build(self, sentences: Sequence[Sentence], query: Query) -> Timeline: ...


_REGISTRY: dict[str, Callable[[], Method]] = {}
#: For methods that need an optional extra: a check that returns why the method cannot run here, or None.
_NEEDS: dict[str, Callable[[], str | None]] = {}

#: The method `dateline timeline` uses when none is named: the best one we have measured.
DEFAULT_METHOD = "dateline"


def register(
    name: str, needs: Callable[[], str | None] | None = None
) -> Callable[[Callable[[], Method]], Callable[[], Method]]:
    """Class decorator: make a method available by name to the CLI, the web app and the benchmark.

    `needs`, for a method that depends on an optional extra, says cheaply (without importing the extra)
    why the method cannot run in this installation, so that menus offer only what runs.
    """

    def deco(factory: Callable[[], Method]) -> Callable[[], Method]:
        _REGISTRY[name] = factory
        if needs is not None:
            _NEEDS[name] = needs
        return factory

    return deco


def method_names(installed_only: bool = False) -> list[str]:
    """Every registered method, or with `installed_only` those whose optional extras are installed."""
    _load_builtin_methods()
    return sorted(name for name in _REGISTRY if not (installed_only and not_installed(name)))


def not_installed(name: str) -> str | None:
    """Why method `name` cannot run in this installation and what to install, or None when it can."""
    _load_builtin_methods()
    needs = _NEEDS.get(name)
    return needs() if needs else None


def get_method(name: str) -> Method:
    _load_builtin_methods()
    try:
        return _REGISTRY[name]()
    except KeyError:
        raise DatelineError(f"unknown method {name!r}; choose one of: {', '.join(sorted(_REGISTRY))}") from None


def _load_builtin_methods() -> None:
    # Imported lazily so that `import dateline` stays fast and methods may import numpy/scipy.
    # `embedded` imports torch only when its method first embeds, so registering it costs nothing.
    from dateline.timeline import clust, datewise, embedded, ranked  # noqa: F401
