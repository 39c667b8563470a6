from django.urls import path

from .views import events, funding, plans, training

app_name = "resources"

urlpatterns = [
    path("calendar/<int:pk>/", events.calendar_view, name="calendar"),
    path("programs/<int:pk>/events/new/", events.event_plan_view, name="event_plan"),
    path("events/<int:pk>/", events.event_detail_view, name="event"),
    path("events/<int:pk>/invite/", events.event_invite_view, name="event_invite"),
    path("events/<int:pk>/cancel/", events.event_cancel_view, name="event_cancel"),
    path("events/<int:pk>/record/", events.event_record_view, name="event_record"),
    path("materials/<int:pk>/", events.material_download_view, name="material"),
    path("programs/<int:pk>/funding/", funding.funding_view, name="funding"),
    path("programs/<int:pk>/funding/publish/", funding.funding_publish_view, name="funding_publish"),
    path("grants/", funding.grants_view, name="grants"),
    path("funding/<int:pk>/", funding.funding_line_view, name="funding_line"),
    path("funding/<int:pk>/delete/", funding.funding_delete_view, name="funding_delete"),
    path("schools/<int:pk>/trainings/", training.register_view, name="register"),
    path("schools/<int:pk>/trainings/plans/", plans.plans_view, name="plans"),
    path("plans/items/<int:pk>/delete/", plans.plan_item_delete_view, name="plan_item_delete"),
    path("mentoring/<int:pk>/delete/", plans.pair_delete_view, name="pair_delete"),
]
