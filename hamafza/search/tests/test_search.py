"""The one search on the database's own engine (FTS5 on SQLite, tsvector on PostgreSQL): every
spelling finds the others, results are ranked and highlighted, and nobody finds what they may
not read."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from hamafza.core.persian import ZWNJ
from hamafza.org.middleware import scope_for_user
from hamafza.search import services
from hamafza.search.engines import ScanEngine
from hamafza.search.folding import index_tokens
from hamafza.search.models import SearchDocument
from hamafza.search.registry import KINDS
from hamafza.search.selectors import _marks, highlight, search, snippet

pytestmark = pytest.mark.django_db

# (what was stored, what a person types): real spelling pairs of Persian text
VARIANTS = [
    ("کتابخانه‌ی مدرسه", "کتاب‌خانه"),
    ("کتابخانه‌ی مدرسه", "کتاب خانه"),
    (f"کتاب{ZWNJ}خانه مدرسه", "کتابخانه"),
    ("کتاب خانه مدرسه", "کتابخانه"),
    ("کتاب خانه مدرسه", f"کتاب{ZWNJ}خانه"),
    ("کتاب‌خانه‌ی کلاسی بهداشت", "كتابخانه كلاسي"),
    ("کتاب‌های داستان کودکان", "کتاب کودکان"),
    ("آموزش شهروندی در منطقه ۲۲", "منطقه۲۲"),
    ("آموزش شهروندی در منطقه۲۲", "منطقه ۲۲"),
    ("آموزش شهروندی در منطقه 22", "منطقه ٢٢"),
    ("آموزش شهروندی در منطقه ٢٢", "منطقه 22"),
    ("آموزش ایمنی", "اموزش ایمنی"),
    ("كودك و بازي", "کودک و بازی"),
    ("کودک و بازی", "كودك بازي"),
    ("مُعَلِّم خوب", "معلم"),
    ("رئیس مدرسه", "رييس"),
    ("مسئول بهداشت", "مسیول"),
    ("خانهٔ سلامت", "خانه سلامت"),
    ("خانۀ سلامت", "خانه سلامت"),
    ("مدرسة النور", "مدرسه"),
    ("آمـــوزش پسماند", "آموزش پسماند"),
    ("دانش‌آموزان دختر", "دانش آموزان"),
    ("می‌خواهند یاد بگیرند", "میخواهند"),
    ("می خواهند یاد بگیرند", "می‌خواهند"),
    ("پیشگیری از COVID", "covid"),
    ("تفکیک زباله از مبدأ", "مبدا"),
    ("بازیافت پسماند", "بازیاف"),  # a word typed halfway
]


@pytest.fixture
def put(world):
    counter = iter(range(1, 10_000))

    def make(title, body="", municipality=None, **extra):
        return services.put(
            kind=extra.pop("kind", "resource"),
            object_id=next(counter),
            municipality_id=(municipality or world.tehran).pk,
            title=title,
            body=body,
            published_at=extra.pop("published_at", timezone.now()),
            **extra,
        )

    return make


@pytest.fixture
def directorate(users):
    return scope_for_user(users["directorate"])


@pytest.mark.parametrize(("stored", "typed"), VARIANTS)
def test_every_spelling_finds_the_stored_text(put, directorate, stored, typed):
    wanted = put(stored)
    put("برنامه‌ی دیگری درباره‌ی ترافیک")
    found = search(directorate, typed)
    assert [h.doc.pk for h in found.hits] == [wanted.pk]
    assert not found.partial
    assert found.engine in {"fts5", "tsvector"}


@pytest.mark.parametrize(("stored", "typed"), VARIANTS)
def test_the_scan_baseline_agrees_on_whole_words(put, directorate, stored, typed):
    """The benchmark's baseline (icontains over the same folded columns) finds the same."""
    wanted = put(stored)
    assert [h.doc.pk for h in search(directorate, typed, engine=ScanEngine()).hits] == [wanted.pk]


def test_every_word_must_match(put, directorate):
    put("ایمنی در برابر زلزله")
    both = put("ایمنی آتش‌نشانی", "آموزش خاموش کردن آتش")
    assert [h.doc.pk for h in search(directorate, "ایمنی آتش").hits] == [both.pk]
    assert search(directorate, "ایمنی سیل").total == 0


def test_a_title_match_ranks_above_a_mention_in_the_text(put, directorate):
    body_only = put("طرح درس", "در این جلسه درباره‌ی پسماند و بازیافت گفت‌وگو می‌کنیم")
    title = put("بازیافت پسماند در مدرسه", "طرح درس یک جلسه")
    hits = search(directorate, "پسماند").hits
    assert [h.doc.pk for h in hits] == [title.pk, body_only.pk]


def test_sorting_by_recent_and_most_used(put, directorate):
    old = put("بازی ترافیک", published_at=timezone.now() - timezone.timedelta(days=30), used=9)
    new = put("بازی ترافیک برای کودکان", used=1)
    assert [h.doc.pk for h in search(directorate, "ترافیک", sort="recent").hits] == [
        new.pk,
        old.pk,
    ]
    assert [h.doc.pk for h in search(directorate, "ترافیک", sort="used").hits] == [
        old.pk,
        new.pk,
    ]


def test_filters(put, directorate, world):
    lesson = put("بازی ترافیک", resource_kind="game", district_id=world.d6.pk, licence="cc_by")
    put("بازی ترافیک", kind="question", district_id=world.d12.pk)
    assert [h.doc.pk for h in search(directorate, "ترافیک", filters={"kind": "resource"}).hits] == [
        lesson.pk
    ]
    assert [h.doc.pk for h in search(directorate, "", filters={"district": world.d6.pk}).hits] == [
        lesson.pk
    ]
    assert search(directorate, "ترافیک", filters={"licence": "all_rights"}).total == 0


