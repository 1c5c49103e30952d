"""The form of the page "Konto einrichten": Django's, with KERN classes."""

from __future__ import annotations

from django.contrib.auth.forms import SetPasswordForm

from planwerk.core.forms import KernFormMixin


class SetUpAccountForm(KernFormMixin, SetPasswordForm):
    """A new password, twice, checked by the password validators of the settings."""
