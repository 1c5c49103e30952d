"""What a screen reader hears after a refused ballot: the error first, each field named."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache
from tests.conftest import english_client
from tests.elections.factories import Meeting, meeting

from planwerk.elections import services
from planwerk.elections.models import Round

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()


@pytest.fixture
def m(hannover: Any, coordinator: Any) -> Meeting:
    m = meeting(hannover, coordinator, organisations=3, candidates=2)
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    return m


def post(m: Meeting, **data: Any) -> str:
    response = english_client().post(f"/wahl/{m.election.pk}/abstimmen/", {"round": 1, **data})
    return response.content.decode()


def summary(page: str) -> str:
    match = re.search(r'<div class="[^"]*pw-error-summary[^"]*"[^>]*>.*?</ul></div>', page, re.S)
    assert match, "no error summary"
    return match.group(0)


def title(page: str) -> str:
    match = re.search(r"<title>(.*?)</title>", page, re.S)
    assert match
    return match.group(1)


def code_of(m: Meeting, i: int = 0) -> str:
    return m.codes[m.organisations[i].pk]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"code": "AAAAA-AAAAA", "choice": "c1"}, "This code is not known."),
        ({"code": "", "choice": "c1"}, "Enter the code printed on your voting card."),
    ],
)
def test_a_wrong_or_missing_code_is_the_first_thing_on_the_page(m, data, message):
    page = post(m, **data)
    assert title(page).startswith("Error: ")
    box = summary(page)
    assert 'role="alert"' in box and 'tabindex="-1"' in box and "autofocus" in box
    assert "Your ballot was not counted." in box
    # The link names its field and leads to it.
    assert f'<a class="kern-link" href="#id_code">Code on your voting card: {message}' in box
    assert 'aria-invalid="true"' in page and 'aria-describedby="id_code-hint id_code-error"' in page
    assert page.count("pw-error-summary") == 1  # one summary, not one per kind of error


def test_a_used_code_is_announced_the_same_way(m):
    services.cast_ballot(m.election, code_of(m), "c1")
    page = post(m, code=code_of(m), choice="c2")
    assert title(page).startswith("Error: ")
    assert "Code on your voting card: This code has already voted in this round." in summary(page)


def test_a_missing_choice_marks_the_radios_and_the_link_goes_to_the_first(m):
    page = post(m, code=code_of(m))
    box = summary(page)
    assert '<a class="kern-link" href="#choice-c1">Your vote in round 1: Choose a candidate' in box
    radios = re.findall(r'<input class="kern-form-check__radio"[^>]*>', page)
    assert len(radios) == 3 and all('aria-invalid="true"' in r for r in radios)
    fieldset = re.search(r"<fieldset[^>]*>", page)
    assert fieldset and 'aria-describedby="choice-error"' in fieldset.group(0)
    assert 'id="choice-error"' in page and 'id="choice-legend"' in page


def test_without_an_error_the_title_is_plain_and_there_is_no_summary(m):
    response = english_client().get(f"/wahl/{m.election.pk}/abstimmen/")
    page = response.content.decode()
    assert title(page).startswith("Vote: ")
    assert "pw-error-summary" not in page and 'aria-invalid="true"' not in page


def test_a_refusal_without_a_form_is_still_summarised(m, coordinator):
    services.close_round(coordinator, m.election.rounds.get())
    page = post(m, code=code_of(m), choice="c1")
    assert title(page).startswith("Error: ")
    assert "No round is open for voting at the moment." in summary(page)
    assert 'href="#id_code"' not in page  # no link to a field that is not there
