"""«Загрузить программу из Word»: upload → preview (editable, doubts flagged) → draft program."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from programs.models import Program, ProgramImport
from programs.services.errors import ProgramRuleError
from programs.views.common import add_rule_error, file_download, object_required
from schools.access import visible_municipalities

from . import services
from .forms import MeasureFormSet, MeasureRowForm, OrganisationsForm, PassportForm, UploadForm, measures_apply
from .parsed import ParsedProgram


def _municipalities(user):
    allowed = [m.pk for m in visible_municipalities(user) if user.has_perm("programs.add_program", m)]
    return visible_municipalities(user).filter(pk__in=allowed).order_by("name")


@login_required
def import_upload_view(request):
    municipalities = _municipalities(request.user)
    if not municipalities.exists():
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["document"]
        try:
            row = services.docx_upload(
                municipality=form.cleaned_data["municipality"],
                name=upload.name or "",
                data=upload.read(services.upload_limit() + 1),  # enough to tell it is too large
                user=request.user,
            )
        except ProgramRuleError as exc:
            add_rule_error(request, form, exc)
        else:
            return redirect("programs:import_preview", pk=row.pk)
    return render(request, "programs/imports/upload.html", {"form": form})


def _upload(request, pk: int, **_kwargs) -> ProgramImport:
    return ProgramImport.objects.select_related("municipality", "program").get(pk=pk)


def _forms(request, upload: ProgramImport, parsed: ParsedProgram, unknown: list[str]):
    data = request.POST if request.method == "POST" else None
    candidates = services.organisation_candidates(municipality=upload.municipality)
    return (
        PassportForm(data, initial=PassportForm.initial_of(parsed), prefix="p"),
        MeasureFormSet(data, initial=[MeasureRowForm.initial_of(m) for m in parsed.measures], prefix="m"),
        OrganisationsForm(data, names=unknown, candidates=candidates, prefix="o"),
    )


@object_required("programs.import_program", _upload)
def import_preview_view(request, upload: ProgramImport):
    if upload.program_id is not None:
        return redirect(upload.program)
    parsed = ParsedProgram.from_dict(upload.parsed)
    unknown = services.unknown_organisations(parsed=parsed, municipality=upload.municipality)
    passport, formset, organisations = _forms(request, upload, parsed, unknown)
    if request.method == "POST" and passport.is_valid() and formset.is_valid() and organisations.is_valid():
        passport.apply(parsed)
        measures_apply(formset, parsed)
        resolutions = organisations.resolutions()
        parsed = services.parsed_update(upload=upload, parsed=parsed)
        if "create" in request.POST:
            try:
                program = services.program_import_create(
                    upload=upload, parsed=parsed, resolutions=resolutions, user=request.user
                )
            except ProgramRuleError as exc:
                for message in exc.messages:
                    messages.error(request, message)
            else:
                messages.success(
                    request,
                    _("Черновик программы создан из документа «%(name)s»: мероприятий — %(count)s.")
                    % {"name": upload.filename, "count": program.measures.count()},
                )
                return redirect(program)
        # Show what was saved, with the doubts read again, rather than the posted fields.
        unknown = services.unknown_organisations(parsed=parsed, municipality=upload.municipality)
        passport, formset, organisations = (
            PassportForm(initial=PassportForm.initial_of(parsed), prefix="p"),
            MeasureFormSet(initial=[MeasureRowForm.initial_of(m) for m in parsed.measures], prefix="m"),
            OrganisationsForm(
                initial={f"org_{n}": resolutions.get(name, "") for n, name in enumerate(unknown)},
                names=unknown,
                candidates=services.organisation_candidates(municipality=upload.municipality),
                prefix="o",
            ),
        )
    rows = list(zip(formset.forms, parsed.measures, strict=False))
    doubtful = sum(1 for _f, m in rows if m.doubts)
    return render(
        request,
        "programs/imports/preview.html",
        {
            "upload": upload,
            "parsed": parsed,
            "passport": passport,
            "formset": formset,
            "rows": rows,
            "doubtful": doubtful,
            "organisations": organisations,
            "unknown": unknown,
        },
    )


def _program(request, pk: int, **_kwargs) -> Program:
    return Program.objects.select_related("source_document").get(pk=pk)


@object_required("programs.view_program", _program)
def source_document_view(request, program: Program):
    """The Word document the program was read from, for whoever may read the program."""
    try:
        source = program.source_document
    except ProgramImport.DoesNotExist:
        raise Http404 from None
    return file_download(request, source, subject=_("Документ программы «%s»") % program)
