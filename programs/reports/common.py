"""What the programs' report kinds share: status labels, formats, the «generated» lines."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from reporting import docx as docx_format
from reporting import pdf, xlsx
from reporting.document import (
    long_date,
)

from ..models import Measure
from ..selectors.programs import ROW_STATUS_LABELS

STATUS_LABELS = ROW_STATUS_LABELS
ALL_FORMATS = {"pdf": pdf.render, "xlsx": xlsx.render, "docx": docx_format.render}
PDF_XLSX = {"pdf": pdf.render, "xlsx": xlsx.render}


def generated_meta(user) -> list[tuple[str, str]]:
    meta = [
        (_("Сформирован"), _("%(long_date)s, портал поддержки школ") % {"long_date": long_date(timezone.localdate())})
    ]
    if user is not None:
        meta.append((_("Заказал"), user.get_full_name() or user.get_username()))
    return meta


def responsible_text(measure: Measure) -> str:
    return measure.responsible_text or ", ".join(str(o) for o in measure.responsible.all())
