"""NominationFile and AssessmentDocument take the shared stored-file fields (greencomp.models.StoredFile):
NominationFile gains the content type, filled from the stored file's extension."""

import django.utils.timezone
import greencomp.uploads
from django.db import migrations, models

CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png"}


def forwards(apps, schema_editor):
    NominationFile = apps.get_model("reviews", "NominationFile")
    for document in NominationFile.objects.all():
        ext = document.file.name.rsplit(".", 1)[-1].lower() if "." in document.file.name else ""
        document.content_type = CONTENT_TYPES.get(ext, "application/octet-stream")
        document.save(update_fields=["content_type"])


class Migration(migrations.Migration):

    dependencies = [
        ('reviews', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='nominationfile',
            name='content_type',
            field=models.CharField(default='', max_length=100, verbose_name='类型'),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name='assessmentdocument',
            name='uploaded_at',
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name='上传时间'),
        ),
        migrations.AlterField(
            model_name='nominationfile',
            name='file',
            field=models.FileField(max_length=200, upload_to=greencomp.uploads.storage_name, verbose_name='文件'),
        ),
        migrations.AlterField(
            model_name='nominationfile',
            name='uploaded_at',
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name='上传时间'),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
