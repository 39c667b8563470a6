"""What the portal ships for school programs and the practice bank: the default review criteria
(the analysis uses the school's data, goals are measurable, …) and the practice tags."""

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


def load_review_defaults(apps) -> None:
    """Idempotent: adds what is missing (the migration, and tests after a flush)."""
    Criterion = apps.get_model("programs", "ReviewCriterion")
    Tag = apps.get_model("programs", "PracticeTag")
    for order, text in enumerate(CRITERIA, start=1):
        Criterion.objects.get_or_create(municipality=None, text=text, defaults={"order": order, "max_score": 2})
    for kind, names in TAGS.items():
        for order, name in enumerate(names, start=1):
            Tag.objects.get_or_create(kind=kind, name=name, defaults={"order": order})
