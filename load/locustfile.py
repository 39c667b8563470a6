"""Load scenario: committee, school team, methodologist, API systems and the public, reading and
writing, on loopback.

    make load                                  # national scale, 100 users for 10 minutes
    LOAD_SCHOOLS=0 LOAD_USERS=20 LOAD_TIME=2m make load   # the demo data only, shorter

Each simulated user logs in with a demo account (scripts/load.sh prepares the accounts and
tokens: load/prepare.py) and walks the pages that role uses most, and writes as that role does:
the school team fills in and submits its data collections, API systems push indicator values and
file progress with evidence files, the committee orders reports. Answers that are the portal's
correct refusal under concurrency (409 «другой пользователь изменил», a form shown again with a
message) are not failures; any 5xx, timeout or other error fails the run (exit code 1).
"""

from __future__ import annotations

import os
import random
import re
from html.parser import HTMLParser

from locust import HttpUser, between, events, task

PASSWORD = "demo-portal-2026"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + b"%" * 20_000
NATIONAL = bool(os.environ.get("LOAD_API_NATIONAL_TOKEN"))


class FormFields(HTMLParser):
    """The fields of the first POST form whose action contains ``marker``, as a browser would send
    them unchanged (text inputs, checked boxes, selected options, textareas)."""

    def __init__(self, marker: str):
        super().__init__()
        self.marker, self.inside, self.done = marker, False, False
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and not self.done and (a.get("method") or "").lower() == "post":
            self.inside = self.marker in (a.get("action") or "") or not a.get("action")
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "file", "image"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((name, a.get("value") or ""))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value") or ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields.append((name, ""))

    def handle_data(self, data):
        if self._textarea and self.fields and self.fields[-1][0] == self._textarea:
            self.fields[-1] = (self._textarea, self.fields[-1][1] + data)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form" and self.inside:
            self.inside, self.done = False, True


def form_fields(html: str, marker: str) -> list[tuple[str, str]]:
    parser = FormFields(marker)
    parser.feed(html)
    return parser.fields


class Signed(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    username = ""

    def on_start(self) -> None:
        page = self.client.get("/accounts/login/", name="login page")
        token = CSRF.search(page.text).group(1)
        self.client.post(
            "/accounts/login/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": self.host + "/accounts/login/"},
            name="login",
        )

    def post_form(self, url: str, data, *, name: str, referer: str):
        return self.client.post(
            url,
            data,
            headers={"Referer": self.host + referer, "X-CSRFToken": self.client.cookies.get("csrftoken", "")},
            name=name,
            allow_redirects=False,  # 302: accepted; 200: the form again, with the portal's message
        )


class Committee(Signed):
    weight = 16
    username = "committee"

    @task(3)
    def home(self):
        self.client.get("/", name="home (committee)")

    @task(2)
    def program(self):
        self.client.get("/programs/1/", name="program document")

    @task(1)
    def dashboard(self):
        self.client.get("/monitoring/dashboard/", name="dashboard")

    @task(1)
    def schools(self):
        self.client.get("/schools/?q=СОШ", name="school list")

    @task(1)
    def runs(self):
        self.client.get("/indices/", name="index runs")

    @task(1)
    def order_report(self):
        # Writes: a report job, built by the «reports» worker; then «Мои отчёты» shows it.
        fmt = random.choice(["xlsx", "docx", "pdf"])
        self.post_form(
            "/reports/order/",
            {"kind": "program", "format": fmt, "object_id": 1},
            name="order report (committee)",
            referer="/programs/1/",
        )
        self.client.get("/reports/", name="my reports")


class NationalCommittee(Signed):
    """Committee staff of the biggest synthetic city (demo_scale): lists and dashboards over
    thousands of schools."""

    weight = 10 if NATIONAL else 0
    username = "scale-committee"

    @task(2)
    def schools(self):
        self.client.get("/schools/?page=2", name="school list (national city)")

    @task(2)
    def dashboard(self):
        self.client.get("/monitoring/dashboard/", name="dashboard (national city)")

    @task(1)
    def risk(self):
        self.client.get("/indices/risk/", name="risk group (national city)")

    @task(1)
    def results(self):
        self.client.get("/indices/results/", name="results (national city)")


class SchoolTeam(Signed):
    weight = 20
    username = "school"

    def on_start(self) -> None:
        super().on_start()
        page = self.client.get("/monitoring/collections/", name="collections").text
        self.submissions = sorted(set(re.findall(r"/monitoring/submissions/(\d+)/", page)))

    @task(3)
    def home(self):
        self.client.get("/", name="home (school)")

    @task(2)
    def my_measures(self):
        self.client.get("/programs/my/", name="my measures")

    @task(1)
    def school_program(self):
        self.client.get("/programs/school-programs/", name="school programs (team)")

    @task(3)
    def fill_collection(self):
        # Writes: the form as shown, saved (sometimes submitted). A submitted or stale form comes
        # back with the portal's message — a correct answer, not a failure.
        if not self.submissions:
            return
        pk = random.choice(self.submissions)
        url = f"/monitoring/submissions/{pk}/fill/"
        page = self.client.get(url, name="collection fill form")
        fields = form_fields(page.text, "/fill/")
        if not fields:
            return
        if random.random() < 0.2:
            fields.append(("submit", "1"))
        self.post_form(url, fields, name="collection save/submit", referer=url)


