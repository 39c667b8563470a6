"""What the programs' report kinds share: status labels, formats, responsible organisations."""

from __future__ import annotations

from reporting import docx as docx_format
from reporting import pdf, xlsx

from ..models import Measure
from ..selectors.programs import ROW_STATUS_LABELS

STATUS_LABELS = ROW_STATUS_LABELS
ALL_FORMATS = {"pdf": pdf.render, "xlsx": xlsx.render, "docx": docx_format.render}
PDF_XLSX = {"pdf": pdf.render, "xlsx": xlsx.render}
PDF_DOCX = {"pdf": pdf.render, "docx": docx_format.render}


def responsible_text(measure: Measure) -> str:
    return measure.responsible_text or ", ".join(str(o) for o in measure.responsible.all())
