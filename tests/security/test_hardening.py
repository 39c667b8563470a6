"""Issue 23's probe findings outside the API: media never served directly (1), free-text length
limits (3), the password reset throttled (4), school program years and constraint messages (5),
bidi and zero-width characters (7)."""

from __future__ import annotations

import importlib
import io
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import IntegrityError, models, transaction
from django.test import Client
from django.urls import clear_url_caches, reverse

from programs.forms.reviews import SchoolProgramForm
from programs.models import ProgressReport, SchoolProgram
from schools.integrity import integrity_message
from schools.models import School
from schools.text import strip_invisible
from tests.factories import SchoolFactory
from tests.programs.conftest import make_program

pytestmark = pytest.mark.django_db
PROJECT_APPS = ("schools", "programs", "monitoring", "indices", "reporting", "resources", "surveys", "accounts")
HOSTILE = "\u202eвонавИ\u200b Иван\ufeff\u2066\u200d"


def _models():
    for model in apps.get_models():
        if model._meta.app_label in PROJECT_APPS and not model.__name__.startswith("Historical"):
            yield model


# --- 1. /media/ is never served directly -------------------------------------------------------------


@pytest.fixture
def debug_urls(settings, tmp_path):
    """The URLconf as it is built with DEBUG on (the embedded default) over a MEDIA_ROOT of the
    test's own, then put back."""
    import config.urls

    settings.MEDIA_ROOT = tmp_path
    settings.DEBUG = True
    importlib.reload(config.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(config.urls)
    clear_url_caches()


def test_media_files_are_not_served_in_debug(world, tmp_path, debug_urls):
    report = tmp_path / "reports" / "1" / "report-1.pdf"
    report.parent.mkdir(parents=True)
    report.write_bytes(b"%PDF-1.4 secret report")
    (tmp_path / "imports").mkdir()
    (tmp_path / "imports" / "upload.xlsx").write_bytes(b"secret upload")
    signed_in = Client()
    signed_in.force_login(world.region_staff)
    for client in (Client(), signed_in):
        for url in ("/media/reports/1/report-1.pdf", "/media/imports/upload.xlsx"):
            response = client.get(url)
            assert response.status_code in (302, 404), (url, response.status_code)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert b"secret" not in body


def test_no_template_links_a_stored_file_directly():
    """Files are linked through their views (download URLs), never by ``.url`` of a FileField or
    MEDIA_URL, which would bypass the permission check and the access log."""
    roots = [Path(django_settings.BASE_DIR) / "templates", *Path(django_settings.BASE_DIR).glob("*/templates")]
    offenders = []
    for root in roots:
        for path in root.rglob("*.html"):
            text = path.read_text(encoding="utf-8")
            if "MEDIA_URL" in text or re.search(r"\.(file|pdf|upload|docx|xlsx)\.url\b", text):
                offenders.append(str(path))
    assert offenders == []


# --- 3. Length limits on free text -------------------------------------------------------------------


def test_every_free_text_field_has_a_maximum():
    missing = []
    for model in _models():
        for field in model._meta.get_fields():
            if isinstance(field, models.TextField) and field.name != "error":
                if not field.max_length or not any(isinstance(v, MaxLengthValidator) for v in field.validators):
                    missing.append(f"{model.__name__}.{field.name}")
            elif isinstance(field, models.CharField) and not field.max_length:
                missing.append(f"{model.__name__}.{field.name}")
    assert missing == []


def test_every_text_field_of_the_project_forms_has_a_maximum():
    import django.forms as dj_forms

    modules = [
        "programs.forms.programs",
        "programs.forms.reviews",
        "monitoring.forms.indicators",
        "monitoring.forms.collections",
        "indices.forms",
        "schools.networks.forms",
        "config.api_tokens.forms",
        "resources.forms",
        "surveys.forms",
        "accounts.forms",
    ]
    missing = []
    for name in modules:
        module = importlib.import_module(name)
        for form in vars(module).values():
            if isinstance(form, type) and issubclass(form, dj_forms.BaseForm) and form.__module__ == name:
                for key, field in form.base_fields.items():
                    if type(field) is dj_forms.CharField and not field.max_length:
                        missing.append(f"{form.__name__}.{key}")
    assert missing == []


def test_every_text_field_the_api_accepts_has_a_maximum():
    from rest_framework import serializers

    from config.api.serializers import monitoring, programs

    missing = []
    for module in (monitoring, programs):
        for serializer in vars(module).values():
            if (
                isinstance(serializer, type)
                and issubclass(serializer, serializers.Serializer)
                and serializer.__name__.endswith("In")
            ):
                for key, field in serializer().fields.items():
                    if isinstance(field, serializers.CharField) and not field.read_only and field.max_length is None:
                        missing.append(f"{serializer.__name__}.{key}")
    assert missing == []


def test_a_huge_narrative_is_refused_by_api_form_and_model(world, client):
    from programs.forms.programs import ProgressForm
    from tests.api.conftest import Systems  # noqa: F401  (the API's fixtures live there)

    huge = "Проведено. " * 1_000_000  # 11 MB
    program = make_program(world)
    occurrence = program.measures.get(number="1.1").occurrences.order_by("due_date").first()
    # The page's form.
    form = ProgressForm(data={"status": "done", "narrative": huge})
    assert not form.is_valid() and "narrative" in form.errors
    # The model, whatever path writes it.
    report = ProgressReport(narrative=huge)
    with pytest.raises(ValidationError) as caught:
        report.clean_fields(exclude=[f.name for f in ProgressReport._meta.fields if f.name != "narrative"])
    assert "не более" in str(caught.value)
    # The API.
    from config.api.tokens import token_issue
    from schools.models import Role
    from tests.factories import ApiClientFactory, MembershipFactory

    user = ApiClientFactory(username="writer", school=world.school_a)
    MembershipFactory(user=user, role=Role.SCHOOL_TEAM, school=world.school_a)
    _token, raw = token_issue(
        user=user, name="x", school=world.school_a, read_only=False, created_by=world.region_staff
    )
    api = Client(HTTP_AUTHORIZATION=f"Token {raw}")
    response = api.post(
        f"/api/v1/occurrences/{occurrence.pk}/progress/",
        {"school": world.school_a.pk, "status": "done", "narrative": huge[:200_000]},
        content_type="application/json",
    )
    assert response.status_code == 400 and "narrative" in response.json()["errors"]
    assert not ProgressReport.objects.exists()


# --- 4. Password reset throttled -------------------------------------------------------------------


def test_password_reset_is_throttled_per_address(world, settings, worker_cache):
    settings.PASSWORD_RESET_PER_ADDRESS = 3
    world.staff_a.email = "staff@example.org"
    world.staff_a.save()
    client = Client()
    for _ in range(8):
        response = client.post(reverse("password_reset"), {"email": "Staff@example.org"})
        assert response.status_code == 302  # the same answer every time: nothing tells the limit apart
    assert len(mail.outbox) == 3


def test_password_reset_is_throttled_per_client(world, settings, worker_cache):
    settings.PASSWORD_RESET_PER_CLIENT = 5
    client = Client(REMOTE_ADDR="203.0.113.7")
    codes = [client.post(reverse("password_reset"), {"email": f"a{i}@example.org"}).status_code for i in range(8)]
    assert codes == [302] * 5 + [429] * 3
    refused = client.post(reverse("password_reset"), {"email": "b@example.org"})
    assert "Слишком много запросов" in refused.content.decode()
    # Another client is not affected.
    assert (
        Client(REMOTE_ADDR="203.0.113.8").post(reverse("password_reset"), {"email": "c@example.org"}).status_code == 302
    )


# --- 5. School program years; no constraint name reaches a person ----------------------------------


@pytest.mark.parametrize(
    ("start", "end", "field", "words"),
    [
        (0, 0, "period_start", "не раньше 2000"),
        (2026, 9999, "period_end", "не позже 2100"),
        (2026, 2024, "__all__", "не может быть раньше года начала"),
    ],
)
def test_school_program_years_are_checked_in_russian(world, start, end, field, words):
    data = {"kind": "effective_mode", "title": "Программа", "period_start": start, "period_end": end}
    form = SchoolProgramForm(data=data, school=world.school_a)
    assert not form.is_valid()
    messages = " ".join(form.errors.get(field, []))
    assert words in messages, form.errors
    assert "school_program_period" not in str(form.errors) and "Нарушено ограничение" not in str(form.errors)


def test_every_constraint_speaks_russian():
    """Check constraints and conditional unique ones carry their own Russian message; without it
    Django says «Нарушено ограничение "name"»."""
    silent = []
    for model in _models():
        for constraint in model._meta.constraints:
            conditional = getattr(constraint, "condition", None) is not None
            if isinstance(constraint, models.CheckConstraint) or conditional:
                message = str(constraint.violation_error_message)
                if constraint.violation_error_message == constraint.default_violation_error_message or not re.search(
                    "[а-я]", message
                ):
                    silent.append(f"{model.__name__}.{constraint.name}")
    assert silent == []


def test_an_integrity_error_is_told_in_russian(world):
    program = SchoolProgram(
        school=world.school_a, title="x", period_start=2026, period_end=2024, created_by=world.team_a
    )
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        program.save()  # no full_clean: the database itself refuses
    message = integrity_message(caught.value)
    assert message == "Год окончания программы не может быть раньше года начала."


# --- 7. Bidi and zero-width characters ------------------------------------------------------------


def test_the_normaliser_strips_invisible_characters():
    assert strip_invisible(HOSTILE) == "вонавИ Иван"
    assert strip_invisible("Школа №\u00a01") == "Школа №\u00a01"  # a no-break space is visible text


def test_names_and_codes_are_stored_without_them_on_every_path(world):
    # A service or form (full_clean).
    school = SchoolFactory.build(municipality=world.mun_a, code="Z\u200b-1", name=HOSTILE, short_name="Ш\u202e1")
    school.region = world.region
    school.full_clean(validate_unique=False, validate_constraints=False)
    assert (school.code, school.name, school.short_name) == ("Z-1", "вонавИ Иван", "Ш1")
    school.save()
    # A bulk write and a queryset update (imports, commands).
    School.objects.filter(pk=school.pk).update(director="\u202eИванов И. И.")
    School.objects.bulk_create([SchoolFactory.build(municipality=world.mun_a, code="\ufeffZ-2", name="x")])
    assert School.objects.get(pk=school.pk).director == "Иванов И. И."
    assert School.objects.filter(code="Z-2").exists()


def test_the_school_import_strips_them(world):
    from schools.imports.services import import_apply
    from tests.schools.imports.workbooks import SCHOOL_HEADER, school_row, xlsx

    row = school_row("Z\u200b-9", director="\u202eИванов Иван", short="МБОУ\ufeff Z-9")
    outcome = import_apply(kind="schools", file=io.BytesIO(xlsx(SCHOOL_HEADER, [row])), user=world.staff_a)
    assert outcome.applied, outcome.problems
    school = School.objects.get(code="Z-9")
    assert school.director == "Иванов Иван" and school.short_name == "МБОУ Z-9"


def test_the_api_strips_them(world):
    from config.api.tokens import token_issue
    from schools.models import Role
    from tests.factories import ApiClientFactory, MembershipFactory

    user = ApiClientFactory(username="writer", school=world.school_a)
    MembershipFactory(user=user, role=Role.SCHOOL_TEAM, school=world.school_a)
    _token, raw = token_issue(
        user=user, name="x", school=world.school_a, read_only=False, created_by=world.region_staff
    )
    program = make_program(world)
    occurrence = program.measures.get(number="1.1").occurrences.order_by("due_date").first()
    response = Client(HTTP_AUTHORIZATION=f"Token {raw}").post(
        f"/api/v1/occurrences/{occurrence.pk}/progress/",
        {"school": world.school_a.pk, "status": "done", "narrative": "\u202eПроведено\u200b семинар"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert ProgressReport.objects.get().narrative == "Проведено семинар"
