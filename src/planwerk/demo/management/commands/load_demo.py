"""Fictional demo data for the loaded process: people, memberships, accounts.

Every person here is invented. Accounts get the password given with --password
(default "planwerk-demo"), so never run this on a production database.

Nothing here names a body or a seat: whatever process is loaded is filled from
its definition. Seats filled by election (`elected: true`) stay open for the
election; every other seat is filled, except one, so that the demo shows what an
incomplete body looks like. When the process has an elected seat, the register
of migrant organisations gets fictional organisations whose eligibility is
confirmed, so that an election can be tried at once.

Then the drafts cycle (`planwerk.demo.drafts`): drafts, versions, a decision with
requirements, consultations and statements, meetings, acted out through the real
services. It is added once per process (also to a database whose demo people were
loaded before); `--without-drafts` leaves it out (the test database does, because
the cycle writes the audit log).
"""

from __future__ import annotations

import datetime as dt
import random
import re
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from planwerk.bodies.models import Body, BodyLead, Membership, Nomination, Person, SeatCategory
from planwerk.core.models import RoleAssignment
from planwerk.demo import drafts
from planwerk.demo import events as demo_events
from planwerk.demo import public as demo_public
from planwerk.elections.models import MigrantOrganisation
from planwerk.processes.models import Process, Unit
from planwerk.processes.queries import current_process

GIVEN = {
    "female": [
        "Anna",
        "Leyla",
        "Sofia",
        "Miriam",
        "Fatma",
        "Katharina",
        "Elif",
        "Joanna",
        "Nadia",
        "Hanna",
        "Aylin",
        "Maria",
        "Olena",
        "Grace",
        "Yasmin",
        "Lena",
        "Zeynep",
        "Amal",
        "Irina",
        "Chiara",
    ],
    "male": [
        "Jonas",
        "Mehmet",
        "Tobias",
        "Kwame",
        "Lukas",
        "Ali",
        "Stefan",
        "Dariusz",
        "Hassan",
        "Felix",
        "Ahmet",
        "Matthias",
        "Juan",
        "Tuan",
        "Omar",
        "Paul",
        "Emre",
        "Viktor",
        "Samuel",
        "Karim",
    ],
    "diverse": ["Alex", "Kim", "Robin", "Sascha"],
}
FAMILY = [
    "Becker",
    "Yıldız",
    "Nowak",
    "Schulz",
    "Haddad",
    "Meyer",
    "Mensah",
    "Kowalski",
    "Wagner",
    "Nguyen",
    "Hoffmann",
    "Öztürk",
    "Krüger",
    "Diallo",
    "Schröder",
    "Petrov",
    "Neumann",
    "Rahimi",
    "Fischer",
    "Costa",
    "Lange",
    "Aydın",
    "Brandt",
    "Okafor",
    "Vogel",
    "Sarkisian",
    "Wolff",
    "Hussein",
    "Peters",
    "Marino",
]
DEMO_START = dt.date(2019, 12, 1)
# Invented organisations for the register (an election can be tried with them).
DEMO_ORGANISATIONS = [
    "Brückenhaus e.V.",
    "Deutsch-Syrischer Kulturverein Musterstadt e.V.",
    "Elternnetzwerk Vielfalt e.V.",
    "Forum Afrikanischer Vereine",
    "Frauencafé Anatolia e.V.",
    "Jugendtreff Horizont e.V.",
    "Kulturverein Ararat e.V.",
    "Polnischer Verein Most e.V.",
    "Russischsprachige Gemeinde Musterstadt e.V.",
    "Sportverein Sterne des Südens e.V.",
    "Verein der Ukrainer*innen e.V.",
    "Vietnamesisches Begegnungszentrum e.V.",
]
ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}

# Invented organisations proposing invented experts, for the first, a middle and the
# last expert group of the process.
NOMINATIONS = [
    (
        "Elternnetzwerk Mehrsprachigkeit e.V.",
        "Selin",
        "Arslan",
        "Leitet seit zehn Jahren Beratungs- und Bildungsangebote für Familien mit "
        "Einwanderungsgeschichte.",
    ),
    (
        "Netzwerk Migrantische Unternehmen",
        "David",
        "Okonkwo",
        "Berät Gründer*innen mit Einwanderungsgeschichte und kennt die lokale Wirtschaft.",
    ),
    (
        "Antidiskriminierungsbüro",
        "Mara",
        "Lindqvist",
        "Forscht und berät zu Diskriminierungsschutz in Behörden.",
    ),
]


#: The demo account of a member of an expert group.
MEMBER_ACCOUNT = "mitglied"


def account_name(unit_slug: str) -> str:
    """The demo login of a Dezernat: `dez-iii` becomes `dez3`, other slugs stay."""
    match = re.fullmatch(r"([a-z]+)-([ivxlc]+)", unit_slug)
    if match is None:
        return unit_slug
    values = [ROMAN[c] for c in match.group(2)]
    number = sum(
        -v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values)
    )
    return f"{match.group(1)}{number}"


