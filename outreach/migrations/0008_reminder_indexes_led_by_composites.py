import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0013_dashboard_indexes"),
        ("irm", "0010_workspace_privacy_purpose_retention"),
        ("outreach", "0007_pitch_version"),
    ]

    # Only the two single-column indexes go: Django's AlterField would also drop and re-add the
    # foreign keys, checking every reminder again.
    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "outreach_reminder_influencer_id_558e08d5"',
                    'CREATE INDEX "outreach_reminder_influencer_id_558e08d5" '
                    'ON "outreach_reminder" ("influencer_id")',
                ),
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "outreach_reminder_workspace_id_d03fcc37"',
                    'CREATE INDEX "outreach_reminder_workspace_id_d03fcc37" '
                    'ON "outreach_reminder" ("workspace_id")',
                ),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="reminder",
                    name="influencer",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reminders",
                        to="contacts.influencer",
                    ),
                ),
                migrations.AlterField(
                    model_name="reminder",
                    name="workspace",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="irm.workspace",
                    ),
                ),
            ],
        ),
    ]
