# Step 3 of levels per industry: the data is in EnterpriseIndustry (reviews 0002), the enterprise's level goes.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0004_level_per_industry'),
        ('reviews', '0002_level_per_industry'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='gradingenterprise',
            name='application_competi_ba7df9_idx',
        ),
        migrations.RemoveField(
            model_name='gradingenterprise',
            name='level',
        ),
        migrations.RemoveField(
            model_name='gradingenterprise',
            name='level_since',
        ),
        migrations.AddIndex(
            model_name='gradingenterprise',
            index=models.Index(fields=['competition', 'division'], name='application_competi_d9d83f_idx'),
        ),
    ]
