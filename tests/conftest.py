"""Shared fixtures: the Hannover process loaded, and users in each role."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("PLANWERK_TESTING", "1")

REPO = Path(__file__).resolve().parents[1]
HANNOVER = REPO / "src" / "planwerk" / "processes" / "definitions" / "hannover-lip-2019.yaml"


def shared_dir() -> Path:
    """The project's shared folder (specs, examples), beside the repository."""
    return Path(os.environ.get("PLANWERK_SHARED_DIR", REPO.parent / "shared"))


@pytest.fixture
def hannover(db: Any) -> Any:
    from planwerk.processes.loader import load_process_file

    report = load_process_file(HANNOVER)
    return report.process


@pytest.fixture
def make_user(db: Any) -> Any:
    from django.contrib.auth import get_user_model

    from planwerk.core.models import RoleAssignment
    from planwerk.processes.models import Unit

    def make(username: str, role: str | None = None, unit: str | None = None, **extra: Any) -> Any:
        user = get_user_model().objects.create_user(username=username, password="pw", **extra)
        if role:
            unit_obj = Unit.objects.get(slug=unit) if unit else None
            RoleAssignment.objects.create(user=user, role=role, unit=unit_obj)
        return user

    return make


@pytest.fixture
def coordinator(hannover: Any, make_user: Any) -> Any:
    return make_user("koordination", "coordinator")


@pytest.fixture
def dezernat3(hannover: Any, make_user: Any) -> Any:
    return make_user("dez3", "dezernat", "dez-iii")


@pytest.fixture
def dezernat5(hannover: Any, make_user: Any) -> Any:
    return make_user("dez5", "dezernat", "dez-v")


@pytest.fixture
def demo(hannover: Any) -> Any:
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    return hannover
