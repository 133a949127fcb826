"""Pages: who may read and change agreements, the forms' checks, the signed document."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hamafza.agreements import services
from hamafza.agreements.models import Agreement, Clause, Commitment, Evidence, Party
from hamafza.agreements.tests.conftest import j, scope_of
from hamafza.core import jalali

pytestmark = pytest.mark.today  # written against the calendar of Azar 1405 (conftest.py)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def jdate(day: dt.date) -> str:
    return jalali.format_numeric(day, persian=False)


def agreement_post(**overrides):
    data = {
        "title": "تفاهم‌نامه تازه",
        "number": "۷",
        "signed_on": "1405/01/05",
        "starts_on": "1405/01/10",
        "ends_on": "1406/01/09",
    }
    return {**data, **overrides}


@pytest.mark.parametrize("role", ["directorate", "coordinator_d6", "liaison_health"])
def test_readers_see_the_list_and_the_page(deal, client_for, role):
    client = client_for(role)
    page = client.get("/agreements/")
    assert page.status_code == 200
    assert deal.agreement.title in page.content.decode()
    detail = client.get(deal.agreement.get_absolute_url())
    assert detail.status_code == 200
    body = detail.content.decode()
    assert "نشست ماهانه" in body and "چهار گزارش" in body  # every side's promises


@pytest.mark.parametrize("role", ["school_contact_s6", "trainer", "volunteer", "citizen"])
def test_others_are_refused(deal, client_for, role):
    client = client_for(role)
    assert client.get("/agreements/").status_code == 403
    assert client.get(deal.agreement.get_absolute_url()).status_code == 403


def test_another_municipality_gets_404(deal, client_for):
    client = client_for("bumehen_directorate")
    assert client.get(deal.agreement.get_absolute_url()).status_code == 404
    assert client.get(f"/agreements/{deal.agreement.pk}/document/").status_code == 404
    response = client.post(f"/agreements/{deal.agreement.pk}/parties/new/", {"kind": "other",
                                                                             "name": "x"})  # fmt: skip
    assert response.status_code == 404
    assert deal.agreement.parties.count() == 3
    assert deal.agreement.title not in client.get("/agreements/").content.decode()


def test_a_liaison_sees_only_agreements_of_their_agency(deal, world, client_for):
    other = Agreement.objects.create(
        municipality=world.tehran, title="تفاهم‌نامه ترافیک", starts_on=j(1405, 1, 1),
        ends_on=j(1405, 12, 29), status="active",
    )  # fmt: skip
    Party.objects.create(municipality=world.tehran, agreement=other, kind="municipality")
    client = client_for("liaison_health")
    assert "تفاهم‌نامه ترافیک" not in client.get("/agreements/").content.decode()
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client_for("coordinator_d6").get(other.get_absolute_url()).status_code == 200


def test_a_liaison_records_evidence_only_for_their_own_party(deal, client_for):
    client = client_for("liaison_health")
    # allowed: the health agency's own commitment
    ok = client.post(
        f"/agreements/commitments/{deal.report.pk}/evidence/",
        {"description": "گزارش فصل اول", "done_on": "1405/02/01"},
    )
    assert ok.status_code == 302
    assert Evidence.objects.filter(commitment=deal.report).count() == 1
    # refused: the municipality's commitment
    denied = client.post(
        f"/agreements/commitments/{deal.meeting.pk}/evidence/",
        {"description": "نشست", "done_on": "1405/02/01"},
    )
    assert denied.status_code == 403
    assert not Evidence.objects.filter(commitment=deal.meeting).exists()
    # and the page offers the button only on their own commitment
    body = client.get(deal.agreement.get_absolute_url()).content.decode()
    assert f"/agreements/commitments/{deal.report.pk}/evidence/" in body
    assert f"/agreements/commitments/{deal.meeting.pk}/evidence/" not in body


def test_a_coordinator_reads_but_changes_nothing(deal, client_for):
    client = client_for("coordinator_d6")
    pk = deal.agreement.pk
    assert client.get(f"/agreements/{pk}/edit/").status_code == 403
    assert client.get("/agreements/new/").status_code == 403
    assert (
        client.post(f"/agreements/{pk}/clauses/new/", {"number": 9, "text": "x"}).status_code == 403
    )
    assert client.post(f"/agreements/{pk}/status/", {"to": "expired"}).status_code == 403
    assert client.post(f"/agreements/{pk}/renew/").status_code == 403
    assert (
        client.post(
            f"/agreements/commitments/{deal.meeting.pk}/evidence/",
            {"description": "نشست", "done_on": "1405/02/01"},
        ).status_code
        == 403
    )
    deal.agreement.refresh_from_db()
    assert deal.agreement.status == "active"
    assert Clause.objects.filter(agreement=deal.agreement).count() == 2
    assert not Evidence.objects.exists()
    assert Agreement.objects.count() == 1


def test_the_directorate_creates_an_agreement_with_its_pdf(world, client_for, users):
    client = client_for("directorate")
    doc = SimpleUploadedFile("mou.pdf", PDF, content_type="application/pdf")
    response = client.post("/agreements/new/", {**agreement_post(), "document": doc})
    assert response.status_code == 302
    agreement = Agreement.objects.get()
    assert agreement.status == "draft"
    assert agreement.starts_on == j(1405, 1, 10)
    assert agreement.document.name.endswith(".pdf")
    download = client.get(f"/agreements/{agreement.pk}/document/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF
    assert client_for("citizen").get(f"/agreements/{agreement.pk}/document/").status_code == 403


def test_end_before_start_is_refused_with_a_clear_message(world, client_for):
    client = client_for("directorate")
    response = client.post("/agreements/new/", agreement_post(ends_on="1405/01/01"))
    assert response.status_code == 400
    assert response.context["form"].errors["ends_on"] == [
        "پایان تفاهم‌نامه باید در روز شروع آن یا پس از آن باشد."
    ]
    assert not Agreement.objects.exists()


def test_a_non_pdf_document_is_refused(world, client_for):
    client = client_for("directorate")
    fake = SimpleUploadedFile("mou.pdf", PNG, content_type="application/pdf")
    response = client.post("/agreements/new/", {**agreement_post(), "document": fake})
    assert response.status_code == 400
    assert "PDF" in " ".join(response.context["form"].errors["document"])
    assert not Agreement.objects.exists()


def test_a_stale_edit_is_refused(deal, client_for, users):
    client = client_for("directorate")
    url = f"/agreements/{deal.agreement.pk}/edit/"
    version = client.get(url).context["form"].initial["version"]
    # someone else saves first
    services.agreement_save(
        scope=scope_of(users, "directorate"), actor=users["directorate"],
        agreement=deal.agreement, title="عنوان دیگر", starts_on=deal.agreement.starts_on,
        ends_on=deal.agreement.ends_on, signed_on=deal.agreement.signed_on,
        expected_updated_at=deal.agreement.updated_at,
    )  # fmt: skip
    response = client.post(url, {**agreement_post(title="عنوان من"), "version": version})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    deal.agreement.refresh_from_db()
    assert deal.agreement.title == "عنوان دیگر"


def test_parties_clauses_and_commitments_through_the_forms(deal, world, client_for):
    client = client_for("directorate")
    pk = deal.agreement.pk
    assert (
        client.post(
            f"/agreements/{pk}/parties/new/", {"kind": "other", "name": "شورای شهر"}
        ).status_code
        == 302
    )
    bad = client.post(f"/agreements/{pk}/parties/new/", {"kind": "other", "name": ""})
    assert bad.status_code == 400 and bad.context["form"].errors["name"]
    assert (
        client.post(f"/agreements/{pk}/clauses/new/", {"number": 3, "text": "رصد"}).status_code
        == 302
    )
    dup = client.post(f"/agreements/{pk}/clauses/new/", {"number": 3, "text": "تکراری"})
    assert dup.status_code == 400
    clause = Clause.objects.get(agreement=deal.agreement, number=3)
    ok = client.post(f"/agreements/{pk}/commitments/new/", {
        "clause": clause.pk, "party": deal.school.pk, "description": "دو بازدید",
        "target_kind": "manual", "target_count": 2, "recurrence": "quarterly",
    })  # fmt: skip
    assert ok.status_code == 302
    assert Commitment.objects.filter(description="دو بازدید", recurrence="quarterly").exists()
    missing = client.post(f"/agreements/{pk}/commitments/new/", {
        "clause": clause.pk, "party": deal.school.pk, "description": "جلسات",
        "target_kind": "program", "target_count": 2, "recurrence": "none",
    })  # fmt: skip
    assert missing.status_code == 400 and missing.context["form"].errors["program"]


def test_status_moves_and_renewal(deal, client_for, users):
    client = client_for("directorate")
    pk = deal.agreement.pk
    # active → signed is not a move
    client.post(f"/agreements/{pk}/status/", {"to": "signed"})
    deal.agreement.refresh_from_db()
    assert deal.agreement.status == "active"
    # renew: a new draft with copies, the old one renewed
    response = client.post(f"/agreements/{pk}/renew/")
    new = Agreement.objects.get(renewed_from=deal.agreement)
    assert response.url == new.get_absolute_url()
    assert new.status == "draft"
    assert new.starts_on == deal.agreement.ends_on + dt.timedelta(days=1)
    assert new.parties.count() == 3 and new.clauses.count() == 2 and new.commitments.count() == 3
    assert new.commitments.get(description="چهار گزارش").party.agency_id == deal.health.agency_id
    deal.agreement.refresh_from_db()
    assert deal.agreement.status == "renewed"
    # a draft without a signing date cannot be signed
    client.post(f"/agreements/{new.pk}/status/", {"to": "signed"})
    new.refresh_from_db()
    assert new.status == "draft"


def test_no_evidence_by_hand_for_a_commitment_counted_from_sessions(deal, users):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.evidence_record(
            scope=scope_of(users, "directorate"), actor=users["directorate"],
            commitment=deal.program, description="جلسه", done_on=j(1405, 2, 1),
        )  # fmt: skip
    assert not Evidence.objects.exists()
