"""`/healthz`: whether this app server can answer, for load balancers and monitors."""

import logging

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request):
    """200 "ok" when the database answers a query, 503 otherwise.

    Open to anyone and says nothing else: a balancer polls it without logging in,
    and the body gives nothing away. It is not a login-required page, so it sits
    outside the permission matrix's apps.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
