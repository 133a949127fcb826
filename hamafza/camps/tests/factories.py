import datetime as dt

import factory
from django.utils import timezone

from hamafza.camps.models import Camp, CampParticipant


class CampFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Camp

    municipality = factory.LazyAttribute(lambda o: o.district.municipality)
    title = factory.Sequence(lambda n: f"اردوی جهادی {n}")
    place = "اردوگاه شهید باهنر"
    start_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=20))
    end_date = factory.LazyAttribute(lambda o: o.start_date + dt.timedelta(days=3))
    capacity = 30
    grade_from = 1
    grade_to = 12
    status = Camp.Status.OPEN


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CampParticipant

    municipality = factory.LazyAttribute(lambda o: o.camp.municipality)
    full_name = factory.Sequence(lambda n: f"دانش‌آموز {n}")
    grade = 5
    gender = CampParticipant.Gender.GIRL
    guardian_name = "ولی"
    guardian_mobile = factory.Sequence(lambda n: f"0912{n:07d}")
