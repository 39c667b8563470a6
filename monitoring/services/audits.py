"""Audit checklists (комплексный аудит): the default template in five parts, filling by the school,
review by the committee."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from monitoring.models import Audit, AuditAnswer, AuditItem, AuditTemplate

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from schools.models import User

# Sysert's algorithm step 3 and Dubna's «углубленная диагностика»: the conditions a school audits.
DEFAULT_ITEMS = {
    AuditItem.Part.ORGANISATIONAL: [
        "Программа развития и программа повышения качества образования согласованы с результатами самообследования",
        "Внутренняя система оценки качества образования охватывает все уровни обучения",
        "Работа с обучающимися, испытывающими трудности в обучении, ведётся по индивидуальным маршрутам",
    ],
    AuditItem.Part.METHODOLOGICAL: [
        "Методическая работа направлена на выявленные дефициты педагогов",
        "Школа участвует в сетевом взаимодействии и профессиональных сообществах",
        "Информационная открытость: сайт содержит актуальные сведения о программе и её результатах",
    ],
    AuditItem.Part.STAFFING: [
        "Укомплектованность педагогическими кадрами",
        "Доля педагогов, прошедших повышение квалификации по вопросам качества образования",
        "Наставничество для молодых и испытывающих затруднения педагогов",
    ],
    AuditItem.Part.MATERIAL: [
        "Оснащённость учебных кабинетов современным оборудованием",
        "Доступ обучающихся и педагогов к сети Интернет и цифровым ресурсам",
        "Условия для обучающихся с ОВЗ (доступная среда)",
    ],
    AuditItem.Part.FINANCIAL: [
        "Финансирование учитывает повышенные потребности школы",
        "Привлечение внебюджетных средств и ресурсов партнёров",
    ],
}
DEFAULT_TITLE = "Комплексный аудит условий школы (по умолчанию)"


def audit_template_default() -> AuditTemplate:
    template, created = AuditTemplate.objects.get_or_create(title=DEFAULT_TITLE, defaults={"scale_max": 3})
    if created:
        AuditItem.objects.bulk_create(
            [
                AuditItem(template=template, part=part, position=i, text=text)
                for part, texts in DEFAULT_ITEMS.items()
                for i, text in enumerate(texts)
            ]
        )
    return template


def audit_start(*, school, year: int, template: AuditTemplate | None = None) -> Audit:
    template = template or audit_template_default()
    audit, _created = Audit.objects.get_or_create(template=template, school=school, year=year)
    return audit


def audit_save(*, audit: Audit, answers: dict[int, tuple[int | None, str]], submit: bool) -> Audit:
    """answers: item id → (rating, comment). All ratings checked before anything is written."""
    with transaction.atomic():
        audit = Audit.objects.select_for_update().select_related("template").get(pk=audit.pk)
        if audit.status in (Audit.Status.SUBMITTED, Audit.Status.ACCEPTED):
            raise ValidationError(_("Аудит уже отправлен на проверку; изменить его можно после возврата."))
        items = {i.pk: i for i in audit.template.items.all()}
        errors = []
        for item_id, (rating, _comment) in answers.items():
            if item_id not in items:
                errors.append(_("Пункт %s не относится к этому аудиту.") % item_id)
            elif rating is not None and not 0 <= rating <= audit.template.scale_max:
                errors.append(
                    _("«%(item)s»: оценка должна быть от 0 до %(max)s.")
                    % {"item": items[item_id].text, "max": audit.template.scale_max}
                )
        if submit:
            missing = [items[i].text for i in items if answers.get(i, (None, ""))[0] is None]
            if missing:
                errors.append(_("Чтобы отправить аудит, оцените все пункты. Не оценено: %s.") % "; ".join(missing[:5]))
        if errors:
            raise ValidationError(errors)
        for item_id, (rating, comment) in answers.items():
            AuditAnswer.objects.update_or_create(
                audit=audit, item_id=item_id, defaults={"rating": rating, "comment": comment[:500]}
            )
        if submit:
            audit.status = Audit.Status.SUBMITTED
            audit.save(update_fields=["status"])
        return audit


def audit_review(*, audit: Audit, user: User, accept: bool, comment: str) -> Audit:
    with transaction.atomic():
        audit = Audit.objects.select_for_update().get(pk=audit.pk)
        if audit.status != Audit.Status.SUBMITTED:
            raise ValidationError(_("Проверять можно только отправленный аудит."))
        if not accept and not comment.strip():
            raise ValidationError(_("Напишите, что нужно доработать."))
        audit.status = Audit.Status.ACCEPTED if accept else Audit.Status.RETURNED
        audit.review_comment, audit.reviewed_by = comment.strip(), user
        audit.save(update_fields=["status", "review_comment", "reviewed_by"])
        return audit


def audit_scores(audit: Audit) -> list[tuple[StrOrPromise, float | None]]:
    """Per part: the share of the maximum score reached (what the school page shows)."""
    by_part: dict[str, list[int]] = {}
    for answer in audit.answers.select_related("item"):
        if answer.rating is not None:
            by_part.setdefault(answer.item.part, []).append(answer.rating)
    labels = dict(AuditItem.Part.choices)
    return [
        (labels[part], (sum(v) / (len(v) * audit.template.scale_max)) if (v := by_part.get(part)) else None)
        for part in AuditItem.Part.values
    ]
