import csv
import io
import zipfile

import pyarrow.parquet as pq
import pytest
from django.urls import reverse

from hamafza.org.middleware import scope_for_user
from hamafza.research import datasets
from hamafza.research.tests.conftest import FREE_TEXT, MOBILES, NAMES, PAIRS_A
from hamafza.sessions.models import Registration
from hamafza.trainers.models import Trainer

pytestmark = pytest.mark.django_db


def unzip(content: bytes) -> dict[str, dict[str, list[dict]]]:
    """{"csv"|"parquet": {table: rows}} with every cell as text ("" for empty)."""
    tables = {"csv": {}, "parquet": {}}
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        tables["readme"] = zf.read("README.txt").decode()
        for t in datasets.TABLES:
            text = zf.read(f"csv/{t.name}.csv").decode("utf-8-sig")
            tables["csv"][t.name] = list(csv.DictReader(io.StringIO(text)))
            pa_table = pq.read_table(io.BytesIO(zf.read(f"parquet/{t.name}.parquet")))
            tables["parquet"][t.name] = [
                {k: "" if v is None else str(v) for k, v in row.items()}
                for row in pa_table.to_pylist()
            ]
    return tables


@pytest.fixture
def export(rw, client_for):
    return lambda: unzip(client_for("directorate").post(reverse("research:export")).content)


def identifiers(world):
    values = set(NAMES) | set(MOBILES) | {FREE_TEXT, "کنسل شده", "09120000000"}
    values |= set(Registration.objects.values_list("name", flat=True))
    values |= set(Registration.objects.values_list("mobile", flat=True))
    for t in Trainer.objects.all():
        values |= {t.first_name, t.last_name, t.national_code, t.mobile}
    values |= {world.s6.name, world.s12.name, world.v6.name}
    return {v for v in values if v}


def test_no_identifier_survives_in_any_cell(export, world):
    tables = export()
    secrets = identifiers(world)
    codes = {code for code, _pre, _post in PAIRS_A} | {"KOD-A6", "KOD-B1", "KOD-B2"}
    cells = 0
    for fmt in ("csv", "parquet"):
        for name, rows in tables[fmt].items():
            assert rows or name != "sessions"
            for row in rows:
                for column, cell in row.items():
                    cells += 1
                    assert not any(s in cell for s in secrets), (fmt, name, column, cell)
                    assert cell not in codes, (fmt, name, column, cell)
    assert cells > 100
    assert not any(s in tables["readme"] for s in secrets)


def test_tables_rows_and_small_cells(export, rw):
    tables = export()
    for fmt in ("csv", "parquet"):
        t = tables[fmt]
        # sessions: a (6 present), b (18 counted), c (9); d (2 present) dropped; p not delivered
        assert sorted(int(r["participants"]) for r in t["sessions"]) == [6, 9, 18]
        # tests: session a's six codes; session b (2 codes) dropped
        assert len(t["tests"]) == 6
        assert {r["gain"] for r in t["tests"] if r["post_score"] == ""} == {""}
        # survey answers: the five Likert answers at a; text answers never; b (2 responses) dropped
        assert sorted(r["value"] for r in t["survey_answers"]) == ["3", "4", "4", "4", "5"]
        assert {r["question_kind"] for r in t["survey_answers"]} == {"likert"}
        counts = {(r["district"], r["gender"]): r for r in t["counts_district_program_gender"]}
        assert counts[("12", "girls")]["count"] == "10"
        assert counts[("12", "boys")]["count"] == "8"
        # district 6: girls 3 (small) and boys 6, hidden together — their sum is known from
        # session c's participants
        assert counts[("6", "girls")]["suppressed"] in ("True", "true")
        assert counts[("6", "boys")]["suppressed"] in ("True", "true")
        # session c (girls 3, boys 6): both hidden, its participants (9) shown
        c = next(r for r in t["sessions"] if r["participants"] == "9")
        assert (c["girls"], c["boys"]) == (("x", "x") if fmt == "csv" else ("", ""))
        # session d (2 present of 3 registered) is dropped; a (8 registered) shows its figure
        assert {r["registered"] for r in t["sessions"] if r["setting"] == "public"} == {"8"}
    suppressed_csv = [
        r for r in tables["csv"]["counts_district_program_gender"] if r["district"] == "6"
    ]
    assert {r["count"] for r in suppressed_csv} == {"x"}
    parquet_girls6 = next(
        r
        for r in tables["parquet"]["counts_district_program_gender"]
        if (r["district"], r["gender"]) == ("6", "girls")
    )
    assert parquet_girls6["count"] == ""


def test_pseudonyms_stable_within_and_different_across_exports(export, rw):
    first, second = export(), export()
    for tables in (first, second):
        t = tables["csv"]
        # one session pseudonym links the session table, the tests and the answers
        session_ids = {r["session"] for r in t["sessions"]}
        assert {r["session"] for r in t["tests"]} <= session_ids
        assert {r["occasion"] for r in t["survey_answers"]} <= session_ids
        assert len({r["participant"] for r in t["tests"]}) == 6
        # each answering registration keeps one pseudonym, distinct per person
        assert len({r["participant"] for r in t["survey_answers"]}) == 5
        # csv and parquet carry the same pseudonyms
        assert {r["participant"] for r in tables["parquet"]["tests"]} == {
            r["participant"] for r in t["tests"]
        }
    a = {r["participant"] for r in first["csv"]["tests"]}
    b = {r["participant"] for r in second["csv"]["tests"]}
    assert a.isdisjoint(b)
    assert {r["session"] for r in first["csv"]["sessions"]}.isdisjoint(
        {r["session"] for r in second["csv"]["sessions"]}
    )


def test_pseudonymiser_is_a_keyed_hash():
    p = datasets.Pseudonymiser(salt=b"x" * 32)
    assert p("participant", 1) == p("participant", 1) != p("participant", 2)
    assert datasets.Pseudonymiser(salt=b"y" * 32)("participant", 1) != p("participant", 1)


def test_readme_describes_every_column_in_both_languages(export):
    readme = export()["readme"]
    assert "Hamafza research data" in readme and "داده‌های پژوهشی" in readme
    for t in datasets.TABLES:
        for c in t.columns:
            assert f"- {c.name} (" in readme


@pytest.mark.parametrize("role", ["coordinator_d6", "trainer", "liaison_health", "citizen"])
def test_export_denied(rw, client_for, users, role):
    client = client_for(role)
    assert client.get(reverse("research:export")).status_code == 403
    assert client.post(reverse("research:export")).status_code == 403
    assert datasets.build(scope_for_user(users[role]))["sessions"] == []


def test_export_page_and_zip_for_directorate(rw, client_for):
    client = client_for("directorate")
    assert client.get(reverse("research:export")).status_code == 200
    response = client.post(reverse("research:export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]


def test_web_workers_do_not_load_pyarrow():
    """pyarrow (tens of MB) is imported by the export when it runs, not by every worker that
    loads the URLs and the API."""
    import subprocess
    import sys

    code = (
        "import django, sys; django.setup();"
        "from django.urls import get_resolver; get_resolver().url_patterns;"
        "from django.test import Client; Client().get('/api/openapi.json');"
        "import hamafza.research.views, hamafza.research.api;"
        "print('pyarrow' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip().splitlines()[-1] == "False"
