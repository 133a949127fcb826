import datetime as dt

import factory

from hamafza.catalogue.models import Domain
from hamafza.trainers.demo import national_code
from hamafza.trainers.models import Certificate, CompetencyLevel, Trainer, TrainerDomain


class DomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Domain

    code = factory.Sequence(lambda n: f"domain{n}")
    name = factory.Sequence(lambda n: f"حوزه {n}")


def _code(n):
    import random

    return national_code(random.Random(n))  # noqa: S311 - test data


class TrainerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trainer

    first_name = "مریم"
    last_name = factory.Sequence(lambda n: f"آموزشگر{n}")
    national_code = factory.Sequence(_code)
    mobile = factory.Sequence(lambda n: f"0935{n:07d}")
    gender = Trainer.Gender.FEMALE
    municipality = factory.LazyAttribute(lambda o: o.home_district.municipality)


class LevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompetencyLevel

    municipality = factory.LazyAttribute(lambda o: o.domain.municipality)


class TrainerDomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainerDomain

    municipality = factory.LazyAttribute(lambda o: o.trainer.municipality)


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate

    municipality = factory.LazyAttribute(lambda o: o.trainer.municipality)
    title = "گواهی"
    issuer = "شهرداری"
    issued_on = dt.date(2025, 1, 1)
    expires_on = dt.date(2030, 1, 1)
    status = Certificate.Status.VERIFIED
