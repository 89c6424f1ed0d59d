"""Imported once by the fork server behind printing/parts.py.

Every process that lays out an appendix apart is forked from that server, so
setting Django up and importing WeasyPrint here makes each one start warm.
"""

import django

django.setup()

from printing import pdf  # noqa: E402,F401  WeasyPrint, the fetcher, the templates
