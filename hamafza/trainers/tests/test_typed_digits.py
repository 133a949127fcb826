"""A trainer's weekly availability and standards record typed with a Persian keyboard (raw inputs
the views read by hand)."""

import datetime as dt

from django.urls import reverse


def test_availability_times_and_hours_in_persian_digits(pool, client_for):
    client = client_for("trainer")
    url = reverse("trainers:availability", args=[pool.t6.pk])
    html = client.get(url).content.decode()
    assert 'type="time"' not in html and 'type="number"' not in html
    assert 'placeholder="۰۹:۳۰"' in html
    response = client.post(
        url,
        {"start_5": "۸:۳۰", "end_5": "١٢:٠٠", "start_0": "14", "end_0": "۱۸:۰۰", "max_hours": "۱۲"},
    )
    assert response.status_code == 302
    pool.t6.refresh_from_db()
    assert pool.t6.max_hours_per_week == 12
    slots = {s.weekday: (s.starts_at, s.ends_at) for s in pool.t6.availability.all()}
    assert slots == {5: (dt.time(8, 30), dt.time(12)), 0: (dt.time(14), dt.time(18))}
    html = client.get(url).content.decode()
    assert 'value="۰۸:۳۰"' in html and 'value="۱۲"' in html


def test_an_impossible_availability_time_is_refused(pool, client_for):
    response = client_for("trainer").post(
        reverse("trainers:availability", args=[pool.t6.pk]),
        {"start_5": "۲۵:۰۰", "end_5": "۲۶:۰۰", "max_hours": "12"},
    )
    assert response.status_code == 400
    assert not pool.t6.availability.exists()


def test_standards_record_in_persian_digits(pool, client_for):
    url = reverse("trainers:set_level", args=[pool.t6.pk])
    data = {"domain": pool.health.pk, "level": pool.levels[1].pk}
    client_for("directorate").post(url, {**data, "prior_hours": "۴۰", "observation_score": "٨٠"})
    td = pool.t6.trainer_domains.get(domain=pool.health)
    assert td.prior_hours == 40 and td.observation_score == 80
    client_for("directorate").post(url, {**data, "prior_hours": "چهل", "observation_score": "۹۰"})
    td.refresh_from_db()
    assert td.prior_hours == 40 and td.observation_score == 80  # refused, nothing changed
