"""Timeline methods: from candidate sentences for a query to a dated timeline.

A method is an object with a `name` and one call, `build(sentences, query) -> Timeline`, so methods
are swappable and can be compared in one benchmark (the scikit-learn idea of one small interface).
Methods see only `Sentence` values, never the store or the web. A method that ranks days first may also
offer `build_from(source, query)`, reading counts per day and only the shown days' sentences from a
`days.DaySource`; `build_with` uses it whenever the store can answer day by day.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from dateline.errors import DatelineError
from dateline.model import Query, Sentence, Timeline
from dateline.timeline.days import DaySource


class Method(Protocol):
    name: str

    def build(self, sentences: Sequence[Sentence], query: Query) -> Timeline: ...


class CandidateStore(Protocol):
    """What `build_with` needs of a store: every sentence of a query's articles, and, when the store can
    count per day without loading them, a `DaySource` (else None)."""

    def candidates(self, query: Query) -> list[Sentence]: ...

    def days(self, query: Query) -> DaySource | None: ...


def build_with(method: Method, store: CandidateStore, query: Query,
               candidates: Callable[[Query], Sequence[Sentence]] | None = None) -> Timeline:
    """`method`'s timeline for `query` over `store`: day by day (`build_from`) when both can, so that the
    cost follows the days shown rather than the articles matched; else from every candidate sentence,
    read by `candidates` (default `store.candidates`; the web app passes its article cache)."""
    build_from = getattr(method, "build_from", None)
    source = store.days(query) if build_from is not None else None
    if source is not None:
        return build_from(source, query)
    return method.build((candidates or store.candidates)(query), query)


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
