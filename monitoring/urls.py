"""The monitoring URLs, composed from each subject's own list."""

from . import urls_audits

app_name = "monitoring"

urlpatterns = [*urls_audits.urlpatterns]
