"""Rebuild the grading dashboard's stored tallies from the reference recounts, for every 绩效分级提升 campaign
(or one): after loading data by other means than the services (a restore, a bulk load), or to repair."""

from django.core.management.base import BaseCommand, CommandError

from competitions.enums import CompetitionKind
from competitions.models import Competition
from quotas.services_grading import grading_tallies_refresh


class Command(BaseCommand):
    help = "按企业名录、各行业绩效等级和绩效提升企业清单重新统计绩效分级看板的各市汇总数。"

    def add_arguments(self, parser):
        parser.add_argument("--competition", type=int, help="只重算该绩效分级提升行动（竞赛ID）")

    def handle(self, *args, competition=None, **options):
        campaigns = Competition.objects.filter(kind=CompetitionKind.GRADING).order_by("pk")
        if competition is not None:
            campaigns = campaigns.filter(pk=competition)
            if not campaigns.exists():
                raise CommandError(f"没有ID为 {competition} 的绩效分级提升行动。")
        for campaign in campaigns:
            grading_tallies_refresh(competition_id=campaign.pk)
            self.stdout.write(f"{campaign.title}：已重算 {campaign.grading_enterprises.count()} 家企业的汇总数。")
