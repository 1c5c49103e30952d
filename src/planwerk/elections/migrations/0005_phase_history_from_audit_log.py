"""The phase history of elections, taken from the audit log, where every change of
phase so far was written. Nothing is removed or changed."""

from django.db import migrations

TARGETS = {
    "elections.nominations.opened": "nomination",
    "elections.meeting.started": "meeting",
    "elections.seats.filled": "finished",
    "elections.election.cancelled": "cancelled",
}


def history_from_audit_log(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    StatusChange = apps.get_model("core", "StatusChange")
    election_type = ContentType.objects.get_or_create(app_label="elections", model="election")[0]
    phase = {}
    for entry in AuditEntry.objects.filter(
        action__in=TARGETS, object_type="elections.election"
    ).order_by("sequence"):
        target = TARGETS[entry.action]
        source = phase.get(entry.object_id, "preparation")
        if entry.action == "elections.election.cancelled":
            source = (entry.payload or {}).get("phase_before", source)
        StatusChange.objects.create(
            content_type=election_type,
            object_id=entry.object_id,
            workflow="elections.election",
            source=source,
            target=target,
            decided_by=entry.actor,
            decided_at=entry.created_at,
        )
        phase[entry.object_id] = target


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0003_status_change_log"),
        ("elections", "0004_one_open_round_per_election"),
    ]

    operations = [
        migrations.RunPython(history_from_audit_log, migrations.RunPython.noop),
    ]
