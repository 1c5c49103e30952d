"""The invented German texts of the demo's drafts, statements and requirements.

Nothing here names a body, a seat or a part of a definition: the demo picks a pool by
the German name of a part (a "Leitlinie" gets guidelines, a part with fields terms),
and falls back to general texts about integration for any other structure.
"""

from __future__ import annotations

from typing import Any

# (title, text) of guidelines, principles and overarching goals; terms also carry
# the text of their first field (a definition).
GUIDELINES = [
    (
        "Teilhabe für alle Menschen in der Stadt",
        "Alle Menschen, die in unserer Stadt leben, sollen gleichberechtigt am "
        "gesellschaftlichen, wirtschaftlichen, politischen und kulturellen Leben "
        "teilhaben können – unabhängig von Herkunft, Sprache, Religion oder "
        "Aufenthaltsstatus.\n\n"
        "Integration verstehen wir als wechselseitigen Prozess. Er betrifft die ganze "
        "Stadtgesellschaft und nicht nur die Menschen, die neu zu uns kommen.",
    ),
    (
        "Vielfalt als Stärke der Stadtgesellschaft",
        "Die Vielfalt der Lebensentwürfe, Sprachen und Erfahrungen ist eine Stärke "
        "unserer Stadt. Wir machen sie in Politik, Verwaltung und Öffentlichkeit "
        "sichtbar.\n\n"
        "Wer in der Stadt lebt, gehört dazu. Zugehörigkeit hängt nicht davon ab, wie "
        "lange jemand schon hier ist.",
    ),
    (
        "Zusammenhalt in den Quartieren",
        "Integration gelingt vor allem dort, wo Menschen sich begegnen: in der "
        "Nachbarschaft, in Vereinen, in Kitas und Schulen.\n\n"
        "Wir stärken Orte der Begegnung in jedem Stadtbezirk und beziehen die "
        "Menschen vor Ort in ihre Gestaltung ein.",
    ),
    (
        "Gleichberechtigter Zugang zu Arbeit",
        "Arbeit sichert den Lebensunterhalt und ist ein wichtiger Ort der "
        "Zugehörigkeit. Ausländische Abschlüsse und Erfahrungen werden anerkannt und "
        "genutzt.\n\n"
        "Die Stadt geht als Arbeitgeberin mit gutem Beispiel voran.",
    ),
    (
        "Bildung von Anfang an",
        "Gute Bildung beginnt in der Familie und in der Kita. Mehrsprachigkeit ist "
        "dabei eine Ressource, kein Defizit.\n\n"
        "Übergänge – in die Schule, in die Ausbildung, in das Studium – begleiten wir "
        "so, dass kein Kind verloren geht.",
    ),
    (
        "Eine Verwaltung für alle",
        "Die Stadtverwaltung ist für alle Einwohner*innen da. Sie spricht verständlich, "
        "berät wenn nötig in mehreren Sprachen und baut Hürden beim Zugang ab.\n\n"
        "Ihr Personal spiegelt die Vielfalt der Stadtgesellschaft wider.",
    ),
]

PRINCIPLES = [
    (
        "Chancengerechtigkeit",
        "Gleiche Chancen brauchen manchmal ungleiche Unterstützung. Angebote richten "
        "sich nach dem Bedarf der Menschen, nicht nach ihrer Herkunft.",
    ),
    (
        "Schutz vor Diskriminierung",
        "Wir treten jeder Form von Rassismus und Diskriminierung entgegen. Betroffene "
        "finden leicht erreichbare Beratung, Beschwerden werden ernst genommen und "
        "ausgewertet.",
    ),
    (
        "Mehrsprachigkeit wertschätzen",
        "Die Sprachen der Menschen in unserer Stadt sind ein Gewinn. Wir fördern "
        "Deutsch als gemeinsame Sprache und schätzen zugleich die Herkunftssprachen.",
    ),
    (
        "Beteiligung auf Augenhöhe",
        "Menschen mit Einwanderungsgeschichte und ihre Organisationen wirken an allen "
        "Entscheidungen mit, die sie betreffen – von Anfang an und nicht erst am "
        "Ende.",
    ),
    (
        "Interkulturelle Öffnung",
        "Einrichtungen der Stadt und ihrer Partner öffnen sich für alle Gruppen der "
        "Bevölkerung: in ihren Angeboten, ihrer Sprache und ihrem Personal.",
    ),
    (
        "Verlässliche Strukturen statt kurzer Projekte",
        "Was sich bewährt, wird dauerhaft finanziert. Träger brauchen Planungssicherheit, "
        "damit Vertrauen wachsen kann.",
    ),
]

