from django.db import migrations, models
from django.utils import timezone


def close_all_but_the_last_open_round(apps, schema_editor):
    """Before the constraint: should an election have more than one open round (the
    services never left one so), the later stays open and the earlier are closed.
    No round or vote is removed."""
    Round = apps.get_model("elections", "Round")
    seen = set()
    for rnd in Round.objects.filter(status="open").order_by("election_id", "-number"):
        if rnd.election_id in seen:
            rnd.status = "closed"
            rnd.closed_at = rnd.closed_at or timezone.now()
            rnd.save(update_fields=["status", "closed_at"])
        seen.add(rnd.election_id)


class Migration(migrations.Migration):
    dependencies = [
        ("elections", "0003_seed_format_published_record_paper_confirms"),
    ]

    operations = [
        migrations.RunPython(close_all_but_the_last_open_round, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="round",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "open")),
                fields=("election",),
                name="one_open_round_per_election",
                violation_error_message="A round of this election is already open.",
            ),
        ),
    ]
