"""The portal's URLs plus a trivial view, for the page benchmark only (never in config/urls.py).

``/__bench__/ok/`` answers «ok» through the same middleware as every page (session, user,
memberships and school, login required, CSRF, messages), so a page's time divided by its time
is a ratio that holds across machines.
"""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as portal_urlpatterns

BASELINE_URL = "/__bench__/ok/"


def ok(request):
    return HttpResponse("ok")


urlpatterns = [path(BASELINE_URL.strip("/") + "/", ok, name="bench_ok"), *portal_urlpatterns]
