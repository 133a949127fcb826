import factory
from django.contrib.auth import get_user_model

from hamafza.core.scoping import Role
from hamafza.org.models import (
    Agency,
    District,
    Membership,
    Municipality,
    Neighbourhood,
    School,
    Venue,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "کاربر"
    password = factory.django.Password("pass-1234")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"city{n}")
    name = factory.Sequence(lambda n: f"شهرداری {n}")


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    municipality = factory.SubFactory(MunicipalityFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda o: f"منطقه {o.number}")


class NeighbourhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighbourhood

    district = factory.SubFactory(DistrictFactory)
    municipality = factory.LazyAttribute(lambda o: o.district.municipality)
    name = factory.Sequence(lambda n: f"محله {n}")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"سازمان {n}")
    kind = Agency.Kind.OTHER


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    district = factory.SubFactory(DistrictFactory)
    municipality = factory.LazyAttribute(lambda o: o.district.municipality)
    name = factory.Sequence(lambda n: f"دبستان شماره {n}")
    code = factory.Sequence(lambda n: f"9{n:05d}")
    stage = School.Stage.PRIMARY
    gender = School.Gender.GIRLS
    grade_from = 1
    grade_to = 6


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    district = factory.SubFactory(DistrictFactory)
    municipality = factory.LazyAttribute(lambda o: o.district.municipality)
    name = factory.Sequence(lambda n: f"فرهنگسرای {n}")
    kind = Venue.Kind.CULTURAL_CENTRE


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    role = Role.DIRECTORATE
