"""factory_boy factories that keep the ladder consistent (a school's region is its municipality's)."""

from __future__ import annotations

import factory

from schools.models import Membership, MethodologistAssignment, Municipality, Organisation, Region, Role, School, User


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{n + 10:02d}")
    name = factory.Sequence(lambda n: f"Регион {n}")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    region = factory.SubFactory(RegionFactory)
    code = factory.Sequence(lambda n: f"mun{n}")
    name = factory.Sequence(lambda n: f"Муниципалитет {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    municipality = factory.SubFactory(MunicipalityFactory)
    region = factory.SelfAttribute("municipality.region")
    kind = Organisation.Kind.METHODOLOGICAL_CENTRE
    name = factory.Sequence(lambda n: f"Методический центр № {n}")
    short_name = factory.Sequence(lambda n: f"МЦ {n}")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    municipality = factory.SubFactory(MunicipalityFactory)
    region = factory.SelfAttribute("municipality.region")
    code = factory.Sequence(lambda n: f"SCH-{n:05d}")
    name = factory.Sequence(lambda n: f"Муниципальное бюджетное общеобразовательное учреждение «СОШ № {n}»")
    short_name = factory.Sequence(lambda n: f"МБОУ СОШ № {n}")
    type = School.Type.SOSH


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Иван"
    last_name = factory.Sequence(lambda n: f"Пользователь{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    password = factory.django.Password("correct-horse-battery-staple")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.MUNICIPAL_STAFF


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MethodologistAssignment

    methodologist = factory.SubFactory(UserFactory)
    school = factory.SubFactory(SchoolFactory)
