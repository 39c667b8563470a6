"""`/api/`: the versioned REST API, its OpenAPI schema and the offline Swagger UI."""

from __future__ import annotations

from django.urls import include, path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny
from rest_framework.routers import DefaultRouter

from .base import IdConverter
from .views import schema  # noqa: F401  (registers the token scheme with drf-spectacular)
from .views.indices import RunResultViewSet, RunViewSet
from .views.ladder import MunicipalityViewSet, RegionViewSet, SchoolViewSet
from .views.monitoring import IndicatorViewSet, PeriodViewSet, TargetViewSet, ValueViewSet
from .views.programs import MeasureAssignmentsView, MeasureViewSet, OccurrenceProgressView, ProgramViewSet
from .views.resources import EventViewSet, FundingViewSet, MentorPairViewSet, TeacherPlanViewSet, TrainingViewSet
from .views.results import AssessmentViewSet, RiskViewSet

app_name = "api"
register_converter(IdConverter, "id")


class Router(DefaultRouter):
    include_root_view = False


router = Router()
router.register("regions", RegionViewSet, basename="region")
router.register("municipalities", MunicipalityViewSet, basename="municipality")
router.register("schools", SchoolViewSet, basename="school")
router.register("programs", ProgramViewSet, basename="program")
router.register("measures", MeasureViewSet, basename="measure")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("periods", PeriodViewSet, basename="period")
router.register("indicator-values", ValueViewSet, basename="value")
router.register("targets", TargetViewSet, basename="target")
router.register("runs", RunViewSet, basename="run")
router.register("events", EventViewSet, basename="event")
router.register("funding", FundingViewSet, basename="funding")
router.register("trainings", TrainingViewSet, basename="training")
router.register("teacher-plans", TeacherPlanViewSet, basename="teacher-plan")
router.register("mentor-pairs", MentorPairViewSet, basename="mentor-pair")

v1 = [
    *router.urls,
    path("runs/<id:run_pk>/results/", RunResultViewSet.as_view({"get": "list"}), name="run-results"),
    path("risk/", RiskViewSet.as_view({"get": "list"}), name="risk"),
    path("assessments/", AssessmentViewSet.as_view({"get": "list"}), name="assessments"),
    path("occurrences/<id:pk>/progress/", OccurrenceProgressView.as_view(), name="occurrence-progress"),
    path("measures/<id:pk>/assignments/", MeasureAssignmentsView.as_view(), name="measure-assignments"),
]

urlpatterns = [
    path("v1/", include(v1)),
    # The shape of the API is not a secret: the schema and its docs are open, the data is not.
    path(
        "schema/", SpectacularAPIView.as_view(permission_classes=[AllowAny], authentication_classes=[]), name="schema"
    ),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", permission_classes=[AllowAny], authentication_classes=[]
        ),
        name="docs",
    ),
]
