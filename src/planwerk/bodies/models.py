"""Bodies (Gremien), their seats, the people in them, nominations and topic changes."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from planwerk.core.languages import language_choices
from planwerk.core.records import Record, SoftDeletable
from planwerk.core.text import TranslatedText
from planwerk.processes.models import Process, Unit


class Body(Record, SoftDeletable):
    class Kind(models.TextChoices):
        COUNCIL = "council", _("Council")
        COMMITTEE = "committee", _("Committee")
        STEERING_GROUP = "steering_group", _("Steering group")
        EXPERT_GROUP = "expert_group", _("Expert group")
        INTEGRATION_COUNCIL = "integration_council", _("Integration council")
        DELEGATES_CONFERENCE = "delegates_conference", _("Delegates' conference")
        ROUND_TABLE = "round_table", _("Round table")
        OFFICER = "officer", _("Officer")
        OTHER = "other", _("Other")

    process = models.ForeignKey(
        Process, verbose_name=_("process"), on_delete=models.CASCADE, related_name="bodies"
    )
    slug = models.SlugField(_("slug"), max_length=80)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    order = models.PositiveIntegerField(_("order"), default=0)
    name = TranslatedText(_("name"), max_length=200)
    description = TranslatedText(_("description"), multiline=True, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reports to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    group = models.SlugField(_("group"), max_length=80, blank=True)
    lead_committee = models.BooleanField(_("lead committee"), default=False)
    retreats_min = models.PositiveIntegerField(
        _("retreats at least"),
        default=0,
        help_text=_("How many retreats with the expert groups the body holds at least."),
    )
    decision_rules = models.JSONField(_("decision rules"), default=dict, blank=True)
    targets = models.JSONField(_("targets"), default=list, blank=True)
    chart_row = models.PositiveIntegerField(
        _("row in the organisation chart"), null=True, blank=True
    )
    chart_column = models.PositiveIntegerField(
        _("column in the organisation chart"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["process", "slug"], name="unique_body_slug"),
        ]

    def __str__(self) -> str:
        return str(self.name)


class BodyLead(models.Model):
    """A Dezernat leading a body (an expert group), or taking part in the lead."""

    class Role(models.TextChoices):
        LEAD = "lead", _("lead")
        CO_LEAD = "co_lead", _("with a representative of")

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="leads"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("Dezernat"), on_delete=models.CASCADE, related_name="led_bodies"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.LEAD)

    class Meta:
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        constraints = [
            models.UniqueConstraint(fields=["body", "unit"], name="unique_body_lead"),
        ]

    def __str__(self) -> str:
        return f"{self.body}: {self.unit}"


class Subtopic(Record):
    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="subtopics"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    name = TranslatedText(_("name"), max_length=200)

    class Meta:
        verbose_name = _("subtopic")
        verbose_name_plural = _("subtopics")
        ordering = ["order"]

    def __str__(self) -> str:
        return str(self.name)


class SeatCategory(Record):
    """A kind of seat in a body, with how many there are and who may fill them."""

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="seat_categories"
    )
    slug = models.SlugField(_("slug"), max_length=80)
    order = models.PositiveIntegerField(_("order"), default=0)
    name = TranslatedText(_("name"), max_length=200)
    min_seats = models.PositiveIntegerField(_("minimum"))
    max_seats = models.PositiveIntegerField(_("maximum"))
    kinds = models.JSONField(_("kinds of person"), default=list, blank=True)
    units = models.ManyToManyField(Unit, verbose_name=_("from units"), blank=True, related_name="+")
    votes = models.BooleanField(_("has a vote"), default=True)
    chair = models.BooleanField(_("chair"), default=False)
    elected = models.BooleanField(_("filled by election"), default=False)
    delegated_by = models.ForeignKey(
        Body,
        verbose_name=_("delegated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="delegated_seats",
    )
    retired = models.BooleanField(
        _("no longer in the definition"),
        default=False,
        help_text=_("Kept because people still hold it; no new appointments."),
    )

    class Meta:
        verbose_name = _("seat category")
        verbose_name_plural = _("seat categories")
        ordering = ["body", "order"]
        constraints = [
            models.UniqueConstraint(fields=["body", "slug"], name="unique_seat_slug"),
            models.CheckConstraint(
                condition=models.Q(max_seats__gte=models.F("min_seats")), name="seat_min_below_max"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body}: {self.name}"


class SeatPosition(Record):
    """A named place within a seat category: the seat of one department or organisation."""

    category = models.ForeignKey(
        SeatCategory,
        verbose_name=_("seat category"),
        on_delete=models.CASCADE,
        related_name="positions",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit or organisation"), on_delete=models.CASCADE, related_name="+"
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("named seat")
        verbose_name_plural = _("named seats")
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["category", "unit"], name="unique_seat_position"),
        ]

    def __str__(self) -> str:
        return str(self.unit.name)


class JointVote(Record):
    """Seats that together cast one vote (the chair with the department Soziales)."""

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="joint_votes"
    )
    name = TranslatedText(_("name"), max_length=200)

    class Meta:
        verbose_name = _("joint vote")
        verbose_name_plural = _("joint votes")

    def __str__(self) -> str:
        return str(self.name)


class JointVoteSeat(models.Model):
    joint_vote = models.ForeignKey(
        JointVote, verbose_name=_("joint vote"), on_delete=models.CASCADE, related_name="seats"
    )
    category = models.ForeignKey(
        SeatCategory, verbose_name=_("seat category"), on_delete=models.CASCADE, related_name="+"
    )
    position = models.ForeignKey(
        SeatPosition,
        verbose_name=_("named seat"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    deputy = models.BooleanField(_("deputises"), default=False)

    class Meta:
        verbose_name = _("seat in a joint vote")
        verbose_name_plural = _("seats in a joint vote")

    def __str__(self) -> str:
        return f"{self.joint_vote}: {self.category}"


class Flow(Record):
    """A path that drafts or statements take between bodies (Infographic 1)."""

    process = models.ForeignKey(
        Process, verbose_name=_("process"), on_delete=models.CASCADE, related_name="flows"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    source = models.SlugField(_("from (body or group)"), max_length=80)
    target = models.SlugField(_("to (body or group)"), max_length=80)
    kind = models.SlugField(_("kind"), max_length=30)
    name = TranslatedText(_("label"), max_length=200, blank=True)
    days = models.PositiveIntegerField(
        _("deadline in days after submission"), null=True, blank=True
    )
    when = models.SlugField(_("only when"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("flow")
        verbose_name_plural = _("flows")
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"


class BodyGroup(Record):
    """Bodies named together, such as 'the six expert groups'."""

    process = models.ForeignKey(
        Process, verbose_name=_("process"), on_delete=models.CASCADE, related_name="body_groups"
    )
    slug = models.SlugField(_("slug"), max_length=80)
    kind = models.CharField(_("kind"), max_length=30, choices=Body.Kind.choices)
    name = TranslatedText(_("name"), max_length=200)
    chart_row = models.PositiveIntegerField(
        _("row in the organisation chart"), null=True, blank=True
    )
    chart_column = models.PositiveIntegerField(
        _("column in the organisation chart"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("group of bodies")
        verbose_name_plural = _("groups of bodies")
        constraints = [
            models.UniqueConstraint(fields=["process", "slug"], name="unique_body_group_slug"),
        ]

    def __str__(self) -> str:
        return str(self.name)


class Person(Record, SoftDeletable):
    """A person who holds or may hold a seat. Gender and migration background are
    self-declared and optional, and only ever shown in aggregates."""

    class Kind(models.TextChoices):
        INTERNAL = "internal", _("City administration")
        EXTERNAL = "external", _("Civil society")
        SCIENCE = "science", _("Science")

    class Gender(models.TextChoices):
        FEMALE = "female", _("female")
        MALE = "male", _("male")
        DIVERSE = "diverse", _("diverse")

    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit or organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    organisation = models.CharField(_("organisation (if not listed)"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    language = models.CharField(
        _("language of messages"),
        max_length=10,
        choices=language_choices,
        default="de",
        help_text=_("Emails and letters to this person are written in this language."),
    )
    gender = models.CharField(
        _("gender (self-declared)"), max_length=10, choices=Gender.choices, blank=True
    )
    migration_background = models.BooleanField(
        _("migration background (self-declared)"), null=True, blank=True
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    # Name and memberships go out through OParl (docs/oparl.md) only with consent;
    # withdrawing it reports the person there as deleted.
    publication_consent = models.BooleanField(
        _("agrees to publication"),
        default=False,
        help_text=_(
            "The person agreed that their name and memberships are published as open "
            "data (OParl). Never their email address."
        ),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["family_name", "given_name"]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"


class Membership(Record, SoftDeletable):
    """A person in a seat of a body, from a date, possibly until a date."""

    class Role(models.TextChoices):
        MEMBER = "member", _("member")
        DEPUTY = "deputy", _("deputy")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="memberships"
    )
    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="memberships"
    )
    seat = models.ForeignKey(
        SeatCategory, verbose_name=_("seat"), on_delete=models.PROTECT, related_name="memberships"
    )
    position = models.ForeignKey(
        SeatPosition,
        verbose_name=_("named seat"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    deputy_of = models.ForeignKey(
        "self",
        verbose_name=_("deputy of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deputies",
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.CharField(_("entered by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["seat__order", "position__order", "start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="membership_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(role="member", deputy_of__isnull=True)
                | models.Q(role="deputy", deputy_of__isnull=False),
                name="deputy_names_whom",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.seat}"


def _token() -> str:
    return secrets.token_urlsafe(24)


class Nomination(Record):
    """An organisation's own proposal of an expert for an expert group
    (Initiativvorschlag, Drucksache 2472/2019, 2.2)."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("received")
        FORWARDED = "forwarded", _("forwarded to the Dezernat")
        APPOINTED = "appointed", _("appointed")
        DECLINED = "declined", _("declined")

    body = models.ForeignKey(
        Body, verbose_name=_("expert group"), on_delete=models.PROTECT, related_name="nominations"
    )
    organisation = models.CharField(_("nominating organisation"), max_length=200)
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact email"))
    language = models.CharField(
        _("language of messages"),
        max_length=10,
        choices=language_choices,
        default="de",
        help_text=_("The emails about this nomination are written in this language."),
    )
    nominee_given_name = models.CharField(_("given name of the nominee"), max_length=100)
    nominee_family_name = models.CharField(_("family name of the nominee"), max_length=100)
    nominee_kind = models.CharField(
        _("the nominee works in"), max_length=20, choices=Person.Kind.choices
    )
    expertise = models.TextField(_("expertise"), max_length=2000)
    consent = models.BooleanField(_("the nominee agrees"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    token = models.CharField(
        _("key of the status page"), max_length=64, unique=True, default=_token, editable=False
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    forwarded_at = models.DateTimeField(_("forwarded at"), null=True, blank=True)
    forwarded_by = models.CharField(_("forwarded by"), max_length=150, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.CharField(_("decided by"), max_length=150, blank=True)
    decline_reason = models.TextField(_("reason"), blank=True, max_length=2000)
    membership = models.ForeignKey(
        Membership,
        verbose_name=_("membership"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-submitted_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="declined") | ~models.Q(decline_reason=""),
                name="declined_nomination_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nominee_given_name} {self.nominee_family_name} ({self.organisation})"


class TopicChangeRequest(models.Model):
    """An expert group's wish to change its topic scope, which needs the steering
    group's agreement (Drucksache 2472/2019, 2.2)."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("requested")
        AGREED = "agreed", _("agreed by the steering group")
        REJECTED = "rejected", _("not agreed")

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="topic_requests"
    )
    proposed_subtopics = models.JSONField(_("proposed subtopics"))
    reason = models.TextField(_("reason"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    requested_by = models.CharField(_("requested by"), max_length=150)
    steering_decision_date = models.DateField(
        _("date of the steering group's decision"), null=True, blank=True
    )
    steering_reference = models.CharField(_("minutes reference"), max_length=200, blank=True)
    decided_by = models.CharField(_("decided by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("topic change request")
        verbose_name_plural = _("topic change requests")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.body}: {self.get_status_display()}"
