import pytest
from django.utils import translation

from hamafza.core import navigation
from hamafza.org.middleware import scope_for_user

pytestmark = pytest.mark.django_db


def test_the_menu_groups_capabilities_so_the_bar_stays_short(users):
    with translation.override("en"):
        items = navigation.items_for(scope_for_user(users["directorate"]), users["directorate"])
        groups = {str(i[1]): [str(label) for _href, label in i[2]] for i in items if i[0] is None}
    assert len(items) <= 9
    assert groups["Coordination"] == ["Agreements", "Meetings"]
    assert "Surveys" in groups["Quality"]
    assert "Exports" in groups["Monitoring and reports"]


def test_a_group_with_one_entry_is_a_plain_link(users):
    # a citizen reaches none of the coordination pages: no empty drop-down either
    with translation.override("en"):
        items = navigation.items_for(scope_for_user(users["citizen"]), users["citizen"])
    assert all(i[0] is not None or i[2] for i in items)
    assert "Coordination" not in [str(i[1]) for i in items]


def test_an_unknown_group_is_refused():
    with pytest.raises(ValueError):
        navigation.register(lambda scope, user: [], group="nonsense")
