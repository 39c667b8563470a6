from django.urls import path

from .views import documents, history, measures, progress, public

app_name = "programs"

urlpatterns = [
    path("", documents.program_list_view, name="list"),
    path("new/", documents.program_create_view, name="create"),
    path("my/", progress.my_measures_view, name="my"),
    path("<int:pk>/", documents.program_detail_view, name="detail"),
    path("<int:pk>/edit/", documents.program_edit_view, name="edit"),
    path("<int:pk>/part/<slug:part>/", documents.program_part_view, name="part"),
    path("<int:pk>/approve/", documents.program_approve_view, name="approve"),
    path("<int:pk>/status/", documents.program_status_view, name="status"),
    path("<int:pk>/amend/", documents.program_amend_view, name="amend"),
    path("<int:pk>/publish/", documents.program_publish_view, name="publish"),
    path("<int:pk>/news/", documents.program_news_view, name="news"),
    path("<int:pk>/targets/", documents.program_targets_view, name="targets"),
    path("<int:pk>/timeline/", documents.program_timeline_view, name="timeline"),
    path("<int:pk>/versions/", documents.program_versions_view, name="versions"),
    path("<int:pk>/history/", history.program_history_view, name="history"),
    path("<int:pk>/history/restore/", history.program_restore_view, name="restore"),
    path("<int:pk>/measures/new/", measures.measure_create_view, name="measure_create"),
    path("<int:pk>/measures/<int:measure_pk>/", measures.measure_detail_view, name="measure"),
    path("<int:pk>/measures/<int:measure_pk>/edit/", measures.measure_edit_view, name="measure_edit"),
    path("<int:pk>/measures/<int:measure_pk>/schedule/", measures.measure_schedule_view, name="measure_schedule"),
    path("occurrences/<int:occurrence_pk>/report/", progress.progress_file_view, name="file_progress"),
    path("reports/<int:report_pk>/", progress.report_detail_view, name="report"),
    path("reports/<int:report_pk>/review/", progress.report_review_view, name="review"),
    path("evidence/<int:evidence_pk>/", progress.evidence_download_view, name="evidence"),
    path("public/<int:pk>/", public.program_public_view, name="public"),
    path("public/", public.public_index_view, name="public_index"),
]
