"""What every row needs to travel (to OParl, to an export archive and back): a public
identifier that stays the same wherever the row goes, the time it was created and
last changed, and – where a reader must learn of a deletion – a deletion mark."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Record(models.Model):
    """`uuid`: the public identifier (kept by export and import, never reused);
    `created` and `modified`: set by the database layer, never by hand."""

    uuid = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True, db_default=Now())
    modified = models.DateTimeField(_("modified"), auto_now=True, db_default=Now())

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A save of some fields is a change too: `modified` goes with them.
        update_fields = kwargs.get("update_fields")
        if update_fields:
            kwargs["update_fields"] = {*update_fields, "modified"}
        super().save(*args, **kwargs)


class LiveQuerySet(models.QuerySet[Any]):
    def delete(self) -> tuple[int, dict[str, int]]:
        """Mark the rows as deleted; they stay, for the record and for OParl."""
        count = self.update(deleted=timezone.now(), modified=timezone.now())
        return count, {self.model._meta.label: count}

    def hard_delete(self) -> tuple[int, dict[str, int]]:
        return super().delete()


class LiveManager(models.Manager[Any]):
    """The rows not marked as deleted."""

    def get_queryset(self) -> LiveQuerySet:
        return LiveQuerySet(self.model, using=self._db).filter(deleted__isnull=True)


class EveryRowManager(models.Manager[Any]):
    """Every row, deleted or not."""


class SoftDeletable(models.Model):
    """Deleting marks the row (`deleted`) instead of removing it: `objects` shows the
    rows that are not deleted, `all_objects` every row."""

    deleted = models.DateTimeField(_("deleted"), null=True, blank=True, editable=False)

    objects = LiveManager()
    all_objects = EveryRowManager()

    class Meta:
        abstract = True

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        self.deleted = timezone.now()
        self.save(update_fields=["deleted"])
        return 1, {self._meta.label: 1}

    def hard_delete(self) -> tuple[int, dict[str, int]]:
        return super().delete()

    def restore(self) -> None:
        self.deleted = None
        self.save(update_fields=["deleted"])
