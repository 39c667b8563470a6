"""Questionnaires, survey campaigns and their anonymous answers."""

from .campaigns import Campaign, CampaignSchool, PersonalLink, Response
from .questionnaires import Question, Questionnaire, Section, SurveyIndicator

__all__ = [
    "Campaign",
    "CampaignSchool",
    "PersonalLink",
    "Question",
    "Questionnaire",
    "Response",
    "Section",
    "SurveyIndicator",
]
