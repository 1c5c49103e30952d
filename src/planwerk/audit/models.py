from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from planwerk.audit.chain import GENESIS_HASH


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove an audit entry through the ORM.

    The database refuses too (triggers from migration 0001), so raw SQL fails as well.
    """


def _refuse_change() -> AppendOnlyError:
    return AppendOnlyError(gettext("The audit log is append-only: entries cannot be changed."))


def _refuse_delete() -> AppendOnlyError:
    return AppendOnlyError(gettext("The audit log is append-only: entries cannot be deleted."))


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise _refuse_change()

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        raise _refuse_change()

    def delete(self) -> tuple[int, dict[str, int]]:
        raise _refuse_delete()

    def bulk_create(self, *args: Any, **kwargs: Any) -> list[AuditEntry]:
        # Entries that skip planwerk.audit.services.record would not be chained.
        raise AppendOnlyError(
            gettext("Audit entries are appended one at a time with planwerk.audit.services.record.")
        )


class AuditEntry(models.Model):
    """One step of the process, chained to the entry before it by its hash.

    Append through `planwerk.audit.services.record`, never directly.
    """

    sequence = models.PositiveBigIntegerField(_("sequence number"), unique=True)
    created_at = models.DateTimeField(_("recorded at"))
    # A name, not a foreign key: the log outlives deleted user accounts.
    actor = models.CharField(
        _("actor"), max_length=150, help_text=_('A username, "system" or "anonymous".')
    )
    action = models.CharField(
        _("action"), max_length=100, help_text=_('A dotted name such as "election.round.opened".')
    )
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object ID"), max_length=100, blank=True)
    payload = models.JSONField(_("details"), default=dict, blank=True)
    previous_hash = models.CharField(_("hash of the previous entry"), max_length=64)
    entry_hash = models.CharField(_("hash"), max_length=64, unique=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["sequence"]
        # Django's internal queries refuse updates and deletes too.
        base_manager_name = "objects"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sequence__gte=1), name="audit_entry_sequence_from_one"
            ),
        ]
        indexes = [
            models.Index(fields=["action"], name="audit_entry_action"),
            models.Index(fields=["object_type", "object_id"], name="audit_entry_object"),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise _refuse_change()
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise _refuse_delete()


class AuditHead(models.Model):
    """The one row that holds the log's last sequence number and hash.

    Appends lock this row, so two servers can never give out the same sequence
    number; and verification compares the last entry with it, so cutting entries
    off the end of the log is found too.
    """

    SINGLETON_ID = 1

    id = models.PositiveSmallIntegerField(_("ID"), primary_key=True, default=SINGLETON_ID)
    last_sequence = models.PositiveBigIntegerField(_("last sequence number"), default=0)
    last_hash = models.CharField(_("hash of the last entry"), max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("audit log head")
        verbose_name_plural = _("audit log heads")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="audit_head_single_row"),
        ]

    def __str__(self) -> str:
        return f"#{self.last_sequence} {self.last_hash}"
