"""The portal's default review criteria (issue 7) and the tags of the best-practice bank."""

from django.db import migrations

CRITERIA = [
    "Анализ ситуации опирается на данные школы: результаты, индексы, социальный контекст",
    "Цели измеримы",
    "Мероприятия соответствуют выявленным проблемам",
    "Для мероприятий определены ответственные и сроки",
    "Для показателей указаны базовые и целевые значения",
]

TAGS = {
    "subject": [
        "Русский язык",
        "Математика",
        "Литература",
        "Иностранный язык",
        "История",
        "Обществознание",
        "Физика",
        "Химия",
        "Биология",
        "География",
        "Информатика",
        "Начальные классы",
    ],
    "level": ["Начальное общее образование", "Основное общее образование", "Среднее общее образование"],
    "area": [
        "Работа с семьями",
        "Обучающиеся с неродным русским языком",
        "Одарённые дети",
        "Профилактика",
        "Обучающиеся с ОВЗ",
        "Наставничество",
        "Управление школой",
        "Профессиональное развитие педагогов",
        "Подготовка к ГИА",
        "Внеурочная деятельность",
        "Сетевое взаимодействие",
    ],
}


def forwards(apps, schema_editor):
    Criterion = apps.get_model("programs", "ReviewCriterion")
    Tag = apps.get_model("programs", "PracticeTag")
    for order, text in enumerate(CRITERIA, start=1):
        Criterion.objects.get_or_create(municipality=None, text=text, defaults={"order": order, "max_score": 2})
    for kind, names in TAGS.items():
        for order, name in enumerate(names, start=1):
            Tag.objects.get_or_create(kind=kind, name=name, defaults={"order": order})


class Migration(migrations.Migration):
    dependencies = [("programs", "0003_school_programs_practices")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
