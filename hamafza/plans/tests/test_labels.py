"""What a person reads on the plan: the quarter as a word with Persian digits ("فصل ۳", "Q3" in
English), school counts by band with a separator that cannot be taken for the Persian zero."""

from django.utils import translation

from hamafza.plans.tests.conftest import add_line


def test_quarter_label_is_translated_with_persian_digits(world, users, joint):
    line = add_line(users, "coordinator_d6", joint.p6, joint.health, world.health, quarter=3)
    with translation.override("fa"):
        assert line.quarter_label == "فصل ۳"
        assert str(line).endswith("· فصل ۳")
        assert "Q" not in str(line)
    with translation.override("en"):
        assert line.quarter_label == "Q3"
        assert str(line).endswith("· Q3")


def test_school_counts_are_separated_by_a_slash_not_a_middle_dot(world, users, joint, client_for):
    add_line(
        users, "coordinator_d6", joint.p6, joint.health, world.health,
        schools_primary=3, schools_lower_secondary=2, schools_upper_secondary=1,
    )  # fmt: skip
    html = client_for("coordinator_d6").get(joint.p6.get_absolute_url()).content.decode()
    assert '<span class="school-counts">۳ / ۲ / ۱</span>' in html
    assert "۳ · ۲ · ۱" not in html
    assert "مدارس (ابتدایی / متوسطه اول / متوسطه دوم)" in html
    # the column of sessions done on the line keeps its own word ("عملکرد")
    assert "<th>عملکرد</th>" in html
