"""Forms of the curators' pages: the region's assignment, a plan item, a visit."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programs.forms.programs import MultipleFileField
from schools import text as text_limits
from schools.models import School, User

from .models import CuratorAssignment, PlanItem, Visit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CuratorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.display_name}{', ' + obj.position if obj.position else ''}"


class SchoolsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: School) -> str:
        return f"{obj.short_name} ({obj.municipality.name})"


class AssignForm(forms.Form):
    curator = CuratorChoiceField(
        label=_("Куратор"), queryset=User.objects.none(), empty_label=_("— выберите куратора —")
    )
    schools = SchoolsField(
        label=_("Школы"),
        queryset=School.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_(
            "Одна или несколько школ региона; удерживайте Ctrl, чтобы выбрать несколько. "
            "Школ, у которых уже есть куратор, в списке нет: сначала завершите его закрепление."
        ),
    )
    order_number = forms.CharField(label=_("Номер приказа"), max_length=50)
    order_date = forms.DateField(label=_("Дата приказа"), widget=DATE)
    starts_on = forms.DateField(label=_("Куратор с"), widget=DATE)
    ends_on = forms.DateField(label=_("Срок закрепления до"), widget=DATE, required=False)

    def __init__(self, *args, curators: QuerySet[User], schools: QuerySet[School], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["curator"].queryset = curators.order_by("last_name", "first_name", "username")
        busy = CuratorAssignment.objects.active().values("school_id")
        self.fields["schools"].queryset = (
            schools.exclude(pk__in=busy).select_related("municipality").order_by("municipality__name", "short_name")
        )


class EndForm(forms.Form):
    ended_on = forms.DateField(label=_("Дата завершения"), widget=DATE)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"ended_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class PlanItemForm(forms.Form):
    planned_on = forms.DateField(label=_("Планируемая дата"), widget=DATE)
    kind = forms.ChoiceField(label=_("Вид работы"), choices=PlanItem.Kind.choices)
    topic = forms.CharField(label=_("Тема"), max_length=300)


class VisitForm(forms.Form):
    visited_on = forms.DateField(label=_("Дата визита"), widget=DATE)
    format = forms.ChoiceField(label=_("Формат"), choices=Visit.Format.choices, widget=forms.RadioSelect)
    plan_item = forms.ModelChoiceField(
        label=_("Закрывает пункт плана"),
        queryset=PlanItem.objects.none(),
        required=False,
        empty_label=_("— не закрывает пункт плана —"),
    )
    purpose = forms.CharField(label=_("Цель визита"), max_length=300)
    observed = forms.CharField(
        label=_("Что увидели"), max_length=text_limits.MEDIUM, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    recommendations = forms.CharField(
        label=_("Рекомендации"), max_length=text_limits.MEDIUM, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    next_steps = forms.CharField(
        label=_("Договорённости о следующих шагах"),
        max_length=text_limits.MEDIUM,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    files = MultipleFileField(
        label=_("Файлы"),
        required=False,
        help_text=_("Протокол, фотографии, презентация: PDF, DOC(X), XLS(X), PPTX, JPG, PNG, до 10 МБ."),
    )

    def __init__(self, *args, assignment: CuratorAssignment, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["plan_item"]
        field.queryset = assignment.plan_items.filter(visit__isnull=True).order_by("planned_on", "pk")
        field.label_from_instance = lambda item: f"{item.planned_on:%d.%m.%Y} — {item.get_kind_display()}: {item.topic}"
