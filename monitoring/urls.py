"""The monitoring URLs, composed from each subject's own list."""

from . import urls_audits, urls_dashboards

app_name = "monitoring"

urlpatterns = [*urls_audits.urlpatterns, *urls_dashboards.urlpatterns]
