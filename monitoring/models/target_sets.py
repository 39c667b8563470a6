"""Target sets (наборы целевых показателей): what targets and data collections hang on.

A program owns one: ``programs.Program.target_set`` points down here with a real foreign key, so
the database enforces every link while monitoring still knows nothing of programs (they sit above
it). Monitoring names a set by its own title, which the programs layer keeps equal to the
program's name (docs/decisions.md)."""

from __future__ import annotations

from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from schools.models import Municipality
from schools.models.fields import CharField

TITLE_LENGTH = 500


class TargetSet(models.Model):
    title = CharField(_("название"), max_length=TITLE_LENGTH)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="target_sets", verbose_name=_("муниципалитет")
    )
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)

    class Meta:
        verbose_name = _("набор целевых показателей")
        verbose_name_plural = _("наборы целевых показателей")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title

    @staticmethod
    def fit_title(text: str) -> str:
        """A name as long as the column takes (a program's full title may run longer)."""
        return Truncator(" ".join(str(text).split())).chars(TITLE_LENGTH)
