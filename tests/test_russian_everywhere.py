"""Every page a demo role can reach speaks Russian: no internal codes, no English UI words, no
decimal points, no «None».

The demo is loaded once for the module. Each demo account signs in and crawls the portal
breadth-first from «/», following same-site links, ``hx-get`` fragments and GET forms (submitted with
the values they show) — GET only. Logout,
the Django admin, the API, static and media files and file downloads are skipped. Paths are
deduplicated by pattern — numbers collapsed — with at most three examples per pattern, and at most
``MAX_PAGES`` pages per role, so the crawl finishes in a few minutes.

On every HTML page the visible text is checked: tag contents without scripts and styles, plus the
attributes people read (``title``, ``alt``, ``aria-label``, ``placeholder`` and the caption of an
``<input type=submit>``). Text inside ``<code>`` is a deliberate identifier shown as such (the code
of an indicator that formulas and import files use) and is not checked; nor is a ``<textarea>``,
whose text is a form's value like the ``value`` of an input. Findings:

1. code-looking tokens: snake_case words (``low_on_both``), the values of the project's choices
   whose label differs from the value (``stable``) — collected from every model's fields — and the
   codes of the subjects (``math``, ``russian``);
2. English UI words (``None``, ``True``, ``Save``, ``page``, ``of`` …) as whole words;
3. a decimal point in a number. Dots legitimately separate dates (``05.09.2025``) and the numbers
   of measures and sections (``1.1``, ``6.11``, ``2.3.1``), so a dotted number is a finding only
   when it cannot be such a number: a fraction of three or more digits (``62.0000``), a leading
   zero (``0.35``), a zero fraction (``62.0``), three or more whole digits (``123.5``), or a
   percent / percentage-point sign after it (``62.5 %``). Dates are removed before the check;
4. an ASCII hyphen used as a minus before a number (``-3``; the portal writes «−3», U+2212);
5. a trailing zero after the decimal comma (``15,0 %``, ``0,930``): numbers drop them («15 %»).

Allow-listed texts carry the reason next to them.
"""

from __future__ import annotations

import re
from collections import defaultdict, deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client

from schools.demo.loader import DEMO_PASSWORD  # noqa: F401  (the accounts' password; we force_login)
from schools.models import User

pytestmark = pytest.mark.django_db

ROLES = ["admin", "region", "committee", "committee-sysert", "school", "methodologist", "api"]
MAX_PAGES = 300
EXAMPLES_PER_PATTERN = 3

SKIP_PREFIXES = ("/admin/", "/api/", "/static/", "/media/", "/accounts/logout", "/healthz")
# File downloads and exports answer with files, not pages; a link to one says so in its path or query.
DOWNLOAD = re.compile(r"(export|download|\.pdf|\.xlsx|\.docx|\.csv|\.json|/file/|/template|format=)", re.I)

ENGLISH_WORDS = {
    "None",
    "True",
    "False",
    "null",
    "undefined",
    "NaN",
    "Error",
    "Submit",
    "Save",
    "Cancel",
    "Edit",
    "Delete",
    "Search",
    "Next",
    "Previous",
    "Back",
    "Home",
    "Loading",
    "Yes",
    "No",
    "page",
    "Page",
    "of",
    "Unknown",
    "Filter",
    "Add",
    "Update",
    "Close",
}

# Texts that look like findings but are right. Every entry: the exact text and why it is fine.
ALLOWED: dict[str, str] = {}

SNAKE = re.compile(r"(?<![\w@./-])[a-z]+(?:_[a-z0-9]+)+(?![\w@/-])")
ENGLISH = re.compile(r"(?<![\w@./-])(" + "|".join(sorted(ENGLISH_WORDS)) + r")(?![\w@/-])")
DATE = re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{2,4}\b")
DECIMAL = re.compile(
    r"\b\d+\.\d{3,}\b"  # 62.0000, 0.3500
    r"|\b0\.\d+"  # 0.35
    r"|\b\d+\.0+\b(?!\.\d)"  # 62.0
    r"|\b\d{3,}\.\d+"  # 123.5
    r"|\b\d+\.\d+\s*(?:%|п\.\s*п\.)"  # 62.5 %, 3.1 п. п.
)
HYPHEN_MINUS = re.compile(r"(?:^|(?<=[\s(]))-\d")
TRAILING_ZERO = re.compile(r"(?<![\d,.])\d+,\d*0(?![\d,])")
WORD = re.compile(r"(?<![\w@./-])[a-z][a-z_]+(?![\w@/-])")


