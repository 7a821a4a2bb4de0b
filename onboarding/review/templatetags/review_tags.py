"""Template tags the customer's pages can load to show what a reviewer asked them to redo."""

from __future__ import annotations

from django import template

from onboarding.models import Case
from onboarding.review.selectors import resubmission_request_open

register = template.Library()


@register.inclusion_tag("review/includes/resubmission_notice.html")
def resubmission_notice(case: Case) -> dict[str, object]:
    """The open resubmission request of ``case`` (documents to redo and the reviewer's note), if any."""
    return {"request": resubmission_request_open(case=case)}
