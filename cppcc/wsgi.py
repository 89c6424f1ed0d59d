"""WSGI entry point: `gunicorn cppcc.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cppcc.settings")
application = get_wsgi_application()
