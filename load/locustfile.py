"""Load scenario of the four roles (committee, school team, methodologist, the public) on loopback.

    make load            # 50 users for 10 minutes against gunicorn with the demo data
    LOAD_USERS=20 LOAD_TIME=2m make load

Each simulated user logs in with a demo account and walks the pages that role uses most. Any
5xx or failed request fails the run (exit code 1)."""

from __future__ import annotations

import re

from locust import HttpUser, between, events, task

PASSWORD = "demo-portal-2026"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


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


class Committee(Signed):
    weight = 3
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


class SchoolTeam(Signed):
    weight = 3
    username = "school"

    @task(3)
    def home(self):
        self.client.get("/", name="home (school)")

    @task(2)
    def my_measures(self):
        self.client.get("/programs/my/", name="my measures")

    @task(1)
    def collections(self):
        self.client.get("/monitoring/collections/", name="collections")

    @task(1)
    def school_program(self):
        self.client.get("/programs/school-programs/", name="school programs (team)")


class Methodologist(Signed):
    weight = 1
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


class Public(HttpUser):
    weight = 3
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


@events.quitting.add_listener
def _fail_on_errors(environment, **_kwargs) -> None:
    # Any failed request — a 5xx, a refused connection, a timeout — fails the run.
    if environment.stats.total.num_failures:
        environment.process_exit_code = 1
