"""One text column in any language instead of a German and an English column."""

from django.db import migrations, models

import planwerk.core.text
from planwerk.core.text_migration import join_language_columns, split_language_columns

TEXTS = {
    "process": ("name", "description"),
    "unit": ("name",),
    "stage": ("name", "product"),
    "milestone": ("name",),
}


def join(apps, schema_editor):
    join_language_columns(apps, "processes", TEXTS)


def split(apps, schema_editor):
    split_language_columns(apps, "processes", TEXTS)


class Migration(migrations.Migration):
    dependencies = [
        ("processes", "0002_deputies_per_member"),
    ]

    operations = [
        migrations.AddField(
            model_name="process",
            name="name",
            field=planwerk.core.text.TranslatedText(max_length=200, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="process",
            name="description",
            field=planwerk.core.text.TranslatedText(
                blank=True, multiline=True, verbose_name="description"
            ),
        ),
        migrations.AddField(
            model_name="unit",
            name="name",
            field=planwerk.core.text.TranslatedText(max_length=200, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="stage",
            name="name",
            field=planwerk.core.text.TranslatedText(max_length=200, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="stage",
            name="product",
            field=planwerk.core.text.TranslatedText(
                blank=True, multiline=True, verbose_name="product"
            ),
        ),
        migrations.AddField(
            model_name="milestone",
            name="name",
            field=planwerk.core.text.TranslatedText(max_length=200, verbose_name="name"),
        ),
        migrations.RunPython(join, split),
        # Blank before it goes, so that the way back can re-create the column.
        migrations.AlterField(
            model_name="process",
            name="name_de",
            field=models.CharField(blank=True, max_length=200, verbose_name="name (German)"),
        ),
        # Blank before it goes, so that the way back can re-create the column.
        migrations.AlterField(
            model_name="unit",
            name="name_de",
            field=models.CharField(blank=True, max_length=200, verbose_name="name (German)"),
        ),
        # Blank before it goes, so that the way back can re-create the column.
        migrations.AlterField(
            model_name="stage",
            name="name_de",
            field=models.CharField(blank=True, max_length=200, verbose_name="name (German)"),
        ),
        # Blank before it goes, so that the way back can re-create the column.
        migrations.AlterField(
            model_name="milestone",
            name="name_de",
            field=models.CharField(blank=True, max_length=200, verbose_name="name (German)"),
        ),
        migrations.RemoveField(model_name="process", name="name_de"),
        migrations.RemoveField(model_name="process", name="name_en"),
        migrations.RemoveField(model_name="process", name="description_de"),
        migrations.RemoveField(model_name="process", name="description_en"),
        migrations.RemoveField(model_name="unit", name="name_de"),
        migrations.RemoveField(model_name="unit", name="name_en"),
        migrations.RemoveField(model_name="stage", name="name_de"),
        migrations.RemoveField(model_name="stage", name="name_en"),
        migrations.RemoveField(model_name="stage", name="product_de"),
        migrations.RemoveField(model_name="stage", name="product_en"),
        migrations.RemoveField(model_name="milestone", name="name_de"),
        migrations.RemoveField(model_name="milestone", name="name_en"),
        migrations.AlterModelOptions(
            name="unit",
            options={
                "ordering": ["kind", "name__de"],
                "verbose_name": "unit",
                "verbose_name_plural": "units",
            },
        ),
    ]
