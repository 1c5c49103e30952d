"""A resident's way through the public pages on a phone, in German and in Arabic: the
events, registering (and the waiting list of a full event), signing in by the emailed
link, reading a published version paragraph by paragraph, commenting, replying and
supporting; then making a proposal (and being told what is missing), supporting
another resident's proposal and reading what became of them. Every page is
axe-clean and does not scroll sideways at 390 px; in Arabic it reads right to left and
its own texts are Arabic, not the English msgids."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECTIONS = [
    {
        "id": "s1",
        "title": "Ziele",
        "text": "Alle Menschen in Hannover sollen teilhaben.\n\nDie Beratung wird mehrsprachig.",
        "paragraph_ids": ["ziel-1", "ziel-2"],
    },
    {
        "id": "s2",
        "title": "Maßnahmen",
        "text": "Ein Sprachcafé je Stadtbezirk.",
        "paragraph_ids": ["m-1"],
    },
]
# What residents write, in the language of the run.
WRITTEN = {
    "de": {
        "name": "Dilara Kaya",
        "needs": "Eine Dolmetscherin für Arabisch, bitte.",
        "comment": "Gute Idee, aber bitte auch samstags.",
        "reply": "Das sehe ich genauso.",
        "other": "Die Beratung sollte auch abends sein.",
        "title": "Schwimmkurse für Frauen",
        "proposal": "Wir schlagen eigene Zeiten für Frauen in den Bädern vor.\n\nMit Trainerinnen.",
        "district": "Linden-Limmer",
    },
    "ar": {
        "name": "سميرة الحداد",
        "needs": "أحتاج إلى مترجمة للغة العربية من فضلك.",
        "comment": "فكرة جيدة، ولكن يوم السبت أيضاً من فضلكم.",
        "reply": "أوافق على ذلك تماماً.",
        "other": "ينبغي أن تكون الاستشارة في المساء أيضاً.",
        "title": "دروس السباحة للنساء",
        "proposal": "نقترح أوقاتاً خاصة للنساء في المسابح العامة.\n\nمع مدربات.",
        "district": "ليندن-ليمر",
    },
}

# The page's own texts (outside elements marked with another `lang`, and outside what
# residents wrote, marked `dir="auto"` as its language is not known) in headings,
# labels, buttons and alerts: for each, Latin letters outnumbering Arabic ones.
FOREIGN_TEXTS = """() => {
  const page = document.documentElement.lang;
  const own = (node) => {
    let out = "";
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) out += child.textContent;
      else if (child.nodeType === Node.ELEMENT_NODE) {
        const lang = child.getAttribute("lang");
        if (lang && lang.split("-")[0] !== page) continue;
        if (child.getAttribute("dir") === "auto") continue;
        out += own(child);
      }
    }
    return out;
  };
  const found = [];
  const selector = "main :is(h1, h2, h3, label, legend, button, summary, .kern-alert, .kern-badge)";
  for (const el of document.querySelectorAll(selector)) {
    const host = el.closest("[lang]");
    if (host && host.lang.split("-")[0] !== page) continue;
    if (el.closest('[dir="auto"]')) continue;
    const text = own(el);
    const arabic = (text.match(/[\\u0600-\\u06FF]/g) || []).length;
    const latin = (text.match(/[A-Za-z]/g) || []).length;
    if (latin > arabic) found.push(text.trim().replace(/\\s+/g, " "));
  }
  return found;
}"""


def t(language: str, message: str) -> str:
    from django.utils import translation

    with translation.override(language):
        text = translation.gettext(message)
    if language != "en":
        assert text != message, f"{message!r} is not translated into {language}"
    return text


def tn(language: str, singular: str, plural: str, n: int) -> str:
    from django.utils import translation

    with translation.override(language):
        return translation.ngettext(singular, plural, n) % {"n": n}


@dataclass
class Public:
    event: Any
    full_event: Any
    workshop: Any
    publication: Any
    other_comment: Any
    other_proposal: Any


@pytest.fixture
def public(process_data: Any) -> Public:
    """Two published events (one full), a version published for comment with a
    comment by another resident."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory
    from django.utils import timezone

    from planwerk.bodies.models import Body
    from planwerk.events import services as events
    from planwerk.papers.domain.structure import leaf_parts
    from planwerk.papers.models import Draft, Version
    from planwerk.participation import services as participation
    from planwerk.proposals import services as proposals
    from planwerk.residents.models import Resident

    coordinator = get_user_model().objects.get(username="koordination")
    start = timezone.localtime() + dt.timedelta(days=10)
    start = start.replace(hour=10, minute=0, second=0, microsecond=0)

    def event(title: dict[str, str], capacity: int, days: int = 0) -> Any:
        created = events.create_event(
            coordinator,
            process_data,
            title=title,
            description={
                "de": "Bürger*innen treffen Politik und Verwaltung.",
                "ar": "يلتقي السكان بالسياسيين والإدارة.",
            },
            accessibility={"de": "Stufenloser Zugang", "ar": "مدخل بدون درج"},
            starts_at=start + dt.timedelta(days=days),
            ends_at=start + dt.timedelta(days=days, hours=6),
            place="Neues Rathaus, Hodlersaal",
            capacity=capacity,
        )
        events.publish_event(coordinator, created)
        created.refresh_from_db()
        return created

    kickoff = event({"de": "Auftaktveranstaltung", "ar": "الفعالية الافتتاحية"}, 30)
    workshop = events.add_workshop(
        coordinator, kickoff, title={"de": "Werkstatt Bildung", "ar": "ورشة التعليم"}
    )
    podium = event({"de": "Podiumsdiskussion", "ar": "حلقة نقاش"}, 1, days=1)
    events.register(AnonymousUser(), podium, name="Erste Person", email="erste@example.org")

    body = Body.objects.filter(process=process_data, kind=Body.Kind.EXPERT_GROUP).first()
    stage = process_data.stages.first()
    draft, _ = Draft.objects.get_or_create(body=body, stage=stage)
    # Each section in a part without children: a measure on "What became of them".
    part = sorted(leaf_parts(stage.structure))[0] if stage.structure else ""
    sections = [{**section, "part": part} for section in SECTIONS]
    version = Version.objects.create(
        draft=draft, number=1, sections=sections, submitted_at=timezone.now()
    )
    now = timezone.now()
    publication = participation.publish(
        coordinator, version, now - dt.timedelta(days=1), now + dt.timedelta(days=20)
    )
    other = get_user_model().objects.create_user(
        username="einwohner-anderer", email="a@example.org"
    )
    Resident.objects.create(user=other, display_name="Jonas", language="de", verified=now)
    request = RequestFactory().post("/")
    request.user = other
    comment = participation.write_comment(request, publication, "ziel-1", "Erster Kommentar.")
    proposal = proposals.make(
        request,
        process_data,
        title="Mehr Sitzbänke am Ihme-Ufer",
        text="Damit ältere Menschen Pausen machen können.",
        body=body,
    )
    proposals.answer(coordinator, proposal, status="examining")
    return Public(kickoff, podium, workshop, publication, comment, proposal)


