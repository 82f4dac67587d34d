"""Services of the expert review: rubrics from 附件2 and their freeze, conflict-free balanced assignment, score
sheets (draft, submit, lock, reopen), prizes, 优秀组织奖, the notice and objections."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from greencomp.models import AuditEvent
from reviews import services_prizes as prize_services
from reviews import services_review as services
from reviews.models import (
    Conflict,
    Criterion,
    Expert,
    Objection,
    OrganisationAward,
    Prize,
    ScoreSheet,
    TrackReview,
)

from ..factories import assign, full_marks, score

pytestmark = pytest.mark.django_db


def test_rubrics_are_those_of_attachment_2_word_for_word(review_contest):
    tracks = {t.number: t for t in review_contest.tracks.all()}
    names = {n: list(Criterion.objects.filter(track=t).order_by("order").values_list("name", "is_gate"))
             for n, t in tracks.items()}
    assert names[1] == [("具有独立法人资格", True), ("技术知识产权清晰", True), ("技术成熟度", False),
                        ("技术创新点", False), ("经济效益", False), ("推广潜力", False)]
    assert names[2] == names[1] and names[3] == names[1]
    assert [n for n, _ in names[4]] == ["资源属性指标", "能源属性指标", "环境属性指标", "品质属性指标", "低碳属性指标"]
    assert [n for n, _ in names[5]] == ["供应商服务能力", "服务案例的典型性", "服务案例取得的成效"]
    ip = Criterion.objects.get(track=tracks[1], name="技术知识产权清晰")
    assert ip.standard == "具有技术专利证书及知识产权证明、成果鉴定、检验检测报告等。"
    maturity = Criterion.objects.get(track=tracks[2], name="技术成熟度")
    assert maturity.standard == ("研发类：实现重大技术突破，经用户初步验证后有典型案例，阶段性成果明显。\n"
                                 "应用类：技术成熟，已有广泛的应用场景，技术实施过程可靠性高。")
    benefit = Criterion.objects.get(track=tracks[3], name="经济效益")
    assert benefit.standard.split("\n")[1] == "2.节能降碳技术：技术应用后有显著的节能降碳效果，产生有节能量、节水量、碳减排量等指标。"
    for t in tracks.values():
        assert sum(c.weight for c in t.criteria.all()) == 100
    assert TrackReview.objects.get(track=tracks[1]).tie_criterion.name == "技术创新点"


def test_rubrics_load_is_idempotent(review_contest):
    assert services.rubrics_load_for(review_contest) == 0
    assert Criterion.objects.filter(track__competition=review_contest).count() == 6 * 3 + 5 + 3


def test_rubric_weights_must_sum_to_100(track2, secretariat):
    criteria = list(Criterion.objects.filter(track=track2, is_gate=False).order_by("order"))
    values = {c.pk: {"max_score": 25, "weight": 25} for c in criteria}
    services.rubric_update(track=track2, values=values, by=secretariat)
    assert [c.weight for c in Criterion.objects.filter(track=track2, is_gate=False)] == [Decimal("25.0")] * 4
    values[criteria[0].pk]["weight"] = 30
    with pytest.raises(ValidationError) as exc:
        services.rubric_update(track=track2, values=values, by=secretariat)
    assert exc.value.messages == ["各评价要素的权重之和应为100，当前为105。"]


def test_rubric_is_frozen_after_the_first_submitted_sheet(track2, make_review_entry, pool, secretariat):
    sheet = assign(make_review_entry(track2), pool["expert"])
    score(sheet, [20, 25, 20, 15], submit=False)
    criteria = list(Criterion.objects.filter(track=track2, is_gate=False))
    values = {c.pk: {"max_score": 25, "weight": 25} for c in criteria}
    services.rubric_update(track=track2, values=values, by=secretariat)  # a draft does not freeze it
    score(sheet, [20, 25, 20, 15])
    values = {c.pk: {"max_score": 50, "weight": 25} for c in criteria}
    with pytest.raises(ValidationError) as exc:
        services.rubric_update(track=track2, values=values, by=secretariat)
    assert exc.value.messages == ["该赛道已有专家提交评分表，评分细则已冻结，不能再修改。"]
    assert sorted({c.max_score for c in Criterion.objects.filter(track=track2, is_gate=False)}) == [Decimal("25.0")]
    # still frozen after a reopen
    services.sheet_reopen(sheet=sheet, reason="请核对经济效益得分", by=secretariat)
    with pytest.raises(ValidationError):
        services.rubric_update(track=track2, values=values, by=secretariat)


# ---- assignment -------------------------------------------------------------------------------------------

def test_assignment_never_gives_an_expert_their_employers_entry(track2, make_review_entry, pool, make_expert, expert,
                                                               secretariat):
    own = make_review_entry(track2, organisation=expert.organisation, title="郑州大学的项目")
    others = [make_review_entry(track2) for _ in range(3)]
    for _ in range(4):
        make_expert()
    proposal = services.assignment_propose(track=track2)
    assert pool["expert"].pk not in proposal.pairs[own.pk]
    assert len(proposal.pairs[own.pk]) == 5  # 5 others available (other_expert + 4)
    assert all(len(proposal.pairs[a.pk]) == 5 for a in others)
    pairs = [(a, e) for a, experts in proposal.pairs.items() for e in experts]
    assert services.assignment_confirm(track=track2, pairs=pairs, by=secretariat) == 20
    assert not ScoreSheet.objects.filter(application=own, expert=pool["expert"]).exists()
    loads = sorted(ScoreSheet.objects.filter(track=track2).values_list("expert", flat=True))
    counts = sorted({e: loads.count(e) for e in loads}.values())
    assert counts[-1] - counts[0] <= 1  # 20 sheets over 6 experts: 3 or 4 each
    with pytest.raises(ValidationError) as exc:
        services.assignment_confirm(track=track2, pairs=[(own.pk, pool["expert"].pk)], by=secretariat)
    assert exc.value.messages == [f"{pool['expert'].code}不能评审“郑州大学的项目”：本单位。"]
    assert AuditEvent.objects.filter(action="review.assign").count() == 1


def test_assignment_respects_declared_conflicts_and_explains_shortages(track2, make_review_entry, pool, secretariat):
    entry = make_review_entry(track2, title="回避测试项目")
    Conflict.objects.create(expert=pool["other_expert"], organisation=entry.organisation, reason="近三年合作")
    proposal = services.assignment_propose(track=track2)
    assert proposal.pairs[entry.pk] == [pool["expert"].pk]
    [shortage] = proposal.shortages
    assert (shortage.application, shortage.missing) == (entry, 4)
    assert shortage.why == "专家库中本赛道可用专家2名，其中已声明回避1名不能分配。"
    with pytest.raises(ValidationError):
        services.assignment_confirm(track=track2, pairs=[(entry.pk, pool["other_expert"].pk)], by=secretariat)
    assert ScoreSheet.objects.count() == 0


def test_same_city_rule_is_a_track_setting(track2, make_review_entry, make_expert, secretariat):
    zz = make_expert(city="郑州市")
    ly = make_expert(city="洛阳市")
    entry = make_review_entry(track2, city="郑州市")
    assert set(services.assignment_propose(track=track2).pairs[entry.pk]) == {zz.pk, ly.pk}
    services.track_settings_update(track=track2, method="trimmed", exclude_same_city=True, experts_per_entry=5,
                                   tie_criterion_id=track2.review.tie_criterion_id, by=secretariat)
    track2.review.refresh_from_db()
    assert services.assignment_propose(track=track2).pairs[entry.pk] == [ly.pk]


def test_declaring_a_conflict_frees_the_entry(track2, make_review_entry, pool, make_expert, expert, secretariat):
    entry = make_review_entry(track2)
    sheet = assign(entry, pool["expert"])
    with pytest.raises(ValidationError) as exc:
        services.conflict_declare(sheet=sheet, reason="  ", by=expert)
    assert exc.value.messages == ["请填写回避原因。"]
    services.conflict_declare(sheet=sheet, reason="本人曾为该单位提供咨询服务", by=expert)
    assert not ScoreSheet.objects.filter(pk=sheet.pk).exists()
    assert Conflict.objects.get().organisation == entry.organisation
    replacement = make_expert()
    assert pool["expert"].pk not in services.assignment_propose(track=track2).pairs[entry.pk]
    assert replacement.pk in services.assignment_propose(track=track2).pairs[entry.pk]
    assert AuditEvent.objects.get(action="review.conflict_declare").reason == "本人曾为该单位提供咨询服务"


# ---- score sheets -----------------------------------------------------------------------------------------

def test_sheet_validates_ranges_and_gate_reasons(track2, make_review_entry, pool):
    sheet = assign(make_review_entry(track2), pool["expert"])
    criteria = list(Criterion.objects.filter(track=track2).order_by("order"))
    with pytest.raises(ValidationError) as exc:
        score(sheet, [26, 25, 20, 15])
    assert exc.value.message_dict == {f"c{criteria[2].pk}": ["“技术成熟度”的得分应在0至25分之间。"]}
    with pytest.raises(ValidationError) as exc:
        score(sheet, [20, 25, 20, 15], gates=[(False, "")])
    assert exc.value.message_dict == {f"c{criteria[0].pk}": ["“具有独立法人资格”判定为不通过时，请填写原因。"]}
    with pytest.raises(ValidationError) as exc:
        score(sheet, [20, "", 20, 15])
    assert exc.value.message_dict == {f"c{criteria[3].pk}": ["请为“技术创新点”打分。"]}
    score(sheet, [20, "", 20, 15], submit=False)  # a draft may be incomplete
    sheet.refresh_from_db()
    assert (sheet.status, sheet.total) == ("draft", None)


def test_submitted_sheet_is_locked_and_reopen_is_audited(track2, make_review_entry, pool, secretariat, expert):
    sheet = assign(make_review_entry(track2), pool["expert"])
    score(sheet, [20, 24.5, 20, 15])
    sheet.refresh_from_db()
    assert (sheet.status, sheet.total, sheet.gate_passed) == ("submitted", Decimal("79.50"), True)
    with pytest.raises(ValidationError) as exc:
        score(sheet, [1, 1, 1, 1])
    assert exc.value.messages == ["评分表已提交并锁定，不能修改。如需修改，请联系大赛秘书处退回。"]
    sheet.refresh_from_db()
    assert sheet.total == Decimal("79.50")
    with pytest.raises(ValidationError):
        services.sheet_reopen(sheet=sheet, reason="", by=secretariat)
    services.sheet_reopen(sheet=sheet, reason="经济效益评分与材料不符", by=secretariat)
    sheet.refresh_from_db()
    assert sheet.status == "draft"
    event = AuditEvent.objects.get(action="review.sheet_reopen")
    assert (event.reason, event.before["status"], event.after["status"]) == ("经济效益评分与材料不符", "submitted", "draft")
    assert mail.outbox == [] or mail.outbox[0].to == [expert.email]


def test_only_the_assigned_expert_can_save_a_sheet(track2, make_review_entry, pool, other_expert):
    sheet = assign(make_review_entry(track2), pool["expert"])
    with pytest.raises(ValidationError):
        services.sheet_save(sheet=sheet, values={}, gates={}, comment="x", submit=False, by=other_expert)
    sheet.refresh_from_db()
    assert sheet.comment == ""


def test_weighted_total_uses_max_and_weight(track2, make_review_entry, pool, secretariat):
    criteria = list(Criterion.objects.filter(track=track2, is_gate=False).order_by("order"))
    services.rubric_update(track=track2, values={
        criteria[0].pk: {"max_score": 10, "weight": 40}, criteria[1].pk: {"max_score": 10, "weight": 30},
        criteria[2].pk: {"max_score": 100, "weight": 20}, criteria[3].pk: {"max_score": 5, "weight": 10}},
        by=secretariat)
    sheet = assign(make_review_entry(track2), pool["expert"])
    score(sheet, [5, 10, 33, 2.5])
    sheet.refresh_from_db()
    assert sheet.total == Decimal("61.60")  # 5/10×40 + 10/10×30 + 33/100×20 + 2.5/5×10 = 20 + 30 + 6.6 + 5


# ---- prizes, 优秀组织奖, 公示 ------------------------------------------------------------------------------

def test_prizes_proposed_from_ranking_and_adjusted_with_reason(track2, make_review_entry, pool, make_expert, secretariat):
    entries = [make_review_entry(track2, title=f"项目{i}") for i in range(4)]
    for i, entry in enumerate(entries):
        score(assign(entry, pool["expert"]), [10 + i, 10 + i, 10 + i, 10])
    prize_services.prize_counts_update(track=track2, counts={"first_prizes": 1, "second_prizes": 1, "third_prizes": 0,
                                                       "excellence_prizes": 1}, by=secretariat)
    assert prize_services.prizes_propose(track=track2, by=secretariat) == 4
    levels = list(Prize.objects.filter(track=track2).order_by("rank").values_list("application__title", "level"))
    assert levels == [("项目3", "first"), ("项目2", "second"), ("项目1", "excellence"), ("项目0", "none")]
    prize = Prize.objects.get(application=entries[0])
    with pytest.raises(ValidationError) as exc:
        prize_services.prize_adjust(prize=prize, level="excellence", reason="", by=secretariat)
    assert exc.value.messages == ["调整奖项须填写原因。"]
    prize_services.prize_adjust(prize=prize, level="excellence", reason="专家委员会复议", by=secretariat)
    prize.refresh_from_db()
    assert (prize.proposed_level, prize.level, prize.reason) == ("none", "excellence", "专家委员会复议")
    assert AuditEvent.objects.get(action="review.prize_adjust").reason == "专家委员会复议"


def test_organisation_award_for_cities_covering_all_city_tracks(review_contest, make_review_entry, secretariat):
    """七、: all the tracks the cities recommend (1–4); track 5 is recommended by the suppliers (六（一）)."""
    for track in review_contest.tracks.all():
        make_review_entry(track, city="郑州市")
        if track.number < 5:
            make_review_entry(track, city="开封市")
        if track.number < 4:
            make_review_entry(track, city="洛阳市")
    prize_services.organisation_awards_propose(competition=review_contest, by=secretariat)
    assert list(OrganisationAward.objects.order_by("division__order").values_list(
        "division__name", "tracks_covered", "entries")) == [("郑州市", 4, 4), ("开封市", 4, 4)]


def test_notice_and_objections(track2, notice, secretariat):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        prize_services.objection_lodge(notice=notice, name="张三", phone="12345", text="该项目数据与实际不符，请核实。")
    assert exc.value.message_dict == {"phone": ["请填写正确的电话号码：手机号11位（如13812345678），固定电话如0371-65512345。"]}
    objection = prize_services.objection_lodge(notice=notice, name="张三", phone="13812345678",
                                               text="该项目节能量数据与实际不符，请核实。")
    with pytest.raises(ValidationError) as exc:
        prize_services.notice_finalise(competition=track2.competition, by=secretariat)
    assert exc.value.messages == ["尚有未处理的异议，请全部处理后再确定最终名单。"]
    prize_services.objection_answer(objection=objection, answer="经核实，数据有第三方检测报告支持，维持原结果。", by=secretariat)
    assert Objection.objects.get().answered_by == secretariat
    with pytest.raises(ValidationError) as exc:
        prize_services.notice_finalise(competition=track2.competition, by=secretariat)
    assert exc.value.messages == [f"公示期至{notice.closes_on:%Y年%-m月%-d日}，公示期满后方可确定最终名单。"]
    notice.closes_on = today - datetime.timedelta(days=1)
    notice.opens_on = today - datetime.timedelta(days=6)
    notice.save()
    prize_services.notice_finalise(competition=track2.competition, by=secretariat)
    with pytest.raises(ValidationError) as exc:
        prize_services.objection_lodge(notice=notice, name="李四", phone="13812345678", text="逾期提出的异议内容说明。")
    assert exc.value.messages == ["不在公示期内，不能提出异议。"]


def test_reminders_go_only_to_experts_with_open_sheets(track2, make_review_entry, pool, expert, secretariat,
                                                       django_capture_on_commit_callbacks):
    assign(make_review_entry(track2), pool["expert"])
    score(assign(make_review_entry(track2), pool["other_expert"]), full_marks(track2))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send(competition=track2.competition, by=secretariat) == 1
    [message] = mail.outbox
    assert message.to == [expert.email]
    assert "您还有1份评分表未提交" in message.body


# ---- 评审进度's counters ----------------------------------------------------------------------------------

def _counters() -> tuple[dict, dict]:
    return ({r.track_id: (r.sheets_assigned, r.sheets_submitted) for r in TrackReview.objects.all()},
            {e.pk: (e.sheets_assigned, e.sheets_submitted) for e in Expert.objects.all()})


def _recount() -> tuple[dict, dict]:
    """What a fresh count of the sheets gives, per track and per expert."""
    def per(key, model_keys):
        counts = {k: [0, 0] for k in model_keys}
        for k, status in ScoreSheet.objects.values_list(key, "status"):
            counts[k][0] += 1
            counts[k][1] += status == ScoreSheet.Status.SUBMITTED
        return {k: tuple(c) for k, c in counts.items()}
    return (per("track_id", TrackReview.objects.values_list("track_id", flat=True)),
            per("expert_id", Expert.objects.values_list("pk", flat=True)))


def test_every_sheet_write_keeps_the_counters_equal_to_a_recount(review_contest, track2, make_review_entry, pool,
                                                                 expert, secretariat):
    track1 = review_contest.tracks.get(number=1)
    mine, theirs = pool["expert"], pool["other_expert"]
    org = make_review_entry(track2).organisation  # an applicant with entries in two tracks
    a1, a2, b1 = make_review_entry(track2), make_review_entry(track2, organisation=org), make_review_entry(
        track1, organisation=org)
    steps = [
        lambda: services.assignment_confirm(track=track2, pairs=[(a1.pk, mine.pk), (a2.pk, mine.pk),
                                                                 (a1.pk, theirs.pk)], by=secretariat),
        lambda: services.assignment_confirm(track=track1, pairs=[(b1.pk, mine.pk)], by=secretariat),
        lambda: score(sheet(a1, mine), full_marks(track2), submit=False),  # a draft save counts nothing
        lambda: score(sheet(a1, mine), full_marks(track2)),
        lambda: services.sheet_reopen(sheet=sheet(a1, mine), reason="请复核", by=secretariat),
        lambda: score(sheet(a1, mine), full_marks(track2)),
        lambda: services.assignment_remove(sheet=sheet(a1, theirs), by=secretariat),
        # 回避 on a2 also removes the expert's draft of the same applicant in track 1
        lambda: services.conflict_declare(sheet=sheet(a2, mine), reason="曾为该单位提供咨询", by=expert),
    ]

    def sheet(application, who):
        return ScoreSheet.objects.get(application=application, expert=who)

    seen = []
    for step in steps:
        step()
        assert _counters() == _recount()
        seen.append(_counters()[0][track2.pk])
    assert seen == [(3, 0), (3, 0), (3, 0), (3, 1), (3, 0), (3, 1), (2, 1), (1, 1)]
    assert _counters()[0][track1.pk] == (0, 0)
    assert _counters()[1][mine.pk] == (1, 1)
    # refused writes change nothing
    with pytest.raises(ValidationError):
        services.assignment_remove(sheet=sheet(a1, mine), by=secretariat)
    with pytest.raises(ValidationError):
        services.sheet_reopen(sheet=sheet(a1, mine), reason="", by=secretariat)
    services.sheet_reopen(sheet=sheet(a1, mine), reason="请复核", by=secretariat)
    with pytest.raises(ValidationError):
        score(sheet(a1, mine), [999] * len(full_marks(track2)))  # out of range: not submitted
    assert _counters() == _recount()
    assert _counters()[0][track2.pk] == (1, 0)


def test_the_migration_fills_the_counters_of_existing_sheets(track2, make_review_entry, pool):
    entries = [make_review_entry(track2) for _ in range(3)]
    for entry in entries:
        assign(entry, pool["other_expert"])
    score(assign(entries[0], pool["expert"]), full_marks(track2))
    expected = _recount()
    TrackReview.objects.update(sheets_assigned=0, sheets_submitted=0)
    Expert.objects.update(sheets_assigned=0, sheets_submitted=0)
    importlib.import_module("reviews.migrations.0006_sheet_counters").sheet_counters_fill(django_apps, None)
    assert _counters() == expected
    assert expected[0][track2.pk] == (4, 1)
    assert (expected[1][pool["expert"].pk], expected[1][pool["other_expert"].pk]) == ((1, 1), (3, 0))
