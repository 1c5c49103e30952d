"""Who may do what: every rule of planwerk in one table.

`RULES` below is the table. Each row is an action ("bodies.appoint"); each column a
role a user has (process.md, section 1):

- anonymous: a visitor who has not logged in;
- public: anybody logged in (every account has this role);
- member: an account whose person holds a current membership in a body;
- dezernat: staff of a Dezernat (a RoleAssignment naming the Dezernat);
- coordinator: staff of the city's integration unit (OE 50.6), runs the process;
- superuser: the operators' account (Django's `is_superuser`).

A cell is YES, NO or a `Condition` on the object acted on ("the Dezernat leads the
body"). An account may hold several roles; it may act when one of its roles may.

The API:
- `may(user, action, obj=None)`: whether the user may; a condition is met only
  for an object that fulfils it;
- `may_some(user, action)`: whether one of the user's roles may act at all (for
  menus, and for a view before it has loaded its object);
- `require(user, action, obj=None)`: raises PermissionDenied where `may` says no;
  services call it, so that no way around the pages is left;
- `visible(user, action, queryset)`: the queryset filtered to what the user may;
- `permission(action)`: the view decorator that names a view's action (the URL
  test reads it) and lets in only roles that may act at all;
- `api_permission(action)`: the same for an operation of the JSON API (its `auth`);
- in templates, `{% load permissions %}{% may "bodies.appoint" body as can_appoint %}`,
  and the context variable `can` for menus: `{% if can.elections.manage %}`.

`docs/roles.md` is generated from this table (`planwerk roles-doc`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.apps import apps
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from planwerk.core.roles import COORDINATOR, DEZERNAT

ANONYMOUS = "anonymous"
PUBLIC = "public"
MEMBER = "member"
SUPERUSER = "superuser"
ROLES = (ANONYMOUS, PUBLIC, MEMBER, DEZERNAT, COORDINATOR, SUPERUSER)

ROLE_TEXTS = {
    ANONYMOUS: "a visitor who has not logged in",
    PUBLIC: "anybody logged in; every account has this role",
    MEMBER: "an account whose person holds a current membership in a body",
    DEZERNAT: "staff of a Dezernat (a role assignment naming the Dezernat)",
    COORDINATOR: "staff of the integration unit (OE 50.6), runs the process",
    SUPERUSER: "the operators' account (Django's superuser)",
}


# -- the roles of a user -------------------------------------------------------------
def _assignments(user: Any) -> dict[str, set[int]]:
    """The user's role assignments: role → the units named (cached on the user)."""
    cached = getattr(user, "_planwerk_roles", None)
    if cached is None:
        from planwerk.core.models import RoleAssignment

        cached = {}
        for role, unit_id in RoleAssignment.objects.filter(user=user).values_list(
            "role", "unit_id"
        ):
            cached.setdefault(role, set())
            if unit_id is not None:
                cached[role].add(unit_id)
        user._planwerk_roles = cached
    return cached


def _today() -> dt.date:
    return timezone.localdate()


def _current(prefix: str = "") -> Q:
    on = _today()
    return Q(**{f"{prefix}start__lte": on}) & (
        Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gte": on})
    )


def _memberships() -> Any:
    return apps.get_model("bodies", "Membership").objects.filter(_current())


def roles_of(user: Any) -> frozenset[str]:
    """The roles a user holds: the columns of the table that apply to her."""
    if not getattr(user, "is_authenticated", False):
        return frozenset({ANONYMOUS})
    cached = getattr(user, "_planwerk_roleset", None)
    if cached is not None:
        return cached
    held = {PUBLIC}
    assigned = _assignments(user)
    if COORDINATOR in assigned:
        held.add(COORDINATOR)
    if assigned.get(DEZERNAT):
        held.add(DEZERNAT)
    if user.is_superuser:
        held.add(SUPERUSER)
    if _memberships().filter(person__user=user).exists():
        held.add(MEMBER)
    user._planwerk_roleset = frozenset(held)
    return user._planwerk_roleset


def dezernat_unit_ids(user: Any) -> set[int]:
    """The Dezernate a user acts for (empty for everybody else)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(_assignments(user).get(DEZERNAT) or set())


# -- conditions on the object ---------------------------------------------------------
@dataclass(frozen=True)
class Condition:
    """A cell that holds for some objects: `check(user, obj)` answers for one object,
    `where(user)` gives the same answer as a filter on the action's objects."""

    text: str
    check: Callable[[Any, Any], bool]
    where: Callable[[Any], Q] | None = None


