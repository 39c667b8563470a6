"""factory_boy factories for the tests: ``from tests.factories import SchoolFactory, ProgramFactory``.

Where the portal has a service that creates a row, the factory calls it (``_create`` is the
service), so a test's data is made the way the portal makes it, with the same checks; such
factories support ``create`` only. Rows with no service (the ladder, goals, tasks, a run's
results) are plain model rows. One module per app, the same names re-exported here;
docs/architecture.md, «How tests build data»."""

from .curators import CuratorAssignmentFactory, PlanItemFactory
from .indices import RunFactory, SchoolResultFactory
from .monitoring import CollectionFactory, IndicatorFactory
from .programs import GoalFactory, MeasureFactory, ProgramFactory, ProgramSchoolFactory, TargetFactory, TaskFactory
from .schools import (
    ApiClientFactory,
    AssignmentFactory,
    ExecutorFactory,
    MembershipFactory,
    MethodologistFactory,
    MunicipalityFactory,
    MunicipalStaffFactory,
    OrganisationFactory,
    PersonFactory,
    RegionFactory,
    RegionStaffFactory,
    SchoolFactory,
    SchoolTeamFactory,
    UserFactory,
)
from .surveys import CampaignFactory, QuestionnaireFactory

__all__ = [
    "ApiClientFactory",
    "AssignmentFactory",
    "CampaignFactory",
    "CollectionFactory",
    "CuratorAssignmentFactory",
    "ExecutorFactory",
    "GoalFactory",
    "IndicatorFactory",
    "MeasureFactory",
    "MembershipFactory",
    "MethodologistFactory",
    "PlanItemFactory",
    "MunicipalStaffFactory",
    "MunicipalityFactory",
    "OrganisationFactory",
    "PersonFactory",
    "ProgramFactory",
    "ProgramSchoolFactory",
    "QuestionnaireFactory",
    "RegionFactory",
    "RegionStaffFactory",
    "RunFactory",
    "SchoolFactory",
    "SchoolResultFactory",
    "SchoolTeamFactory",
    "TargetFactory",
    "TaskFactory",
    "UserFactory",
]
