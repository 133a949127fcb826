"""The demo seeder: believable questions of trainers of different districts, answered, voted,
one answer accepted and one question waiting; each in the one search; a second run adds
nothing."""

import random

from django.db.models import F

from hamafza.catalogue.tests.factories import DomainFactory
from hamafza.org.tests.factories import DistrictFactory
from hamafza.questions.demo import seed_questions
from hamafza.questions.models import Answer, Question, Vote
from hamafza.search.models import SearchDocument
from hamafza.trainers.models import Trainer
from hamafza.trainers.tests.factories import TrainerFactory


def test_the_demo_seeds_questions_of_trainers_of_different_districts(world, pool):
    for code in ("crisis", "environment", "traffic"):
        DomainFactory(municipality=world.tehran, code=code, name=code)
    for number in (3, 7, 9):
        TrainerFactory(home_district=DistrictFactory(municipality=world.tehran, number=number))
    seed_questions(world.tehran, random.Random(4))
    questions = Question.objects.filter(municipality=world.tehran)
    assert questions.count() == 5
    askers = Trainer.objects.filter(user_id__in=questions.values("author_id"))
    assert askers.values("home_district").distinct().count() >= 4
    assert Answer.objects.filter(is_accepted=True).count() == 1
    assert questions.filter(answers__isnull=True).exists()  # one waits for an answer
    assert Vote.objects.exists()
    assert not Vote.objects.filter(user_id=F("answer__author_id")).exists()  # never one's own
    assert not Vote.objects.filter(user_id=F("question__author_id")).exists()
    assert SearchDocument.objects.filter(kind="question").count() == 5
    seed_questions(world.tehran, random.Random(4))
    assert Question.objects.count() == 5
