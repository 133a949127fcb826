"""What people type is what is stored, on every save path (page form, API, import), while search
and duplicate detection still match every spelling of the same words."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from hamafza.accounts.models import ApiToken
from hamafza.org.models import School
from hamafza.org.tests.test_import import HEADERS

# (as typed, a plain spelling of the same words that search and duplicates must match)
WORDS = [
    ("مدرسه مسئول", "مدرسه مسیول"),
    ("دبستان تأمین", "دبستان تامین"),
    ("دبستان رئیس", "دبستان رییس"),
    ("مؤسسه فرهنگی", "موسسه فرهنگی"),
    ("هیئت امنا", "هییت امنا"),
    ("لطفاً آرام", "لطفا آرام"),
    ("خانهٔ دانش", "خانه دانش"),
    ("کتاب‌خانه ۲", "کتابخانه 2"),
]


def _page(world, client_for, name, code):
    data = {
        "name": name, "code": code, "district": world.d6.pk, "neighbourhood": world.hood6.pk,
        "stage": "primary", "gender": "boys", "ownership": "public", "grade_from": 1,
        "grade_to": 6, "address": f"نشانی {name}",
    }  # fmt: skip
    response = client_for("directorate").post(reverse("org:school_create"), data)
    assert response.status_code == 302, response.content.decode()[-2000:]


def _api(world, users, name, code):
    _, token = ApiToken.issue(users["directorate"], "test")
    data = {
        "name": name, "code": code, "district_id": world.d6.pk, "stage": "primary",
        "gender": "boys", "grade_from": 1, "grade_to": 6, "address": f"نشانی {name}",
    }  # fmt: skip
    response = Client(HTTP_AUTHORIZATION=f"Bearer {token}").post(
        "/api/org/schools", data, content_type="application/json"
    )
    assert response.status_code == 201, response.content


def _import(world, client_for, name, code):
    book = openpyxl.Workbook()
    book.active.append(HEADERS)
    book.active.append([name, code, 6, "", "ابتدایی", "پسرانه", 1, 6, ""])
    out = io.BytesIO()
    book.save(out)
    client = client_for("directorate")
    response = client.post(
        reverse("org:school_import"), {"file": SimpleUploadedFile("s.xlsx", out.getvalue())}
    )
    client.post(response["Location"], {"action": "apply"})


@pytest.mark.parametrize("path", ["page", "api", "import"])
@pytest.mark.parametrize(("typed", "plain"), WORDS)
def test_typed_text_round_trips_and_is_found_by_any_spelling(
    world, users, client_for, path, typed, plain
):
    code = "۷۷۰۱"
    save = {"page": _page, "api": _api, "import": _import}[path]
    if path == "api":
        save(world, users, typed, code)
    else:
        save(world, client_for, typed, code)

    school = School.objects.get(code="7701")  # a code keeps Latin digits, however typed
    assert school.name == typed
    if path != "import":
        assert school.address == f"نشانی {typed}"

    # the page shows the spelling as typed
    page = client_for("directorate").get(school.get_absolute_url()).content.decode()
    assert typed.replace("2", "۲") in page

    # search finds it by the plain spelling, the list keeps the typed one
    found = client_for("directorate").get(reverse("org:school_list"), {"q": plain})
    assert typed in found.content.decode()

    # a second school under the plain spelling is a duplicate, refused with a message
    before = School.objects.count()
    data = {
        "name": plain, "code": "7702", "district": world.d6.pk, "stage": "primary",
        "gender": "boys", "ownership": "public", "grade_from": 1, "grade_to": 6,
    }  # fmt: skip
    response = client_for("directorate").post(reverse("org:school_create"), data)
    assert response.status_code == 400
    assert School.objects.count() == before
    assert School.objects.get(pk=school.pk).name == typed  # nothing already saved was touched
