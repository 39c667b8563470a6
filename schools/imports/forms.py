"""Forms of the import pages: they only carry input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .reader import too_large_message

XLSX_TYPES = ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Файл Excel (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": XLSX_TYPES}),
        error_messages={"required": _("Выберите файл."), "empty": _("Файл пуст (0 байт).")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # The service checks again; here a file that will not be read is not stored either.
        message = too_large_message(upload.size)
        if message:
            raise forms.ValidationError(message)
        return upload


class ConfirmForm(forms.Form):
    create_missing = forms.BooleanField(label=_("Создать недостающие регионы и муниципалитеты"), required=False)
