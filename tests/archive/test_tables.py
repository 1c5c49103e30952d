"""Every model is carried, mapped by its natural key, or left out on purpose."""

from __future__ import annotations

from planwerk.archive import tables


def test_every_installed_model_is_carried_mapped_or_left_out() -> None:
    assert tables.unclassified() == []


def test_planwerks_tables_and_the_accounts_are_carried_the_transient_ones_not() -> None:
    carried = {table.label for table in tables.tables()}
    assert {
        "audit.auditentry",
        "audit.audithead",
        "processes.process",
        "bodies.person",
        "consultations.statementattachment",
        "residents.resident",
        "core.roleassignment",
        "auth.user",
        "auth.group",
        "auth.user_groups",
        "bodies.seatcategory_units",  # a many-to-many table
    } <= carried
    assert not carried & {
        "sessions.session",
        "django_tasks_database.dbtaskresult",
        "axes.accessattempt",
        "admin.logentry",
        "contenttypes.contenttype",
        "auth.permission",
    }


def test_a_table_comes_after_the_tables_it_refers_to() -> None:
    order = [table.label for table in tables.tables()]
    assert order.index("processes.process") < order.index("bodies.body")
    assert order.index("bodies.body") < order.index("bodies.membership")
    assert order.index("auth.user") < order.index("bodies.person")


def test_every_table_of_planwerk_with_a_public_identifier_has_it_in_the_archive() -> None:
    from planwerk.core.records import Record

    for table in tables.tables():
        if issubclass(table.model, Record):
            assert table.has_uuid, table.label
