"""Fictional demo data for the Hannover process: people, memberships, accounts.

Every person here is invented. Accounts get the password given with --password
(default "planwerk-demo"), so never run this on a production database.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from planwerk.bodies.models import Body, Membership, Nomination, Person, SeatCategory
from planwerk.core.models import RoleAssignment
from planwerk.processes.models import Process, Unit

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


class Command(BaseCommand):
    help = "Load fictional demo people, memberships and accounts into the loaded process."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--process", default="lip-hannover-2019")
        parser.add_argument("--password", default="planwerk-demo")

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        process = Process.objects.filter(slug=options["process"]).first()
        if process is None:
            raise CommandError(f"Process {options['process']!r} is not loaded.")
        self._accounts(process, options["password"])
        if Membership.objects.filter(body__process=process).exists():
            self.stdout.write("Demo people are already there: nothing changed.")
            return
        self.rng = random.Random(2472)
        self.used: set[tuple[str, str]] = set()
        units = {u.slug: u for u in Unit.objects.filter(process=process)}
        bodies = {b.slug: b for b in Body.objects.filter(process=process)}
        self._fill(bodies["lenkungsgruppe"], units, leave_open={"mso"})
        for body in bodies.values():
            if body.kind == Body.Kind.EXPERT_GROUP:
                # One group is left short, to show what an incomplete group looks like.
                short = {"extern"} if body.slug == "wirtschaft" else set()
                self._fill(body, units, short=short)
        if "gleichstellungsbeauftragte" in bodies:
            self._fill(bodies["gleichstellungsbeauftragte"], units)
        self._nominations(bodies)
        self.stdout.write(
            f"Demo data loaded: {Person.objects.count()} people, "
            f"{Membership.objects.count()} memberships."
        )

    def _accounts(self, process: Process, password: str) -> None:
        user_model = get_user_model()
        accounts = [
            ("koordination", "Koordination OE 50.6", RoleAssignment.Role.COORDINATOR, None),
            ("dez3", "Dezernat III", RoleAssignment.Role.DEZERNAT, "dez-iii"),
            ("dez4", "Dezernat IV", RoleAssignment.Role.DEZERNAT, "dez-iv"),
            ("dez5", "Dezernat V", RoleAssignment.Role.DEZERNAT, "dez-v"),
        ]
        for username, name, role, unit_slug in accounts:
            user, created = user_model.objects.get_or_create(
                username=username, defaults={"first_name": name}
            )
            if created:
                user.set_password(password)
                user.save()
            unit = Unit.objects.get(process=process, slug=unit_slug) if unit_slug else None
            RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
        admin, created = user_model.objects.get_or_create(
            username="admin", defaults={"is_staff": True, "is_superuser": True}
        )
        if created:
            admin.set_password(password)
            admin.save()
        coordinator = user_model.objects.get(username="koordination")
        if not coordinator.is_staff:
            coordinator.is_staff = True
            coordinator.save(update_fields=["is_staff"])

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
        )

    def _fill(
        self,
        body: Body,
        units: dict[str, Unit],
        leave_open: set[str] | frozenset[str] = frozenset(),
        short: set[str] | frozenset[str] = frozenset(),
    ) -> None:
        for seat in SeatCategory.objects.filter(body=body).prefetch_related(
            "positions__unit", "units"
        ):
            if seat.slug in leave_open:
                continue
            positions = list(seat.positions.all())
            count = (
                seat.max_seats
                if not short or seat.slug not in short
                else max(seat.min_seats - 1, 0)
            )
            if not positions and seat.min_seats != seat.max_seats and seat.slug not in short:
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

    def _nominations(self, bodies: dict[str, Body]) -> None:
        examples = [
            (
                "bildung",
                "Elternnetzwerk Mehrsprachigkeit e.V.",
                "Selin",
                "Arslan",
                "Leitet seit zehn Jahren Elternkurse zur Mehrsprachigkeit in Kitas.",
            ),
            (
                "wirtschaft",
                "Netzwerk Migrantische Unternehmen Hannover",
                "David",
                "Okonkwo",
                "Berät Gründerinnen und Gründer mit Einwanderungsgeschichte.",
            ),
            (
                "demokratie",
                "Antidiskriminierungsbüro Hannover",
                "Mara",
                "Lindqvist",
                "Forscht und berät zu Diskriminierungsschutz in Behörden.",
            ),
        ]
        for slug, org, given, family, text in examples:
            if slug in bodies:
                Nomination.objects.create(
                    body=bodies[slug],
                    organisation=org,
                    contact_name="Kontaktstelle",
                    contact_email="kontakt@example.org",
                    nominee_given_name=given,
                    nominee_family_name=family,
                    nominee_kind=Person.Kind.EXTERNAL,
                    expertise=text,
                    consent=True,
                )
