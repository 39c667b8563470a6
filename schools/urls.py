from django.urls import path

from .views import access_log, registry

app_name = "schools"

urlpatterns = [
    path("", registry.school_list_view, name="list"),
    path("access-log/", access_log.access_log_view, name="access_log"),
    path("<int:pk>/", registry.school_detail_view, name="detail"),
    path("<int:pk>/edit/", registry.school_edit_view, name="edit"),
    path("<int:pk>/profile/", registry.profile_edit_view, name="profile_edit"),
    path("<int:pk>/context/", registry.context_edit_view, name="context_edit"),
]
