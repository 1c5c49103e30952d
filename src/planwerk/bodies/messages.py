"""Turning composition findings into sentences in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from planwerk.bodies.domain.composition import Finding

KIND_LABELS = {
    "internal": lambda: _("city administration"),
    "external": lambda: _("civil society"),
    "science": lambda: _("science"),
}


def finding_text(finding: Finding, seats: dict[str, str], people: dict[str, str]) -> str:
    f = dict(finding.figures)
    seat = seats.get(finding.seat or "", finding.seat or "")
    person = people.get(finding.person or "", finding.person or "")
    code = finding.code
    if code == "too_many":
        return ngettext(
            "%(seat)s: %(count)d people hold it, at most %(max)d is allowed.",
            "%(seat)s: %(count)d people hold it, at most %(max)d are allowed.",
            int(f["max"]),
        ) % {"seat": seat, "count": f["count"], "max": f["max"]}
    if code == "too_few":
        return ngettext(
            "%(seat)s: %(count)d of at least %(min)d seat is filled.",
            "%(seat)s: %(count)d of at least %(min)d seats are filled.",
            int(f["min"]),
        ) % {"seat": seat, "count": f["count"], "min": f["min"]}
    if code == "person_twice":
        return ngettext(
            "%(person)s holds %(count)d seat in this body; one is allowed.",
            "%(person)s holds %(count)d seats in this body; one is allowed.",
            int(f["count"]),
        ) % {
            "person": person,
            "count": f["count"],
        }
    if code == "position_twice":
        return ngettext(
            "%(seat)s: the named seat %(position)s is held by %(count)d person.",
            "%(seat)s: the named seat %(position)s is held by %(count)d people.",
            int(f["count"]),
        ) % {
            "seat": seat,
            "position": f["position"],
            "count": f["count"],
        }
    if code == "wrong_kind":
        kind = KIND_LABELS.get(str(f.get("kind")), lambda: str(f.get("kind")))()
        return _("%(seat)s: %(person)s is from %(kind)s, which may not fill this seat.") % {
            "seat": seat,
            "person": person,
            "kind": kind,
        }
    if code == "wrong_unit":
        return _("%(seat)s: %(person)s does not belong to a unit that may fill this seat.") % {
            "seat": seat,
            "person": person,
        }
    if code == "needs_position":
        return _("%(seat)s: %(person)s holds no named seat of this category.") % {
            "seat": seat,
            "person": person,
        }
    if code == "wrong_position":
        return _("%(seat)s: %(person)s does not belong to %(position)s, whose seat they hold.") % {
            "seat": seat,
            "person": person,
            "position": f["position"],
        }
    if code == "unknown_seat":
        return _("%(person)s holds a seat that is no longer defined.") % {"person": person}
    if code == "gender_too_few_declared":
        return ngettext(
            "Gender parity cannot be assessed: fewer than %(n)d person has declared their gender.",
            "Gender parity cannot be assessed: fewer than %(n)d people have declared their gender.",
            int(f["min_group"]),
        ) % {"n": f["min_group"]}
    if code == "gender_parity":
        return _("Gender parity is a target: %(figures)s.") % {
            "figures": gender_figures(
                int(f["women"]), int(f["men"]), int(f["diverse"]), int(f["undeclared"])
            )
        }
    if code == "migration_too_few":
        return ngettext(
            "The share with a migration background is not shown for fewer than %(n)d member.",
            "The share with a migration background is not shown for fewer than %(n)d members.",
            int(f["min_group"]),
        ) % {"n": f["min_group"]}
    if code == "migration_share":
        return (
            ngettext(
                "Target: %(percent)d%% with a migration background (%(needed)d of %(total)d); "
                "%(count)d member has declared one.",
                "Target: %(percent)d%% with a migration background (%(needed)d of %(total)d); "
                "%(count)d members have declared one.",
                int(f["count"]),
            )
            % f
        )
    return code


def gender_figures(women: int, men: int, diverse: int, undeclared: int) -> str:
    """ "3 women, 1 man, 0 diverse, 1 without answer", each count with its plural form."""
    return ", ".join(
        [
            ngettext("%(n)d woman", "%(n)d women", women) % {"n": women},
            ngettext("%(n)d man", "%(n)d men", men) % {"n": men},
            ngettext("%(n)d diverse", "%(n)d diverse", diverse) % {"n": diverse},
            ngettext("%(n)d without answer", "%(n)d without answer", undeclared)
            % {"n": undeclared},
        ]
    )
