from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from planwerk.core.forms import KernFormMixin
from planwerk.papers.domain.structure import PartSpec
from planwerk.papers.services import FIELD_LIMIT, TEXT_LIMIT, TITLE_LIMIT, name_of, part_name


class SectionForm(KernFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_LIMIT)
    text = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Markdown: *italic*, **bold**, lists with “-”, headings with “#”."),
    )

    def add_part_fields(self, part: PartSpec | None) -> None:
        """The fields of the section's part, each optional (`field_<slug>`)."""
        for spec in part.fields if part else ():
            lines = spec.kind == "lines"
            self.fields[f"field_{spec.slug}"] = forms.CharField(
                label=name_of(spec),
                required=False,
                max_length=FIELD_LIMIT,
                widget=forms.Textarea(attrs={"rows": 4 if lines else 3}),
                help_text=_("One item a line.") if lines else "",
            )
        self.style_widgets()

    def part_fields(self) -> dict[str, str] | None:
        """The fields of the part as entered (None: the form has none)."""
        values = {
            name.removeprefix("field_"): value or ""
            for name, value in self.cleaned_data.items()
            if name.startswith("field_")
        }
        return values or None


class PartField(forms.ChoiceField):
    """The part a new section is: the choices are those allowed there; a value
    posted that is not among them goes on to the service, which refuses it with a
    message naming what is allowed."""

    def valid_value(self, value: Any) -> bool:
        return True


FREE = ""


class AddSectionForm(SectionForm):
    """A new section: at the top level, or below a section (`parts`: the parts
    allowed there; `free`: whether a free section is allowed too). When only one
    part is allowed, the form has that part's fields as well."""

    def __init__(
        self, *args: Any, parts: Sequence[PartSpec] = (), free: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, Any]] = [(p.slug, part_name(p)) for p in parts]
        if free:
            choices.append((FREE, _("Free section (no part)")))
        if parts:
            self.fields["part"] = PartField(
                label=_("Part of the paper"), choices=choices, required=False
            )
            self.order_fields(["part", "title", "text"])
            self.style_widgets()
            if len(parts) == 1 and not free:
                self.add_part_fields(parts[0])


class EditSectionForm(SectionForm):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, part: PartSpec | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_part_fields(part)


def initial_of(section: Any, revision: int | None = None) -> Mapping[str, Any]:
    """The edit form's initial values for a section."""
    values = {f"field_{slug}": text for slug, text in (section.fields or {}).items()}
    return {
        "title": section.title,
        "text": section.text,
        "revision": section.revision if revision is None else revision,
        **values,
    }


class CompareForm(forms.Form):
    """Two of the draft's versions, chosen from those that exist."""

    old = forms.TypedChoiceField(label=_("Older version"), coerce=int)
    new = forms.TypedChoiceField(label=_("Newer version"), coerce=int)

    def __init__(self, *args: Any, numbers: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(n, _("Version %(number)d") % {"number": n}) for n in numbers]
        for name in ("old", "new"):
            field = self.fields[name]
            assert isinstance(field, forms.TypedChoiceField)
            field.choices = choices