def _enum_codes() -> set[str]:
    """Values of every model field's choices that are shown to people as a different label."""
    codes: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            for value, label in getattr(field, "flatchoices", None) or []:
                if isinstance(value, str) and value != str(label) and re.fullmatch(r"[a-z][a-z_]{2,}", value):
                    codes.add(value)
    from indices.models import Subject

    codes |= {code for code in Subject.objects.values_list("code", flat=True) if "_" not in code}
    return codes


class _Page(HTMLParser):
    READ_ATTRS = {"title", "alt", "aria-label", "placeholder"}
    SKIP_TAGS = {"script", "style", "template", "code", "textarea"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.links: list[str] = []
        self._skip = 0
        self._form: list[tuple[str, str]] | None = None  # the fields of the GET form being read
        self._select: str | None = None
        self._select_value: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._read_form(tag, attrs)
        if tag in self.SKIP_TAGS:
            self._skip += 1
        for name in self.READ_ATTRS:
            if attrs.get(name):
                self.texts.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.texts.append(attrs["value"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if attrs.get("hx-get"):
            self.links.append(attrs["hx-get"])

    handle_startendtag = handle_starttag

    def _read_form(self, tag, attrs):
        if tag == "form" and (attrs.get("method") or "get").lower() == "get":
            self._form = []
            self._form_action = attrs.get("action") or ""
        if self._form is None or not attrs.get("name"):
            if tag == "option" and self._select is not None and self._select_value is None:
                if "selected" in attrs or self._first_option:
                    self._select_value = attrs.get("value", "")
                self._first_option = False
            return
        name = attrs["name"]
        if tag == "select":
            self._select, self._select_value, self._first_option = name, None, True
        elif tag == "input" and attrs.get("type", "text") in ("checkbox", "radio"):
            if "checked" in attrs:
                self._form.append((name, attrs.get("value", "on")))
        elif tag == "input" and attrs.get("type") not in ("submit", "button", "file", "password"):
            self._form.append((name, attrs.get("value") or ""))

    def handle_endtag(self, tag):
        if tag in self.SKIP_TAGS and self._skip:
            self._skip -= 1
        if tag == "select" and self._form is not None and self._select is not None:
            self._form.append((self._select, self._select_value or ""))
            self._select = None
        if tag == "form" and self._form is not None:
            fields = [(k, v) for k, v in self._form if v]
            self.links.append(
                self._form_action.split("?")[0] + "?" + urlencode(fields) if fields else self._form_action
            )
            self._form = None

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.append(data)


def _pattern(url: str) -> str:
    parts = urlsplit(url)
    path = re.sub(r"\d+", "{n}", parts.path)
    keys = sorted({k for k, _v in parse_qsl(parts.query, keep_blank_values=True)})
    return path + ("?" + "&".join(keys) if keys else "")


def _normalise(base: str, href: str) -> str | None:
    if href.startswith(("mailto:", "tel:", "javascript:", "#", "data:")):
        return None
    url = urljoin(base, href)
    parts = urlsplit(url)
    if parts.netloc and parts.netloc not in ("testserver",):
        return None
    path = parts.path or "/"
    if path.startswith(SKIP_PREFIXES) or DOWNLOAD.search(path + "?" + parts.query):
        return None
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return path + ("?" + query if query else "")


def findings_in(text: str, codes: set[str]) -> list[str]:
    """The problems of one piece of visible text (the rules of the module docstring)."""
    found: list[str] = []
    for match in SNAKE.finditer(text):
        found.append(f"код «{match.group(0)}»")
    for match in WORD.finditer(text):
        if match.group(0) in codes and "_" not in match.group(0):
            found.append(f"значение перечисления «{match.group(0)}»")
    for match in ENGLISH.finditer(text):
        found.append(f"английское слово «{match.group(0)}»")
    dateless = DATE.sub(" ", text)
    for match in DECIMAL.finditer(dateless):
        found.append(f"десятичная точка «{match.group(0)}»")
    for match in HYPHEN_MINUS.finditer(dateless):
        found.append(f"дефис вместо минуса «{match.group(0)}»")
    for match in TRAILING_ZERO.finditer(dateless):
        found.append(f"ноль в конце дроби «{match.group(0)}»")
    return found


def crawl(client: Client, codes: set[str]) -> tuple[dict[str, list[str]], list[str], int]:
    queue: deque[str] = deque(["/"])
    seen: set[str] = {"/"}
    per_pattern: dict[str, int] = defaultdict(int)
    problems: dict[str, list[str]] = defaultdict(list)
    errors: list[str] = []
    pages = 0
    while queue and pages < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        pages += 1
        if response.status_code in (301, 302):
            target = _normalise(url, response["Location"])
            if target and target not in seen:
                seen.add(target)
                queue.append(target)
            continue
        if response.status_code >= 500:
            errors.append(f"{url}: {response.status_code}")
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Page()
        parser.feed(response.content.decode())
        for text in parser.texts:
            text = " ".join(text.split())
            for problem in findings_in(text, codes):
                if text in ALLOWED:
                    continue
                problems[f"{problem}: …{text[:160]}…"].append(url)
        for href in parser.links:
            target = _normalise(url, href)
            if not target or target in seen:
                continue
            seen.add(target)
            pattern = _pattern(target)
            if per_pattern[pattern] >= EXAMPLES_PER_PATTERN:
                continue
            per_pattern[pattern] += 1
            queue.append(target)
    return problems, errors, pages


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("demo", verbosity=0)
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
        from tests.conftest import restore_shipped_data

        restore_shipped_data()


@pytest.fixture(scope="module")
def codes(demo, django_db_blocker):
    with django_db_blocker.unblock():
        return _enum_codes()


@pytest.mark.parametrize("username", ROLES)
def test_every_page_speaks_russian(demo, codes, username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    problems, errors, pages = crawl(client, codes)
    assert pages > 1 or username == "api"
    report = [f"{problem}\n    на {', '.join(sorted(set(urls))[:3])}" for problem, urls in sorted(problems.items())]
    assert not errors, "ошибки сервера:\n" + "\n".join(errors)
    assert not report, f"{len(report)} находок на {pages} страницах:\n" + "\n".join(report)


def _results_pages() -> list[str]:
    """The results analysis pages (issue 17) for the Sverdlovsk demo, which has a school in the risk
    group for each reason: the crawl's page limit may stop before them."""
    from schools.models import Municipality, School

    sysert = Municipality.objects.get(name="Сысертский городской округ")
    school = School.objects.get(code="SYS-010")
    pages = [f"/schools/{school.pk}/?tab=results", "/indices/risk/rule/"]
    for year in (2024, 2025, 2026):
        pages += [
            f"/indices/risk/region/{sysert.region_id}/?year={year}",
            f"/indices/risk/municipality/{sysert.pk}/?year={year}",
            f"/indices/results/municipality/{sysert.pk}/?year={year}&procedure=ВПР",
            f"/indices/results/region/{sysert.region_id}/?year={year}&procedure=ЕГЭ",
        ]
    return pages


def test_the_results_pages_speak_russian(demo, codes):
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    problems = []
    for url in _results_pages():
        response = client.get(url)
        assert response.status_code == 200, url
        parser = _Page()
        parser.feed(response.content.decode())
        for text in parser.texts:
            text = " ".join(text.split())
            problems += [
                f"{url}: {problem}: {text[:160]}" for problem in findings_in(text, codes) if text not in ALLOWED
            ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("Значение 62.0000", True),
        ("доля 0.35", True),
        ("62.5 %", True),
        ("62.0", True),
        ("мероприятие 1.1 и 6.11", False),
        ("от 05.09.2025 до 1.09.2026", False),
        ("пункт 2.3.1", False),
        ("62,5 %", False),
        ("изменение -3", True),
        ("2025-2026", False),
        ("статус low_on_both", True),
        ("None", True),
        ("Нет данных", False),
        ("15,0 %", True),
        ("0,930", True),
        ("0,93 и 62,5", False),
        ("отчёт 1,2,3", False),
    ],
)
def test_the_rules_catch_real_bugs_and_spare_numbering(text, bad):
    assert bool(findings_in(text, {"stable"})) is bad