class Methodologist(Signed):
    weight = 8
    username = "methodologist"

    @task(2)
    def home(self):
        self.client.get("/", name="home (methodologist)")

    @task(1)
    def inbox(self):
        self.client.get("/programs/reviews/", name="review inbox")

    @task(1)
    def review(self):
        self.client.get("/programs/school-programs/1/review/", name="review form")


class ApiSystem(HttpUser):
    """An external system: reads lists with one token, writes values and progress with another."""

    weight = 16
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.read = {"Authorization": f"Token {os.environ['LOAD_API_READ_TOKEN']}"}
        self.write = {"Authorization": f"Token {os.environ['LOAD_API_WRITE_TOKEN']}"}
        self.national = {"Authorization": f"Token {os.environ.get('LOAD_API_NATIONAL_TOKEN', '')}"}
        self.school = int(os.environ["LOAD_API_SCHOOL"])
        self.occurrences = [int(o) for o in os.environ.get("LOAD_OCCURRENCES", "").split(",") if o]

    @task(3)
    def schools(self):
        self.client.get("/api/v1/schools/", headers=self.read, name="API schools")

    @task(2)
    def values(self):
        self.client.get("/api/v1/indicator-values/", headers=self.read, name="API indicator values")

    @task(2)
    def national_values(self):
        if NATIONAL:
            self.client.get(
                "/api/v1/indicator-values/",
                params={"page_size": 1000},
                headers=self.national,
                name="API values, page of 1,000 (national city)",
            )

    @task(3)
    def push_value(self):
        # Writes: read the current version, then replace; a concurrent writer's 409 is the
        # portal's correct answer (optimistic locking), not a failure.
        query = {"school": self.school, "indicator_code": "teachers_total", "year": 2025}  # an academic year by its end
        current = self.client.get("/api/v1/indicator-values/", params=query, headers=self.write, name="API value (own)")
        rows = [r for r in current.json().get("results", []) if "2024/2025" in str(r.get("period"))]
        version = rows[0]["version"] if rows else 0
        body = {
            "school": self.school,
            "indicator": "teachers_total",
            "period": "2024/2025",
            "value": str(random.randint(20, 90)),
            "expected_version": version,
        }
        with self.client.post(
            "/api/v1/indicator-values/", json=body, headers=self.write, name="API push value", catch_response=True
        ) as response:
            if response.status_code in (200, 201, 409):
                response.success()

    @task(1)
    def file_progress(self):
        if not self.occurrences:
            return
        occurrence = random.choice(self.occurrences)
        with self.client.post(
            f"/api/v1/occurrences/{occurrence}/progress/",
            data={"school": self.school, "status": "in_progress", "narrative": "Идёт по плану"},
            files={"files": ("протокол.pdf", PDF, "application/pdf")},
            headers=self.write,
            name="API file progress with evidence",
            catch_response=True,
        ) as response:
            # 409: another writer filed it first; 400: the report is already accepted or the
            # occurrence no longer takes reports — the portal's Russian refusal, not an error.
            if response.status_code in (200, 201, 400, 409):
                response.success()


class Public(HttpUser):
    weight = 30
    wait_time = between(1, 3)

    @task(2)
    def index(self):
        self.client.get("/programs/public/", name="public programs")

    @task(3)
    def program(self):
        self.client.get("/programs/public/1/", name="public program page")

    @task(2)
    def practices(self):
        self.client.get("/programs/practices/?q=родителями", name="practice search")


SERVER_ERRORS = [0]
WRITES: dict[str, dict[int, int]] = {}


@events.request.add_listener
def _count(request_type="", name="", response=None, **_kwargs) -> None:
    status = getattr(response, "status_code", 0) if response is not None else 0
    if status >= 500:
        SERVER_ERRORS[0] += 1
    if request_type == "POST" and name != "login":
        counts = WRITES.setdefault(name, {})
        counts[status] = counts.get(status, 0) + 1


@events.quitting.add_listener
def _fail_on_errors(environment, **_kwargs) -> None:
    # Any failed request — a 5xx, a refused connection, a timeout — fails the run.
    if environment.stats.total.num_failures or SERVER_ERRORS[0]:
        environment.process_exit_code = 1


@events.test_stop.add_listener
def _p95_per_page(environment, **_kwargs) -> None:
    """p95 of every page, one line each (the summary table shows it too, among many columns)."""
    print("\np95 per page (ms), requests, failures:")
    for entry in sorted(environment.stats.entries.values(), key=lambda e: e.name):
        print(
            f"  {entry.name:<48} p95 {entry.get_response_time_percentile(0.95):>7.0f}  "
            f"n {entry.num_requests:>6}  failed {entry.num_failures}"
        )
    print("writes by answer (status: count):")
    for name, counts in sorted(WRITES.items()):
        print(f"  {name:<48} " + ", ".join(f"{status}: {n}" for status, n in sorted(counts.items())))
    total = environment.stats.total
    print(
        f"  total: {total.num_requests} requests, {total.num_failures} failures, {SERVER_ERRORS[0]} 5xx, "
        f"p95 {total.get_response_time_percentile(0.95):.0f} ms, {total.total_rps:.1f} req/s"
    )
