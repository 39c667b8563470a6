"""The roadmap executors of a measure (MeasureAssignment), edited as rows under the measure form.

Kept apart from programs/forms.py: the measure form and its executors change for different
reasons. The formset only reads what was typed; the rules (one row per level, no deleting an
executor with reports, approved programs only within an amendment) live in
programs/services/measures.py, which saves the rows together with the measure."""

from __future__ import annotations

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from schools.models import Organisation

from ..models import Measure, MeasureAssignment, Program
from ..services.measures import AssignmentChange

PREFIX = "assignments"


class AssignmentForm(forms.ModelForm):
    class Meta:
        model = MeasureAssignment
        fields = ["level", "organisation", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        labels = {"text": _("Что делает исполнитель")}


class BaseAssignmentFormSet(BaseInlineFormSet):
    def __init__(self, *args, program: Program, **kwargs):
        instance = kwargs.get("instance")
        used = set(instance.assignments.values_list("level", flat=True)) if instance and instance.pk else set()
        free = [level for level in MeasureAssignment.Level.values if level not in used]
        # One empty row per free level, its level already chosen: no script is needed to add rows,
        # and a row left without text is unchanged, so it is skipped. Computed from the database on
        # GET and POST alike, so the unchanged rows compare equal.
        kwargs.setdefault("initial", [{"level": level} for level in free])
        super().__init__(*args, **kwargs)
        self.extra = len(free)
        organisations = Organisation.objects.filter(region=program.municipality.region_id, is_archived=False).order_by(
            "short_name"
        )
        for form in self.forms + [self.empty_form]:
            form.fields["organisation"].queryset = organisations
            form.fields["organisation"].required = False
            form.fields["organisation"].help_text = _("Её сотрудники отчитываются по этой строке.")

    def clean(self):
        # Said here in words rather than by the generic duplicate-values message of model formsets;
        # the service and the database constraint check it again on save.
        levels = [
            f.cleaned_data["level"]
            for f in self.forms
            if f.has_changed() and f.cleaned_data.get("level") and not self._should_delete_form(f)
        ]
        twice = [level for level in MeasureAssignment.Level.values if levels.count(level) > 1]
        if twice:
            raise forms.ValidationError(
                _("Уровень «%s» указан дважды: у каждого уровня исполнителя одна строка.")
                % MeasureAssignment.Level(twice[0]).label
            )

    def changes(self) -> list[AssignmentChange]:
        """The rows for the service: kept and changed ones, new ones, deleted ones."""
        rows = []
        for form in self.forms:
            existing = form.instance.pk if form.instance and form.instance.pk else None
            if existing is None and (not form.has_changed() or self._should_delete_form(form)):
                continue
            d = form.cleaned_data
            rows.append(
                AssignmentChange(
                    level=d.get("level") or form.instance.level,
                    text=d.get("text") or form.instance.text or "",
                    organisation=d.get("organisation"),
                    pk=existing,
                    delete=self._should_delete_form(form),
                )
            )
        return rows

    def add_refusal(self, messages: list[str]) -> None:
        """A service's refusal about the executors, shown above their rows."""
        self.non_form_errors().extend(messages)


AssignmentFormSet = inlineformset_factory(
    Measure,
    MeasureAssignment,
    form=AssignmentForm,
    formset=BaseAssignmentFormSet,
    extra=0,
    can_delete=True,
    max_num=len(MeasureAssignment.Level.values),
    validate_max=True,
)


def assignment_formset(data, *, program: Program, measure: Measure | None = None) -> BaseAssignmentFormSet:
    """Unbound when the POST carries no rows at all (a form posted without this section, as older
    clients and scripts do): the executors are then left as they are, not an error."""
    if data is not None and f"{PREFIX}-TOTAL_FORMS" not in data:
        data = None
    return AssignmentFormSet(data, instance=measure or Measure(program=program), program=program, prefix=PREFIX)


def submitted_changes(formset: BaseAssignmentFormSet) -> list[AssignmentChange] | None:
    """The rows to save, or None when the section was not posted (nothing to change)."""
    return formset.changes() if formset.is_bound else None
