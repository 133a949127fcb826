import factory
from django.utils import timezone

from hamafza.catalogue.models import Domain, Lesson, Material, Program, ProgramVersion, Question
from hamafza.org.tests.factories import MunicipalityFactory


class DomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Domain

    municipality = factory.SubFactory(MunicipalityFactory)
    code = factory.Sequence(lambda n: f"domain-{n}")
    name = factory.Sequence(lambda n: f"حوزه {n}")


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    domain = factory.SubFactory(DomainFactory)
    municipality = factory.LazyAttribute(lambda o: o.domain.municipality)
    code = factory.Sequence(lambda n: f"P-{n:03d}")
    title = factory.Sequence(lambda n: f"برنامه آموزشی {n}")
    objectives = "آشنایی با مفاهیم پایه"
    audience = Program.Audience.PRIMARY_UPPER
    gender = Program.Gender.ANY
    session_count = 3
    session_minutes = 45


class ProgramVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramVersion

    program = factory.SubFactory(ProgramFactory)
    municipality = factory.LazyAttribute(lambda o: o.program.municipality)
    number = 1


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson

    version = factory.SubFactory(ProgramVersionFactory)
    municipality = factory.LazyAttribute(lambda o: o.version.municipality)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"جلسه {n}")
    plan = "۱. گرم‌کردن\n۲. بحث گروهی\n۳. جمع‌بندی"
    minutes = 45


class MaterialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Material

    version = factory.SubFactory(ProgramVersionFactory)
    municipality = factory.LazyAttribute(lambda o: o.version.municipality)
    title = factory.Sequence(lambda n: f"منبع {n}")
    kind = Material.Kind.LINK
    url = "https://example.ir/material.pdf"


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    program = factory.SubFactory(ProgramFactory)
    municipality = factory.LazyAttribute(lambda o: o.program.municipality)
    text = factory.Sequence(lambda n: f"پرسش شماره {n} کدام است؟")
    choices = factory.LazyFunction(lambda: ["گزینه الف", "گزینه ب", "گزینه ج", "گزینه د"])
    correct_index = 0


def published_program(*, lessons: int = 3, **kwargs) -> Program:
    """A program whose version 1 is published and current, with ``lessons`` lessons."""
    program = ProgramFactory(session_count=lessons, **kwargs)
    version = ProgramVersionFactory(program=program, number=1)
    for order in range(1, lessons + 1):
        LessonFactory(version=version, order=order, title=f"درس {order} از {program.title}")
    version.status = ProgramVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.save()
    program.current_version = version
    program.status = Program.Status.ACTIVE
    program.save()
    return program
