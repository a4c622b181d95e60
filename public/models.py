from django.db import models


class Mirror(models.Model):
    """A copy of the public site that `export_site` wrote and each sign-off and
    withdrawal brings up to date (public/export/): a folder nginx serves, or an S3
    prefix. Registered in the database, not in a setting, so that a change enqueues its
    update whatever process made it; `export_site --forget` unregisters one."""

    location = models.CharField(
        max_length=500, unique=True, help_text="A folder's absolute path, or s3://bucket/prefix."
    )
    registered_at = models.DateTimeField(auto_now_add=True)
    exported_at = models.DateTimeField(null=True, blank=True, help_text="When a full export last finished.")
    clock = models.PositiveBigIntegerField(default=0, help_text="The publication clock that export was made at.")

    class Meta:
        ordering = ["location"]

    def __str__(self) -> str:
        return self.location


class Recurring(models.Model):
    """A recurring job's latest run (public/schedule.py): the workers enqueue the next one
    when it has finished. One row per name in RECURRING_JOBS."""

    name = models.CharField(max_length=100, primary_key=True)
    job = models.UUIDField(null=True, blank=True, help_text="The latest run's job (django-tasks' result id).")
    due = models.DateTimeField(null=True, blank=True, help_text="When that run is, or was, due.")

    def __str__(self) -> str:
        return self.name