class Command(BaseCommand):
    help = "Load fictional demo people, memberships and accounts into the loaded process."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--process", default="", help="the process slug (default: the process shown)"
        )
        parser.add_argument("--password", default="planwerk-demo")
        parser.add_argument(
            "--without-drafts",
            action="store_true",
            help="only people, memberships and accounts (no drafts, meetings, statements)",
        )

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        if options["process"]:
            process = Process.objects.filter(slug=options["process"]).first()
        else:
            process = current_process()
        if process is None:
            raise CommandError(
                _("Process %(process)s is not loaded: load its definition first (load-process).")
                % {"process": options["process"] or "–"}
            )
        accounts = self._accounts(process, options["password"])
        if Membership.objects.filter(body__process=process).exists():
            accounts += self._member_account(process, options["password"])
            cycle = None if options["without_drafts"] else drafts.load(process)
            if not options["without_drafts"]:
                demo_events.load(process)
                demo_public.load(process)
            if cycle is None:
                self.stdout.write(
                    _("The demo people are already there: nothing changed. Accounts: %(names)s.")
                    % {"names": ", ".join(accounts)}
                )
            else:
                self.stdout.write(
                    _("The demo people are already there. Accounts: %(names)s.")
                    % {"names": ", ".join(accounts)}
                )
                self._report(cycle)
            return
        self.rng = random.Random(2472)
        self.used: set[tuple[str, str]] = set()
        bodies = list(Body.objects.filter(process=process).order_by("order"))
        short = self._short_seat(bodies)
        for body in bodies:
            self._fill(body, short)
        self._nominations(bodies)
        self._register(process)
        accounts += self._member_account(process, options["password"])
        cycle = None if options["without_drafts"] else drafts.load(process)
        if not options["without_drafts"]:
            demo_events.load(process)
            demo_public.load(process)
        # Only this process's people: another process may be loaded too.
        people = Person.objects.filter(memberships__body__process=process).distinct().count()
        memberships = Membership.objects.filter(body__process=process).count()
        self.stdout.write(
            _(
                "Demo data loaded into %(process)s: %(people)s, %(memberships)s. "
                "Accounts: %(names)s."
            )
            % {
                "process": process.slug,
                "people": ngettext("%(n)d person", "%(n)d people", people) % {"n": people},
                "memberships": ngettext("%(n)d membership", "%(n)d memberships", memberships)
                % {"n": memberships},
                "names": ", ".join(accounts),
            }
        )
        if cycle is not None:
            self._report(cycle)

    def _report(self, cycle: drafts.Summary) -> None:
        self.stdout.write(
            _(
                "Drafts cycle: %(drafts)s, %(versions)s, %(decisions)s, %(statements)s, "
                "%(meetings)s."
            )
            % {
                "drafts": ngettext("%(n)d draft", "%(n)d drafts", cycle.drafts)
                % {"n": cycle.drafts},
                "versions": ngettext("%(n)d version", "%(n)d versions", cycle.versions)
                % {"n": cycle.versions},
                "decisions": ngettext("%(n)d decision", "%(n)d decisions", cycle.decisions)
                % {"n": cycle.decisions},
                "statements": ngettext("%(n)d statement", "%(n)d statements", cycle.statements)
                % {"n": cycle.statements},
                "meetings": ngettext("%(n)d meeting", "%(n)d meetings", cycle.meetings)
                % {"n": cycle.meetings},
            }
        )
        for note in cycle.notes:
            self.stdout.write(_("Left out of the drafts cycle: %(reason)s") % {"reason": note})

    def _accounts(self, process: Process, password: str) -> list[str]:
        """Two coordinators (so that paper double entry can be tried), one account per
        Dezernat that leads a body, and the superuser `admin`."""
        coordinating = (
            process.coordinating_unit.name.exact("de") if process.coordinating_unit else ""
        )
        accounts: list[tuple[str, str, str, Unit | None]] = [
            (
                "koordination",
                f"Koordination {coordinating}".strip(),
                RoleAssignment.Role.COORDINATOR,
                None,
            ),
            (
                "koordination2",
                f"Koordination {coordinating} (2)".strip(),
                RoleAssignment.Role.COORDINATOR,
                None,
            ),
        ]
        leading = Unit.objects.filter(
            process=process,
            kind=Unit.Kind.DEZERNAT,
            led_bodies__role=BodyLead.Role.LEAD,
        ).distinct()
        for dezernat in leading:
            accounts.append(
                (
                    account_name(dezernat.slug),
                    dezernat.name.exact("de"),
                    RoleAssignment.Role.DEZERNAT,
                    dezernat,
                )
            )
        user_model = get_user_model()
        for username, name, role, unit in accounts:
            user, created = user_model.objects.get_or_create(
                username=username,
                defaults={"first_name": name[:150], "email": f"{username}@example.org"},
            )
            if created:
                user.set_password(password)
                user.save()
            RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
        admin, created = user_model.objects.get_or_create(
            username="admin", defaults={"is_staff": True, "is_superuser": True}
        )
        if created:
            admin.set_password(password)
            admin.save()
        return [username for username, *_rest in accounts] + ["admin"]

    def _member_account(self, process: Process, password: str) -> list[str]:
        """`mitglied`: the account of a member of the process's first expert group, to
        try planwerk as a member does (docs/accounts.md)."""
        user_model = get_user_model()
        if user_model.objects.filter(username=MEMBER_ACCOUNT).exists():
            return [MEMBER_ACCOUNT]
        body = (
            Body.objects.filter(process=process, kind=Body.Kind.EXPERT_GROUP)
            .order_by("order", "pk")
            .first()
        )
        membership = (
            Membership.objects.filter(body=body, person__user__isnull=True)
            .select_related("person")
            .order_by("seat__order", "position__order", "start", "pk")
            .first()
            if body is not None
            else None
        )
        if membership is None:
            return []
        person = membership.person
        user = user_model.objects.create_user(
            MEMBER_ACCOUNT,
            email=f"{MEMBER_ACCOUNT}@example.org",
            password=password,
            first_name=person.given_name,
            last_name=person.family_name,
        )
        person.user = user
        person.email = user.email
        person.save(update_fields=["user", "email"])
        return [MEMBER_ACCOUNT]

    def _register(self, process: Process) -> None:
        """Fictional organisations in the register, eligible, for trying an election."""
        if not SeatCategory.objects.filter(body__process=process, elected=True).exists():
            return
        if MigrantOrganisation.objects.filter(process=process).exists():
            return
        now = timezone.now()
        MigrantOrganisation.objects.bulk_create(
            MigrantOrganisation(
                process=process,
                name=name,
                contact_name=f"{self.rng.choice(GIVEN['female'])} {self.rng.choice(FAMILY)}",
                contact_email=f"verein{i:02d}@example.org",
                postal_address=f"Musterstraße {i}\n30159 Musterstadt",
                eligibility_confirmed_by="Demo",
                eligibility_confirmed_at=now,
            )
            for i, name in enumerate(DEMO_ORGANISATIONS, 1)
        )

    def _short_seat(self, bodies: list[Body]) -> SeatCategory | None:
        """The seat left one person short: in the last body that has a seat for several
        people (not named seats, not elected), the one that needs the most."""
        for body in reversed(bodies):
            candidates = [
                seat
                for seat in SeatCategory.objects.filter(body=body, retired=False, elected=False)
                if seat.min_seats >= 2 and not seat.positions.exists()
            ]
            if candidates:
                return max(candidates, key=lambda seat: (seat.min_seats, -seat.order))
        return None

    def _person(self, kind: str, unit: Unit | None) -> Person:
        while True:
            gender = self.rng.choices(["female", "male", "diverse", ""], [46, 46, 3, 5])[0]
            given = self.rng.choice(GIVEN[gender or "female"])
            family = self.rng.choice(FAMILY)
            if (given, family) not in self.used:
                self.used.add((given, family))
                break
        migration = self.rng.choices([True, False, None], [50, 42, 8])[0]
        return Person.objects.create(
            given_name=given,
            family_name=family,
            kind=kind,
            unit=unit,
            gender=gender,
            migration_background=migration,
            # Two of three agree to be published through OParl (counted, not drawn, so
            # that the names stay those of earlier demos).
            publication_consent=len(self.used) % 3 != 0,
        )

    def _fill(self, body: Body, short: SeatCategory | None) -> None:
        for seat in SeatCategory.objects.filter(body=body, retired=False).prefetch_related(
            "positions__unit", "units"
        ):
            if seat.elected:
                # Left open for the election.
                continue
            positions = list(seat.positions.all())
            is_short = short is not None and seat.pk == short.pk
            count = max(seat.min_seats - 1, 0) if is_short else seat.max_seats
            if not positions and seat.min_seats != seat.max_seats and not is_short:
                count = self.rng.randint(seat.min_seats, seat.max_seats)
            kind = seat.kinds[0] if seat.kinds else "external"
            seat_units = list(seat.units.all())
            for index in range(count):
                position = positions[index] if positions else None
                unit = position.unit if position else (seat_units[0] if seat_units else None)
                if unit is None and kind == "internal":
                    leads = list(body.leads.select_related("unit"))
                    unit = leads[0].unit if leads else None
                person = self._person(kind, unit)
                Membership.objects.create(
                    person=person,
                    body=body,
                    seat=seat,
                    position=position,
                    start=DEMO_START,
                    created_by="demo",
                )

    def _nominations(self, bodies: list[Body]) -> None:
        groups = [b for b in bodies if b.kind == Body.Kind.EXPERT_GROUP]
        if not groups:
            return
        chosen = [groups[0], groups[len(groups) // 2], groups[-1]]
        for body, (org, given, family, text) in zip(chosen, NOMINATIONS, strict=True):
            Nomination.objects.create(
                body=body,
                organisation=org,
                contact_name="Kontaktstelle",
                contact_email="kontakt@example.org",
                nominee_given_name=given,
                nominee_family_name=family,
                nominee_kind=Person.Kind.EXTERNAL,
                expertise=text,
                consent=True,
            )
