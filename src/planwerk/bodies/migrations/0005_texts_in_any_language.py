"""One text column in any language instead of a German and an English column."""

from django.db import migrations, models

import planwerk.core.text
from planwerk.core.text_migration import join_language_columns, split_language_columns

TEXTS = {
    "body": ("name", "description"),
    "subtopic": ("name",),
    "seatcategory": ("name",),
    "jointvote": ("name",),
    "flow": ("name",),
    "bodygroup": ("name",),
}


def join(apps, schema_editor):
    join_language_columns(apps, "bodies", TEXTS)


def split(apps, schema_editor):
    split_language_columns(apps, "bodies", TEXTS)


class Migration(migrations.Migration):
    dependencies = [
        ("bodies", "0004_translated_field_labels"),
        ("processes", "0003_texts_in_any_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="body",
            name="name",
            field=planwerk.core.text.TranslatedText(max_length=200, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="body",
            name="description",
            field=planwerk.core.text.TranslatedText(
                blank=True, multiline=True, verbose_name="description"
            ),
        ),
        migrations.AddField(
            model_name="subtopic",
            name="name",
            field=planwerk.core.text.TranslatedText(max_length=200, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="seatcategory",
            name="name",
            field=planwerk.core.text.TranslatedText(max_length=200, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="jointvote",
            name="name",
            field=planwerk.core.text.TranslatedText(max_length=200, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="flow",
            name="name",
            field=planwerk.core.text.TranslatedText(
                blank=True, max_length=200, verbose_name="label"
            ),
        ),
        migrations.AddField(
            model_name="bodygroup",
            name="name",
            field=planwerk.core.text.TranslatedText(max_length=200, verbose_name="name"),
        ),
        migrations.RunPython(join, split),
        # Blank before it goes, so that the way back can re-create the column.
        migrations.AlterField(
            model_name="body",
            name="name_de",
            field=models.CharField(blank=True, max_length=200, verbose_name="name (German)"),
        ),
        # Blank before it goes, so that the way back can re-create the column.
        migrations.AlterField(
            model_name="subtopic",
            name="name_de",
            field=models.CharField(blank=True, max_length=200, verbose_name="name (German)"),
        ),
        # Blank before it goes, so that the way back can re-create the column.
        migrations.AlterField(
            model_name="seatcategory",
            name="name_de",
            field=models.CharField(blank=True, max_length=200, verbose_name="name (German)"),
        ),
        # Blank before it goes, so that the way back can re-create the column.
        migrations.AlterField(
            model_name="jointvote",
            name="name_de",
            field=models.CharField(blank=True, max_length=200, verbose_name="name (German)"),
        ),
        # Blank before it goes, so that the way back can re-create the column.
        migrations.AlterField(
            model_name="bodygroup",
            name="name_de",
            field=models.CharField(blank=True, max_length=200, verbose_name="name (German)"),
        ),
        migrations.RemoveField(model_name="body", name="name_de"),
        migrations.RemoveField(model_name="body", name="name_en"),
        migrations.RemoveField(model_name="body", name="description_de"),
        migrations.RemoveField(model_name="body", name="description_en"),
        migrations.RemoveField(model_name="subtopic", name="name_de"),
        migrations.RemoveField(model_name="subtopic", name="name_en"),
        migrations.RemoveField(model_name="seatcategory", name="name_de"),
        migrations.RemoveField(model_name="seatcategory", name="name_en"),
        migrations.RemoveField(model_name="jointvote", name="name_de"),
        migrations.RemoveField(model_name="jointvote", name="name_en"),
        migrations.RemoveField(model_name="flow", name="name_de"),
        migrations.RemoveField(model_name="flow", name="name_en"),
        migrations.RemoveField(model_name="bodygroup", name="name_de"),
        migrations.RemoveField(model_name="bodygroup", name="name_en"),
    ]
