from django.urls import path

from . import views_dashboards

urlpatterns = [
    path("dashboard/", views_dashboards.dashboard_home_view, name="dashboard"),
    path(
        "dashboard/municipality/<int:pk>/", views_dashboards.dashboard_municipality_view, name="dashboard_municipality"
    ),
    path("dashboard/school/<int:pk>/", views_dashboards.dashboard_school_view, name="dashboard_school"),
    path("dashboard/region/<int:pk>/", views_dashboards.dashboard_region_view, name="dashboard_region"),
]
