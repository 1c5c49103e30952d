"""Data migration steps from one column per language (`name_de`, `name_en`) to one
`TranslatedText` column (`name`). Used by the migrations that made the change."""

from __future__ import annotations

from typing import Any

LEGACY_LANGUAGES = ("de", "en")


def join_language_columns(apps: Any, app_label: str, texts: dict[str, tuple[str, ...]]) -> None:
    """Fill `<field>` from `<field>_de` and `<field>_en` for every row."""
    for model_name, fields in texts.items():
        model = apps.get_model(app_label, model_name)
        rows = list(model.objects.all())
        for row in rows:
            for field in fields:
                value = {
                    language: getattr(row, f"{field}_{language}") or ""
                    for language in LEGACY_LANGUAGES
                }
                setattr(row, field, {code: text for code, text in value.items() if text})
        if rows:
            model.objects.bulk_update(rows, list(fields), batch_size=500)


def split_language_columns(apps: Any, app_label: str, texts: dict[str, tuple[str, ...]]) -> None:
    """The way back: German and English into their own columns (other languages are
    dropped, as those columns cannot hold them)."""
    for model_name, fields in texts.items():
        model = apps.get_model(app_label, model_name)
        rows = list(model.objects.all())
        legacy = []
        for row in rows:
            for field in fields:
                text = getattr(row, field) or {}
                for language in LEGACY_LANGUAGES:
                    setattr(row, f"{field}_{language}", dict(text).get(language, ""))
                    legacy.append(f"{field}_{language}")
        if rows:
            model.objects.bulk_update(rows, sorted(set(legacy)), batch_size=500)
