"""The board of a stage as CSV and Excel: the rows the page shows the reader, with the
columns of the other apps, in a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.test import Client
from tests.conftest import english_client
from tests.exports import both, column
from tests.factories import MembershipFactory, PersonFactory

from planwerk.bodies.models import Body
from planwerk.papers import services


def login(user: Any) -> Client:
    client = english_client()
    client.force_login(user)
    return client


def submitted(body: Body, stage: Any, user: Any) -> None:
    draft = services.open_draft(user, body, stage)
    services.add_section(user, draft, "Ziele", "Text für Übergänge")
    services.submit(user, draft)


def writer_of(body: Body, make_user: Any, name: str) -> Any:
    seat = body.seat_categories.filter(retired=False).exclude(kinds=[]).first()
    user = make_user(name)
    MembershipFactory(seat=seat, person=PersonFactory(kind=seat.kinds[0], user=user))
    return user


def test_the_board_as_csv_and_xlsx_with_the_rows_one_may_see(group: Any, make_user: Any) -> None:
    submitted(group.body, group.stage, group.member)
    url = f"/etappen/{group.stage.slug}.{{fmt}}"
    everyone = list(
        Body.objects.filter(process=group.body.process, kind=Body.Kind.EXPERT_GROUP).order_by(
            "order"
        )
    )

    member_csv, member_xlsx = both(login(group.member), url)
    coordination_csv, _ = both(login(make_user("koordination-b", "coordinator")), url)

    assert member_csv[0][:3] == ["Body", "State", "Version"] and len(member_csv[0]) > 3
    assert member_xlsx[0] == member_csv[0]
    assert column(member_csv, "Body") == [str(group.body.name)]
    assert member_xlsx[1][1:3] == ["under review", 1]
    assert column(coordination_csv, "Body") == [str(b.name) for b in everyone]
    page = login(group.member).get(f"/etappen/{group.stage.slug}/").content.decode()
    assert f'href="/etappen/{group.stage.slug}.xlsx"' in page
    assert english_client().get(url.format(fmt="csv")).status_code == 302
    assert login(group.stranger).get(url.format(fmt="csv")).status_code == 403


def test_the_board_file_takes_the_same_queries_for_few_and_many(
    group: Any, make_user: Any, django_assert_max_num_queries: Any
) -> None:
    submitted(group.body, group.stage, group.member)
    client = login(make_user("koordination-b", "coordinator"))
    url = f"/etappen/{group.stage.slug}.xlsx"
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    others = Body.objects.filter(process=group.body.process, kind=Body.Kind.EXPERT_GROUP).exclude(
        pk=group.body.pk
    )
    for index, body in enumerate(others[:3]):
        submitted(body, group.stage, writer_of(body, make_user, f"schreiber{index}"))

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
