"""Background jobs of exports (huey)."""

from huey.contrib.djhuey import db_task

from hamafza.exports import runner


@db_task()
def export_task(job_id: int) -> bool:
    return runner.run(job_id)
