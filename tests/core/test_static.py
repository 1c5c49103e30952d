"""Vendored front-end files survive `planwerk collectstatic` in production, whose
manifest fails on any reference to a file that is not there."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
VENDOR = REPO / "src" / "planwerk" / "core" / "static" / "vendor"
SOURCE_MAP = re.compile(r"sourceMappingURL=([^\s*]+)")


@pytest.mark.parametrize(
    "path",
    sorted(p for p in VENDOR.rglob("*") if p.suffix in {".css", ".js"}),
    ids=lambda p: str(p.relative_to(VENDOR)),
)
def test_a_vendored_file_names_no_source_map_that_is_not_shipped(path):
    for name in SOURCE_MAP.findall(path.read_text(encoding="utf-8", errors="replace")):
        assert (path.parent / name).is_file(), f"{path.name} refers to {name}"


def test_the_vendored_versions_are_the_pinned_ones():
    pinned = json.loads((REPO / "package.json").read_text())["dependencies"]
    vendored = json.loads((VENDOR / "VERSIONS.json").read_text())

    assert vendored == pinned
    assert (VENDOR / "swagger-ui" / "swagger-ui-bundle.js").is_file()
    assert (VENDOR / "swagger-ui" / "LICENSE").is_file()