def _body_of(obj: Any) -> Any:
    """The body an object belongs to (a body is its own)."""
    return obj.body if hasattr(obj, "body") else obj


def _leads(user: Any, obj: Any) -> bool:
    body = _body_of(obj)
    units = dezernat_unit_ids(user)
    return bool(units) and body.leads.filter(unit_id__in=units).exists()


def _is_expert_group(obj: Any) -> bool:
    return _body_of(obj).kind == "expert_group"


def _sits_in(user: Any, obj: Any) -> bool:
    return _memberships().filter(person__user=user, body=_body_of(obj)).exists()


def _forwarded(obj: Any) -> bool:
    return obj.status != "submitted"


LEADS_BODY = Condition(
    "if the Dezernat leads the body",
    check=_leads,
    where=lambda user: Q(leads__unit_id__in=dezernat_unit_ids(user)),
)
LEADS_EXPERT_GROUP = Condition(
    "if the body is an expert group and the Dezernat leads it",
    check=lambda user, obj: _is_expert_group(obj) and _leads(user, obj),
)
MEMBER_OF_EXPERT_GROUP = Condition(
    "if the body is an expert group and the person is a current member of it",
    check=lambda user, obj: _is_expert_group(obj) and _sits_in(user, obj),
)
EXPERT_GROUP = Condition(
    "if the body is an expert group",
    check=lambda user, obj: _is_expert_group(obj),
)
LEADS_BODY_FORWARDED = Condition(
    "if the Dezernat leads the nomination's body and the coordination has forwarded it",
    check=lambda user, obj: _forwarded(obj) and _leads(user, obj),
    where=lambda user: Q(body__leads__unit_id__in=dezernat_unit_ids(user)) & ~Q(status="submitted"),
)
MEMBER_OF_BODY = Condition(
    "if the person is a current member of the body",
    check=_sits_in,
    where=lambda user: Q(body__in=_memberships().filter(person__user=user).values("body")),
)
PUBLIC_ELECTION = Condition(
    "if the election is public (a practice election is not)",
    check=lambda user, obj: bool(obj.is_public),
    where=lambda user: Q(practice=False),
)

# Drafts (papers): the object is a draft, or the body a draft would belong to.
LEADS_DRAFT_BODY = Condition(
    "if the Dezernat leads the body",
    check=_leads,
    where=lambda user: Q(body__leads__unit_id__in=dezernat_unit_ids(user)),
)


# Decisions: the object is a decision (of a meeting, on a version of a draft).
def _sees_decision_where(user: Any) -> Q:
    """On decisions: those of a meeting or on a draft the user may see."""
    meetings = visible(user, "meetings.view", apps.get_model("meetings", "Meeting").objects.all())
    drafts = visible(user, "papers.view", apps.get_model("papers", "Draft").objects.all())
    return Q(meeting__in=meetings.values("pk")) | Q(version__draft__in=drafts.values("pk"))


SEES_DECISION = Condition(
    "if the person may see the meeting or the draft the decision is about",
    check=lambda user, obj: (
        may(user, "meetings.view", obj.meeting) or may(user, "papers.view", obj.version.draft)
    ),
    where=_sees_decision_where,
)


# Consultations: the object is a consultation (its body, its version's draft), or a
# version or draft that bodies are consulted on.
def _draft_id(obj: Any) -> int | None:
    """The draft a draft, version or consultation belongs to (None for anything else)."""
    papers = apps.get_app_config("papers")
    if isinstance(obj, papers.get_model("Draft")):
        return int(obj.pk)
    if isinstance(obj, papers.get_model("Version")):
        return int(obj.draft_id)  # type: ignore[attr-defined]
    if isinstance(obj, apps.get_model("consultations", "Consultation")):
        return int(obj.version.draft_id)
    return None


def _consulted_on(user: Any, obj: Any) -> bool:
    draft_id = _draft_id(obj)
    if draft_id is None:
        return False
    return (
        apps.get_model("consultations", "Consultation")
        .objects.filter(
            version__draft_id=draft_id,
            body__in=_memberships().filter(person__user=user).values("body"),
        )
        .exists()
    )


def _draft_of(obj: Any) -> Any:
    if isinstance(obj, apps.get_model("consultations", "Consultation")):
        return obj.version.draft
    return obj.draft if hasattr(obj, "draft") else obj


