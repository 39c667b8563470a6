"""The project's URLs with the indicator pages under /monitoring/ — whether or not
monitoring/urls.py includes urls_indicators yet (the final composition is config's business)."""

from django.urls import URLResolver, include, path

from config.urls import urlpatterns as project_urlpatterns
from monitoring import urls as monitoring_urls
from monitoring import urls_indicators

_names = {p.name for p in monitoring_urls.urlpatterns if getattr(p, "name", None)}
_monitoring = [
    *monitoring_urls.urlpatterns,
    *(p for p in urls_indicators.urlpatterns if p.name not in _names),
]

urlpatterns = [p for p in project_urlpatterns if not (isinstance(p, URLResolver) and p.namespace == "monitoring")]
urlpatterns.append(path("monitoring/", include((_monitoring, "monitoring"))))
