"""Pages and API answers that show children's data tell browsers and proxies not to keep a copy
(Cache-Control: no-store): a shared school computer's back button or disk cache must not show a
camp's students or a class's scores to the next person."""

import pytest
from django.test import Client
from django.urls import reverse

from hamafza.camps.tests.factories import ParticipantFactory
from hamafza.core.privacy import CHILDREN_DATA_VIEWS


def test_a_camps_students_are_not_kept_by_the_browser(world, users, camps, client_for):
    ParticipantFactory(camp=camps.d6, full_name="زهرا احمدی", school=world.s6)
    client = client_for("directorate")

    page = client.get(reverse("camps:detail", args=[camps.d6.pk]))
    assert page.status_code == 200 and "زهرا احمدی" in page.content.decode()
    assert "no-store" in page["Cache-Control"]

    api = client.get(f"/api/camps/camps/{camps.d6.pk}/participants")
    assert api.status_code == 200 and api.json()["items"]
    assert "no-store" in api["Cache-Control"]


def test_a_page_without_childrens_data_keeps_the_default(world, camps, client_for):
    response = client_for("directorate").get(reverse("camps:list"))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("view_name", sorted(CHILDREN_DATA_VIEWS))
def test_every_view_listed_exists_and_is_not_stored(world, users, view_name):
    # a renamed route would silently drop out of the rule: each name must still resolve
    from django.urls import get_resolver

    namespace, name = view_name.split(":")
    resolver = get_resolver().namespace_dict[namespace][1]
    assert name in resolver.reverse_dict, view_name
    pattern = resolver.reverse_dict.getlist(name)[0][0][0]
    path = pattern[0] % dict.fromkeys(pattern[1], 999)
    prefix = get_resolver().namespace_dict[namespace][0]
    client = Client()
    client.force_login(users["directorate"])
    response = client.get(f"/{prefix}{path}")
    assert "no-store" in response.get("Cache-Control", ""), (view_name, response.status_code)
