from django.urls import path

from . import views
from .analysis import views as analysis

app_name = "indices"

urlpatterns = [
    path("", views.run_list_view, name="runs"),
    path("start/", views.run_start_view, name="start"),
    path("runs/<int:pk>/", views.run_detail_view, name="run"),
    path("runs/<int:pk>/export.<str:fmt>", views.run_export_view, name="export"),
    path("pilot/<int:school_pk>/", views.pilot_view, name="pilot"),
    path("compare/", views.run_compare_view, name="compare"),
    path("methodologies/", views.methodology_list_view, name="methodologies"),
    path("methodologies/new/", views.methodology_edit_view, name="methodology_new"),
    path("methodologies/<slug:slug>/", views.methodology_edit_view, name="methodology_edit"),
    path("risk/", analysis.risk_home_view, name="risk"),
    path("risk/rule/", analysis.risk_rule_view, name="risk_rule"),
    path("risk/municipality/<int:pk>/", analysis.risk_municipality_view, name="risk_municipality"),
    path("risk/region/<int:pk>/", analysis.risk_region_view, name="risk_region"),
    path("results/", analysis.results_home_view, name="results"),
    path("results/municipality/<int:pk>/", analysis.results_municipality_view, name="results_municipality"),
    path("results/region/<int:pk>/", analysis.results_region_view, name="results_region"),
]
