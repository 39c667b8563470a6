"""Forms of the questionnaire editor, the XLSForm upload and the campaign."""

from __future__ import annotations

import re

from django import forms

from schools.models import Municipality, School

from .models import Question, Questionnaire, SurveyIndicator
from .models.questionnaires import Group
from .spec import QuestionSpec, SectionSpec

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class QuestionnaireForm(forms.ModelForm):
    class Meta:
        model = Questionnaire
        fields = ["title", "group", "grade_from", "grade_to", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class SectionForm(forms.Form):
    name = forms.SlugField(label="Имя раздела (латиницей)", max_length=64)
    title = forms.CharField(label="Заголовок раздела", max_length=300)
    relevant = forms.CharField(
        label="Показывать раздел, если", required=False, max_length=500, help_text="Например: ${q1} = '1'"
    )

    def spec(self) -> SectionSpec:
        d = self.cleaned_data
        return SectionSpec(name=d["name"], title=d["title"], relevant=d["relevant"])


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class QuestionForm(forms.Form):
    section = forms.ChoiceField(label="Раздел", required=False)
    kind = forms.ChoiceField(label="Тип вопроса", choices=Question.Kind.choices)
    name = forms.RegexField(
        label="Имя (латиницей)",
        regex=r"^[A-Za-z_][A-Za-z0-9_]{0,63}$",
        error_messages={"invalid": "Латинские буквы, цифры и «_», начиная с буквы."},
        help_text="По нему вопрос упоминается в условиях: ${имя}.",
    )
    label = forms.CharField(label="Текст вопроса", max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    hint = forms.CharField(label="Подсказка", required=False, max_length=1000)
    required = forms.BooleanField(label="Обязательный", required=False)
    choices_text = forms.CharField(
        label="Варианты ответа",
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="По одному в строке; «код = текст» или только текст (коды будут 1, 2, 3…).",
    )
    statements_text = forms.CharField(
        label="Утверждения матрицы",
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="По одному в строке.",
    )
    scale_min = forms.IntegerField(label="Шкала от", required=False, initial=1)
    scale_max = forms.IntegerField(label="Шкала до", required=False, initial=5)
    integer_only = forms.BooleanField(label="Только целое число", required=False, initial=True)
    relevant = forms.CharField(
        label="Показывать, если",
        required=False,
        max_length=500,
        help_text="Например: ${q1} >= 4 and selected(${q2}, '3')",
    )
    constraint = forms.CharField(
        label="Ограничение ответа", required=False, max_length=500, help_text="Например: . >= 1 and . <= 40"
    )
    constraint_message = forms.CharField(label="Сообщение при нарушении", required=False, max_length=500)

    def __init__(self, *args, sections: list[tuple[str, str]] = (), **kwargs) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", "— без раздела —"), *sections]

    def spec(self) -> QuestionSpec:
        d = self.cleaned_data
        choices = []
        for n, line in enumerate(_lines(d["choices_text"]), start=1):
            value, sep, label = line.partition("=")
            if sep and re.fullmatch(r"\s*[\w.-]+\s*", value):
                choices.append({"value": value.strip(), "label": label.strip()})
            else:
                choices.append({"value": str(n), "label": line})
        statements = [
            {"name": f"{d['name']}_{n}", "label": line} for n, line in enumerate(_lines(d["statements_text"]), 1)
        ]
        return QuestionSpec(
            name=d["name"],
            kind=d["kind"],
            label=d["label"],
            section=d["section"] or "",
            hint=d["hint"],
            required=d["required"],
            relevant=d["relevant"],
            constraint=d["constraint"],
            constraint_message=d["constraint_message"],
            choices=choices,
            statements=statements,
            scale_min=d["scale_min"],
            scale_max=d["scale_max"],
            integer_only=d["integer_only"],
        )


class ImportForm(forms.Form):
    file = forms.FileField(label="Файл XLSForm (.xlsx)")
    group = forms.ChoiceField(
        label="Кого опрашивает анкета",
        choices=[("", "— как указано в файле —"), *Group.choices],
        required=False,
    )
    dry_run = forms.BooleanField(label="Только проверить, ничего не создавать", required=False)


class CampaignForm(forms.Form):
    title = forms.CharField(label="Название опроса", max_length=300)
    questionnaire = forms.ModelChoiceField(label="Анкета", queryset=Questionnaire.objects.none())
    municipality = forms.ModelChoiceField(label="Муниципалитет", queryset=Municipality.objects.none())
    start = forms.DateField(label="Начало", widget=DATE)
    end = forms.DateField(label="Окончание", widget=DATE)
    schools = forms.ModelMultipleChoiceField(
        label="Школы", queryset=School.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    personal_links = forms.IntegerField(
        label="Персональных ссылок на школу (для педагогов)",
        required=False,
        min_value=0,
        max_value=300,
        initial=0,
        help_text="Для анкет педагогов: по одной одноразовой ссылке на человека. Для директора — одна.",
    )

    def __init__(self, *args, questionnaires, municipalities, schools, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].queryset = questionnaires
        self.fields["municipality"].queryset = municipalities
        self.fields["schools"].queryset = schools
        self.fields["questionnaire"].label_from_instance = lambda q: f"{q.title} — версия {q.version}"
        self.fields["schools"].label_from_instance = lambda s: f"{s.short_name} ({s.municipality.name})"


class SurveyIndicatorForm(forms.Form):
    code = forms.SlugField(
        label="Код показателя",
        max_length=64,
        help_text="Тот же код задайте показателю мониторинга со способом «из расчётов портала (индексы, анкеты)».",
    )
    name = forms.CharField(label="Наименование", max_length=400)
    question_name = forms.ChoiceField(label="Вопрос")
    values = forms.CharField(
        label="Засчитываемые ответы", max_length=200, help_text="Коды через запятую, например: 4, 5"
    )
    measure = forms.ChoiceField(label="Что считаем", choices=SurveyIndicator.Measure.choices)

    def __init__(self, *args, questions=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["question_name"].choices = [(q.name, q.label[:80]) for q in questions]

    def clean_values(self) -> list[str]:
        return [v.strip() for v in self.cleaned_data["values"].split(",") if v.strip()]
