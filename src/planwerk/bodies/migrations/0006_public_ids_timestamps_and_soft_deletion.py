"""A public identifier and creation and change times for every row that travels
(OParl, the export archive); a deletion mark where a deletion must be reported."""

import uuid

from django.db import migrations, models
from django.db.models.functions import Now

MODELS = (
    "body",
    "subtopic",
    "seatcategory",
    "seatposition",
    "jointvote",
    "flow",
    "bodygroup",
    "person",
    "membership",
    "nomination",
)


def fill_uuids(apps, schema_editor):
    """Every existing row gets its own identifier before the column becomes unique."""
    for name in MODELS:
        model = apps.get_model("bodies", name)
        rows = list(model.objects.filter(uuid__isnull=True).only("pk"))
        for row in rows:
            row.uuid = uuid.uuid4()
        model.objects.bulk_update(rows, ["uuid"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("bodies", "0005_texts_in_any_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="body",
            name="created",
            field=models.DateTimeField(auto_now_add=True, db_default=Now(), verbose_name="created"),
        ),
        migrations.AddField(
            model_name="body",
            name="modified",
            field=models.DateTimeField(auto_now=True, db_default=Now(), verbose_name="modified"),
        ),
        migrations.AddField(
            model_name="body",
            name="uuid",
            field=models.UUIDField(editable=False, null=True, verbose_name="public identifier"),
        ),
        migrations.AddField(
            model_name="body",
            name="deleted",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="deleted"
            ),
        ),
        migrations.AddField(
            model_name="subtopic",
            name="created",
            field=models.DateTimeField(auto_now_add=True, db_default=Now(), verbose_name="created"),
        ),
        migrations.AddField(
            model_name="subtopic",
            name="modified",
            field=models.DateTimeField(auto_now=True, db_default=Now(), verbose_name="modified"),
        ),
        migrations.AddField(
            model_name="subtopic",
            name="uuid",
            field=models.UUIDField(editable=False, null=True, verbose_name="public identifier"),
        ),
        migrations.AddField(
            model_name="seatcategory",
            name="created",
            field=models.DateTimeField(auto_now_add=True, db_default=Now(), verbose_name="created"),
        ),
        migrations.AddField(
            model_name="seatcategory",
            name="modified",
            field=models.DateTimeField(auto_now=True, db_default=Now(), verbose_name="modified"),
        ),
        migrations.AddField(
            model_name="seatcategory",
            name="uuid",
            field=models.UUIDField(editable=False, null=True, verbose_name="public identifier"),
        ),
        migrations.AddField(
            model_name="seatposition",
            name="created",
            field=models.DateTimeField(auto_now_add=True, db_default=Now(), verbose_name="created"),
        ),
        migrations.AddField(
            model_name="seatposition",
            name="modified",
            field=models.DateTimeField(auto_now=True, db_default=Now(), verbose_name="modified"),
        ),
        migrations.AddField(
            model_name="seatposition",
            name="uuid",
            field=models.UUIDField(editable=False, null=True, verbose_name="public identifier"),
        ),
        migrations.AddField(
            model_name="jointvote",
            name="created",
            field=models.DateTimeField(auto_now_add=True, db_default=Now(), verbose_name="created"),
        ),
        migrations.AddField(
            model_name="jointvote",
            name="modified",
            field=models.DateTimeField(auto_now=True, db_default=Now(), verbose_name="modified"),
        ),
        migrations.AddField(
            model_name="jointvote",
            name="uuid",
            field=models.UUIDField(editable=False, null=True, verbose_name="public identifier"),
        ),
        migrations.AddField(
            model_name="flow",
            name="created",
            field=models.DateTimeField(auto_now_add=True, db_default=Now(), verbose_name="created"),
        ),
        migrations.AddField(
            model_name="flow",
            name="modified",
            field=models.DateTimeField(auto_now=True, db_default=Now(), verbose_name="modified"),
        ),
        migrations.AddField(
            model_name="flow",
            name="uuid",
            field=models.UUIDField(editable=False, null=True, verbose_name="public identifier"),
        ),
        migrations.AddField(
            model_name="bodygroup",
            name="created",
            field=models.DateTimeField(auto_now_add=True, db_default=Now(), verbose_name="created"),
        ),
        migrations.AddField(
            model_name="bodygroup",
            name="modified",
            field=models.DateTimeField(auto_now=True, db_default=Now(), verbose_name="modified"),
        ),
        migrations.AddField(
            model_name="bodygroup",
            name="uuid",
            field=models.UUIDField(editable=False, null=True, verbose_name="public identifier"),
        ),
        migrations.AddField(
            model_name="person",
            name="created",
            field=models.DateTimeField(auto_now_add=True, db_default=Now(), verbose_name="created"),
        ),
        migrations.AddField(
            model_name="person",
            name="modified",
            field=models.DateTimeField(auto_now=True, db_default=Now(), verbose_name="modified"),
        ),
        migrations.AddField(
            model_name="person",
            name="uuid",
            field=models.UUIDField(editable=False, null=True, verbose_name="public identifier"),
        ),
        migrations.AddField(
            model_name="person",
            name="deleted",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="deleted"
            ),
        ),
        migrations.RenameField(model_name="membership", old_name="created_at", new_name="created"),
        migrations.AlterField(
            model_name="membership",
            name="created",
            field=models.DateTimeField(auto_now_add=True, db_default=Now(), verbose_name="created"),
        ),
        migrations.AddField(
            model_name="membership",
            name="modified",
            field=models.DateTimeField(auto_now=True, db_default=Now(), verbose_name="modified"),
        ),
        migrations.AddField(
            model_name="membership",
            name="uuid",
            field=models.UUIDField(editable=False, null=True, verbose_name="public identifier"),
        ),
        migrations.AddField(
            model_name="membership",
            name="deleted",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="deleted"
            ),
        ),
        migrations.AddField(
            model_name="nomination",
            name="created",
            field=models.DateTimeField(auto_now_add=True, db_default=Now(), verbose_name="created"),
        ),
        migrations.AddField(
            model_name="nomination",
            name="modified",
            field=models.DateTimeField(auto_now=True, db_default=Now(), verbose_name="modified"),
        ),
        migrations.AddField(
            model_name="nomination",
            name="uuid",
            field=models.UUIDField(editable=False, null=True, verbose_name="public identifier"),
        ),
        migrations.RunPython(fill_uuids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="body",
            name="uuid",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="public identifier"
            ),
        ),
        migrations.AlterField(
            model_name="subtopic",
            name="uuid",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="public identifier"
            ),
        ),
        migrations.AlterField(
            model_name="seatcategory",
            name="uuid",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="public identifier"
            ),
        ),
        migrations.AlterField(
            model_name="seatposition",
            name="uuid",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="public identifier"
            ),
        ),
        migrations.AlterField(
            model_name="jointvote",
            name="uuid",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="public identifier"
            ),
        ),
        migrations.AlterField(
            model_name="flow",
            name="uuid",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="public identifier"
            ),
        ),
        migrations.AlterField(
            model_name="bodygroup",
            name="uuid",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="public identifier"
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="uuid",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="public identifier"
            ),
        ),
        migrations.AlterField(
            model_name="membership",
            name="uuid",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="public identifier"
            ),
        ),
        migrations.AlterField(
            model_name="nomination",
            name="uuid",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="public identifier"
            ),
        ),
    ]
