from django.urls import path

from .views import documents, measures, practices, progress, public, school_programs

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
    # School programs under expert review
    path("school-programs/", school_programs.school_program_list_view, name="school_programs"),
    path("school-programs/new/", school_programs.school_program_create_view, name="school_program_create"),
    path("school-programs/<int:pk>/", school_programs.school_program_detail_view, name="school_program"),
    path("school-programs/<int:pk>/edit/", school_programs.school_program_edit_view, name="school_program_edit"),
    path("school-programs/<int:pk>/submit/", school_programs.school_program_submit_view, name="school_program_submit"),
    path("school-programs/<int:pk>/attach/", school_programs.school_program_attach_view, name="school_program_attach"),
    path(
        "school-programs/<int:pk>/versions/",
        school_programs.school_program_versions_view,
        name="school_program_versions",
    ),
    path("school-programs/<int:pk>/assign/", school_programs.school_program_assign_view, name="school_program_assign"),
    path(
        "school-programs/<int:pk>/assignments/<int:assignment_pk>/withdraw/",
        school_programs.assignment_withdraw_view,
        name="assignment_withdraw",
    ),
    path("school-programs/<int:pk>/review/", school_programs.school_program_review_view, name="school_program_review"),
    path(
        "school-programs/<int:pk>/conflict/",
        school_programs.school_program_conflict_view,
        name="school_program_conflict",
    ),
    path(
        "school-programs/attachments/<int:attachment_pk>/",
        school_programs.school_program_attachment_view,
        name="school_program_attachment",
    ),
    path("reviews/", practices.review_inbox_view, name="review_inbox"),
    path("review-criteria/<int:municipality_pk>/", practices.review_criteria_view, name="review_criteria"),
    # The bank of best practices
    path("practices/", practices.practice_list_view, name="practices"),
    path("practices/new/", practices.practice_create_view, name="practice_create"),
    path("practices/<int:pk>/", practices.practice_detail_view, name="practice"),
    path("practices/<int:pk>/edit/", practices.practice_edit_view, name="practice_edit"),
    path("practices/<int:pk>/submit/", practices.practice_submit_view, name="practice_submit"),
    path("practices/<int:pk>/attach/", practices.practice_attach_view, name="practice_attach"),
    path("practices/<int:pk>/review/", practices.practice_review_view, name="practice_review"),
    path("practices/<int:pk>/withdraw/", practices.practice_withdraw_view, name="practice_withdraw"),
    path("practices/evidence/<int:evidence_pk>/", practices.practice_evidence_view, name="practice_evidence"),
]
