"""The parameters of an OParl list and the page they ask for (OParl 1.1, 2.5). Pure:
no Django.

A list is read in pages of `limit` objects; `page` counts from 1. The filters
`created_since`, `created_until`, `modified_since` and `modified_until` take a
complete date-time with its offset from UTC (OParl 1.1, 2.4: `yyyy-mm-ddThh:mm:ss±hh:mm`);
`omit_internal=true` leaves out the lists embedded in objects. Every link of a page
repeats the filters in one fixed order, so that each page has one canonical address.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
FILTERS = ("created_since", "created_until", "modified_since", "modified_until")

# A date, a time to the second (a fraction allowed), and the offset (Z for UTC).
_DATE_TIME = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})", re.ASCII
)
_WHOLE = re.compile(r"[0-9]{1,9}", re.ASCII)


class BadParameter(ValueError):
    """A parameter that cannot be read: `name` is the parameter, `kind` what it needs
    ("date-time" or "number")."""

    def __init__(self, name: str, kind: str) -> None:
        super().__init__(f"{name}: {kind}")
        self.name = name
        self.kind = kind


@dataclass(frozen=True)
class ListQuery:
    created_since: dt.datetime | None = None
    created_until: dt.datetime | None = None
    modified_since: dt.datetime | None = None
    modified_until: dt.datetime | None = None
    omit_internal: bool = False
    limit: int = DEFAULT_LIMIT
    page: int = 1

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.limit

    @property
    def with_deleted(self) -> bool:
        """OParl 1.1, 2.5: deleted objects are listed when, and only when,
        `modified_since` is given."""
        return self.modified_since is not None

    def params(self, page: int) -> list[tuple[str, str]]:
        """The query string of `page` of this list, in the one canonical order."""
        found: list[tuple[str, str]] = []
        for name in FILTERS:
            value = getattr(self, name)
            if value is not None:
                found.append((name, format_date_time(value)))
        if self.omit_internal:
            found.append(("omit_internal", "true"))
        if self.limit != DEFAULT_LIMIT:
            found.append(("limit", str(self.limit)))
        if page != 1:
            found.append(("page", str(page)))
        return found


def parse_date_time(name: str, text: str) -> dt.datetime:
    """A complete date-time with offset; a "+" that arrived as a space (not encoded
    in the address) is read as "+"."""
    text = text.strip().replace(" ", "+")
    if not _DATE_TIME.fullmatch(text):
        raise BadParameter(name, "date-time")
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:  # a day or hour that does not exist
        raise BadParameter(name, "date-time") from None


def _whole(name: str, text: str) -> int:
    text = text.strip()
    if not _WHOLE.fullmatch(text) or int(text) < 1:
        raise BadParameter(name, "number")
    return int(text)


def parse_query(params: Mapping[str, str]) -> ListQuery:
    """The list query of an address's parameters; unknown parameters are ignored.
    A `limit` above MAX_LIMIT is lowered to it (a client must not expect the server
    to keep to its limit, OParl 1.1, 2.5)."""
    dates = {name: parse_date_time(name, params[name]) for name in FILTERS if params.get(name, "")}
    limit = _whole("limit", params["limit"]) if params.get("limit", "") else DEFAULT_LIMIT
    page = _whole("page", params["page"]) if params.get("page", "") else 1
    return ListQuery(
        **dates,
        omit_internal=params.get("omit_internal", "").strip().lower() == "true",
        limit=min(limit, MAX_LIMIT),
        page=page,
    )


def format_date_time(value: dt.datetime) -> str:
    """OParl's date-time (2.4): to the second, with the offset."""
    return value.replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class Page:
    number: int
    size: int
    total: int

    @property
    def pages(self) -> int:
        """At least one page: an empty list has an empty first page."""
        return max(1, math.ceil(self.total / self.size))

    @property
    def exists(self) -> bool:
        return 1 <= self.number <= self.pages

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.pages else None


def slices(counts: Sequence[int], offset: int, size: int) -> list[tuple[int, int]]:
    """A list made of several sources one after the other (`counts` rows each): the
    rows [start, stop) of each source that the page from `offset` with `size` rows
    holds. A source the page does not reach gets an empty slice."""
    found = []
    before = 0
    for count in counts:
        start = min(max(offset - before, 0), count)
        stop = min(max(offset + size - before, 0), count)
        found.append((start, stop))
        before += count
    return found
