from django.urls import path

from . import views_audits

urlpatterns = [
    path("audits/start/<int:school_pk>/", views_audits.audit_start_view, name="audit_start"),
    path("audits/<int:pk>/", views_audits.audit_view, name="audit"),
    path("audits/<int:pk>/review/", views_audits.audit_review_view, name="audit_review"),
]
