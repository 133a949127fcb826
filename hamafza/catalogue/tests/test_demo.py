import re

from hamafza.catalogue.demo import seed_programs
from hamafza.catalogue.models import Lesson, Program, ProgramVersion, Question


def test_seed_programs_gives_each_domain_published_programs(world):
    programs = seed_programs(world.tehran)
    assert len(programs) == 14
    for program in programs:
        version = program.current_version
        assert version.status == ProgramVersion.Status.PUBLISHED
        assert 3 <= version.lessons.count() <= 6
        assert version.lessons.count() == program.session_count
        assert program.status == Program.Status.ACTIVE
        assert program.questions.count() == 5
        assert all(lesson.plan.count("\n") >= 3 for lesson in version.lessons.all())
    assert Program.objects.values("domain").distinct().count() == 7
    # idempotent, and per municipality
    assert seed_programs(world.tehran) == []
    assert len(seed_programs(world.bumehen)) == 14
    assert Question.objects.filter(municipality=world.bumehen).count() == 70


def test_the_demo_programs_are_stored_as_written(world):
    """Hamza kept and Persian digits in Persian text (the lesson plans' steps and minutes)."""
    seed_programs(world.tehran)
    # needs the storage cleaner that keeps the user's spelling (core.persian.clean_typed); the
    # old normaliser folded «ئ» to «ی» and stored «شهروند مسیول»
    assert Program.objects.get(municipality=world.tehran, code="CIT-101").title == "شهروند مسئول"
    cit = Lesson.objects.filter(municipality=world.tehran, version__program__code="CIT-101")
    plan = cit.order_by("order").first().plan
    assert plan.startswith("۱. آغاز و گرم‌کردن (۵ دقیقه)")
    for lesson in Lesson.objects.filter(municipality=world.tehran):
        assert not re.search("[0-9يك]", lesson.plan), lesson.plan
