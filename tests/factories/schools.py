"""The ladder and its people: regions, municipalities, organisations, schools, users and their roles.

Rows with no service of their own are made as model rows, keeping the ladder consistent (a school's
region is its municipality's). A person holds a role through a membership: the persona factories
below make the user and the membership together, the scope the role needs filled in."""

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


class PersonFactory(UserFactory):
    """A user holding one active role. Give the role's scope as the rung itself:
    ``PersonFactory(role=Role.SCHOOL_TEAM, school=school)``; the role factories below pick the
    role and make a scope when none is given."""

    class Meta:
        skip_postgeneration_save = True

    class Params:
        role = Role.MUNICIPAL_STAFF
        region = None
        municipality = None
        school = None
        organisation = None

    membership = factory.RelatedFactory(
        MembershipFactory,
        factory_related_name="user",
        role=factory.SelfAttribute("..role"),
        region=factory.SelfAttribute("..region"),
        municipality=factory.SelfAttribute("..municipality"),
        school=factory.SelfAttribute("..school"),
        organisation=factory.SelfAttribute("..organisation"),
    )


class RegionStaffFactory(PersonFactory):
    class Params:
        role = Role.REGION_STAFF
        region = factory.SubFactory(RegionFactory)


class MunicipalStaffFactory(PersonFactory):
    class Params:
        role = Role.MUNICIPAL_STAFF
        municipality = factory.SubFactory(MunicipalityFactory)


class SchoolTeamFactory(PersonFactory):
    class Params:
        role = Role.SCHOOL_TEAM
        school = factory.SubFactory(SchoolFactory)


class MethodologistFactory(PersonFactory):
    """A methodologist (the municipality is optional); ``assigned=[school, …]`` are the schools
    assigned to them, the source of their right to see those schools."""

    class Params:
        role = Role.METHODOLOGIST

    @factory.post_generation
    def assigned(user, create, schools, **kwargs):
        for school in schools or ():
            AssignmentFactory(methodologist=user, school=school)


class ApiClientFactory(PersonFactory):
    """An external system's account, scoped to one school or (by default) one municipality."""

    class Params:
        role = Role.API_CLIENT
        municipality = factory.Maybe(
            "school", yes_declaration=None, no_declaration=factory.SubFactory(MunicipalityFactory)
        )


class ExecutorFactory(PersonFactory):
    """Staff of an executing organisation (methodological centre, college, partner)."""

    class Params:
        role = Role.EXECUTOR
        organisation = factory.SubFactory(OrganisationFactory)
