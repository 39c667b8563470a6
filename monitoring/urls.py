"""The monitoring URLs: audits, data collections, dashboards, indicators."""

from django.urls import path

from .views import audits, collection_admin, collections, dashboards, indicators

app_name = "monitoring"

urlpatterns = [
    path("audits/start/<int:school_pk>/", audits.audit_start_view, name="audit_start"),
    path("audits/<int:pk>/", audits.audit_view, name="audit"),
    path("audits/<int:pk>/review/", audits.audit_review_view, name="audit_review"),
    path("collections/", collections.collection_list_view, name="collection_list"),
    path("collections/new/", collections.collection_create_view, name="collection_create"),
    path("collections/<int:pk>/", collections.collection_detail_view, name="collection_detail"),
    path("collections/<int:pk>/control/", collection_admin.collection_control_view, name="collection_control"),
    path("collections/<int:pk>/export/", collections.collection_export_view, name="collection_export"),
    path("submissions/<int:pk>/", collections.submission_detail_view, name="submission_detail"),
    path("submissions/<int:pk>/fill/", collections.submission_fill_view, name="submission_fill"),
    path("submissions/<int:pk>/check/", collections.submission_check_view, name="submission_check"),
    path("submissions/<int:pk>/review/", collections.submission_review_view, name="submission_review"),
    path("dashboard/", dashboards.dashboard_home_view, name="dashboard"),
    path("dashboard/municipality/<int:pk>/", dashboards.dashboard_municipality_view, name="dashboard_municipality"),
    path("dashboard/school/<int:pk>/", dashboards.dashboard_school_view, name="dashboard_school"),
    path("dashboard/region/<int:pk>/", dashboards.dashboard_region_view, name="dashboard_region"),
    path("indicators/", indicators.indicator_list_view, name="indicators"),
    path("indicators/new/", indicators.indicator_create_view, name="indicator_new"),
    path("indicators/<slug:code>/", indicators.indicator_detail_view, name="indicator"),
    path("indicators/<slug:code>/edit/", indicators.indicator_edit_view, name="indicator_edit"),
    path("improvement/", indicators.improvement_view, name="improvement"),
    path("not-met/", indicators.not_met_view, name="not_met"),
]