def check(page: Any, language: str, assert_accessible: Any, assert_no_scroll: Any) -> None:
    """The page as it is now: in the language, in its direction, accessible, no scroll."""
    assert page.get_attribute("html", "lang") == language, page.url
    assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr"), page.url
    if language == "ar":
        foreign = page.evaluate(FOREIGN_TEXTS)
        assert not foreign, f"not Arabic on {page.url}: {foreign}"
    assert_no_scroll(page)
    assert_accessible(page)


def click(page: Any, locator: Any) -> None:
    with page.expect_navigation():
        locator.click()


@pytest.mark.parametrize("language", ["de", "ar"])
def test_a_resident_registers_signs_in_and_comments_on_a_phone(
    phone_page: Any,
    live_server: Any,
    public: Public,
    language: str,
    assert_accessible: Any,
    assert_no_horizontal_scroll: Any,
    switch_language: Any,
) -> None:
    from django.core import mail

    from planwerk.events.models import Registration
    from planwerk.participation.models import Comment, Paragraph

    page, base, written = phone_page, live_server.url, WRITTEN[language]
    main = page.locator("main")

    def ok() -> None:
        check(page, language, assert_accessible, assert_no_horizontal_scroll)

    page.goto(base + "/veranstaltungen/")
    if language != "de":
        switch_language(page, language)
    ok()

    # 1. An event, registering with languages, access needs and a workshop.
    click(page, main.get_by_role("link", name=str(public.event.title.get(language))))
    ok()
    click(page, main.get_by_role("link", name=t(language, "Register"), exact=True))
    ok()
    email = f"resident-{language}@example.org"
    main.get_by_label(t(language, "Your name")).fill(written["name"])
    main.get_by_label(t(language, "Your email address")).fill(email)
    main.get_by_label(t(language, "Arabic"), exact=True).check()
    main.get_by_label(t(language, "German"), exact=True).check()
    main.get_by_label(t(language, "What do you need to take part?")).fill(written["needs"])
    main.get_by_label(str(public.workshop.title.get(language)), exact=True).check()
    click(page, main.get_by_role("button", name=t(language, "Register")))
    expect(main.locator(".kern-alert")).to_contain_text(
        t(language, "You are registered. We have sent you an email with the details.")
    )
    ok()
    registration = Registration.objects.get(email=email, event=public.event)
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.workshop == public.workshop
    assert set(registration.languages_spoken) == {"ar", "de"}
    assert registration.access_needs == written["needs"]
    assert registration.language == language

    # A full event: the registration goes onto the waiting list.
    page.goto(base + f"/veranstaltungen/{public.full_event.uuid}/")
    expect(main).to_contain_text(
        t(
            language,
            "The event is full. You can still register: you go onto the waiting list and "
            "move up when someone cancels.",
        )
    )
    ok()
    click(page, main.get_by_role("link", name=t(language, "Register"), exact=True))
    main.get_by_label(t(language, "Your name")).fill(written["name"])
    main.get_by_label(t(language, "Your email address")).fill(email)
    click(page, main.get_by_role("button", name=t(language, "Register")))
    expect(main.locator(".kern-alert")).to_contain_text(
        t(
            language,
            "The event is full. You are on the waiting list: if someone cancels, you move up "
            "and we write to you. We have sent you an email.",
        )
    )
    ok()
    waiting = Registration.objects.get(email=email, event=public.full_event)
    assert waiting.status == Registration.Status.WAITING

    # 2. The published version, a paragraph, and signing in to comment.
    pub = public.publication
    page.goto(base + f"/mitreden/{pub.uuid}/")
    ok()
    paragraph_link = page.locator("#absatz-ziel-1").get_by_role("link")
    expect(paragraph_link).to_have_text(tn(language, "%(n)s comment", "%(n)s comments", 1))
    click(page, paragraph_link)
    ok()
    expect(main).to_contain_text("Alle Menschen in Hannover sollen teilhaben.")
    click(
        page,
        main.get_by_role("link", name=t(language, "Sign in with your email address to comment")),
    )
    ok()
    mail.outbox.clear()
    main.get_by_label(t(language, "Your name")).fill(written["name"])
    main.get_by_label(t(language, "Your email address")).fill(email)
    click(page, main.get_by_role("button", name=t(language, "Send me the link")))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t(language, "Please look in your email")
    )
    ok()
    [message] = mail.outbox
    link = re.search(r"https?://\S+", message.body).group(0)
    assert "/mitreden/konto/link/?sesame=" in link
    page.goto(link)
    ok()
    click(page, main.get_by_role("button", name=t(language, "Sign in now")))
    paragraph_url = f"/mitreden/{pub.uuid}/absatz/ziel-1/"
    assert page.url.startswith(base + paragraph_url), page.url
    ok()

    # Comment, reply, support: the counts change.
    main.get_by_label(t(language, "Your comment")).fill(written["comment"])
    click(page, main.get_by_role("button", name=t(language, "Publish the comment")))
    expect(main.locator(".kern-alert")).to_contain_text(
        t(language, "Thank you: your comment is published.")
    )
    expect(page.locator("#kommentare")).to_have_text(
        tn(language, "%(n)s comment", "%(n)s comments", 2)
    )
    expect(main).to_contain_text(written["comment"])
    ok()

    other = main.locator(f"#kommentar-{public.other_comment.uuid}")
    other.locator("summary").click()
    other.get_by_label(t(language, "Your reply")).fill(written["reply"])
    click(page, other.get_by_role("button", name=t(language, "Publish the reply")))
    expect(page.locator("#kommentare")).to_have_text(
        tn(language, "%(n)s comment", "%(n)s comments", 3)
    )
    expect(other.locator(".pw-replies")).to_contain_text(written["reply"])

    supports = other.locator(":scope > .pw-supports")
    expect(supports).to_contain_text(tn(language, "%(n)s support", "%(n)s supports", 0))
    click(page, supports.get_by_role("button", name=t(language, "Support"), exact=True))
    expect(main.locator(".kern-alert")).to_contain_text(t(language, "Thank you for your support."))
    expect(supports).to_contain_text(tn(language, "%(n)s support", "%(n)s supports", 1))
    expect(supports).to_contain_text(t(language, "you support it"))
    ok()

    paragraph = Paragraph.objects.get(publication=pub, paragraph_id="ziel-1")
    assert paragraph.comment_count == 3
    assert Comment.objects.get(pk=public.other_comment.pk).support_count == 1
    assert Comment.objects.filter(author_name=written["name"]).count() == 2

    # Back on the version: the paragraph's count has changed.
    click(
        page,
        main.get_by_role(
            "link",
            name=re.compile(
                re.escape(t(language, "Back to the draft: %(body)s, %(version)s").split("%")[0])
            ),
        ),
    )
    expect(page.locator("#absatz-ziel-1").get_by_role("link")).to_have_text(
        tn(language, "%(n)s comment", "%(n)s comments", 3)
    )
    ok()

    # 3. Proposals: the list, a bad input, a proposal of one's own, supporting another.
    from planwerk.proposals.models import Proposal

    page.goto(base + "/")
    click(page, main.get_by_role("link", name=t(language, "All proposals"), exact=True))
    assert page.url == base + "/vorschlaege/", page.url
    expect(main).to_contain_text(public.other_proposal.title)
    ok()
    click(page, main.get_by_role("link", name=t(language, "Make a proposal")))
    ok()
    form = main.locator("form[method=post]")
    body = public.other_proposal.body
    form.get_by_label(t(language, "Your proposal")).fill(written["proposal"])
    form.get_by_label(t(language, "Theme field")).select_option(body.slug)
    form.get_by_label(t(language, "City district")).fill(written["district"])
    click(page, form.get_by_role("button", name=t(language, "Publish the proposal")))
    assert page.url == base + "/vorschlaege/neu/", page.url
    # The refused form comes back with status 400, which Chromium logs.
    page.console_errors[:] = [e for e in page.console_errors if "status of 400" not in e]
    expect(main).to_contain_text(t(language, "Please give your proposal a title."))
    expect(form.get_by_label(t(language, "Your proposal"))).to_have_value(written["proposal"])
    ok()
    assert Proposal.objects.count() == 1

    form.get_by_label(t(language, "Title")).fill(written["title"])
    click(page, form.get_by_role("button", name=t(language, "Publish the proposal")))
    expect(main.locator(".kern-alert")).to_contain_text(
        t(language, "Thank you: your proposal is published.")
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(written["title"])
    expect(main).to_contain_text(written["name"])
    expect(main).to_contain_text(written["district"])
    expect(main).to_contain_text(str(body.name.get(language) or body.name))
    ok()
    mine = Proposal.objects.get(title=written["title"])
    assert mine.text == written["proposal"]
    assert (mine.body, mine.district, mine.author_name) == (
        body,
        written["district"],
        written["name"],
    )

    # Another resident's proposal, from the list: support it.
    click(page, main.get_by_role("link", name=t(language, "All proposals")))
    expect(main.locator(f"#vorschlag-{mine.uuid}")).to_contain_text(written["title"])
    ok()
    click(page, main.get_by_role("link", name=public.other_proposal.title))
    ok()
    click(page, main.get_by_role("button", name=t(language, "Support"), exact=True))
    expect(main.locator(".kern-alert")).to_contain_text(t(language, "Thank you for your support."))
    expect(main).to_contain_text(tn(language, "%(n)s support", "%(n)s supports", 1))
    expect(main).to_contain_text(t(language, "you support it"))
    ok()
    assert Proposal.objects.get(pk=public.other_proposal.pk).support_count == 1

    # What became of them, for the stage of the published version.
    click(page, main.get_by_role("link", name=t(language, "All proposals")))
    click(page, main.get_by_role("link", name=t(language, "What became of them")))
    ok()
    stage = public.publication.version.draft.stage
    click(page, main.locator(f'a[href="/vorschlaege/was-daraus-wurde/{stage.slug}/"]'))
    ok()
    expect(main).to_contain_text(public.other_proposal.title)
    expect(main).to_contain_text(written["title"])
    measure = main.locator("article[id^=massnahme-]", has_text="Ziele")
    expect(measure).to_contain_text("Ziele")
    expect(measure).to_contain_text(written["comment"])
