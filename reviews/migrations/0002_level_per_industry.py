# Step 2 of levels per industry: the history and the violations name their industry, and every
# (enterprise, industry) gets the level its own history gives it. Earlier violations keep no industry: they
# downgraded the enterprise as a whole.

import django.db.models.deletion
from django.db import migrations, models

# A change that applied to the enterprise as a whole (register, violation) applies to each of its industries; an
# assessment or a spot check only to the industry assessed.
WHOLE = ("register", "violation")


def levels_per_industry(apps, schema_editor):
    EnterpriseIndustry = apps.get_model("applications", "EnterpriseIndustry")
    LevelChange = apps.get_model("reviews", "LevelChange")
    changes = {}
    for change in LevelChange.objects.select_related("assessment").order_by("changed_on", "id"):
        if change.assessment_id:
            change.industry_id = change.assessment.industry_id
            change.save(update_fields=["industry"])
        changes.setdefault(change.enterprise_id, []).append(change)
    for link in EnterpriseIndustry.objects.select_related("enterprise").iterator():
        relevant = [c for c in changes.get(link.enterprise_id, [])
                    if c.source in WHOLE or c.industry_id == link.industry_id]
        if relevant:
            link.level, link.level_since = relevant[-1].level_after, relevant[-1].changed_on
        else:
            link.level, link.level_since = link.enterprise.level, link.enterprise.level_since
        link.save(update_fields=["level", "level_since"])


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0004_level_per_industry'),
        ('quotas', '0001_initial'),
        ('reviews', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='levelchange',
            name='industry',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='quotas.industry', verbose_name='重点行业'),
        ),
        migrations.AddField(
            model_name='violation',
            name='industry',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='quotas.industry', verbose_name='重点行业'),
        ),
        migrations.RunPython(levels_per_industry, migrations.RunPython.noop),
    ]
