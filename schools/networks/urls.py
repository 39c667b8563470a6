"""/networks/: the network of a municipality, ties, other organisations and project teams."""

from django.urls import path

from .views import directory
from .views import networks as views

app_name = "networks"

urlpatterns = [
    path("", views.NetworkView.as_view(), name="network"),
    path("network.svg", views.NetworkSvgView.as_view(), name="network_svg"),
    path("ties/new/", views.TieCreateView.as_view(), name="tie_create"),
    path("ties/<int:pk>/", views.TieDetailView.as_view(), name="tie_detail"),
    path("ties/<int:pk>/edit/", views.TieUpdateView.as_view(), name="tie_update"),
    path("ties/<int:pk>/archive/", views.TieArchiveView.as_view(), name="tie_archive"),
    path("ties/<int:pk>/file/", views.TieFileView.as_view(), name="tie_file"),
    path("ties/<int:pk>/actions/new/", views.JointActionCreateView.as_view(), name="action_create"),
    path(
        "ties/<int:pk>/actions/<int:action_pk>/edit/",
        views.JointActionUpdateView.as_view(),
        name="action_update",
    ),
    path(
        "ties/<int:pk>/actions/<int:action_pk>/done/",
        views.JointActionDoneView.as_view(),
        name="action_done",
    ),
    path("organisations/", directory.OrganisationListView.as_view(), name="organisation_list"),
    path("organisations/new/", directory.OrganisationCreateView.as_view(), name="organisation_create"),
    path(
        "organisations/<int:pk>/",
        directory.OrganisationDetailView.as_view(),
        name="organisation_detail",
    ),
    path(
        "organisations/<int:pk>/edit/",
        directory.OrganisationUpdateView.as_view(),
        name="organisation_update",
    ),
    path(
        "organisations/<int:pk>/archive/",
        directory.OrganisationArchiveView.as_view(),
        name="organisation_archive",
    ),
    path("teams/<int:pk>/", directory.TeamDetailView.as_view(), name="team_detail"),
    path(
        "teams/school/<int:school_id>/",
        directory.TeamForOwnerView.as_view(),
        name="team_for_school",
    ),
    path(
        "teams/municipality/<int:municipality_id>/",
        directory.TeamForOwnerView.as_view(),
        name="team_for_municipality",
    ),
    path("teams/<int:pk>/members/new/", directory.MemberCreateView.as_view(), name="member_create"),
    path(
        "teams/school/<int:school_id>/members/new/",
        directory.MemberCreateView.as_view(),
        name="member_create_school",
    ),
    path(
        "teams/municipality/<int:municipality_id>/members/new/",
        directory.MemberCreateView.as_view(),
        name="member_create_municipality",
    ),
    path(
        "teams/<int:pk>/members/<int:member_pk>/edit/",
        directory.MemberUpdateView.as_view(),
        name="member_update",
    ),
    path(
        "teams/<int:pk>/members/<int:member_pk>/deactivate/",
        directory.MemberDeactivateView.as_view(),
        name="member_deactivate",
    ),
]
