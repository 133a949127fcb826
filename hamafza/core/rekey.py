"""Recompute the folded search and duplicate-key columns of stored rows.

Used by data migrations when the folding rules of ``core.persian`` change: the stored text is the
person's own and is never rewritten here; only the derived ``search_text`` and ``name_key``
columns are. A ``name_key`` that a broader rule makes collide with another row's in the same
unique group keeps the row apart with its primary key appended, so the migration never fails on
old data and no row is merged behind anyone's back.
"""

from hamafza.core.persian import dedupe_key, search_key

CHUNK = 1000


def rekey(
    model,
    *,
    search_fields: tuple[str, ...] = (),
    key_source: str | None = None,
    unique_groups: tuple[tuple[str, ...], ...] = (),
) -> int:
    """Recompute ``search_text`` from ``search_fields`` and ``name_key`` from ``key_source`` for
    every row of ``model`` (a historical model from ``apps.get_model`` in a migration). Returns
    the number of rows whose key had to carry its primary key to stay unique."""
    fields = []
    if search_fields:
        fields.append("search_text")
    if key_source:
        fields.append("name_key")
    if not fields:
        return 0
    taken: list[set] = [set() for _ in unique_groups]
    kept_apart = 0
    batch = []
    for row in model.objects.order_by("pk").iterator(chunk_size=CHUNK):
        if search_fields:
            row.search_text = " ".join(
                search_key(str(getattr(row, f) or "")) for f in search_fields
            )
        if key_source:
            key = dedupe_key(getattr(row, key_source))
            # Group fields are attnames ("camp_id"); a NULL in a group never collides in SQL.
            groups = [tuple(getattr(row, f) for f in group) for group in unique_groups]
            live = [None not in g for g in groups]
            if any(
                ok and (g, key) in seen for g, ok, seen in zip(groups, live, taken, strict=True)
            ):
                key = f"{key}~{row.pk}"
                kept_apart += 1
            for g, ok, seen in zip(groups, live, taken, strict=True):
                if ok:
                    seen.add((g, key))
            row.name_key = key
        batch.append(row)
        if len(batch) >= CHUNK:
            model.objects.bulk_update(batch, fields)
            batch = []
    if batch:
        model.objects.bulk_update(batch, fields)
    return kept_apart