def _drafts_seen(user: Any) -> Q:
    """On drafts: those of the user's bodies and those her bodies are consulted on."""
    bodies = _memberships().filter(person__user=user).values("body")
    return Q(body__in=bodies) | Q(versions__consultations__body__in=bodies)


MEMBER_OF_BODY_OR_CONSULTED = Condition(
    "if the person is a current member of the body, or of a body consulted on the draft",
    check=lambda user, obj: _sits_in(user, _draft_of(obj)) or _consulted_on(user, obj),
    where=_drafts_seen,
)
# `where` of the next two filters consultations (the objects of `consultations.view`).
MAY_SEE_DRAFT = Condition(
    "if the person may see the draft (member of its body or of a body consulted on it)",
    check=lambda user, obj: _sits_in(user, _draft_of(obj)) or _consulted_on(user, obj),
    where=lambda user: Q(
        version__draft__in=apps.get_model("papers", "Draft")
        .objects.filter(_drafts_seen(user))
        .values("pk")
    ),
)
LEADS_CONSULTED_DRAFT = Condition(
    "if the Dezernat leads the body that writes the draft",
    check=lambda user, obj: _leads(user, _draft_of(obj)),
    where=lambda user: Q(version__draft__body__leads__unit_id__in=dezernat_unit_ids(user)),
)
MEMBER_OF_CONSULTED_BODY = Condition(
    "if the person is a current member of the consulted body",
    check=lambda user, obj: _sits_in(user, obj),
    where=lambda user: Q(body__in=_memberships().filter(person__user=user).values("body")),
)

YES = True
NO = False
Cell = bool | Condition


# -- the table --------------------------------------------------------------------------
NOT_ALLOWED = _("You may not do this.")


@dataclass(frozen=True)
class Rule:
    action: str
    text: str
    cells: dict[str, Cell]
    refusal: Promise | str = NOT_ALLOWED

    @property
    def conditional(self) -> bool:
        return any(isinstance(c, Condition) for c in self.cells.values())


def rule(
    action: str,
    text: str,
    anonymous: Cell,
    public: Cell,
    member: Cell,
    dezernat: Cell,
    coordinator: Cell,
    superuser: Cell,
    refusal: Promise | str = NOT_ALLOWED,
) -> Rule:
    cells = dict(
        zip(ROLES, (anonymous, public, member, dezernat, coordinator, superuser), strict=True)
    )
    return Rule(action, text, cells, refusal)