TERMS = [
    (
        "Integration",
        "Wir verwenden den Begriff in einem weiten Sinn.",
        "Integration ist der Prozess, in dem alle Menschen in der Stadt gleichberechtigt "
        "am gesellschaftlichen Leben teilhaben. Er richtet sich an die "
        "Aufnahmegesellschaft ebenso wie an Zugewanderte.",
    ),
    (
        "Menschen mit Einwanderungsgeschichte",
        "Dieser Begriff ersetzt im Papier den Ausdruck „Migrationshintergrund“.",
        "Menschen, die selbst eingewandert sind, und ihre Nachkommen in der ersten "
        "Generation – unabhängig von ihrer Staatsangehörigkeit.",
    ),
    (
        "Rassismus",
        "Die Gruppe hat sich auf eine Begriffsbestimmung geeinigt, die auch "
        "strukturelle Formen einschließt.",
        "Rassismus ist die Abwertung von Menschen wegen ihrer zugeschriebenen Herkunft, "
        "Hautfarbe, Sprache oder Religion – im Einzelfall ebenso wie in Regeln und "
        "Abläufen von Institutionen.",
    ),
    (
        "Teilhabe",
        "Teilhabe ist mehr als Zugang: Sie schließt Mitgestaltung ein.",
        "Teilhabe bedeutet, Angebote nutzen, mitreden und mitentscheiden zu können – in "
        "Bildung, Arbeit, Wohnen, Gesundheit, Kultur und Politik.",
    ),
    (
        "Interkulturelle Öffnung",
        "Der Begriff beschreibt einen Prozess der Organisationsentwicklung.",
        "Die Ausrichtung einer Einrichtung darauf, dass alle Gruppen der Bevölkerung "
        "ihre Angebote gleichermaßen erreichen und nutzen können.",
    ),
    (
        "Diversität",
        "Die Gruppe verwendet den Begriff als Oberbegriff für die Vielfalt der Stadtgesellschaft.",
        "Die Unterschiedlichkeit von Menschen, etwa nach Herkunft, Sprache, Geschlecht, "
        "Alter, Religion, Behinderung oder sexueller Orientierung.",
    ),
]

GOALS = [
    (
        "Gleiche Bildungschancen",
        "Der Bildungserfolg von Kindern und Jugendlichen hängt nicht mehr von der "
        "Herkunft ihrer Eltern ab.",
    ),
    (
        "Zugang zu Ausbildung und Arbeit",
        "Menschen mit Einwanderungsgeschichte finden eine Arbeit, die ihrer Qualifikation "
        "entspricht.",
    ),
    (
        "Politische Beteiligung stärken",
        "Mehr Menschen mit Einwanderungsgeschichte engagieren sich in Beiräten, "
        "Vereinen und Parteien und werden dort gehört.",
    ),
    (
        "Eine diskriminierungsfreie Verwaltung",
        "Alle Einwohner*innen erleben die Stadtverwaltung als fair, verständlich und zugänglich.",
    ),
    (
        "Begegnung im Stadtteil",
        "In jedem Stadtbezirk gibt es offene Orte, an denen sich Nachbar*innen "
        "unterschiedlicher Herkunft begegnen.",
    ),
    (
        "Gesundheit für alle",
        "Alle Menschen in der Stadt erreichen die gesundheitliche Versorgung, die sie "
        "brauchen – auch ohne gute Deutschkenntnisse.",
    ),
]

# Keywords of a part's German name and the pool they draw from.
POOLS: list[tuple[str, list[Any]]] = [
    ("leitlini", GUIDELINES),
    ("grundsatz", PRINCIPLES),
    ("grundsätz", PRINCIPLES),
    ("prinzip", PRINCIPLES),
    ("begriff", TERMS),
    ("ziel", GOALS),
]

# The second stage: a goal, an intermediate goal below it, a measure below that.
TREE = [
    (
        "Gleiche Bildungschancen von der Kita bis zum Abschluss",
        "Kinder aus mehrsprachigen Familien erreichen ebenso oft einen höheren "
        "Schulabschluss wie ihre Mitschüler*innen.",
    ),
    (
        "Mehrsprachige Familien werden beim Übergang in die Schule begleitet",
        "Bis Ende 2023 haben alle Familien, die es wünschen, beim Schuleintritt ihres "
        "Kindes eine Ansprechperson, die ihre Sprache spricht.",
    ),
    (
        "Elternlots*innen an Grundschulen",
        "Geschulte Elternlots*innen beraten Familien in ihrer Sprache zu Anmeldung, "
        "Schulalltag und Unterstützungsangeboten.",
    ),
]

