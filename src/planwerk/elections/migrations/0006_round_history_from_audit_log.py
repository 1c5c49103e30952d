"""The closing of every round so far, taken from the audit log into the status
history. Nothing is removed or changed."""

from django.db import migrations


def history_from_audit_log(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    StatusChange = apps.get_model("core", "StatusChange")
    round_type = ContentType.objects.get_or_create(app_label="elections", model="round")[0]
    for entry in AuditEntry.objects.filter(
        action="elections.round.closed", object_type="elections.round"
    ).order_by("sequence"):
        StatusChange.objects.create(
            content_type=round_type,
            object_id=entry.object_id,
            workflow="elections.round",
            source="open",
            target="closed",
            decided_by=entry.actor,
            decided_at=entry.created_at,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("elections", "0005_phase_history_from_audit_log"),
    ]

    operations = [
        migrations.RunPython(history_from_audit_log, migrations.RunPython.noop),
    ]
