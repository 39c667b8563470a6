"""Forms of school programs, their expert review and the best-practice bank. They only read and
check input; the services decide (permissions, status rules, completeness)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from monitoring.models import Indicator
from schools import text as text_limits

from ..models import SECTIONS, Measure, Practice, PracticeTag, Program, ProgramReview, SchoolProgram
from ..services import practices, school_programs

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


PASSPORT_FIELDS = ("kind", "title", "period_start", "period_end", "municipal_program")
# The text sections by their key in SECTIONS (the table sections have formsets of their own).
TEXT_SECTIONS = ("mission", "analysis", "goals", "tasks", "directions", "results", "management")


class SchoolProgramForm(forms.ModelForm):
    """A new document asks for its passport (the kind decides its sections); an existing one shows
    the passport and the text sections of its kind. The kind is not changed afterwards: the
    sections written, and another app's link (a risk's anti-risk program), are of that kind."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = SchoolProgram
        fields = list(school_programs.TEXT_FIELDS)
        widgets = {
            "mission": forms.Textarea(attrs={"rows": 4}),
            "analysis": forms.Textarea(attrs={"rows": 8}),
            "goals": forms.Textarea(attrs={"rows": 3}),
            "tasks": forms.Textarea(attrs={"rows": 4}),
            "directions": forms.Textarea(attrs={"rows": 4}),
            "results": forms.Textarea(attrs={"rows": 4}),
            "management": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            keep = set(PASSPORT_FIELDS) | {"version"}
        else:
            sections = set(self.instance.sections)
            keep = {name for name in PASSPORT_FIELDS if name != "kind"} | {"version"}
            keep |= {name for name in TEXT_SECTIONS if name in sections}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        anti_risk = self.instance.kind == SchoolProgram.Kind.ANTI_RISK
        # Only the programs the school takes part in can be the one it carries out.
        self.fields["municipal_program"].queryset = (
            Program.objects.filter(participants__school=school).exclude(status=Program.Status.DRAFT).distinct()
        )
        if "analysis" in self.fields and anti_risk:
            self.fields["analysis"].label = self.instance.section_title("analysis")
            self.fields["analysis"].help_text = _(
                "Как риск проявляется в школе и чем он вызван (по данным профиля рисков)."
            )
        elif "analysis" in self.fields:
            self.fields["analysis"].help_text = _(
                "Опишите результаты и социальный контекст школы; данные школы показаны рядом с программой."
            )
        if "goals" in self.fields and anti_risk:
            self.fields["goals"].label = self.instance.section_title("goals")


class SchoolMeasureForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    number = forms.IntegerField(label=_("№"), min_value=1)
    title = forms.CharField(
        label=_("мероприятие"), max_length=text_limits.SHORT, widget=forms.Textarea(attrs={"rows": 2})
    )
    task_number = forms.IntegerField(label=_("к задаче №"), min_value=1, required=False)
    deadline = forms.DateField(label=_("срок"), required=False, widget=DATE)
    responsible = forms.CharField(label=_("ответственный"), max_length=300, required=False)
    participants = forms.CharField(label=_("участники"), max_length=500, required=False)
    municipal_measure = forms.ModelChoiceField(
        label=_("мероприятие муниципальной программы"), queryset=Measure.objects.none(), required=False
    )

    def __init__(self, *args, measures=None, **kwargs):
        super().__init__(*args, **kwargs)
        if measures is not None:
            self.fields["municipal_measure"].queryset = measures


class SchoolIndicatorForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    indicator = forms.ModelChoiceField(
        label=_("из перечня мониторинга"),
        queryset=Indicator.objects.filter(is_archived=False).order_by("name"),
        required=False,
        empty_label=_("— свой показатель —"),
        help_text=_("Для показателя из перечня портал знает, чем больше или меньше — тем лучше."),
    )
    name = forms.CharField(label=_("показатель"), max_length=300, required=False)
    unit = forms.CharField(label=_("единица"), max_length=40, required=False)
    baseline = forms.DecimalField(
        label=_("базовое значение"), max_digits=12, decimal_places=2, required=False, localize=True
    )
    target = forms.DecimalField(
        label=_("целевое значение"), max_digits=12, decimal_places=2, required=False, localize=True
    )
    target_year = forms.IntegerField(label=_("год достижения"), min_value=2000, max_value=2100, required=False)
    method = forms.CharField(
        label=_("способ сбора данных"),
        max_length=500,
        required=False,
        help_text=_("Например: анкетирование родителей в мае, данные ВПР, журнал посещаемости."),
    )

    def clean(self):
        data = super().clean()
        chosen = data.get("indicator")
        if chosen is not None:
            # A catalogue indicator names the row and gives its unit unless the team wrote their own.
            data["name"] = data.get("name") or chosen.name
            data["unit"] = data.get("unit") or chosen.get_unit_display()
        elif not data.get("name") and any(
            data.get(k) not in (None, "") for k in ("unit", "baseline", "target", "target_year", "method")
        ):
            self.add_error("name", _("Назовите показатель или выберите его из перечня мониторинга."))
        return data


class SchoolStageForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    number = forms.IntegerField(label=_("№"), min_value=1)
    title = forms.CharField(label=_("этап"), max_length=300)
    start = forms.DateField(label=_("начало"), widget=DATE)
    end = forms.DateField(label=_("окончание"), widget=DATE)


MeasureFormSet = forms.formset_factory(SchoolMeasureForm, extra=2, can_delete=True)
IndicatorFormSet = forms.formset_factory(SchoolIndicatorForm, extra=2, can_delete=True)
StageFormSet = forms.formset_factory(SchoolStageForm, extra=2, can_delete=True)


def formset_rows(formset) -> list[dict]:
    """Filled, not deleted rows of a valid formset, in the shape the services take."""
    return [
        {k: v for k, v in form.cleaned_data.items() if k != "DELETE"}
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")  # empty extra rows have no data
    ]


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("файл (PDF, DOCX, XLSX, JPG, PNG; до 10 МБ)"))


class AssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(label=_("эксперт"), queryset=None)
    deadline = forms.DateField(label=_("срок экспертизы"), widget=DATE)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = candidates
        self.fields["reviewer"].label_from_instance = lambda u: f"{u.display_name} ({u.position or u.username})"


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=_("в чём конфликт интересов"), max_length=text_limits.SHORT, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReviewForm(forms.Form):
    """One score per criterion of the template, one comment per section, a verdict."""

    verdict = forms.ChoiceField(label=_("решение"), choices=ProgramReview.Verdict.choices, widget=forms.RadioSelect)
    summary = forms.CharField(
        label=_("общий комментарий"),
        required=False,
        max_length=text_limits.MEDIUM,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, criteria, sections=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        # The sections of the document's kind (SchoolProgram.sections), all when not given.
        self.section_keys = [key for key in SECTIONS if sections is None or key in sections]
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=criterion.text,
                min_value=0,
                max_value=criterion.max_score,
                help_text=_("от 0 до %(max)s") % {"max": criterion.max_score},
            )
        for key in self.section_keys:
            label = SECTIONS[key]
            self.fields[f"comment_{key}"] = forms.CharField(
                label=_("Замечания: %(section)s") % {"section": label},
                required=False,
                max_length=text_limits.MEDIUM,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        # In the order of the page (scores, comments, then the decision): the error summary lists them so.
        self.order_fields([name for name in self.fields if name not in ("verdict", "summary")])

    def scores(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data.get(f"score_{c.pk}") for c in self.criteria}

    def section_comments(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(f"comment_{key}") or "" for key in self.section_keys}


class CriterionForm(forms.Form):
    text = forms.CharField(label=_("критерий"), max_length=500)
    max_score = forms.IntegerField(label=_("максимальный балл"), min_value=1, max_value=10, initial=2)


CriterionFormSet = forms.formset_factory(CriterionForm, extra=2, can_delete=True)


class PracticeForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    tags = forms.ModelMultipleChoiceField(
        label=_("метки"), queryset=PracticeTag.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Practice
        fields = [*practices.FIELDS, "tags"]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 3}),
            "actions": forms.Textarea(attrs={"rows": 6}),
            "results": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"authors": _("Педагоги и руководители — авторы практики. Данные обучающихся не указываются.")}


class PracticeReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("решение"),
        choices=[("publish", _("опубликовать")), ("return", _("вернуть на доработку"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("комментарий"), required=False, max_length=text_limits.MEDIUM, widget=forms.Textarea(attrs={"rows": 3})
    )


class PracticeSearchForm(forms.Form):
    q = forms.CharField(
        label=_("что ищете"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("например: работа с родителями")}),
    )
    tag = forms.ModelChoiceField(
        label=_("метка"), queryset=PracticeTag.objects.all(), required=False, empty_label=_("любая")
    )
    municipality = forms.ModelChoiceField(label=_("муниципалитет"), queryset=None, required=False, empty_label=_("все"))
    category = forms.ChoiceField(label=_("категория школы"), required=False)

    def __init__(self, *args, municipalities, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        self.fields["category"].choices = [("", _("любая"))] + list(categories)
