"""One status badge for every status on every page (schools/badges.py, docs/decisions.md 22)."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from monitoring import evaluation
from monitoring.models import Submission
from programs.models import Practice, SchoolProgram
from programs.selectors.execution import State
from programs.selectors.programs import RowStatus
from schools import badges
from schools.models import ImportBatch, Tie
from schools.networks.selectors import ActionState

STATUS_SETS = [
    SchoolProgram.Status,
    Practice.Status,
    Tie.Status,
    ImportBatch.Status,
    Submission.State,
    State,
    RowStatus,
    evaluation.Status,
    ActionState,
]


@pytest.mark.parametrize("choices", STATUS_SETS, ids=lambda c: c.__qualname__)
def test_every_status_has_its_tone_in_one_place(choices):
    assert set(choices.tones) == {member.value for member in choices}
    assert all(isinstance(tone, badges.Tone) for tone in choices.tones.values())
    assert all(str(member.label) for member in choices)


def _render(text: str, **context) -> str:
    return Template(text).render(Context(context))


def test_a_model_status_takes_its_words_and_tone_from_the_choices():
    html = _render("{% status_badge code choices %}", code="returned", choices=SchoolProgram.Status)
    assert html.strip() == (
        '<span class="badge text-bg-danger" data-status="returned"><i class="bi bi-arrow-return-left" '
        'aria-hidden="true"></i> возвращена на доработку</span>'
    )


def test_a_member_brings_its_own_set_and_the_data_attribute_and_test_id_can_be_named():
    html = _render('{% status_badge state data="state" testid="x" %}', state=Submission.State.NOT_STARTED)
    assert (
        html.strip()
        == '<span class="badge text-bg-secondary" data-state="not_started" data-testid="x">не начато</span>'
    )
    assert "выполнен частично" in _render("{% status_badge s %}", s=evaluation.Status.PARTLY)


def test_an_unknown_value_is_shown_as_it_is_in_grey():
    html = _render("{% status_badge code choices %}", code="lost", choices=Tie.Status)
    assert "text-bg-secondary" in html and ">lost</span>" in html
