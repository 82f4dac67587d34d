"""Attachment and EntryDocument take the shared stored-file fields (greencomp.models.StoredFile); the
division's 竞赛方案 moves from four columns on DivisionSubmission to its own SubmissionPlan row. Data is
copied both ways, so the migration can be reversed."""

import django.db.models.deletion
import django.utils.timezone
import greencomp.uploads
from django.conf import settings
from django.db import migrations, models

CONTENT_TYPES = {
    "pdf": "application/pdf", "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def content_type_of(name: str) -> str:
    return CONTENT_TYPES.get(name.rsplit(".", 1)[-1].lower() if "." in name else "", "application/octet-stream")


def forwards(apps, schema_editor):
    EntryDocument = apps.get_model("applications", "EntryDocument")
    for document in EntryDocument.objects.all():
        document.content_type = content_type_of(document.file.name)
        document.save(update_fields=["content_type"])
    DivisionSubmission = apps.get_model("applications", "DivisionSubmission")
    SubmissionPlan = apps.get_model("applications", "SubmissionPlan")
    for submission in DivisionSubmission.objects.exclude(plan_file=""):
        SubmissionPlan.objects.create(
            submission=submission, file=submission.plan_file.name, original_name=submission.plan_original_name,
            size=submission.plan_size or 0, sha256=submission.plan_sha256,
            content_type=content_type_of(submission.plan_file.name), uploaded_by_id=submission.submitted_by_id,
            uploaded_at=submission.submitted_at or django.utils.timezone.now())


def backwards(apps, schema_editor):
    SubmissionPlan = apps.get_model("applications", "SubmissionPlan")
    for plan in SubmissionPlan.objects.select_related("submission"):
        submission = plan.submission
        submission.plan_file, submission.plan_original_name = plan.file.name, plan.original_name
        submission.plan_size, submission.plan_sha256 = plan.size, plan.sha256
        submission.save(update_fields=["plan_file", "plan_original_name", "plan_size", "plan_sha256"])


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0003_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='entrydocument',
            name='content_type',
            field=models.CharField(default='', max_length=100, verbose_name='类型'),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name='attachment',
            name='file',
            field=models.FileField(max_length=200, upload_to=greencomp.uploads.storage_name, verbose_name='文件'),
        ),
        migrations.AlterField(
            model_name='attachment',
            name='uploaded_at',
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name='上传时间'),
        ),
        migrations.AlterField(
            model_name='entrydocument',
            name='file',
            field=models.FileField(max_length=200, upload_to=greencomp.uploads.storage_name, verbose_name='文件'),
        ),
        migrations.AlterField(
            model_name='entrydocument',
            name='uploaded_at',
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name='上传时间'),
        ),
        migrations.CreateModel(
            name='SubmissionPlan',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file', models.FileField(max_length=200, upload_to=greencomp.uploads.storage_name, verbose_name='文件')),
                ('original_name', models.CharField(max_length=200, verbose_name='原文件名')),
                ('size', models.PositiveIntegerField(verbose_name='大小（字节）')),
                ('sha256', models.CharField(max_length=64, verbose_name='SHA-256')),
                ('content_type', models.CharField(max_length=100, verbose_name='类型')),
                ('uploaded_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='上传时间')),
                ('submission', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='plan', to='applications.divisionsubmission', verbose_name='参赛名单报送')),
                ('uploaded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='上传人')),
            ],
            options={
                'verbose_name': '竞赛方案',
                'verbose_name_plural': '竞赛方案',
            },
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(
            model_name='divisionsubmission',
            name='plan_file',
        ),
        migrations.RemoveField(
            model_name='divisionsubmission',
            name='plan_original_name',
        ),
        migrations.RemoveField(
            model_name='divisionsubmission',
            name='plan_sha256',
        ),
        migrations.RemoveField(
            model_name='divisionsubmission',
            name='plan_size',
        ),
    ]
