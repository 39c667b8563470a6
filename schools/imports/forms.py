"""Forms of the import pages: they only carry input; the services decide."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

XLSX_TYPES = ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Файл Excel (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": XLSX_TYPES}),
        error_messages={"required": _("Выберите файл."), "empty": _("Файл пуст (0 байт).")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.PORTAL_MAX_UPLOAD_BYTES
        # Checked again by the service; here it spares the user a preview of a file that
        # will not be read anyway.
        if upload.size > limit:
            raise forms.ValidationError(
                _(
                    "Файл слишком большой: %(size)s МБ, допускается не больше %(limit)s МБ. "
                    "Разделите его на несколько файлов."
                )
                % {
                    "size": f"{upload.size / 2**20:.1f}".replace(".", ","),
                    "limit": f"{limit / 2**20:.1f}".replace(".", ","),
                }
            )
        return upload


class ConfirmForm(forms.Form):
    create_missing = forms.BooleanField(label=_("Создать недостающие регионы и муниципалитеты"), required=False)
