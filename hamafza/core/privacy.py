"""Pages and API answers that show children's data are never kept by a browser or a proxy.

One list of the views that show minors (camp participants with their guardians, a school
session's head count by grade and gender, its roster, the scores and survey answers of a class,
the photos of a delivered session) and one middleware that marks their responses
``Cache-Control: no-store`` (with Django's ``add_never_cache_headers``), whatever the status: a
school's shared computer must not show the next person a class from its cache or back button.
A route renamed without this list fails ``camps/tests/test_no_store.py``.
"""

from django.utils.cache import add_never_cache_headers

CHILDREN_DATA_VIEWS = frozenset(
    {
        # camps: the students, their schools, grades and guardians
        "camps:detail",
        "camps:participant_add",
        "camps:participant_consent",
        "api:camps_get",
        "api:camps_participants",
        # a session: head count by grade and gender, the report and its photos, the roster
        "sessions:detail",
        "sessions:deliver",
        "sessions:roster",
        "api:sessions_get",
        "api:sessions_registrations",
        # an experience report's photos (of school sessions and camps, children unidentifiable)
        "library:report_photo",
        # a class's knowledge-test scores and survey answers
        "assessment:detail",
        "assessment:grid",
        "assessment:scores",
        "api:tests_results",
        "surveys:results",
        "surveys:export",
        "api:surveys_results",
    }
)


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is not None and match.view_name in CHILDREN_DATA_VIEWS:
            add_never_cache_headers(response)
        return response
