# Levels move from the enterprise to (enterprise, industry): step 1 adds the fields; reviews 0002 copies the data;
# 0005 removes the enterprise's own level.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0003_initial'),
        ('quotas', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='enterpriseindustry',
            name='level',
            field=models.CharField(blank=True, choices=[('A', 'A'), ('B', 'B'), ('B-', 'B-'), ('C', 'C'), ('D', 'D'), ('L', '绩效引领性'), ('', '未评级')], max_length=2, verbose_name='绩效等级'),
        ),
        migrations.AddField(
            model_name='enterpriseindustry',
            name='level_since',
            field=models.DateField(blank=True, null=True, verbose_name='评定时间'),
        ),
        migrations.AddIndex(
            model_name='enterpriseindustry',
            index=models.Index(fields=['industry', 'level'], name='application_industr_b286cf_idx'),
        ),
    ]
