from applications.form_specs import spec_for, validate_data
from applications.models import Application, ApplicationVersion, Attachment
from greencomp.seed.innovation import synthetic_innovation


def test_synthetic_data_has_the_shape_of_the_spec(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    competition = synthetic_innovation("tiny")
    assert synthetic_innovation("tiny") == competition  # idempotent
    applications = Application.objects.filter(competition=competition)
    assert applications.count() == 18 * 5
    assert set(applications.values_list("status", flat=True)) == {"submitted"}
    assert Attachment.objects.filter(application__competition=competition).count() == 18 * 5 * 3
    assert ApplicationVersion.objects.filter(application__competition=competition).count() == 18 * 5
    for a in applications.select_related("track")[:10]:
        spec = spec_for(a.track.form_type)
        validate_data(spec, a.data, {p.code for p in spec.proofs})  # the content itself is complete and valid
