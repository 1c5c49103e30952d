"""What other apps hold about a resident: each registers, in its AppConfig.ready(),
how to export it and how to delete or anonymise it when the account is deleted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DataSource:
    name: str
    export: Callable[[Any], Any]  # the user → JSON-able data
    delete: Callable[[Any, bool], None]  # the user, keep (anonymised) → None


_sources: dict[str, DataSource] = {}


def register_data_source(source: DataSource) -> None:
    _sources[source.name] = source


def data_sources() -> list[DataSource]:
    return [_sources[name] for name in sorted(_sources)]
