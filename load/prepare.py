"""Accounts and tokens the load scenario acts as, printed as shell exports for scripts/load.sh.

    .venv/bin/python load/prepare.py > load.env   # after `manage.py demo` (and `demo_scale`)

- the demo's «api» account also becomes an API client and project team of the demo school team's
  school, with a writing token over it (pushes values, files progress with evidence);
- a reading token of the demo «api» account over its municipality;
- at national scale (`demo_scale` loaded): a password for «scale-committee» and a reading token of
  «scale-api» over the biggest city (pages of 1,000 rows).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402

from config.api.tokens import token_issue  # noqa: E402
from schools.models import Membership, Role, User  # noqa: E402

PASSWORD = "demo-portal-2026"


def main() -> None:
    admin = User.objects.get(username="admin")
    api = User.objects.get(username="api")
    team = Membership.objects.filter(user__username="school", role=Role.SCHOOL_TEAM).select_related("school").first()
    school = team.school
    Membership.objects.get_or_create(user=api, role=Role.API_CLIENT, school=school)
    Membership.objects.get_or_create(user=api, role=Role.SCHOOL_TEAM, school=school)
    read_scope = Membership.objects.filter(user=api, role=Role.API_CLIENT, municipality__isnull=False).first()
    _t, write = token_issue(user=api, name="Нагрузка: запись", school=school, read_only=False, created_by=admin)
    _t, read = token_issue(user=api, name="Нагрузка: чтение", municipality=read_scope.municipality, created_by=admin)
    # The occurrences the school files progress on, as its «Мои мероприятия» page links them.
    client = Client()
    client.force_login(User.objects.get(username="school"))
    page = client.get("/programs/my/").content.decode()
    occurrences = sorted(set(re.findall(r"/programs/occurrences/(\d+)/report/", page)), key=int)[:20]
    print(f"export LOAD_API_WRITE_TOKEN={write} LOAD_API_READ_TOKEN={read} LOAD_API_SCHOOL={school.pk}")
    print(f"export LOAD_OCCURRENCES={','.join(occurrences)}")
    scale_api = User.objects.filter(username="scale-api").first()
    if scale_api is not None:
        committee = User.objects.get(username="scale-committee")
        committee.set_password(PASSWORD)
        committee.save(update_fields=["password"])
        city = Membership.objects.get(user=scale_api, role=Role.API_CLIENT).municipality
        _t, national = token_issue(user=scale_api, name="Нагрузка: город", municipality=city, created_by=admin)
        print(f"export LOAD_API_NATIONAL_TOKEN={national} LOAD_NATIONAL_MUNICIPALITY={city.pk}")


def database_size() -> None:
    """On stderr (not eval'd by load.sh): the database's size, for docs/deployment.md's sizing."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            print(f"== database size: {cursor.fetchone()[0]}", file=sys.stderr)


if __name__ == "__main__":
    database_size()
    main()
