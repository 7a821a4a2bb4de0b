"""Review errors: each carries its code, HTTP status and a message safe to show."""

from __future__ import annotations

from onboarding.errors import ApplicationError


class ReviewNotAllowed(ApplicationError):
    """The person lacks the permission, or is not the one holding the case."""

    code = "review_not_allowed"
    http_status = 403


class ReviewConflict(ApplicationError):
    """The case or decision is not in a state where this step is possible."""

    code = "review_conflict"
    http_status = 409


class FourEyesViolation(ApplicationError):
    """The proposer of a decision tried to confirm it themselves."""

    code = "four_eyes_violation"
    http_status = 403


class RevealRefused(ApplicationError):
    code = "reveal_refused"
    http_status = 400


class StepUpFailed(ApplicationError):
    """The password re-entered before a reveal was wrong (or too many were)."""

    code = "step_up_failed"
    http_status = 403