# Keywords of a field's German name and what the demo writes into it; "lines" kinds
# take one item a line. `{unit}` becomes the name of the unit leading the group.
FIELD_TEXTS = [
    (
        ("umsetzung", "schritt"),
        "Bedarf an den Grundschulen erheben\n"
        "Elternlots*innen gewinnen und schulen\n"
        "Sprechstunden an zehn Pilotschulen einrichten\n"
        "Erfahrungen auswerten und auf weitere Schulen übertragen",
    ),
    (
        ("zielgruppe",),
        "Eltern mit Einwanderungsgeschichte\n"
        "Kinder im ersten Schuljahr\n"
        "Lehrkräfte und Schulsozialarbeit",
    ),
    (
        ("bezirk", "stadtteil", "quartier"),
        "zunächst die drei Stadtbezirke mit den meisten Neuzugewanderten\n"
        "ab 2023 alle Stadtbezirke",
    ),
    (("verantwort", "zuständig"), "{unit}, gemeinsam mit dem Schulamt"),
    (("zeit", "termin", "frist"), "Schuljahr 2021/22 bis Schuljahr 2023/24"),
    (
        ("indikator", "kennzahl", "messgröße"),
        "Zahl der beratenen Familien je Schuljahr; Anteil der Grundschulen mit fester Sprechstunde",
    ),
    (("definition", "erläuterung", "bedeutung"), ""),  # a term's definition, see TERMS
]
FIELD_FALLBACK = "Wird in der nächsten Sitzung der Gruppe ergänzt."

# The steering group's requirements on the returned version: the first proposes
# new wording for the section it points at.
REQUIREMENT_WITH_WORDING = (
    "Der Abschnitt soll ausdrücklich auch Menschen ohne gesicherten Aufenthaltsstatus "
    "nennen und sagen, dass Teilhabe nicht vom Pass abhängt."
)
WORDING_ADDITION = (
    "\n\nDas gilt ausdrücklich auch für Menschen ohne gesicherten Aufenthaltsstatus: "
    "Teilhabe hängt nicht vom Pass ab."
)
REQUIREMENT_PLAIN = (
    "Die Gruppe soll prüfen, ob sie die Begriffsbestimmung des Landes übernimmt, und "
    "ihre Quelle nennen."
)
NOT_FOLLOWED_REASON = (
    "Die Gruppe hat die Begriffsbestimmung des Landes geprüft. Sie stellt allein auf den "
    "Aufenthaltsstatus ab und passt nicht zu unserem Verständnis von Integration als "
    "wechselseitigem Prozess. Wir bleiben bei unserer Fassung."
)
DECISION_NOTE = (
    "Die Lenkungsgruppe würdigt die Arbeit der Gruppe und bittet um eine überarbeitete Fassung."
)
ADDED_IN_SECOND_VERSION = (
    "Migrant*innenorganisationen als Partnerinnen stärken",
    "Migrant*innenorganisationen sind Brücken in die Stadtgesellschaft. Sie wirken als "
    "gleichberechtigte Partnerinnen an Planung und Umsetzung mit, und ihre "
    "hauptamtlichen Strukturen sind verlässlich finanziert.",
)

ASSESSMENTS = [
    "Der Beirat begrüßt den Entwurf ausdrücklich. Besonders die Leitlinie zur Teilhabe "
    "aller Menschen in der Stadt entspricht den Erfahrungen in unserem Stadtbezirk.\n\n"
    "Wir regen an, Orte der Begegnung im Stadtteil stärker zu betonen.",
    "Der Beirat stimmt dem Entwurf zu. Die Begriffe sind verständlich erklärt; wir "
    "bitten darum, das Papier auch in einfacher Sprache zu veröffentlichen.",
    "Der Beirat hat den Entwurf in seiner Sitzung beraten. Er vermisst Aussagen zur "
    "Wohnungssuche, die für viele Familien in unserem Stadtbezirk das drängendste "
    "Problem ist.",
    "Der Beirat begrüßt, dass der Entwurf Mehrsprachigkeit als Stärke beschreibt. Wir "
    "bieten an, die Umsetzung im Stadtbezirk zu begleiten.",
]
STATEMENT = (
    "Der Runde Tisch begrüßt, dass der Entwurf Rassismus klar benennt. Wir empfehlen, "
    "den Grundsatz zum Schutz vor Diskriminierung um eine unabhängige Beschwerdestelle "
    "zu ergänzen, und schlagen dafür eine neue Formulierung vor."
)
STATEMENT_WORDING_ADDITION = (
    "\n\nDie Stadt richtet dafür eine unabhängige Beschwerdestelle ein, die Betroffene "
    "berät und jährlich öffentlich berichtet."
)
OTHER_STATEMENT = "Wir haben den Entwurf zur Kenntnis genommen und tragen ihn mit."

MINUTES = (
    "Die Vorsitzende eröffnet die Sitzung und stellt die Beschlussfähigkeit fest.\n\n"
    "Die Lenkungsgruppe berät die ersten Fassungen der Entwürfe. Die Entscheidungen "
    "mit dem Abstimmungsergebnis sind unten aufgeführt.\n\n"
    "Die nächste Sitzung findet in etwa zwei Monaten statt."
)
