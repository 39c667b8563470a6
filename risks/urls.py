from django.urls import path

from .views import catalogue, profiles, table

app_name = "risks"

urlpatterns = [
    path("", table.index_view, name="index"),
    path("schools/<int:pk>/", profiles.profile_view, name="profile"),
    path("schools/<int:pk>/compute/", profiles.compute_view, name="compute"),
    path("items/<int:pk>/decide/", profiles.decide_view, name="decide"),
    path("items/<int:pk>/review/", profiles.review_view, name="review"),
    path("items/<int:pk>/antirisk/", profiles.antirisk_view, name="antirisk"),
    path("municipalities/<int:pk>/", table.table_view, name="table"),
    path("catalogue/", catalogue.catalogue_view, name="catalogue"),
    path("catalogue/edit/", catalogue.catalogue_edit_view, name="catalogue_edit"),
]
