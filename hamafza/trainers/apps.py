from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainersConfig(AppConfig):
    name = "hamafza.trainers"
    label = "trainers"
    verbose_name = _("Trainers and standards")

    def ready(self):
        from hamafza.core import navigation
        from hamafza.trainers.navigation import trainer_menu

        navigation.register(trainer_menu, order=30)
        from hamafza.trainers import imports  # noqa: F401 - registers the trainer import
