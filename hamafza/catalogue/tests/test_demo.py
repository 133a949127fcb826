from hamafza.catalogue.demo import seed_programs
from hamafza.catalogue.models import Program, ProgramVersion, Question


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
