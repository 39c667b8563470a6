from django.urls import path

from .oidc import sso_callback_view, sso_start_view
from .views import security, signin

app_name = "accounts"

urlpatterns = [
    path("code/", signin.verify_view, name="verify"),
    path("sso/", sso_start_view, name="sso_start"),
    path("sso/callback/", sso_callback_view, name="sso_callback"),
    path("security/", security.security_view, name="security"),
    path("security/two-factor/start/", security.setup_start_view, name="setup_start"),
    path("security/two-factor/", security.setup_view, name="setup"),
    path("security/two-factor/codes/", security.codes_new_view, name="codes_new"),
    path("security/two-factor/off/", security.disable_view, name="disable"),
    path("security/sign-out-everywhere/", security.sign_out_everywhere_view, name="sign_out_everywhere"),
]
