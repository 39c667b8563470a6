import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
# The URL configuration, and with it every view, is imported now rather than by the first request:
# a worker's first page is no slower than the others, and gunicorn's post_worker_init freezes these
# long-lived objects out of the cycle collector's walks (config/gunicorn.py).
import_module(settings.ROOT_URLCONF)
