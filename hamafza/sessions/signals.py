"""What sessions tells the apps above it about writes that Django's model signals do not see.

``facts_changed`` is sent inside the writing transaction after a queryset update or a bulk
create changed what these sessions count (``session_ids``); ``monitoring`` keeps its rollups
with it, so this app never imports monitoring."""

from django.dispatch import Signal

facts_changed = Signal()
