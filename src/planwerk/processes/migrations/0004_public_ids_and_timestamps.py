"""A public identifier and creation and change times for every row that travels
(OParl, the export archive); a deletion mark where a deletion must be reported."""

import uuid

from django.db import migrations, models
from django.db.models.functions import Now

MODELS = (
    "process",
    "unit",
    "stage",
    "milestone",
)


def fill_uuids(apps, schema_editor):
    """Every existing row gets its own identifier before the column becomes unique."""
    for name in MODELS:
        model = apps.get_model("processes", name)
        rows = list(model.objects.filter(uuid__isnull=True).only("pk"))
        for row in rows:
            row.uuid = uuid.uuid4()
        model.objects.bulk_update(rows, ["uuid"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("processes", "0003_texts_in_any_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="process",
            name="created",
            field=models.DateTimeField(auto_now_add=True, db_default=Now(), verbose_name="created"),
        ),
        migrations.AddField(
            model_name="process",
            name="modified",
            field=models.DateTimeField(auto_now=True, db_default=Now(), verbose_name="modified"),
        ),
        migrations.AddField(
            model_name="process",
            name="uuid",
            field=models.UUIDField(editable=False, null=True, verbose_name="public identifier"),
        ),
        migrations.AddField(
            model_name="unit",
            name="created",
            field=models.DateTimeField(auto_now_add=True, db_default=Now(), verbose_name="created"),
        ),
        migrations.AddField(
            model_name="unit",
            name="modified",
            field=models.DateTimeField(auto_now=True, db_default=Now(), verbose_name="modified"),
        ),
        migrations.AddField(
            model_name="unit",
            name="uuid",
            field=models.UUIDField(editable=False, null=True, verbose_name="public identifier"),
        ),
        migrations.AddField(
            model_name="stage",
            name="created",
            field=models.DateTimeField(auto_now_add=True, db_default=Now(), verbose_name="created"),
        ),
        migrations.AddField(
            model_name="stage",
            name="modified",
            field=models.DateTimeField(auto_now=True, db_default=Now(), verbose_name="modified"),
        ),
        migrations.AddField(
            model_name="stage",
            name="uuid",
            field=models.UUIDField(editable=False, null=True, verbose_name="public identifier"),
        ),
        migrations.AddField(
            model_name="milestone",
            name="created",
            field=models.DateTimeField(auto_now_add=True, db_default=Now(), verbose_name="created"),
        ),
        migrations.AddField(
            model_name="milestone",
            name="modified",
            field=models.DateTimeField(auto_now=True, db_default=Now(), verbose_name="modified"),
        ),
        migrations.AddField(
            model_name="milestone",
            name="uuid",
            field=models.UUIDField(editable=False, null=True, verbose_name="public identifier"),
        ),
        migrations.RunPython(fill_uuids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="process",
            name="uuid",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="public identifier"
            ),
        ),
        migrations.AlterField(
            model_name="unit",
            name="uuid",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="public identifier"
            ),
        ),
        migrations.AlterField(
            model_name="stage",
            name="uuid",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="public identifier"
            ),
        ),
        migrations.AlterField(
            model_name="milestone",
            name="uuid",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="public identifier"
            ),
        ),
    ]
