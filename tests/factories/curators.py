"""Curators' rows made by their services: an assignment by ``curator_assign`` (which opens the
methodologist's right to the school), a plan item by ``plan_item_add``."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from curators.models import CuratorAssignment, PlanItem
from curators.services.assignments import OrderData, curator_assign
from curators.services.visits import plan_item_add

from .schools import MethodologistFactory, RegionStaffFactory, SchoolFactory


class CuratorAssignmentFactory(factory.django.DjangoModelFactory):
    """``CuratorAssignmentFactory(school=…, curator=…, assigned_by=…)``: the curator of one school,
    by order № 1-к dated 100 days ago, from the next day."""

    class Meta:
        model = CuratorAssignment

    school = factory.SubFactory(SchoolFactory)
    curator = factory.SubFactory(MethodologistFactory)
    assigned_by = factory.LazyAttribute(lambda o: RegionStaffFactory(region=o.school.region))
    order_number = "1-к"
    order_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=100))
    starts_on = factory.LazyAttribute(lambda o: o.order_date + timedelta(days=1))
    ends_on = None

    @classmethod
    def _create(cls, model_class, *, school, curator, assigned_by, order_number, order_date, starts_on, ends_on):
        order = OrderData(order_number, order_date, starts_on, ends_on)
        return curator_assign(curator=curator, schools=[school], order=order, user=assigned_by)[0]


class PlanItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanItem

    assignment = factory.SubFactory(CuratorAssignmentFactory)
    planned_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=10))
    kind = PlanItem.Kind.VISIT
    topic = "Посещение уроков"

    @classmethod
    def _create(cls, model_class, *, assignment, planned_on, kind, topic):
        return plan_item_add(
            assignment=assignment, planned_on=planned_on, kind=kind, topic=topic, user=assignment.curator
        )
