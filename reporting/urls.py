"""«Мои отчёты», included by config/urls.py at /reports/."""

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list_view, name="list"),
    path("order/", views.report_order_view, name="order"),
    path("<int:pk>/status/", views.report_status_view, name="status"),
    path("<int:pk>/download/", views.report_download_view, name="download"),
    path("<int:pk>/retry/", views.report_retry_view, name="retry"),
]
