"""Background tasks (Django's tasks framework; the database backend in production)."""

from django.tasks import task

from exports.services import run_export


@task()
def make_export(job_id: str) -> None:
    run_export(job_id)
