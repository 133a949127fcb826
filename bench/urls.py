"""The project's URLs plus ``/bench/bare/``: a constant answer with no database and no session,
the framework's floor to compare real endpoints against. Only ``bench.settings`` loads this."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def bare(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *project_urlpatterns]
