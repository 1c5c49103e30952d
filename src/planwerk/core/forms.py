"""Form helpers: KERN UX classes and accessible error wiring on every widget."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm


def _kern_class(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxInput):
        return "kern-form-check__checkbox"
    if isinstance(widget, forms.Select):
        return "kern-form-input__select"
    return "kern-form-input__input"


class KernFormMixin:
    """Adds KERN classes, aria-invalid and aria-describedby to the widgets.

    The ids match core/form_fields.html: `<field id>-hint` and `<field id>-error`.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()

    def style_widgets(self) -> None:
        """KERN classes and hint ids on every field (again after adding fields)."""
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            widget = field.widget
            widget.attrs.setdefault("class", _kern_class(widget))
            if field.help_text:
                widget.attrs["aria-describedby"] = f"{self._field_id(name)}-hint"

    def _field_id(self, name: str) -> str:
        return self[name].auto_id or f"id_{name}"  # type: ignore[index]

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name in self.fields:  # type: ignore[attr-defined]
                widget = self.fields[name].widget  # type: ignore[attr-defined]
                widget.attrs["aria-invalid"] = "true"
                error_class = f"{_kern_class(widget)}--error"
                if error_class not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = f"{widget.attrs.get('class', '')} {error_class}".strip()
                error_id = f"{self._field_id(name)}-error"
                described = widget.attrs.get("aria-describedby", "")
                if error_id not in described.split():
                    widget.attrs["aria-describedby"] = f"{described} {error_id}".strip()


class LoginForm(KernFormMixin, AuthenticationForm):
    """Django's login form with KERN classes and accessible errors."""


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def apply_errors(form: forms.BaseForm, error: Any) -> None:
    """Show a service's ValidationError on the form, field by field where it can."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
