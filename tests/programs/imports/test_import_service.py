"""Creating the draft program from a read document: everything in one transaction, bad files
refused in Russian with nothing created, the pages and their permissions."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programs.demo.seed_programs import PROGRAMS
from programs.imports import services
from programs.imports.parsed import ParsedProgram
from programs.models import MeasureAssignment, Program, ProgramImport
from programs.services.errors import ProgramRuleError
from tests.factories import MunicipalityFactory, OrganisationFactory

from .builder import build

pytestmark = pytest.mark.django_db
SEEDS = {p["municipality"]: p for p in PROGRAMS}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _korolev_registry(world):
    """Two of Korolyov's organisations as the registry writes them; the rest are unknown."""
    OrganisationFactory(municipality=world.mun_a, name="Комитет образования", short_name="Комитет образования")
    return OrganisationFactory(municipality=world.mun_a, name="МБУДПО «УМОЦ»", short_name="МБУДПО «УМОЦ»")


def test_draft_is_created_with_every_measure_and_the_source_document(world):
    umoc = _korolev_registry(world)
    data = build(SEEDS["korolev"], "classic")
    upload = services.docx_upload(municipality=world.mun_a, name="Королёв.docx", data=data, user=world.staff_a)
    assert Program.objects.count() == 0  # nothing but the upload before the user confirms
    parsed = ParsedProgram.from_dict(upload.parsed)
    unknown = services.unknown_organisations(parsed=parsed, municipality=world.mun_a)
    # Spaces aside, «МБУ ДПО «УМОЦ»» is the registry's name; «МБОУ ДПО» is another word.
    assert "МБОУ ДПО «УМОЦ»" in unknown and "МБУ ДПО «УМОЦ»" not in unknown and "Комитет образования" not in unknown
    program = services.program_import_create(
        upload=upload,
        parsed=parsed,
        resolutions={"МБОУ ДПО «УМОЦ»": str(umoc.pk), "организации-партнеры": services.CREATE},
        user=world.staff_a,
    )
    assert program.status == Program.Status.DRAFT
    assert program.measures.count() == 52
    assert program.tasks.count() == 6 and program.goals.count() == 1
    first = program.measures.get(number="1.1")
    assert first.task.number == "1"
    assert first.responsible_text == "МБУ ДПО «УМОЦ», ОУ"
    assert list(first.responsible.all()) == [umoc]  # «ОУ» stays text
    matched_by_user = program.measures.filter(responsible_text__contains="МБОУ ДПО «УМОЦ»")
    assert matched_by_user.exists() and all(umoc in m.responsible.all() for m in matched_by_user)
    partners = program.measures.get(number="1.4").responsible.all()
    assert {o.name for o in partners} == {"МБУДПО «УМОЦ»", "организации-партнеры"}  # added to the registry
    assert program.measures.get(number="5.5").schedule_kind == "unparsed"
    upload.refresh_from_db()
    assert upload.program == program and program.source_document.file.read() == data


def test_dubna_roadmap_is_created_with_assignments(world):
    upload = services.docx_upload(
        municipality=world.mun_a, name="Дубна.docx", data=build(SEEDS["dubna"], "classic"), user=world.staff_a
    )
    program = services.program_import_create(
        upload=upload, parsed=ParsedProgram.from_dict(upload.parsed), resolutions={}, user=world.staff_a
    )
    assert program.kind == Program.Kind.ROADMAP and program.numbers_assigned
    assert MeasureAssignment.objects.filter(measure__program=program).count() == sum(
        len(m["assignments"]) for m in SEEDS["dubna"]["measures"]
    )
    assert program.measures.get(number="1.1.1").task.number == "1.1"


def test_repeated_numbers_are_refused_and_nothing_is_created(world):
    upload = services.docx_upload(
        municipality=world.mun_a, name="Огни.docx", data=build(SEEDS["dagogni"], "classic"), user=world.staff_a
    )
    parsed = ParsedProgram.from_dict(upload.parsed)
    parsed.measures[1].number = parsed.measures[0].number
    with pytest.raises(ProgramRuleError, match="Номера мероприятий повторяются: 1"):
        services.program_import_create(upload=upload, parsed=parsed, resolutions={}, user=world.staff_a)
    parsed = ParsedProgram.from_dict(upload.parsed)
    parsed.measures[-1].timing = "2030 год"  # outside the program's period: refused by measure_create
    with pytest.raises(ProgramRuleError, match="Мероприятие 46"):
        services.program_import_create(upload=upload, parsed=parsed, resolutions={}, user=world.staff_a)
    assert Program.objects.count() == 0


