import django.db.models.deletion
from django.db import migrations, models

# The snapshots' own indexes on influencer_id and on workspace_id repeat the first column of
# the (influencer, day) key and of contacts_health_ws_day_idx, which serve every read and
# cascade they did; the nightly sweep wrote 100,000 entries a night into each. Only the
# indexes go: Django's AlterField would also drop and re-add (re-check) both foreign keys,
# a read of every snapshot (9,000,000 at issue 16's scale).
DROP = """
DROP INDEX IF EXISTS contacts_healthsnapshot_influencer_id_73de276d;
DROP INDEX IF EXISTS contacts_healthsnapshot_workspace_id_92487b20;
"""

CREATE = """
CREATE INDEX contacts_healthsnapshot_influencer_id_73de276d
    ON contacts_healthsnapshot (influencer_id);
CREATE INDEX contacts_healthsnapshot_workspace_id_92487b20
    ON contacts_healthsnapshot (workspace_id);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0015_dashboard_inbound_recent_index"),
        ("irm", "0010_workspace_privacy_purpose_retention"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="healthsnapshot",
                    name="influencer",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="health_snapshots",
                        to="contacts.influencer",
                    ),
                ),
                migrations.AlterField(
                    model_name="healthsnapshot",
                    name="workspace",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="irm.workspace",
                    ),
                ),
            ],
            database_operations=[migrations.RunSQL(sql=DROP, reverse_sql=CREATE)],
        ),
    ]
