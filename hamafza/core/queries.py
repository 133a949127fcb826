"""Small query helpers shared by selectors."""

from django.db.models import Count, IntegerField, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce


def subquery_count(rows: QuerySet, by: str):
    """An annotation counting ``rows`` (filtered on ``OuterRef``) for each outer row, 0 when none.
    One correlated subquery per relation, instead of joining several relations and counting
    DISTINCT over their product."""
    counted = rows.order_by().values(by).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))
