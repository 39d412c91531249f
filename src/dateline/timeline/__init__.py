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

#: The method `dateline timeline` uses when none is named: the best one we have measured.
DEFAULT_METHOD = "dateline"


def register(name: str) -> Callable[[Callable[[], Method]], Callable[[], Method]]:
    """Class decorator: make a method available by name to the CLI, the web app and the benchmark."""

    def deco(factory: Callable[[], Method]) -> Callable[[], Method]:
        _REGISTRY[name] = factory
        return factory

    return deco


def method_names() -> list[str]:
    _load_builtin_methods()
    return sorted(_REGISTRY)


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