def test_matched_words_are_highlighted_and_the_rest_escaped(put, directorate):
    put(
        "بازی <b>ترافیک</b> در منطقه۲۲",
        "متن " * 80 + "چراغ راهنمایی و ترافیک شهری " + "پایان " * 80,
    )
    hit = search(directorate, "ترافیک منطقه ۲۲").hits[0]
    assert "<mark>ترافیک</mark>" in hit.title
    assert "<mark>منطقه۲۲</mark>" in hit.title
    assert "&lt;b&gt;" in hit.title and "<b>" not in hit.title
    assert "<mark>ترافیک</mark> شهری" in hit.snippet
    assert hit.snippet.startswith("… ") and hit.snippet.endswith(" …")


def test_highlight_marks_both_halves_of_a_word_written_apart():
    marks = _marks(["کتابخانه"])
    assert highlight("کتاب خانه‌ی محله", marks) == "<mark>کتاب</mark> <mark>خانه‌ی</mark> محله"
    assert highlight("کتاب‌خانه‌ی محله", marks) == "<mark>کتاب‌خانه‌ی</mark> محله"
    assert snippet("", marks) == ""


def test_a_word_inside_another_is_offered_when_nothing_matches_whole(put, directorate):
    compound = put("دانشآموزان و محیط زیست")  # written together: "آموزان" is inside a word
    found = search(directorate, "آموزان")
    assert found.partial and [h.doc.pk for h in found.hits] == [compound.pk]
    nothing = search(directorate, "ناموجود")
    assert (nothing.total, nothing.partial) == (0, False)
    apart = put("دانش‌آموزان و آب")  # with a ZWNJ, each part is a word of its own
    found = search(directorate, "آموزان آب")
    assert not found.partial and [h.doc.pk for h in found.hits] == [apart.pk]


def test_nobody_finds_another_municipalitys_documents_unless_offered(put, users, world):
    own = put("بازی ترافیک تهران")
    kept = put("بازی ترافیک بومهن", municipality=world.bumehen)
    offered = put("بازی ترافیک بومهن برای همه", municipality=world.bumehen, shared=True)
    hits = search(scope_for_user(users["trainer"]), "ترافیک").hits
    assert {h.doc.pk for h in hits} == {own.pk, offered.pk}
    assert kept.pk not in {h.doc.pk for h in hits}
    elsewhere = next(h for h in hits if h.doc.pk == offered.pk)
    assert elsewhere.elsewhere and elsewhere.municipality_name == world.bumehen.name
    bumehen = {
        h.doc.pk for h in search(scope_for_user(users["bumehen_directorate"]), "ترافیک").hits
    }
    assert bumehen == {kept.pk, offered.pk}


@pytest.mark.parametrize("who", ["citizen", "volunteer"])
def test_citizens_and_volunteers_find_nothing(put, users, who):
    put("بازی ترافیک")
    put("بازی ترافیک همگانی", shared=True)
    assert search(scope_for_user(users[who]), "ترافیک").total == 0


def test_the_index_follows_the_write_transaction(put, directorate, world):
    doc = put("بازی ترافیک")
    with pytest.raises(RuntimeError), transaction.atomic():
        services.put(
            kind="resource",
            object_id=doc.object_id,
            municipality_id=world.tehran.pk,
            title="مسابقه‌ی پسماند",
            published_at=timezone.now(),
        )
        assert search(directorate, "پسماند").total == 1
        raise RuntimeError("the write failed")
    assert search(directorate, "پسماند").total == 0
    assert search(directorate, "ترافیک").total == 1
    services.put(
        kind="resource",
        object_id=doc.object_id,
        municipality_id=world.tehran.pk,
        title="مسابقه‌ی پسماند",
        published_at=timezone.now(),
    )
    assert search(directorate, "ترافیک").total == 0
    assert search(directorate, "پسماند").total == 1
    services.drop(kind="resource", object_id=doc.object_id)
    assert search(directorate, "پسماند").total == 0


def test_paging(put, directorate):
    for i in range(25):
        put(f"بازی ترافیک شماره {i}")
    first = search(directorate, "ترافیک", per_page=10)
    assert (first.total, first.pages, len(first.hits)) == (25, 3, 10)
    last = search(directorate, "ترافیک", per_page=10, page=99)
    assert (last.page, len(last.hits)) == (3, 5)


def test_the_token_stream_joins_neighbours_and_splits_glued_digits():
    assert index_tokens("منطقه۲۲ کتاب‌خانه") == "منطقه 22 کتابخانه کتاب خانه منطقه22 22کتابخانه"
    assert index_tokens("کتاب‌خانه‌ی") == "کتابخانهی کتاب کتابخانه خانه خانهی ی"


def test_rebuild_search_indexes_what_exists(world, users):
    """Content that exists without its index rows (made before the search, or restored) is put
    back by the command, and nothing that is not findable is added."""
    assert {"resource", "report", "question"} <= set(KINDS)
    put = services.put(
        kind="resource", object_id=987_654, municipality_id=world.tehran.pk,
        title="سندی که دیگر وجود ندارد", published_at=timezone.now(),
    )  # fmt: skip
    call_command("rebuild_search", stdout=io.StringIO())
    assert not SearchDocument.objects.filter(pk=put.pk).exists()
