"""Forms of school programs, their expert review and the best-practice bank. They only read and
check input; the services decide (permissions, status rules, completeness)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from schools import text as text_limits

from ..models import SECTIONS, Measure, Practice, PracticeTag, Program, ProgramReview, SchoolProgram
from ..services import practices, school_programs

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SchoolProgramForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = SchoolProgram
        fields = list(school_programs.TEXT_FIELDS)
        widgets = {
            "analysis": forms.Textarea(attrs={"rows": 8}),
            "goals": forms.Textarea(attrs={"rows": 3}),
            "tasks": forms.Textarea(attrs={"rows": 4}),
            "results": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the programs the school takes part in can be the one it carries out.
        self.fields["municipal_program"].queryset = (
            Program.objects.filter(participants__school=school).exclude(status=Program.Status.DRAFT).distinct()
        )
        self.fields["analysis"].help_text = _(
            "Опишите результаты и социальный контекст школы; данные школы показаны рядом с программой."
        )


class SchoolMeasureForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    number = forms.IntegerField(label=_("№"), min_value=1)
    title = forms.CharField(
        label=_("мероприятие"), max_length=text_limits.SHORT, widget=forms.Textarea(attrs={"rows": 2})
    )
    task_number = forms.IntegerField(label=_("к задаче №"), min_value=1, required=False)
    deadline = forms.DateField(label=_("срок"), required=False, widget=DATE)
    responsible = forms.CharField(label=_("ответственный"), max_length=300, required=False)
    municipal_measure = forms.ModelChoiceField(
        label=_("мероприятие муниципальной программы"), queryset=Measure.objects.none(), required=False
    )

    def __init__(self, *args, measures=None, **kwargs):
        super().__init__(*args, **kwargs)
        if measures is not None:
            self.fields["municipal_measure"].queryset = measures


class SchoolIndicatorForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("показатель"), max_length=300)
    unit = forms.CharField(label=_("единица"), max_length=40, required=False)
    baseline = forms.DecimalField(
        label=_("базовое значение"), max_digits=12, decimal_places=2, required=False, localize=True
    )
    target = forms.DecimalField(
        label=_("целевое значение"), max_digits=12, decimal_places=2, required=False, localize=True
    )
    target_year = forms.IntegerField(label=_("год достижения"), min_value=2000, max_value=2100, required=False)


MeasureFormSet = forms.formset_factory(SchoolMeasureForm, extra=2, can_delete=True)
IndicatorFormSet = forms.formset_factory(SchoolIndicatorForm, extra=2, can_delete=True)


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

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=criterion.text,
                min_value=0,
                max_value=criterion.max_score,
                help_text=_("от 0 до %(max)s") % {"max": criterion.max_score},
            )
        for key, label in SECTIONS.items():
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
        return {key: self.cleaned_data.get(f"comment_{key}") or "" for key in SECTIONS}


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
