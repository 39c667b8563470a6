from django.contrib import admin

from .models import Campaign, Questionnaire, SurveyIndicator


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["title", "version", "group"]
    search_fields = ["title"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "start", "end", "closed"]


@admin.register(SurveyIndicator)
class SurveyIndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "question_name", "measure"]
