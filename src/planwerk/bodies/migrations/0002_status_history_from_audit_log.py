"""The status history of nominations and topic change requests, taken from the audit
log, where every step so far was written. Nothing is removed or changed."""

from django.db import migrations

STEPS = {
    # action: (workflow, source, target or None to read it from the payload)
    "bodies.nomination.forwarded": ("bodies.nomination", "submitted", "forwarded"),
    "bodies.nomination.appointed": ("bodies.nomination", "forwarded", "appointed"),
    "bodies.nomination.declined": ("bodies.nomination", "forwarded", "declined"),
    "bodies.topics.decided": ("bodies.topic_change", "requested", None),
}


def history_from_audit_log(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    StatusChange = apps.get_model("core", "StatusChange")
    types = {}
    for entry in AuditEntry.objects.filter(action__in=STEPS).order_by("sequence"):
        flow, source, target = STEPS[entry.action]
        payload = entry.payload or {}
        reason = ""
        if entry.action == "bodies.nomination.declined":
            reason = payload.get("reason", "")
        if entry.action == "bodies.topics.decided":
            target = "agreed" if payload.get("agreed") else "rejected"
            reason = payload.get("reference", "")
        app_label, _dot, model = entry.object_type.partition(".")
        if (app_label, model) not in types:
            types[app_label, model] = ContentType.objects.get_or_create(
                app_label=app_label, model=model
            )[0]
        StatusChange.objects.create(
            content_type=types[app_label, model],
            object_id=entry.object_id,
            workflow=flow,
            source=source,
            target=target,
            decided_by=entry.actor,
            decided_at=entry.created_at,
            reason=reason,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("bodies", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0003_status_change_log"),
    ]

    operations = [
        migrations.RunPython(history_from_audit_log, migrations.RunPython.noop),
    ]
