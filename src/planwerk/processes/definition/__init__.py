"""The process definition (format `planwerk-process/1`): schema, reader and validator.

Pure Python, no Django: a city describes its process in a YAML file; this package
turns it into frozen dataclasses or reports every problem with its file and line.
The format is documented in docs/process-definition.md.

- `schema`: the allowed values and fields, and the dataclasses;
- `reader`: typed, line-aware access to the YAML tree that collects problems;
- `sections`: one parser per part of the file, a module per part (`units`, `seats`,
  `bodies`, `votes` for joint votes and decision rules, `chart` for body groups and
  flows, `timeline` for stages and milestones); `sections.build` puts them together.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from planwerk.processes.definition.reader import (
    DefinitionError,
    Problem,
    Reader,
    _,
    set_translator,
)
from planwerk.processes.definition.schema import (
    BODY_FIELDS,
    BODY_KINDS,
    FALLBACK_LANGUAGE,
    FIELD_KINDS,
    FLOW_CONDITIONS,
    FLOW_KINDS,
    FORMAT,
    LANGUAGES,
    MAJORITY_RULES,
    MILESTONE_KINDS,
    NAME_LENGTH,
    QUORUM_RULES,
    SEAT_FIELDS,
    SLUG_LENGTH,
    TARGET_KINDS,
    TOP_LEVEL,
    UNIT_KINDS,
    BodyDef,
    FieldDef,
    FlowDef,
    GroupDef,
    JointVoteDef,
    LocalText,
    MilestoneDef,
    PartDef,
    ProcessDefinition,
    SeatDef,
    SeatRef,
    StageDef,
    TargetDef,
    UnitDef,
)
from planwerk.processes.definition.sections import build
from planwerk.processes.yamlsource import YamlSyntaxError, parse_yaml

__all__ = [
    "BODY_FIELDS",
    "BODY_KINDS",
    "FALLBACK_LANGUAGE",
    "FIELD_KINDS",
    "FLOW_CONDITIONS",
    "FLOW_KINDS",
    "FORMAT",
    "LANGUAGES",
    "MAJORITY_RULES",
    "MILESTONE_KINDS",
    "NAME_LENGTH",
    "QUORUM_RULES",
    "SEAT_FIELDS",
    "SLUG_LENGTH",
    "TARGET_KINDS",
    "TOP_LEVEL",
    "UNIT_KINDS",
    "BodyDef",
    "DefinitionError",
    "FieldDef",
    "FlowDef",
    "GroupDef",
    "JointVoteDef",
    "LocalText",
    "MilestoneDef",
    "PartDef",
    "Problem",
    "ProcessDefinition",
    "SeatDef",
    "SeatRef",
    "StageDef",
    "TargetDef",
    "UnitDef",
    "load_definition_file",
    "parse_definition",
    "set_translator",
]


def load_definition_file(
    path: str | Path, languages: Iterable[str] = LANGUAGES
) -> ProcessDefinition:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DefinitionError(
            [Problem(str(path), 0, "", _("cannot be read: {error}").format(error=exc.strerror))]
        ) from exc
    except UnicodeDecodeError as exc:
        raise DefinitionError([Problem(str(path), 0, "", _("is not UTF-8 text"))]) from exc
    return parse_definition(text, str(path), languages)


def parse_definition(
    text: str, file: str = "<definition>", languages: Iterable[str] = LANGUAGES
) -> ProcessDefinition:
    """Parse and validate a definition; raise DefinitionError listing every problem.
    A text may be written in any of `languages` (German is always allowed)."""
    codes = [FALLBACK_LANGUAGE, *(c for c in languages if c != FALLBACK_LANGUAGE)]
    reader = Reader(file, languages=tuple(codes))
    try:
        root = parse_yaml(text)
    except YamlSyntaxError as exc:
        raise DefinitionError([Problem(file, exc.line, "", str(exc))]) from exc
    data = reader.mapping(root, 1, "(file)")
    if data is None:
        raise DefinitionError(reader.problems)
    reader.known_keys(data, "", TOP_LEVEL)
    if data.get("format") != FORMAT:
        reader.problem(
            data.line_of("format"),
            "format",
            _("must be {expected!r}").format(expected=FORMAT),
        )
    definition = build(reader, data)
    if reader.problems:
        raise DefinitionError(reader.problems)
    assert definition is not None
    return definition
