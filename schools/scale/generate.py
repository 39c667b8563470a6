"""`manage.py demo_scale`: the orchestration. The ladder and context come from schools; every app
above adds its part through the SCALE_LOADERS extension point (schools/extensions.py, ordered by
``order``), as ``manage.py demo`` does with DEMO_LOADERS."""

from __future__ import annotations

import time

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils.translation import gettext as _

from .. import extensions
from ..demo.context_demo import demo_years
from ..models import Membership, Region, Role, User
from .context import Logger, ScaleContext, ScaleSizes
from .ladder import CODE_PREFIX, generate_ladder

# SQLite has no COPY and a single writer: beyond this the generation would take far too long.
SQLITE_MAX_SCHOOLS = 2000
USERNAMES = {"region": "scale-region", "committee": "scale-committee", "api": "scale-api"}


class ScaleError(Exception):
    """Why the data cannot be generated, in Russian for the operator."""


def _check(sizes: ScaleSizes) -> None:
    if connection.vendor != "postgresql" and sizes.schools > SQLITE_MAX_SCHOOLS:
        raise ScaleError(
            _(
                "Национальный масштаб генерируется только в PostgreSQL (COPY). На %(vendor)s можно "
                "не больше %(max)s школ: укажите --schools поменьше или задайте DATABASE_URL."
            )
            % {"vendor": connection.vendor, "max": SQLITE_MAX_SCHOOLS}
        )
    if sizes.regions < 1 or sizes.municipalities < sizes.regions or sizes.schools < 2 * sizes.municipalities:
        raise ScaleError(
            _("Нужно: хотя бы один регион, муниципалитетов не меньше регионов, школ не меньше двух на муниципалитет.")
        )
    if sizes.years < 1:
        raise ScaleError(_("Нужен хотя бы один учебный год."))
    if Region.objects.filter(code__startswith=CODE_PREFIX, name__startswith="Синтетическая область").exists():
        raise ScaleError(
            _("Синтетические данные уже загружены: генератор работает только на базе без них (например, новой).")
        )


def _users(context: ScaleContext) -> None:
    """The accounts the benchmarks act as: region staff of the capital region, committee staff and
    an API client of its big city. No password: benchmarks log in with force_login or a token."""
    city = int(context.municipality_ids[context.big_municipality])
    region = int(context.region_ids[context.municipality_region[context.big_municipality]])
    unusable = make_password(None)
    for key, username in USERNAMES.items():
        user = User.objects.create(username=username, last_name="Синтетический", first_name=key, password=unusable)
        scope = {"region_id": region} if key == "region" else {"municipality_id": city}
        role = {"region": Role.REGION_STAFF, "committee": Role.MUNICIPAL_STAFF, "api": Role.API_CLIENT}[key]
        Membership.objects.create(user=user, role=role, **scope)
        context.users[key] = user.pk


def scale_generate(*, sizes: ScaleSizes, log: Logger = lambda line: None) -> ScaleContext:
    _check(sizes)
    years = demo_years(sizes.years)
    with transaction.atomic():
        start = time.perf_counter()
        context = generate_ladder(sizes=sizes, years=years, log=log)
        context.timings["ladder_s"] = time.perf_counter() - start
        _users(context)
        for loader in extensions.scale_loaders():
            start = time.perf_counter()
            line = loader.load(context)
            context.timings[f"{loader.key}_s"] = time.perf_counter() - start
            log(f"  {loader.label}: {line}")
        commit_started = time.perf_counter()
    # The commit checks the deferred foreign keys of every row written: a sizeable share of the time.
    context.timings["commit_s"] = time.perf_counter() - commit_started
    if connection.vendor == "postgresql":
        start = time.perf_counter()
        with connection.cursor() as cursor:
            # Fresh statistics, or the first queries plan for empty tables. Outside a transaction
            # also VACUUM: millions of rows just copied in have no visibility map yet, so an
            # index-only count would visit the table for each row until autovacuum came by —
            # in the middle of whatever is measured next.
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
        context.timings["analyze_s"] = time.perf_counter() - start
    return context
