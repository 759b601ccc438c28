from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "targets"
    verbose_name = "绩效目标"

    def ready(self):
        from django.db.models.signals import post_save

        from . import tasks

        # Each change to a filing's content renders its downloads in the background.
        post_save.connect(tasks.prepare_downloads_after, sender="reviews.LogEntry",
                          dispatch_uid="targets.prepare_downloads")
