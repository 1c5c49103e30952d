"""Other apps hook into submitting without the papers app knowing them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from planwerk.papers import extensions, services
from planwerk.papers.models import Version


@pytest.fixture
def hooks() -> Iterator[list[Any]]:
    seen: list[Any] = []
    blocked: list[str] = []
    extensions.register_submit_check("test.block", lambda draft, user: list(blocked))
    extensions.register_submitted("test.seen", lambda version, user: seen.append(version))
    yield [seen, blocked]
    extensions._checks.pop("test.block")
    extensions._hooks.pop("test.seen")


def test_a_check_refuses_the_submission_and_nothing_is_frozen(group: Any, hooks: Any) -> None:
    seen, blocked = hooks
    draft = services.open_draft(group.member, group.body, group.stage)
    services.add_section(group.member, draft, "Ziele", "Text")
    blocked.append("Requirement 1 has no answer.")
    with pytest.raises(ValidationError) as refused:
        services.submit(group.member, draft)
    assert refused.value.messages == ["Requirement 1 has no answer."]
    assert not Version.objects.exists() and seen == []
    blocked.clear()
    version = services.submit(group.member, draft)
    assert seen == [version]


def test_the_submit_page_names_what_is_missing(group: Any, hooks: Any, client: Any) -> None:
    _, blocked = hooks
    draft = services.open_draft(group.member, group.body, group.stage)
    services.add_section(group.member, draft, "Ziele", "Text")
    blocked.append("Requirement 1 has no answer.")
    client.force_login(group.member)
    page = client.get(f"/entwuerfe/{group.body.slug}/{group.stage.slug}/einreichen/")
    text = page.content.decode()
    assert "Requirement 1 has no answer." in text
    assert 'type="submit"' not in text.split("<main", 1)[-1].split("Back to the draft")[0]
