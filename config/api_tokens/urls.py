from django.urls import path

from . import views as token_views

app_name = "api_tokens"

urlpatterns = [
    path("", token_views.token_list_view, name="list"),
    path("new/", token_views.token_issue_view, name="issue"),
    path("<int:pk>/revoke/", token_views.token_revoke_view, name="revoke"),
]
