"""The demo's experience reports and offers: reports by the trainers who delivered the sessions,
in the search index, an open-licence resource offered to the other municipality, once."""

import random

from hamafza.library import demo, selectors
from hamafza.library.models import ExperienceReport, Resource
from hamafza.library.tests.conftest import as_
from hamafza.search.models import SearchDocument


def test_the_demo_reports_come_from_delivered_sessions_by_their_trainers(lib, users):
    demo.seed_reports_and_offers(lib.published.municipality, random.Random(4))
    reports = list(ExperienceReport.objects.all())
    assert len(reports) == 2  # the two delivered sessions, one report each
    for report in reports:
        assert report.session.status in report.session.DELIVERED_STATUSES
        assert report.session.trainers.filter(pk=report.trainer_id).exists()
        assert "،" in report.worked or " " in report.worked
    assert SearchDocument.objects.filter(kind="report").count() == 2
    offered = Resource.objects.get(pk=lib.published.pk)
    assert offered.offered_to_all and offered.is_open_licence
    assert SearchDocument.objects.get(kind="resource", object_id=offered.pk).shared
    shelf = selectors.offered_elsewhere(as_(users, "bumehen_directorate"))
    assert list(shelf) == [offered]
    demo.seed_reports_and_offers(lib.published.municipality, random.Random(4))  # once
    assert ExperienceReport.objects.count() == 2
