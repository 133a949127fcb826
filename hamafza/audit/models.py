# The audit trail is kept by django-simple-history on each audited model; this app only reads it.
