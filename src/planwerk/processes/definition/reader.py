"""The line-aware reader: typed access to the YAML tree that collects every problem
with its file, line and path instead of stopping at the first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from planwerk.processes.definition.schema import (
    FALLBACK_LANGUAGE,
    LANGUAGES,
    NAME_LENGTH,
    SLUG_LENGTH,
    LocalText,
)
from planwerk.processes.yamlsource import LineDict, LineList

# Messages pass through `_`; the Django layer sets it to gettext so that operators
# read them in their language. The msgids are English.
_translate: Callable[[str], str] = str


def set_translator(translate: Callable[[str], str]) -> None:
    global _translate
    _translate = translate


def _(message: str) -> str:
    return _translate(message)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.path}: {self.message}"


class DefinitionError(ValueError):
    """The file is not a valid process definition; `problems` lists every finding."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class Reader:
    """Walks the YAML tree and collects problems instead of stopping at the first."""

    file: str
    problems: list[Problem] = field(default_factory=list)
    languages: tuple[str, ...] = LANGUAGES

    def problem(self, line: int, path: str, message: str) -> None:
        self.problems.append(Problem(self.file, line, path, message))

    # -- typed accessors ------------------------------------------------------------
    def mapping(self, value: Any, line: int, path: str) -> LineDict | None:
        if isinstance(value, LineDict):
            return value
        self.problem(line, path, _("must be a mapping (key: value)"))
        return None

    def sequence(self, value: Any, line: int, path: str) -> LineList | None:
        if isinstance(value, LineList):
            return value
        self.problem(line, path, _("must be a list"))
        return None

    def known_keys(self, data: LineDict, path: str, allowed: Iterable[str]) -> None:
        allowed = set(allowed)
        for key in data:
            if key not in allowed:
                self.problem(
                    data.line_of(key),
                    f"{path}.{key}" if path else str(key),
                    _("unknown field; allowed here: {fields}").format(
                        fields=", ".join(sorted(allowed))
                    ),
                )

    def required(self, data: LineDict, key: str, path: str) -> Any:
        if key not in data or data[key] is None:
            self.problem(data.line, f"{path}.{key}", _("is required"))
            return None
        return data[key]

    def text(
        self,
        data: LineDict,
        key: str,
        path: str,
        *,
        required: bool = True,
        limit: int | None = None,
    ) -> str:
        value = self.required(data, key, path) if required else data.get(key)
        if value is None:
            return ""
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.problem(data.line_of(key), f"{path}.{key}", _("must be a text"))
            return ""
        self.length(data.line_of(key), f"{path}.{key}", str(value), limit)
        return str(value)

    def length(self, line: int, path: str, value: str, limit: int | None) -> None:
        if limit is not None and len(value) > limit:
            self.problem(
                line,
                path,
                _("is too long: at most {limit} characters (has {count})").format(
                    limit=limit, count=len(value)
                ),
            )

    def slug(self, data: LineDict, key: str, path: str) -> str:
        value = self.text(data, key, path, limit=SLUG_LENGTH)
        if value and not _is_slug(value):
            self.problem(
                data.line_of(key),
                f"{path}.{key}",
                _("{value!r} is not a slug: use lowercase letters, digits and dashes").format(
                    value=value
                ),
            )
        return value

    def local_text(
        self,
        data: LineDict,
        key: str,
        path: str,
        *,
        required: bool = True,
        limit: int | None = NAME_LENGTH,
    ) -> LocalText:
        value = data.get(key)
        if value is None:
            if required:
                self.problem(data.line, f"{path}.{key}", _("is required"))
            return LocalText("")
        if isinstance(value, str):
            self.length(data.line_of(key), f"{path}.{key}", value, limit)
            return LocalText(value)
        if isinstance(value, LineDict):
            where = f"{path}.{key}"
            for language in value:
                if language not in self.languages:
                    self.problem(
                        value.line_of(language),
                        f"{where}.{language}",
                        _("is not a configured language; configured: {languages}").format(
                            languages=", ".join(self.languages)
                        ),
                    )
            texts = {FALLBACK_LANGUAGE: self.text(value, FALLBACK_LANGUAGE, where, limit=limit)}
            for language in value:
                if language in self.languages and language != FALLBACK_LANGUAGE:
                    texts[str(language)] = self.text(value, language, where, limit=limit)
            return LocalText.of(texts)
        self.problem(
            data.line_of(key),
            f"{path}.{key}",
            _("must be a text or a mapping of language codes to texts, with 'de'"),
        )
        return LocalText("")

    def count(self, data: LineDict, key: str, path: str, default: int | None = None) -> int | None:
        if key not in data:
            return default
        value = data[key]
        if not isinstance(value, int) or isinstance(value, bool):
            self.problem(data.line_of(key), f"{path}.{key}", _("must be a whole number"))
            return default
        if value < 0:
            self.problem(
                data.line_of(key),
                f"{path}.{key}",
                _("must not be below zero (is {value})").format(value=value),
            )
            return default
        return value

    def flag(self, data: LineDict, key: str, path: str) -> bool:
        value = data.get(key, False)
        if not isinstance(value, bool):
            self.problem(data.line_of(key), f"{path}.{key}", _("must be true or false"))
            return False
        return value

    def date(self, data: LineDict, key: str, path: str, *, required: bool = True) -> dt.date | None:
        value = self.required(data, key, path) if required else data.get(key)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        self.problem(data.line_of(key), f"{path}.{key}", _("must be a date written as YYYY-MM-DD"))
        return None

    def slug_list(self, data: LineDict, key: str, path: str) -> tuple[str, ...]:
        value = data.get(key)
        if value is None:
            return ()
        items = self.sequence(value, data.line_of(key), f"{path}.{key}")
        if items is None:
            return ()
        result = []
        for index, item in enumerate(items):
            if not isinstance(item, str) or not _is_slug(item):
                self.problem(
                    items.line_of(index),
                    f"{path}.{key}[{index}]",
                    _("{value!r} is not a slug").format(value=item),
                )
                continue
            result.append(item)
        return tuple(result)

    def choice(self, data: LineDict, key: str, path: str, choices: Iterable[str]) -> str:
        value = self.text(data, key, path)
        choices = tuple(choices)
        if value and value not in choices:
            self.problem(
                data.line_of(key),
                f"{path}.{key}",
                _("unknown value {value!r}; allowed: {choices}").format(
                    value=value, choices=", ".join(choices)
                ),
            )
        return value


def _is_slug(value: str) -> bool:
    return (
        bool(value)
        and all(c.islower() or c.isdigit() or c == "-" for c in value)
        and (value[0].isalnum())
    )
