from django.urls import path

from . import views

app_name = "schools"

urlpatterns = [
    path("", views.school_list_view, name="list"),
    path("<int:pk>/", views.SchoolDetailView.as_view(), name="detail"),
]
