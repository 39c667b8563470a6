from django.urls import path

from .views import registry

app_name = "schools"

urlpatterns = [
    path("", registry.school_list_view, name="list"),
    path("<int:pk>/", registry.SchoolDetailView.as_view(), name="detail"),
]
