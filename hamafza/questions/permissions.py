"""Who may do what with questions and answers. Whoever reads the trainers' library (every staff
role of the municipality) reads, asks, answers, votes and reports; the curators of a domain are
the library's (the directorate, the platform admins, a liaison of the agency that owns the
domain): they hide and unhide, accept an answer for the asker, and see the unanswered questions
and the reports of their domains.
"""

from hamafza.core.scoping import Scope
from hamafza.library.permissions import can_curate_domain, can_view_library, is_curator

__all__ = [
    "can_accept",
    "can_ask",
    "can_curate",
    "can_edit",
    "can_view",
    "can_vote",
    "is_author",
    "is_curator",
]


def can_view(scope: Scope) -> bool:
    return can_view_library(scope)


def can_ask(scope: Scope) -> bool:
    return can_view(scope)


def is_author(scope: Scope, item) -> bool:
    return scope.user_id is not None and item.author_id == scope.user_id


def can_curate(scope: Scope, question) -> bool:
    """May hide, unhide and accept in ``question``'s thread (its domain is theirs)."""
    if question.municipality_id != scope.municipality_id:
        return False
    return can_curate_domain(scope, question.domain)


def can_edit(scope: Scope, item) -> bool:
    """Its author changes a question or an answer."""
    return can_view(scope) and is_author(scope, item)


def can_vote(scope: Scope, item) -> bool:
    """Anyone who reads, on another person's question or answer."""
    return can_view(scope) and scope.user_id is not None and not is_author(scope, item)


def can_accept(scope: Scope, question) -> bool:
    """The asker, or a curator of the question's domain."""
    return can_view(scope) and (is_author(scope, question) or can_curate(scope, question))
