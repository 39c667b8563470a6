"""The surveys URLs: questionnaires, campaigns, results and the respondents' answer page."""

from django.urls import path

from .views import answer, campaigns, questionnaires, results

app_name = "surveys"

urlpatterns = [
    path("", campaigns.campaign_list_view, name="campaigns"),
    path("new/", campaigns.campaign_create_view, name="campaign_create"),
    path("<int:pk>/", campaigns.campaign_detail_view, name="campaign"),
    path("<int:pk>/remind/", campaigns.campaign_remind_view, name="campaign_remind"),
    path("<int:pk>/close/", campaigns.campaign_close_view, name="campaign_close"),
    path("<int:campaign_pk>/schools/<int:pk>/links/", campaigns.campaign_school_links_view, name="school_links"),
    path("<int:pk>/results/", results.results_view, name="results"),
    path("<int:pk>/results.xlsx", results.results_export_view, {"fmt": "xlsx"}, name="results_xlsx"),
    path("<int:pk>/results.csv", results.results_export_view, {"fmt": "csv"}, name="results_csv"),
    path("questionnaires/", questionnaires.questionnaire_list_view, name="questionnaires"),
    path("questionnaires/new/", questionnaires.questionnaire_create_view, name="questionnaire_create"),
    path("questionnaires/import/", questionnaires.questionnaire_import_view, name="questionnaire_import"),
    path("questionnaires/<int:pk>/", questionnaires.questionnaire_detail_view, name="questionnaire"),
    path("questionnaires/<int:pk>/copy/", questionnaires.questionnaire_copy_view, name="questionnaire_copy"),
    path("questionnaires/<int:pk>/xlsform/", questionnaires.questionnaire_export_view, name="questionnaire_export"),
    path("a/<str:token>/", answer.answer_view, name="answer"),
]
