from django.urls import path

from .views import assignments, load, work

app_name = "curators"

urlpatterns = [
    path("", work.my_schools_view, name="my"),
    path("assignments/", assignments.assignments_view, name="assignments"),
    path("assignments/<int:pk>/end/", assignments.assignment_end_view, name="assignment_end"),
    path("schools/<int:pk>/", work.school_view, name="school"),
    path("schools/<int:pk>/plan/", work.plan_add_view, name="plan_add"),
    path("schools/<int:pk>/visit/", work.visit_create_view, name="visit_create"),
    path("visits/<int:pk>/", work.visit_view, name="visit"),
    path("files/<int:pk>/", work.file_view, name="file"),
    path("load/", load.load_index_view, name="load"),
    path("load/municipality/<int:pk>/", load.load_municipality_view, name="load_municipality"),
    path("load/region/<int:pk>/", load.load_region_view, name="load_region"),
]
