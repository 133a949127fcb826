import pytest
from django.urls import reverse

from hamafza.notifications import kinds, services
from hamafza.notifications.models import Channel, Delivery, Notification, Preference


@pytest.fixture
def notices(users, world):
    """Two notices for the trainer, one for the volunteer; a failed SMS in each city."""
    services.notify(
        recipients=[users["trainer"]],
        kind=kinds.PLAN_RETURNED,
        title="برنامه برگشت خورد",
        link="/plans/",
        municipality_id=world.tehran.pk,
    )
    services.notify(
        recipients=[users["trainer"], users["volunteer"]],
        kind=kinds.SESSION_TOMORROW,
        title="جلسه فردا",
        municipality_id=world.tehran.pk,
    )
    services.notify(
        recipients=[users["bumehen_directorate"]],
        kind=kinds.SESSION_TOMORROW,
        title="پیام شهر دیگر",
        municipality_id=world.bumehen.pk,
    )
    Delivery.objects.filter(channel=Channel.SMS).update(
        status=Delivery.Status.FAILED, last_error="SmsTransientError: timeout"
    )
    return Notification.objects.filter(recipient=users["trainer"])


def test_list_shows_only_my_notifications_and_the_bell(client_for, notices):
    response = client_for("trainer").get(reverse("notifications:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "برنامه برگشت خورد" in html and "جلسه فردا" in html and "پیام شهر دیگر" not in html
    assert 'id="notification-bell"' in html and 'data-unread="2"' in html
    other = client_for("volunteer").get(reverse("notifications:index")).content.decode()
    assert "برنامه برگشت خورد" not in other and 'data-unread="1"' in other


def test_list_needs_login(client):
    response = client.get(reverse("notifications:index"))
    assert response.status_code == 302


def test_mark_read_with_htmx(client_for, notices):
    mine = notices.get(title="جلسه فردا")
    response = client_for("trainer").post(
        reverse("notifications:mark_read", args=[mine.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="notification-list"' in html
    # the bell in the navbar is updated out of band
    assert 'hx-swap-oob="true"' in html and 'data-unread="1"' in html
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_cannot_mark_someone_elses_notification(client_for, notices, users):
    theirs = Notification.objects.get(recipient=users["volunteer"])
    response = client_for("trainer").post(reverse("notifications:mark_read", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read(client_for, notices, users):
    response = client_for("trainer").post(reverse("notifications:mark_all_read"))
    assert response.status_code == 302
    assert not notices.filter(read_at__isnull=True).exists()
    assert Notification.objects.get(recipient=users["volunteer"]).read_at is None


def test_preferences_page_saves_choices(client_for, users):
    client = client_for("trainer")
    page = client.get(reverse("notifications:preferences"))
    assert page.status_code == 200
    assert f'value="{kinds.SESSION_TOMORROW}:sms"' in page.content.decode()
    response = client.post(
        reverse("notifications:preferences"),
        {"on": [f"{kinds.GENERIC}:sms", "bogus:sms", f"{kinds.GENERIC}:in_app"]},
    )
    assert response.status_code == 302
    on = set(
        Preference.objects.filter(user=users["trainer"], enabled=True).values_list(
            "kind", "channel"
        )
    )
    assert on == {(kinds.GENERIC, Channel.SMS)}


@pytest.mark.parametrize("who", ["directorate", "platform_admin"])
def test_failed_deliveries_page_for_admins_of_the_municipality(client_for, notices, who):
    response = client_for(who).get(reverse("notifications:failed"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "جلسه فردا" in html and "timeout" in html
    assert "پیام شهر دیگر" not in html  # another municipality


@pytest.mark.parametrize("who", ["coordinator_d6", "trainer", "school_contact_s6"])
def test_failed_deliveries_page_denied_to_others(client_for, notices, who):
    assert client_for(who).get(reverse("notifications:failed")).status_code == 403
    failed = Delivery.objects.filter(status=Delivery.Status.FAILED).first()
    response = client_for(who).post(reverse("notifications:retry", args=[failed.pk]))
    assert response.status_code == 403
    failed.refresh_from_db()
    assert failed.status == Delivery.Status.FAILED


def test_retry_from_the_page(client_for, notices, users):
    failed = Delivery.objects.get(
        status=Delivery.Status.FAILED, notification__recipient=users["volunteer"]
    )
    Delivery.objects.filter(pk=failed.pk).update(address="09120000000")
    users["volunteer"].mobile = "09120000000"
    users["volunteer"].save()
    response = client_for("directorate").post(reverse("notifications:retry", args=[failed.pk]))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == Delivery.Status.QUEUED and failed.attempts == 0


def test_retry_of_another_municipality_is_not_found(client_for, notices, users):
    theirs = Delivery.objects.get(
        status=Delivery.Status.FAILED, notification__recipient=users["bumehen_directorate"]
    )
    response = client_for("directorate").post(reverse("notifications:retry", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Delivery.Status.FAILED


def test_retry_of_a_recipient_still_without_address_stays_invalid(client_for, notices, users):
    failed = Delivery.objects.get(
        status=Delivery.Status.FAILED, notification__recipient=users["trainer"]
    )
    response = client_for("directorate").post(reverse("notifications:retry", args=[failed.pk]))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == Delivery.Status.INVALID and failed.last_error == "no mobile number"


def test_api_lists_only_mine_and_marks_read(client_for, notices, users):
    client = client_for("trainer")
    response = client.get("/api/notifications/?unread=true")
    assert response.status_code == 200
    titles = {n["title"] for n in response.json()}
    assert titles == {"برنامه برگشت خورد", "جلسه فردا"}
    theirs = Notification.objects.get(recipient=users["volunteer"])
    assert client.post(f"/api/notifications/{theirs.pk}/read").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    mine = notices.first()
    response = client.post(f"/api/notifications/{mine.pk}/read")
    assert response.status_code == 200 and response.json()["read_at"]
    assert client.post("/api/notifications/read-all").json() == {"unread": 0}


def test_api_needs_authentication(client):
    assert client.get("/api/notifications/").status_code == 401


def test_a_recipient_without_an_address_is_explained_in_the_readers_language(
    client_for, notices, users
):
    Delivery.objects.filter(notification__recipient=users["volunteer"]).update(
        status=Delivery.Status.INVALID, last_error="no e-mail address"
    )
    fa = client_for("directorate").get(reverse("notifications:failed")).content.decode()
    assert "ایمیلی ثبت نشده است" in fa
    assert "no e-mail address" not in fa
    en = client_for("directorate").get("/en" + reverse("notifications:failed")).content.decode()
    assert "no e-mail address" in en
