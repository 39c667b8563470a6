from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("", views.ImportIndexView.as_view(), name="index"),
    path("batch/<int:pk>/", views.BatchDetailView.as_view(), name="batch"),
    path("batch/<int:pk>/confirm/", views.BatchConfirmView.as_view(), name="confirm"),
    path("batch/<int:pk>/errors.xlsx", views.BatchReportView.as_view(), name="report"),
    path("<slug:kind>/", views.UploadView.as_view(), name="upload"),
    path("<slug:kind>/template.xlsx", views.TemplateDownloadView.as_view(), name="template"),
]