def _zip(parts: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, text in parts.items():
            z.writestr(name, text)
    return out.getvalue()


def _with(data: bytes, name: str, text: str) -> bytes:
    """The document with one part added or replaced."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for item in src.infolist():
            if item.filename != name:
                z.writestr(item, src.read(item.filename))
        z.writestr(name, text)
    return out.getvalue()


GOOD = build(SEEDS["tungiro"], "classic")
EXTERNAL = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/attachedTemplate" Target="http://example.org/t.dotm" TargetMode="External"/></Relationships>'
)
BAD = [
    ("программа.pdf", b"%PDF-1.4 ...", "Загрузите документ Word в формате .docx"),
    ("программа.docx", b"just text, not a document", "Это не документ Word"),
    ("программа.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "защищён паролем"),
    ("программа.docx", GOOD[: len(GOOD) // 2], "повреждён"),
    ("программа.docx", _zip({"hello.txt": "x"}), "нет текста документа"),
    (
        "программа.docx",
        _with(
            GOOD,
            "[Content_Types].xml",
            zipfile.ZipFile(io.BytesIO(GOOD))
            .read("[Content_Types].xml")
            .decode()
            .replace("wordprocessingml.document.main+xml", "ms-word.document.macroEnabled.main+xml"),
        ),
        "макросы",
    ),
    ("программа.docx", _with(GOOD, "word/_rels/settings.xml.rels", EXTERNAL), "внешние файлы"),
    ("программа.docm", GOOD, "макросами"),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD, ids=[b[2] for b in BAD])
def test_bad_files_are_refused_in_russian_and_nothing_is_kept(world, name, data, message):
    with pytest.raises(ProgramRuleError) as refused:
        services.docx_upload(municipality=world.mun_a, name=name, data=data, user=world.staff_a)
    assert message in " ".join(refused.value.messages)
    assert re.search("[а-я]", refused.value.messages[0])
    assert ProgramImport.objects.count() == 0 and Program.objects.count() == 0


def test_huge_file_is_refused(world):
    with pytest.raises(ProgramRuleError, match="слишком большой"):
        services.docx_upload(
            municipality=world.mun_a, name="p.docx", data=GOOD, user=world.staff_a, limit=len(GOOD) - 1
        )


def test_a_document_without_a_measures_table_still_offers_its_passport(world):
    from docx import Document

    d = Document()
    d.add_paragraph("ПРОГРАММА")
    d.add_paragraph("повышения качества образования в школах города А на 2024-2026 годы")
    d.add_paragraph("Цель программы: повышение качества образования")
    out = io.BytesIO()
    d.save(out)
    upload = services.docx_upload(municipality=world.mun_a, name="p.docx", data=out.getvalue(), user=world.staff_a)
    parsed = ParsedProgram.from_dict(upload.parsed)
    assert parsed.measures == []
    assert any("Таблица мероприятий не найдена" in n for n in parsed.notes)
    assert parsed.goals == ["повышение качества образования"]
    assert (parsed.period_start, parsed.period_end) == ("2024-01-01", "2026-12-31")
    program = services.program_import_create(upload=upload, parsed=parsed, resolutions={}, user=world.staff_a)
    assert program.title.startswith("Программа повышения качества") and program.measures.count() == 0


# --- pages ---------------------------------------------------------------------------------


def _upload_page(client, municipality, data, name="Тунгиро.docx"):
    return client.post(
        reverse("programs:import"),
        {"municipality": municipality.pk, "document": SimpleUploadedFile(name, data)},
    )


def _preview_post(page, **changes):
    """The preview form as the browser would send it back."""
    context = page.context
    data = {}
    for form in (context["passport"], context["formset"], context["organisations"]):
        forms_ = form.forms if hasattr(form, "forms") else [form]
        if hasattr(form, "management_form"):
            for f in form.management_form:
                data[f.html_name] = f.value()
        for f_ in forms_:
            for field in f_:
                value = field.value()
                if value not in (None, False):
                    data[field.html_name] = value
    data.update(changes)
    return data


def test_committee_uploads_checks_and_creates_the_draft(world, client_for):
    client = client_for(world.staff_a)
    response = _upload_page(client, world.mun_a, GOOD)
    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Проверка прочитанного из документа" in html and "организация не найдена в реестре" in html
    data = _preview_post(preview, **{"m-0-title": "Исправленное наименование", "create": "1"})
    created = client.post(response["Location"], data)
    program = Program.objects.get()
    assert created.status_code == 302 and created["Location"] == program.get_absolute_url()
    assert program.measures.count() == 27
    assert program.measures.get(number="1.1").title == "Исправленное наименование"
    page = client.get(program.get_absolute_url())
    assert reverse("programs:source_document", args=[program.pk]) in page.content.decode()
    download = client.get(reverse("programs:source_document", args=[program.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == GOOD


def test_bad_upload_shows_the_reason_on_the_page(world, client_for):
    response = _upload_page(client_for(world.staff_a), world.mun_a, b"not a document")
    assert response.status_code == 200
    assert "Это не документ Word (.docx)" in response.content.decode()
    assert ProgramImport.objects.count() == 0


def test_who_may_upload_preview_and_download(world, client_for):
    assert client_for(world.team_a).get(reverse("programs:import")).status_code == 403
    assert client_for(None).get(reverse("programs:import")).status_code == 302
    client = client_for(world.staff_a)
    preview_url = _upload_page(client, world.mun_a, GOOD)["Location"]
    assert client_for(world.staff_b).get(preview_url).status_code == 403  # another municipality's upload
    assert client_for(world.region_staff).get(preview_url).status_code == 403  # not theirs to confirm
    # Uploading for a municipality one does not govern is not offered.
    other = _upload_page(client, MunicipalityFactory(region=world.region), GOOD)
    assert other.status_code == 200 and ProgramImport.objects.count() == 1
    upload = ProgramImport.objects.get()
    program = services.program_import_create(
        upload=upload, parsed=ParsedProgram.from_dict(upload.parsed), resolutions={}, user=world.staff_a
    )
    url = reverse("programs:source_document", args=[program.pk])
    assert client_for(world.staff_b).get(url).status_code == 403
    assert client_for(world.team_a).get(url).status_code == 403  # a draft is the committee's
    assert client_for(world.region_staff).get(url).status_code == 200


def test_corrections_are_kept_and_doubts_read_again(world, client_for):
    client = client_for(world.staff_a)
    url = _upload_page(client, world.mun_a, GOOD)["Location"]
    preview = client.get(url)
    data = _preview_post(preview, **{"m-0-timing": "когда-нибудь потом", "m-1-DELETE": "on", "check": "1"})
    again = client.post(url, data)
    assert again.status_code == 200 and Program.objects.count() == 0
    parsed = ParsedProgram.from_dict(ProgramImport.objects.get().parsed)
    assert len(parsed.measures) == 26  # the deleted row is gone
    assert parsed.measures[0].timing == "когда-нибудь потом" and "timing" in parsed.measures[0].doubts
    assert "срок не распознан" in again.content.decode()


def test_command_dry_run_writes_nothing_and_the_real_run_prints_the_id(world, tmp_path, capsys):
    from django.core.management import call_command

    path = tmp_path / "Огни.docx"
    path.write_bytes(build(SEEDS["dagogni"], "reordered"))
    call_command("program_import_docx", str(path), "--municipality", world.mun_a.code, "--dry-run")
    out = capsys.readouterr()
    assert "мероприятий: 44" in out.err and out.out == ""
    assert Program.objects.count() == 0 and ProgramImport.objects.count() == 0
    call_command("program_import_docx", str(path), "--municipality", world.mun_a.code, "--user", "staff_a")
    program = Program.objects.get()
    assert capsys.readouterr().out.strip() == str(program.pk)
    assert program.measures.count() == 44 and program.source_document.filename == "Огни.docx"
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a document")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Это не документ Word"):
        call_command("program_import_docx", str(bad), "--municipality", world.mun_a.code, "--user", "staff_a")
    assert Program.objects.count() == 1


def test_overlong_heading_numbers_do_not_collide(world):
    upload = services.docx_upload(municipality=world.mun_a, name="p.docx", data=GOOD, user=world.staff_a)
    parsed = ParsedProgram.from_dict(upload.parsed)
    parsed.sections = [("1.1.1.1.1.1.1", "Первый"), ("1.1.1.1.1.1.2", "Второй")]  # the column keeps 10 characters
    parsed.measures[0].section = "1.1.1.1.1.1.2"
    program = services.program_import_create(upload=upload, parsed=parsed, resolutions={}, user=world.staff_a)
    assert list(program.sections.values_list("title", flat=True)) == ["Первый"]
    assert program.measures.get(number=parsed.measures[0].number).section is None
