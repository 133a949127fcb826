"""Making a test from the bank, paper and phone sheets, results and who sees them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from hamafza.assessment import services
from hamafza.assessment.models import KnowledgeTest, Sheet, SheetAnswer
from hamafza.assessment.tests.conftest import scope_of


def make_test(users, session, role="coordinator_d6", items=4):
    return services.test_create(
        scope=scope_of(users[role]), actor=users[role], session=session, title="آزمون بهداشت",
        item_count=items,
    )  # fmt: skip


def grid(users, test, phase, rows, role="trainer"):
    return services.grid_save(
        scope=scope_of(users[role]), actor=users[role], test=test, phase=phase, rows=rows
    )


def test_a_test_copies_questions_of_the_program_bank(bank, users):
    test = make_test(users, bank.s6, items=3)
    assert [i.text for i in test.items.all()] == ["پرسش 1", "پرسش 2", "پرسش 3"]
    assert test.district == bank.s6.district
    # a later edit of the bank does not change the test
    bank.questions[0].text = "تغییر"
    bank.questions[0].save()
    assert test.items.first().text == "پرسش 1"


def test_making_a_test_is_refused_outside_the_scope_or_beyond_the_bank(bank, users):
    with pytest.raises(PermissionDenied):
        make_test(users, bank.s12)  # district 12 is not the coordinator's
    with pytest.raises(PermissionDenied):
        make_test(users, bank.s12, role="trainer")  # not the trainer's session
    with pytest.raises(ValidationError):
        make_test(users, bank.s6, items=5)  # the bank has four
    assert not KnowledgeTest.objects.exists()
    assert make_test(users, bank.s6, role="trainer").items.count() == 4


def test_a_paper_grid_is_scored_against_the_answer_key(bank, users):
    test = make_test(users, bank.s6)
    # key on paper: 1, 2, 3, 1
    sheets = grid(users, test, "pre", [("a1", ["1", "2", "1", "-"]), ("۰۷ب", ["1", "2", "3", "1"])])
    assert [(s.code, s.score, s.max_score) for s in sheets] == [("A1", 2, 4), ("07ب", 4, 4)]
    blank = SheetAnswer.objects.get(sheet=sheets[0], item__order=4)
    assert blank.chosen is None and not blank.correct


@pytest.mark.parametrize(
    ("rows", "reason"),
    [
        ([("A1", ["1", "2", "", "1"])], "question 3"),  # a missing cell
        ([("A1", ["1", "2", "4", "1"])], "choice 4"),  # three choices only
        ([("A1", ["1", "2", "x", "1"])], "choice x"),
        ([("A1", ["1", "2", "3", "1"]), ("a1", ["1", "1", "1", "1"])], "twice"),
        ([("", ["1", "2", "3", "1"])], "code"),
    ],
)
def test_a_bad_grid_is_refused_whole_with_the_reason(bank, users, rows, reason, settings):
    settings.LANGUAGE_CODE = "en"
    test = make_test(users, bank.s6)
    good = ("OK1", ["1", "1", "1", "1"])
    with pytest.raises(ValidationError) as refused:
        grid(users, test, "pre", [good, *rows])
    assert any(reason in m for m in refused.value.messages), refused.value.messages
    assert not Sheet.objects.exists() and not SheetAnswer.objects.exists()


def test_a_code_already_entered_for_the_phase_is_refused(bank, users):
    test = make_test(users, bank.s6)
    grid(users, test, "pre", [("A1", ["1", "1", "1", "1"])])
    with pytest.raises(ValidationError):
        grid(users, test, "pre", [("B2", ["1", "1", "1", "1"]), ("a1", ["1", "1", "1", "1"])])
    assert Sheet.objects.count() == 1
    grid(users, test, "post", [("A1", ["1", "2", "3", "1"])])  # the post-test pairs
    assert Sheet.objects.count() == 2


def test_total_scores_above_the_maximum_are_refused(bank, users):
    test = make_test(users, bank.s6)
    scope = scope_of(users["trainer"])
    with pytest.raises(ValidationError):
        services.scores_save(scope=scope, actor=None, test=test, rows=[("A1", "2", "5")])
    with pytest.raises(ValidationError):
        services.scores_save(scope=scope, actor=None, test=test, rows=[("A1", "-1", "3")])
    assert not Sheet.objects.exists()
    saved = services.scores_save(
        scope=scope, actor=None, test=test, rows=[("A1", "۲", "4"), ("B2", "1", "")]
    )
    assert sorted((s.code, s.phase, s.score) for s in saved) == [
        ("A1", "post", 4),
        ("A1", "pre", 2),
        ("B2", "pre", 1),
    ]


def test_another_trainer_cannot_enter_sheets(bank, users, world):
    from hamafza.org.tests.factories import MembershipFactory, UserFactory

    test = make_test(users, bank.s6)
    stranger = UserFactory()
    MembershipFactory(user=stranger, municipality=world.tehran, role="trainer", district=world.d6)
    with pytest.raises(PermissionDenied):
        services.grid_save(
            scope=scope_of(stranger),
            actor=stranger,
            test=test,
            phase="pre",
            rows=[("A1", ["1"] * 4)],
        )
    assert not Sheet.objects.exists()


def test_a_participant_takes_the_test_on_a_phone_once(bank, users, client):
    test = make_test(users, bank.s6)
    door = reverse("assessment:door", args=[services.door_token(test, "pre")])
    url = client.get(door).url
    page = client.get(url)
    assert page.status_code == 200 and "پرسش ۱" in page.content.decode()
    items = list(test.items.order_by("order"))
    # a missing answer: refused, nothing saved
    partial = {"code": "ZR12"} | {f"i{i.pk}": "0" for i in items[:3]}
    assert client.post(url, partial).status_code == 400
    assert not Sheet.objects.exists()
    # all answered: saved and scored (choices 0,1,0,0 against the key 0,1,2,0 → 3)
    answers = {
        "code": "zr12",
        f"i{items[0].pk}": "0",
        f"i{items[1].pk}": "1",
        f"i{items[2].pk}": "0",
        f"i{items[3].pk}": "0",
    }
    assert client.post(url, answers).status_code == 200
    sheet = Sheet.objects.get()
    assert (sheet.code, sheet.phase, sheet.score, sheet.source) == ("ZR12", "pre", 3, "phone")
    # the same link again is refused
    assert client.post(url, answers).status_code == 409
    # a new link, but the same code for the same phase: refused
    other = Client()
    url2 = other.get(door).url
    assert other.post(url2, answers).status_code == 400
    assert Sheet.objects.count() == 1


@pytest.mark.parametrize(
    ("typed", "code"),
    [("۱۵-مر", "15مر"), ("zr-12", "ZR12"), ("1375–MA", "1375MA"), ("15 مر", "15مر")],
)
def test_a_code_may_use_the_hyphen_its_hint_suggests(typed, code):
    assert services.clean_code(typed) == code


@pytest.mark.parametrize("typed", ["-", "a", "12!", "ab_cd", "1234567890123"])
def test_codes_that_stay_refused(typed):
    with pytest.raises(ValueError):
        services.clean_code(typed)


def test_a_phone_code_with_a_hyphen_is_saved_and_pairs_with_paper(bank, users, client):
    test = make_test(users, bank.s6)
    url = reverse("assessment:take", args=[services.sheet_token(test, "pre")])
    answers = {"code": "۱۵-مر"} | {f"i{i.pk}": "0" for i in test.items.all()}
    assert client.post(url, answers).status_code == 200
    grid(users, test, "post", [("15مر", ["1", "2", "3", "1"])])
    assert sorted(Sheet.objects.values_list("code", "phase")) == [("15مر", "post"), ("15مر", "pre")]


def test_an_out_of_range_phone_answer_is_refused(bank, users, client):
    test = make_test(users, bank.s6)
    url = reverse("assessment:take", args=[services.sheet_token(test, "post")])
    answers = {"code": "AB"} | {f"i{i.pk}": "3" for i in test.items.all()}  # choices 0..2
    assert client.post(url, answers).status_code == 400
    assert not Sheet.objects.exists()


def test_results_pair_codes_and_report_the_gain(bank, users, client_for, api_for):
    """Out of 4: AA (pre 1, post 3) → g = 2/3; BB (pre 2, post 4) → g = 1; CC (pre 4, post 4) is
    perfect before and is left out of ⟨g⟩; DD took only the pre-test (0).
    ⟨g⟩ = (2/3 + 1)/2 = 0.833333. t-interval: gains 0.6667 and 1, mean 0.8333, deviations
    ∓1/6 → sd = √((1/36 + 1/36)/1) = 0.235702; sd/√2 = 1/6 = 0.166667; half = 12.706 ·
    0.166667 = 2.117667; CI = 0.833333 ∓ 2.117667 = [−1.284333, 2.951000].
    Pairs' mean pre = (1+2+4)/3 = 7/3, mean post = (3+4+4)/3 = 11/3 → gain of averages =
    (11/3 − 7/3)/(4 − 7/3) = (4/3)/(5/3) = 0.8."""
    test = make_test(users, bank.s6)
    scope = scope_of(users["trainer"])
    services.scores_save(
        scope=scope, actor=None, test=test,
        rows=[("AA", "1", "3"), ("BB", "2", "4"), ("CC", "4", "4"), ("DD", "0", "")],
    )  # fmt: skip
    body = api_for("directorate").get(f"/api/assessment/tests/{test.pk}/results").json()
    gain = body["gain"]
    assert (body["pre_count"], body["post_count"]) == (4, 3)
    assert (gain["pairs"], gain["used"], gain["skipped"]) == (3, 2, 1)
    assert gain["average_gain"] == pytest.approx(5 / 6)
    assert gain["gain_of_averages"] == pytest.approx(0.8)
    assert gain["ci_low"] == pytest.approx(-1.284333, abs=1e-5)
    assert gain["ci_high"] == pytest.approx(2.951000, abs=1e-5)
    page = client_for("trainer").get(reverse("assessment:detail", args=[test.pk]))
    assert page.status_code == 200
    assert "۰٫۸۳" in page.content.decode()
    assert api_for("citizen").get(f"/api/assessment/tests/{test.pk}/results").status_code == 403


def test_item_analysis_flags_bad_questions(bank, users, api_for):
    """Post-test grid of five sheets against the key 1, 2, 3, 1 (item 4 answered right by all):
    item 4 difficulty 5/5 = 1.0 > 0.9 → too easy."""
    test = make_test(users, bank.s6)
    grid(users, test, "post", [
        ("P1", ["1", "2", "3", "1"]), ("P2", ["1", "2", "1", "1"]), ("P3", ["2", "1", "1", "1"]),
        ("P4", ["1", "1", "3", "1"]), ("P5", ["2", "2", "1", "1"]),
    ])  # fmt: skip
    body = api_for("directorate").get(f"/api/assessment/tests/{test.pk}/results").json()
    fourth = body["items"][3]
    assert fourth["difficulty"] == 1.0 and "too_easy" in fourth["flags"]
    assert body["items"][0]["difficulty"] == pytest.approx(0.6)


def test_the_pages_are_scoped(bank, users, client_for):
    test6 = make_test(users, bank.s6)
    test12 = services.test_create(
        scope=scope_of(users["directorate"]), actor=users["directorate"], session=bank.s12,
        title="آزمون ۱۲", item_count=2,
    )  # fmt: skip
    coordinator = client_for("coordinator_d6")
    assert coordinator.get(reverse("assessment:detail", args=[test6.pk])).status_code == 200
    assert coordinator.get(reverse("assessment:detail", args=[test12.pk])).status_code == 404
    trainer = client_for("trainer")
    page = trainer.get(reverse("assessment:list"))
    assert [t.pk for t in page.context["tests"]] == [test6.pk]
    assert trainer.get(reverse("assessment:grid", args=[test12.pk, "pre"])).status_code == 404
    for role in ("citizen", "school_contact_s6", "liaison_health"):
        assert client_for(role).get(reverse("assessment:list")).status_code == 403
    assert (
        client_for("bumehen_directorate")
        .get(reverse("assessment:detail", args=[test6.pk]))
        .status_code
        == 404
    )


def test_one_address_cannot_open_the_test_link_without_end(bank, users):
    from django.test import Client

    from hamafza.core.ratelimit import ANONYMOUS_LIMITS

    test = make_test(users, bank.s6)
    door = reverse("assessment:door", args=[services.door_token(test, "pre")])
    per_address, _per_test = ANONYMOUS_LIMITS["test"]
    codes = [
        Client(REMOTE_ADDR="198.51.100.9").get(door).status_code for _ in range(per_address + 2)
    ]
    assert codes[:per_address] == [302] * per_address and codes[per_address:] == [429, 429]
    assert Client(REMOTE_ADDR="203.0.113.7").get(door).status_code == 302  # someone else
