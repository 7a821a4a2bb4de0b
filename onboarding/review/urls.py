"""Staff URLs under /staff/: the review dashboard (namespace ``review``) and the operator console
(namespace ``operator``). tests/review/test_permissions.py walks both lists: a URL without a
matrix entry fails it."""

from django.urls import include, path

from onboarding.review import operator_views as op
from onboarding.review import views

review_patterns = [
    path("", views.queue, name="queue"),
    path("cases/<uuid:public_id>/", views.case_detail, name="case"),
    path("cases/<uuid:public_id>/claim/", views.claim, name="claim"),
    path("cases/<uuid:public_id>/assign/", views.assign, name="assign"),
    path("cases/<uuid:public_id>/decide/", views.decide, name="decide"),
    path("cases/<uuid:public_id>/decisions/<int:decision_id>/confirm/", views.confirm, name="confirm"),
    path("cases/<uuid:public_id>/decisions/<int:decision_id>/return/", views.return_decision, name="return"),
    path("cases/<uuid:public_id>/documents/<uuid:document_id>/image/", views.document_image, name="document-image"),
    path("cases/<uuid:public_id>/documents/<uuid:document_id>/reveal/", views.reveal, name="reveal"),
    path("metrics/", views.metrics_page, name="metrics"),
    path("audit/", views.audit_log, name="audit"),
    path("audit/export/", views.audit_export, name="audit-export"),
    path("access-review/", views.access_review, name="access-review"),
]

operator_patterns = [
    path("", op.case_list, name="cases"),
    path("new/", op.case_start, name="start"),
    path("cases/<uuid:public_id>/", op.case_detail, name="case"),
    path("cases/<uuid:public_id>/send-link/", op.send_link, name="send-link"),
    path("cases/<uuid:public_id>/consent/", op.consent, name="consent"),
    path("cases/<uuid:public_id>/capture/<str:kind>/", op.capture, name="capture"),
    path("cases/<uuid:public_id>/submit/", op.submit, name="submit"),
    path("cases/<uuid:public_id>/documents/<uuid:document_id>/", op.document_detail, name="document"),
    path("cases/<uuid:public_id>/documents/<uuid:document_id>/image/", op.document_image, name="document-image"),
    path("cases/<uuid:public_id>/documents/<uuid:document_id>/retry/", op.document_retry_view, name="document-retry"),
]

urlpatterns = [
    path("review/", include((review_patterns, "review"))),
    path("operator/", include((operator_patterns, "operator"))),
]
