"""URL patterns of the indicator pages (catalogue, indicator, evaluation), composed into
monitoring/urls.py (app_name "monitoring") next to the other subjects' lists."""

from django.urls import path

from . import views_indicators as views

urlpatterns = [
    path("indicators/", views.indicator_list_view, name="indicators"),
    path("indicators/new/", views.indicator_create_view, name="indicator_new"),
    path("indicators/<slug:code>/", views.indicator_detail_view, name="indicator"),
    path("indicators/<slug:code>/edit/", views.indicator_edit_view, name="indicator_edit"),
    path("improvement/", views.improvement_view, name="improvement"),
    path("not-met/", views.not_met_view, name="not_met"),
]
