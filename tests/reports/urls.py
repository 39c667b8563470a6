"""The portal's URLs with «Мои отчёты» at /reports/ (until config/urls.py includes it itself)."""

from django.urls import include, path

from config.urls import urlpatterns as portal

urlpatterns = list(portal)
if not any(getattr(p, "namespace", None) == "reports" for p in portal):
    urlpatterns.append(path("reports/", include("monitoring.reports.urls")))
