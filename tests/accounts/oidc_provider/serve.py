"""Start the test provider: ``python -m tests.accounts.oidc_provider.serve PORT DB REDIRECT_URI``.

Creates its database, an RSA signing key, a confidential client for the portal and two people in
the directory (``ivanova`` in the groups the portal maps, ``stranger`` in none), then serves HTTP on
127.0.0.1:PORT until killed, printing ``ready`` once it listens."""

import os
import sys
from wsgiref.simple_server import WSGIRequestHandler, make_server


class _Quiet(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 — the base class's name
        pass


def main() -> None:
    port, db, redirect_uri = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.accounts.oidc_provider.settings"
    os.environ["OIDC_PROVIDER_DB"] = db
    os.environ["OIDC_PROVIDER_URL"] = f"http://127.0.0.1:{port}"
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from oidc_provider.models import Client, ResponseType

    call_command("migrate", verbosity=0)
    call_command("creatersakey", stdout=open(os.devnull, "w"))  # noqa: SIM115 — stdout says only "ready"
    client = Client.objects.create(
        name="Портал",
        client_type="confidential",
        client_id="portal",
        client_secret="portal-secret",
        jwt_alg="RS256",
        require_consent=False,
        _redirect_uris=redirect_uri,
        _scope="openid email profile groups",
    )
    client.response_types.add(ResponseType.objects.get(value="code"))
    ivanova = User.objects.create_user(
        "ivanova", "ivanova@region.example", "provider-password", first_name="Ольга", last_name="Иванова"
    )
    for name in ("edu-committee-a", "edu-unmapped", "portal-admins"):
        ivanova.groups.add(Group.objects.create(name=name))
    User.objects.create_user("stranger", "stranger@region.example", "provider-password")

    server = make_server("127.0.0.1", port, get_wsgi_application(), handler_class=_Quiet)
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
