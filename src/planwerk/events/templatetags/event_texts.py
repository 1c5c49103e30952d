"""`{{ text|text_lang }}` and `{{ text|text_dir }}`: the language a translated text is
shown in (the visitor's where it exists, German otherwise) and its direction, for the
`lang` and `dir` attributes of its element. The filters live in core's `languages`
library; the event pages load them by this name."""

from __future__ import annotations

from django import template

from planwerk.core.templatetags.languages import text_dir, text_lang

register = template.Library()
register.filter("text_lang", text_lang)
register.filter("text_dir", text_dir)
