"""Forms parse and pre-check input; the rules themselves live in services (the forms call the
same validation functions, so the page and any other caller agree)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..models import (
    JointAction,
    Municipality,
    Organisation,
    ProjectTeam,
    School,
    TeamMember,
    Tie,
    TieParty,
)
from .selectors import REGIONAL, party_candidates
from .services import directory
from .services import networks as services
from .validators import ACCEPT_ATTR, ALLOWED_LABEL, validate_basis_file

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NOT_A_PARTY = ""
PARTY_ROLE_CHOICES = [(NOT_A_PARTY, _("— не участвует")), *TieParty.Role.choices]


def apply_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has one,
    otherwise above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class NetworkFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Вид связи"), required=False, choices=[("", _("Все виды"))] + Tie.Kind.choices)
    status = forms.ChoiceField(label=_("Статус"), required=False, choices=[("", _("Все статусы"))] + Tie.Status.choices)
    archived = forms.BooleanField(label=_("Показать архивные"), required=False)


class TieForm(forms.ModelForm):
    """The tie and its parties on one page: one role selector per candidate school and
    organisation of the municipality (like a spreadsheet column, no JavaScript needed)."""

    class Meta:
        model = Tie
        fields = list(services.TIE_FIELDS)
        widgets = {
            "starts_on": _DATE,
            "ends_on": _DATE,
            "basis_date": _DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        bf = self.fields["basis_file"]
        bf.max_length = None  # the stored name is replaced by a short random one
        bf.widget.attrs["accept"] = ACCEPT_ATTR
        bf.help_text = _("%(types)s, не больше 10 МБ. При ошибке в форме файл нужно выбрать снова.") % {
            "types": ALLOWED_LABEL
        }
        tie = self.instance if self.instance.pk else None
        self.schools, self.organisations = party_candidates(municipality=municipality, tie=tie)
        current = {}
        if tie is not None:
            current = {
                (("s", p.school_id) if p.school_id else ("o", p.organisation_id)): p.role for p in tie.parties.all()
            }
        self._party_objects: dict[str, School | Organisation] = {}
        for prefix, objs in (("s", self.schools), ("o", self.organisations)):
            for obj in objs:
                name = f"party_{prefix}_{obj.pk}"
                self._party_objects[name] = obj
                self.fields[name] = forms.ChoiceField(
                    label=obj.short_name or obj.name,
                    required=False,
                    choices=PARTY_ROLE_CHOICES,
                    initial=current.get((prefix, obj.pk), NOT_A_PARTY),
                )
        self.parties: list[services.PartySpec] = []

    def party_rows(self, prefix: str):
        """(bound field, object) for the template's party tables."""
        return [(self[name], obj) for name, obj in self._party_objects.items() if name.startswith(f"party_{prefix}_")]

    @property
    def school_party_rows(self):
        return self.party_rows("s")

    @property
    def organisation_party_rows(self):
        return self.party_rows("o")

    def clean_basis_file(self):
        file = self.cleaned_data.get("basis_file")
        if file and hasattr(file, "content_type"):  # a new upload, not the stored file
            validate_basis_file(file)
        return file

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("Дата окончания не может быть раньше даты начала."))
        parties = []
        for name, obj in self._party_objects.items():
            role = data.get(name)
            if role:
                parties.append(
                    services.PartySpec(
                        role=role,
                        school=obj if isinstance(obj, School) else None,
                        organisation=obj if isinstance(obj, Organisation) else None,
                    )
                )
        self.parties = parties
        if data.get("kind"):
            current = (
                []
                if not self.instance.pk
                else [
                    ("s", p.school_id) if p.school_id else ("o", p.organisation_id) for p in self.instance.parties.all()
                ]
            )
            try:
                services.tie_parties_validate(
                    municipality=self.municipality,
                    kind=data["kind"],
                    parties=parties,
                    already=current,
                )
            except ValidationError as exc:
                self.add_error(None, exc)
        return data

    def service_data(self) -> dict:
        """The cleaned tie fields as ``tie_create``/``tie_update`` take them."""
        data = {f: self.cleaned_data[f] for f in services.TIE_FIELDS if f in self.cleaned_data}
        upload = data.get("basis_file")
        if upload is not None and upload is not False and not hasattr(upload, "content_type"):
            data["basis_file"] = None  # the already stored file: keep it
        return data


class JointActionForm(forms.ModelForm):
    class Meta:
        model = JointAction
        fields = [f for f in services.JOINT_ACTION_FIELDS if f != "position"]  # moved, not typed
        widgets = {"due_on": _DATE}
        help_texts = {
            "timing": _("Как в плане: «ежеквартально», «май 2025 г.»."),
            "due_on": _("Если указан, после него невыполненное мероприятие — просрочено."),
        }


class OrganisationForm(forms.ModelForm):
    """``place`` (the territory) is chosen only when creating: see services/directory.py organisation_update."""

    place = forms.ChoiceField(label=_("Территория"), required=True)

    class Meta:
        model = Organisation
        fields = list(directory.ORGANISATION_FIELDS)

    def __init__(self, *args, places: list[tuple[str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if places is None:
            del self.fields["place"]
        else:
            self.fields["place"].choices = [("", _("— выберите —")), *places]
            self.order_fields(["place", *directory.ORGANISATION_FIELDS])


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Поиск"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Вид"), required=False, choices=[("", _("Все виды"))] + Organisation.Kind.choices)
    municipality = forms.ChoiceField(label=_("Территория"), required=False)
    archived = forms.BooleanField(label=_("Показать архивные"), required=False)

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [
            ("", _("Все территории")),
            (REGIONAL, _("Региональный уровень")),
            *[(str(m.pk), m.name) for m in municipalities],
        ]


class TeamMemberForm(forms.ModelForm):
    class Meta:
        model = TeamMember
        fields = [
            "full_name",
            "position",
            "role",
            "from_school",
            "from_organisation",
            "curated_schools",
            "mentees_count",
        ]
        widgets = {"curated_schools": forms.CheckboxSelectMultiple}
        help_texts = {
            "full_name": _("Только фамилия, имя, отчество и роль в команде: другие персональные данные не вносятся.")
        }

    def __init__(self, *args, team: ProjectTeam, **kwargs):
        super().__init__(*args, **kwargs)
        self.team = team
        school = team.school
        municipality_id = team.municipality_id or school.municipality_id
        region_id = directory.team_region_id(team)
        schools = School.objects.filter(municipality_id=municipality_id, is_archived=False)
        self.fields["from_school"].queryset = (schools.exclude(pk=school.pk) if school else schools).order_by(
            "short_name"
        )
        self.fields["from_organisation"].queryset = Organisation.objects.filter(
            Q(municipality_id=municipality_id) | Q(municipality__isnull=True, region_id=region_id),
            is_archived=False,
        ).order_by("short_name")
        if team.is_municipal:
            self.fields["curated_schools"].queryset = schools.order_by("short_name")
        else:
            del self.fields["curated_schools"]

    def clean(self):
        data = super().clean()
        if data.get("role") == TeamMember.Role.COACH and not (data.get("from_school") or data.get("from_organisation")):
            self.add_error(
                "from_school",
                _("Для тренера укажите школу или организацию, из которой он приходит."),
            )
        return data

    def service_data(self) -> dict:
        return {f: self.cleaned_data[f] for f in directory.MEMBER_FIELDS if f in self.cleaned_data}
