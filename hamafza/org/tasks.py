"""Background jobs of the organisation capability (huey)."""

from huey.contrib.djhuey import db_task

from hamafza.org.importing import import_check


@db_task(retries=2, retry_delay=5)
def check_import_task(batch_id: int) -> int:
    import_check(batch_id=batch_id)
    return batch_id