COORDINATION_ONLY = _("Only the coordination may do this.")
# fmt: off
RULES: dict[str, Rule] = {r.action: r for r in [
    #     action                          what it is                                                       anonymous public member                  dezernat               coordinator    superuser
    rule("site.view",                    "See the public pages: home, login, language, the API description", YES,    YES,   YES,                    YES,                   YES,           YES),
    rule("bodies.view",                  "See the bodies, their composition and the organisation chart",    YES,    YES,   YES,                    YES,                   YES,           YES),
    rule("timeline.view",                "See the timeline of the process: stages, milestones, what is done, late and next", YES, YES, YES,             YES,                   YES,           YES),
    rule("processes.plan",               "Move the planned dates of stages and milestones; record a milestone as reached", NO, NO, NO,               NO,                    YES,           NO,
         refusal=COORDINATION_ONLY),
    rule("bodies.nominate",              "Nominate an expert and follow the nomination by its private link", YES,    YES,   YES,                    YES,                   YES,           YES),
    rule("bodies.view_nominations",      "See the nominations and their details",                           NO,     NO,    NO,                     LEADS_BODY_FORWARDED,  YES,           YES,
         refusal=_("You may not see nominations.")),
    rule("bodies.forward_nomination",    "Forward a nomination to the lead Dezernat",                       NO,     NO,    NO,                     NO,                    YES,           YES,
         refusal=COORDINATION_ONLY),
    rule("bodies.decide_nomination",     "Appoint a nominee or decline a nomination",                       NO,     NO,    NO,                     LEADS_BODY,            YES,           YES),
    rule("bodies.appoint",               "Appoint a member of a body",                                      NO,     NO,    NO,                     LEADS_BODY,            YES,           YES,
         refusal=_("You may not appoint members of this body.")),
    rule("bodies.end_membership",        "End a membership in a body",                                      NO,     NO,    NO,                     LEADS_BODY,            YES,           YES,
         refusal=_("You may not end memberships of this body.")),
    rule("bodies.export_members",        "Download a body's seats and members as a table (CSV, Excel)",     NO,     NO,    NO,                     LEADS_BODY,            YES,           YES,
         refusal=_("You may not download the members of this body.")),
    rule("bodies.request_topic_change",  "Ask the steering group to change an expert group's topics",       NO,     NO,    MEMBER_OF_EXPERT_GROUP, LEADS_EXPERT_GROUP,    EXPERT_GROUP,  EXPERT_GROUP,
         refusal=_("You may not request a change of this group's topics.")),
    rule("bodies.view_topic_requests",   "See the requests to change an expert group's topics",             NO,     NO,    MEMBER_OF_EXPERT_GROUP, LEADS_EXPERT_GROUP,    YES,           YES),
    rule("bodies.decide_topic_change",   "Record the steering group's decision on a topic change",          NO,     NO,    NO,                     NO,                    YES,           YES,
         refusal=_("Only the coordination records the steering group's decision.")),
    rule("people.view_selfdeclared",     "See the people and their self-declared data",                     NO,     NO,    NO,                     NO,                    YES,           YES,
         refusal=_("Only the coordination may see this page.")),
    rule("people.record_selfdeclared",   "Record a person's self-declared data",                            NO,     NO,    NO,                     NO,                    YES,           YES,
         refusal=COORDINATION_ONLY),
    rule("people.manage_roles",          "Give accounts a role and take it away",                           NO,     NO,    NO,                     NO,                    YES,           YES,
         refusal=COORDINATION_ONLY),
    rule("people.invite",                "Invite a member to set up an account (again, with a new link)",   NO,     NO,    NO,                     NO,                    YES,           YES,
         refusal=COORDINATION_ONLY),
    rule("people.set_up_account",        "Set one's password by the link of an invitation (the key)",       YES,    YES,   YES,                    YES,                   YES,           YES),
    rule("elections.view",               "See an election's candidates, result and record",                  PUBLIC_ELECTION, PUBLIC_ELECTION, PUBLIC_ELECTION, PUBLIC_ELECTION, YES, YES),
    rule("elections.projector",          "Follow an election on the projector (a practice election too)",   YES,    YES,   YES,                    YES,                   YES,           YES),
    rule("elections.vote",               "Vote (the card's code is the key, no login)",                     YES,    YES,   YES,                    YES,                   YES,           YES),
    rule("elections.manage",             "Prepare and run elections: register, candidacies, cards, rounds", NO,     NO,    NO,                     NO,                    YES,           YES,
         refusal=COORDINATION_ONLY),
    rule("elections.view_minutes",       "See an election's minutes",                                       NO,     NO,    NO,                     NO,                    YES,           YES,
         refusal=_("Only the coordination may see this document.")),
    rule("elections.invite",             "See and send the invitations, print the letters",                 NO,     NO,    NO,                     NO,                    YES,           YES,
         refusal=_("Only the coordination may see this document.")),
    rule("papers.view",                  "See a body's drafts, their versions and the comparison of two",    NO,     NO,    MEMBER_OF_BODY_OR_CONSULTED, LEADS_DRAFT_BODY, YES,          YES,
         refusal=_("You may not see the drafts of this body.")),
    rule("papers.edit",                  "Write a body's draft: add and change its sections",               NO,     NO,    MEMBER_OF_BODY,         NO,                    YES,           NO,
         refusal=_("Only the members of this body may write its draft.")),
    rule("papers.submit",                "Submit a body's draft as a numbered version",                     NO,     NO,    MEMBER_OF_BODY,         NO,                    YES,           NO,
         refusal=_("Only the members of this body may submit its draft.")),
    rule("papers.board",                 "See where the drafts of a stage stand (the rows one may see)",    NO,     NO,    YES,                    YES,                   YES,           YES),
    rule("meetings.view",                "See a body's meetings: agenda, attendance, minutes, calendar file", NO,     NO,    MEMBER_OF_BODY,         NO,                    YES,           YES,
         refusal=_("Only the members of the body and the coordination may see its meetings.")),
    rule("meetings.manage",              "Plan meetings, send invitations, record attendance and minutes", NO,     NO,    NO,                     NO,                    YES,           YES,
         refusal=COORDINATION_ONLY),
    rule("decisions.view",               "See decisions on versions: the votes by seat, the requirements", NO,     NO,    SEES_DECISION,          SEES_DECISION,         YES,           YES,
         refusal=_("You may not see this decision.")),
    rule("decisions.record",             "Record a decision on a version at a held meeting",              NO,     NO,    NO,                     NO,                    YES,           YES,
         refusal=_("Only the coordination records the decisions of a meeting.")),
    rule("papers.export",                "Download a version or a comparison of two as PDF or DOCX",        NO,     NO,    MEMBER_OF_BODY_OR_CONSULTED, LEADS_DRAFT_BODY, YES,          YES,
         refusal=_("You may not see the drafts of this body.")),
    rule("council.view",                 "See the stage's paper and its council papers (Drucksachen)",      NO,     NO,    YES,                    YES,                   YES,           YES,
         refusal=_("Only the members of the bodies, the Dezernate and the coordination may see this.")),
    rule("council.manage",               "Create a council paper and record its passage",                   NO,     NO,    NO,                     NO,                    YES,           NO,
         refusal=COORDINATION_ONLY),
    rule("consultations.view",           "See the consultations on a version, the statements and attachments", NO,    NO,    MAY_SEE_DRAFT,          LEADS_CONSULTED_DRAFT, YES,           YES,
         refusal=_("You may not see the consultations on this draft.")),
    rule("consultations.state",          "Give the statement of a consulted body; see what one's bodies owe", NO,     NO,    MEMBER_OF_CONSULTED_BODY, NO,                  YES,           NO,
         refusal=_("Only the members of the consulted body and the coordination may give its statement.")),
    rule("consultations.manage",         "Follow all consultations, extend deadlines, confirm gender relevance", NO,   NO,    NO,                     NO,                    YES,           YES,
         refusal=COORDINATION_ONLY),
    rule("consultations.mark_relevant",  "Mark a version relevant to gender equality",                      NO,     NO,    MAY_SEE_DRAFT,          NO,                    YES,           NO,
         refusal=_("Only those who may see the draft may mark it.")),
    rule("digest.subscribe",             "Subscribe to the digest of the process's steps (email and feed)", NO,     NO,    MEMBER_OF_BODY,         NO,                    YES,           YES,
         refusal=_("The digest is for the members of the lead committee and the coordination.")),
    rule("digest.feed",                  "Read the digest's feed (its private address is the key)",         YES,    YES,   YES,                    YES,                   YES,           YES),
    rule("events.view",                  "See the published events, their pages and calendar files",         YES,    YES,   YES,                    YES,                   YES,           YES),
    rule("events.register",              "Register for an event, cancel by the private link of the email",    YES,    YES,   YES,                    YES,                   YES,           YES),
    rule("events.manage",                "Create, change and publish events; see and export registrations",   NO,     NO,    NO,                     NO,                    YES,           YES,
         refusal=COORDINATION_ONLY),
    rule("events.concerns_enter",        "Enter the concerns residents raised at an event",                    NO,     NO,    NO,                     NO,                    YES,           NO,
         refusal=COORDINATION_ONLY),
    rule("events.concerns_answer",       "See an expert group's inbox of concerns and record what it did",     NO,     NO,    MEMBER_OF_BODY,         NO,                    YES,           NO,
         refusal=_("Only the members of the expert group and the coordination may see its concerns.")),
    rule("residents.sign_in",            "Ask for a resident's sign-in link by email and sign in with it",   YES,    YES,   YES,                    YES,                   YES,           YES),
    rule("residents.own_data",           "See, download and delete what planwerk holds about one's resident profile", NO, YES, YES,                 YES,                   YES,           YES,
         refusal=_("Please sign in first.")),
    rule("participation.read",           "Read drafts published for comment and the comments on them",      YES,    YES,   YES,                    YES,                   YES,           YES),
    rule("participation.comment",        "Comment on a published draft, reply, support comments",           NO,     YES,   YES,                    YES,                   YES,           YES,
         refusal=_("Please sign in to comment.")),
    rule("participation.moderate",       "Hide a public comment, with a reason shown in its place",         NO,     NO,    NO,                     NO,                    YES,           YES,
         refusal=COORDINATION_ONLY),
    rule("participation.export",         "Download every comment on a published version as a table (CSV, Excel)", NO, NO, NO,                     NO,                    YES,           YES,
         refusal=COORDINATION_ONLY),
    rule("participation.publish",        "Publish a version of a draft for public comment",                 NO,     NO,    NO,                     NO,                    YES,           NO,
         refusal=COORDINATION_ONLY),
    rule("proposals.read",               "See the proposals, their answers and what became of them",        YES,    YES,   YES,                    YES,                   YES,           YES),
    rule("proposals.write",              "Make a proposal and support proposals",                           NO,     YES,   YES,                    YES,                   YES,           YES,
         refusal=_("Please sign in to make or support a proposal.")),
    rule("proposals.answer",             "Answer a proposal of the expert group's theme field",             NO,     NO,    MEMBER_OF_BODY,         NO,                    YES,           NO,
         refusal=_("Only the members of the expert group and the coordination may answer this proposal.")),
    rule("proposals.export",             "Download the proposals and their answers as a table (CSV, Excel)", NO,   NO,    NO,                     NO,                    YES,           YES,
         refusal=COORDINATION_ONLY),
    rule("proposals.moderate",           "Hide a proposal, with a reason shown in its place",               NO,     NO,    NO,                     NO,                    YES,           YES,
         refusal=COORDINATION_ONLY),
    rule("oparl.view",                   "Read the open data interface (OParl): bodies, published people, meetings, papers, files", YES, YES, YES,       YES,                   YES,           YES),
    rule("admin.change_audited",         "Add or delete in the admin what has its own audited pages",       NO,     NO,    NO,                     NO,                    NO,            NO),
    rule("admin.use",                    "Use the administration (Django admin)",                           NO,     NO,    NO,                     NO,                    NO,            YES),
]}
# fmt: on


