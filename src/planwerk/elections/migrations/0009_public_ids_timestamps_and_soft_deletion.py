"""A public identifier and creation and change times for every row that travels
(OParl, the export archive); a deletion mark where a deletion must be reported."""

import uuid

from django.db import migrations, models
from django.db.models.functions import Now

MODELS = (
    "migrantorganisation",
    "election",
    "candidacy",
    "round",
)


def fill_uuids(apps, schema_editor):
    """Every existing row gets its own identifier before the column becomes unique."""
    for name in MODELS:
        model = apps.get_model("elections", name)
        rows = list(model.objects.filter(uuid__isnull=True).only("pk"))
        for row in rows:
            row.uuid = uuid.uuid4()
        model.objects.bulk_update(rows, ["uuid"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("elections", "0008_translated_field_labels"),
    ]

    operations = [
        migrations.RenameField(
            model_name="migrantorganisation", old_name="created_at", new_name="created"
        ),
        migrations.AlterField(
            model_name="migrantorganisation",
            name="created",
            field=models.DateTimeField(auto_now_add=True, db_default=Now(), verbose_name="created"),
        ),
        migrations.AddField(
            model_name="migrantorganisation",
            name="modified",
            field=models.DateTimeField(auto_now=True, db_default=Now(), verbose_name="modified"),
        ),
        migrations.AddField(
            model_name="migrantorganisation",
            name="uuid",
            field=models.UUIDField(editable=False, null=True, verbose_name="public identifier"),
        ),
        migrations.AddField(
            model_name="migrantorganisation",
            name="deleted",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="deleted"
            ),
        ),
        migrations.RenameField(model_name="election", old_name="created_at", new_name="created"),
        migrations.AlterField(
            model_name="election",
            name="created",
            field=models.DateTimeField(auto_now_add=True, db_default=Now(), verbose_name="created"),
        ),
        migrations.AddField(
            model_name="election",
            name="modified",
            field=models.DateTimeField(auto_now=True, db_default=Now(), verbose_name="modified"),
        ),
        migrations.AddField(
            model_name="election",
            name="uuid",
            field=models.UUIDField(editable=False, null=True, verbose_name="public identifier"),
        ),
        migrations.AddField(
            model_name="candidacy",
            name="created",
            field=models.DateTimeField(auto_now_add=True, db_default=Now(), verbose_name="created"),
        ),
        migrations.AddField(
            model_name="candidacy",
            name="modified",
            field=models.DateTimeField(auto_now=True, db_default=Now(), verbose_name="modified"),
        ),
        migrations.AddField(
            model_name="candidacy",
            name="uuid",
            field=models.UUIDField(editable=False, null=True, verbose_name="public identifier"),
        ),
        migrations.AddField(
            model_name="round",
            name="created",
            field=models.DateTimeField(auto_now_add=True, db_default=Now(), verbose_name="created"),
        ),
        migrations.AddField(
            model_name="round",
            name="modified",
            field=models.DateTimeField(auto_now=True, db_default=Now(), verbose_name="modified"),
        ),
        migrations.AddField(
            model_name="round",
            name="uuid",
            field=models.UUIDField(editable=False, null=True, verbose_name="public identifier"),
        ),
        migrations.RunPython(fill_uuids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="migrantorganisation",
            name="uuid",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="public identifier"
            ),
        ),
        migrations.AlterField(
            model_name="election",
            name="uuid",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="public identifier"
            ),
        ),
        migrations.AlterField(
            model_name="candidacy",
            name="uuid",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="public identifier"
            ),
        ),
        migrations.AlterField(
            model_name="round",
            name="uuid",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="public identifier"
            ),
        ),
    ]
