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