# -- asking the table -----------------------------------------------------------------------
def _rule(action: str) -> Rule:
    try:
        return RULES[action]
    except KeyError:
        raise LookupError(f"Unknown action {action!r}: add it to RULES") from None


def may(user: Any, action: str, obj: Any = None) -> bool:
    """Whether the user may do the action (to this object, where the rule names one)."""
    rule_ = _rule(action)
    for role in roles_of(user):
        cell = rule_.cells[role]
        if cell is True:
            return True
        if isinstance(cell, Condition) and obj is not None and cell.check(user, obj):
            return True
    return False


def may_some(user: Any, action: str) -> bool:
    """Whether one of the user's roles may do the action, at least to some objects."""
    rule_ = _rule(action)
    return any(rule_.cells[role] is not False for role in roles_of(user))


def require(user: Any, action: str, obj: Any = None) -> None:
    """Raise PermissionDenied unless the user may do the action."""
    rule_ = _rule(action)
    if not may(user, action, obj):
        raise PermissionDenied(str(rule_.refusal))


def visible(user: Any, action: str, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """The objects of the queryset the user may do the action to."""
    rule_ = _rule(action)
    where: Q | None = None
    for role in roles_of(user):
        cell = rule_.cells[role]
        if cell is True:
            return queryset
        if isinstance(cell, Condition):
            if cell.where is None:
                raise LookupError(f"{action}: the condition {cell.text!r} has no filter")
            where = cell.where(user) if where is None else where | cell.where(user)
    if where is None:
        return queryset.none()
    return queryset.filter(where).distinct()


# -- views and the API --------------------------------------------------------------------
View = Callable[..., HttpResponse]


def permission(
    action: str, *, login_target: Callable[..., str] | None = None
) -> Callable[[View], View]:
    """Name the action a view serves and let in only the roles that may act at all:
    anonymous visitors log in first, other accounts get 403. With a condition the
    view asks `require(user, action, obj)` again once it has the object.

    `login_target(request, **kwargs)` gives the address to return to after logging in
    where the view itself would not do (a POST-only address answers GET with 405)."""
    _rule(action)

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not may_some(request.user, action):
                if not request.user.is_authenticated:
                    target = request.get_full_path()
                    if request.method != "GET" and login_target is not None:
                        target = login_target(request, **kwargs)
                    return redirect_to_login(target)
                raise PermissionDenied(str(RULES[action].refusal))
            return view(request, *args, **kwargs)

        wrapped.permission_action = action  # type: ignore[attr-defined]
        return wrapped

    return decorate


def public(view: View) -> View:
    """Name a view open to everybody ("site.view")."""
    view.permission_action = "site.view"  # type: ignore[attr-defined]
    return view


class ApiPermission:
    """`auth` of an API operation: lets in whoever may do the action at all."""

    def __init__(self, action: str) -> None:
        _rule(action)
        self.action = action

    def __call__(self, request: HttpRequest) -> bool:
        if may_some(request.user, self.action):
            return True
        if request.user.is_authenticated:
            from ninja.errors import AuthorizationError

            raise AuthorizationError
        return False


def api_permission(action: str) -> ApiPermission:
    return ApiPermission(action)


# Views planwerk does not write itself, by URL name: their action.
EXTERNAL_VIEWS = {
    "login": "site.view",
    "logout": "site.view",
    "set_language": "site.view",
    "api:api-root": "site.view",
    "api:openapi-json": "site.view",
    "api:openapi-view": "site.view",
    "admin:login": "site.view",
    "admin:logout": "site.view",
    # Logs of other apps, which their admin shows read-only.
    "admin:axes_accessattempt_add": "admin.change_audited",
    "admin:axes_accesslog_add": "admin.change_audited",
    "admin:axes_accessfailurelog_add": "admin.change_audited",
    "admin:django_tasks_database_dbtaskresult_add": "admin.change_audited",
}
# Every other view of these namespaces.
EXTERNAL_NAMESPACES = {"admin": "admin.use"}


def action_of(callback: Any, url_name: str | None, namespace: str = "") -> str | None:
    """The action a URL's view names (None if it names none).

    A page of the admin for one model (admin:<app>_<model>_<view>) may name its own
    action in the ModelAdmin's `permission_actions` ({"add": ..., "delete": ...})."""
    named = getattr(callback, "permission_action", None)
    if named is not None:
        return str(named)
    model_admin = getattr(callback, "model_admin", None)
    if model_admin is not None and url_name:
        view = url_name.rpartition("_")[2]
        own = getattr(model_admin, "permission_actions", {}).get(view)
        if own is not None:
            return str(own)
    full = f"{namespace}:{url_name}" if namespace else url_name
    if full in EXTERNAL_VIEWS:
        return EXTERNAL_VIEWS[full]
    return EXTERNAL_NAMESPACES.get(namespace.partition(":")[0])


# -- every address ------------------------------------------------------------------------
@dataclass(frozen=True)
class Address:
    """One URL pattern (or API operation) and the action it names."""

    name: str  # "namespace:name"; "namespace:None" for an unnamed pattern
    namespace: str
    route: str
    kwargs: tuple[str, ...]
    action: str | None


#: The JSON APIs of the site; each registers itself (`register_api`) when it is built.
_APIS: list[Any] = []


def register_api(api: Any) -> None:
    """Make a django-ninja API's operations known to `addresses()`."""
    if api not in _APIS:
        _APIS.append(api)


def _api_actions() -> dict[str, str | None]:
    """The JSON API's operations by URL name: the action each names in its `auth`."""
    found: dict[str, str | None] = {}
    for api, router in [(each, router) for each in _APIS for _prefix, router in each._routers]:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                name = getattr(operation, "url_name", None) or api.get_operation_url_name(
                    operation, router=router
                )
                named = [a.action for a in operation.auth_callbacks if isinstance(a, ApiPermission)]
                found[name] = named[0] if named else None
    return found


def addresses() -> list[Address]:
    """Every URL pattern of the site with the action it names (None: names none)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018  (loading the URLs builds and registers the APIs)
    api_actions = _api_actions()
    found: list[Address] = []

    def walk(patterns: list[Any], namespace: str, prefix: str) -> None:
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                inner = p.namespace or ""
                walk(
                    p.url_patterns, f"{namespace}:{inner}".strip(":") if inner else namespace, route
                )
            elif isinstance(p, URLPattern):
                action = action_of(p.callback, p.name, namespace)
                if namespace == "api" and p.name in api_actions:
                    action = api_actions[p.name]
                full = f"{namespace}:{p.name}" if namespace else str(p.name)
                found.append(
                    Address(full, namespace, route, tuple(p.pattern.regex.groupindex), action)
                )

    walk(resolver.url_patterns, "", "/")
    return found


# -- templates ----------------------------------------------------------------------------
class Can:
    """`can.elections.manage` in a template: `may_some(user, "elections.manage")`."""

    def __init__(self, user: Any, prefix: str = "") -> None:
        self._user = user
        self._prefix = prefix

    def __getitem__(self, name: str) -> Any:
        if not self._prefix:
            return Can(self._user, name)
        return may_some(self._user, f"{self._prefix}.{name}")
