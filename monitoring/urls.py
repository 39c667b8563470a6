"""The monitoring URLs, composed from each subject's own list."""

from . import urls_audits, urls_collections, urls_dashboards, urls_indicators

app_name = "monitoring"

urlpatterns = [
    *urls_audits.urlpatterns,
    *urls_collections.urlpatterns,
    *urls_dashboards.urlpatterns,
    *urls_indicators.urlpatterns,
]
