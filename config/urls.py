from django.contrib import admin
from django.urls import include, path

from accounts.admin_site import SecondFactorAdminSite
from accounts.views.signin import PortalLoginView

from .health import healthz
from .home import home
from .password_reset import ThrottledPasswordResetView
from .review_queue import review_queue_report_view, review_queue_submission_view, review_queue_view

# The admin opens only for a session that owes no second-factor code (accounts/admin_site.py).
admin.site.__class__ = SecondFactorAdminSite
admin.site.site_header = "Портал поддержки школ — администрирование"
admin.site.site_title = "Портал поддержки школ"

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("review_queue/", review_queue_view, name="review_queue"),
    path("review_queue/reports/<int:pk>/", review_queue_report_view, name="review_queue_report"),
    path("review_queue/submissions/<int:pk>/", review_queue_submission_view, name="review_queue_submission"),
    # Password, then a code for anyone with a second factor (accounts/views/signin.py).
    path("accounts/login/", PortalLoginView.as_view(), name="login"),
    path("accounts/", include("accounts.urls")),
    # Before Django's own: the password reset, throttled per address and per client.
    path("accounts/password_reset/", ThrottledPasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("schools/", include("schools.urls")),
    path("import/", include("schools.imports.urls")),
    path("networks/", include("schools.networks.urls")),
    path("programs/", include("programs.urls")),
    path("indices/", include("indices.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("surveys/", include("surveys.urls")),
    path("reports/", include("reporting.urls")),
    path("resources/", include("resources.urls")),
    path("curators/", include("curators.urls")),
    path("risks/", include("risks.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("config.api.urls")),
    path("api-tokens/", include("config.api_tokens.urls")),
]
# No route serves MEDIA_ROOT, in any mode (not even DEBUG's static() helper): generated reports,
# evidence files and import uploads leave only through permission-checked, logged views.
