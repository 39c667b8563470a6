from django.urls import path

from . import views_collection_admin as collection_admin
from . import views_collections as views

urlpatterns = [
    path("collections/", views.collection_list_view, name="collection_list"),
    path("collections/new/", views.collection_create_view, name="collection_create"),
    path("collections/<int:pk>/", views.collection_detail_view, name="collection_detail"),
    path("collections/<int:pk>/control/", collection_admin.collection_control_view, name="collection_control"),
    path("collections/<int:pk>/export/", views.collection_export_view, name="collection_export"),
    path("submissions/<int:pk>/", views.submission_detail_view, name="submission_detail"),
    path("submissions/<int:pk>/fill/", views.submission_fill_view, name="submission_fill"),
    path("submissions/<int:pk>/check/", views.submission_check_view, name="submission_check"),
    path("submissions/<int:pk>/review/", views.submission_review_view, name="submission_review"),
]
