import rules

from competitions.rules import is_competition_secretariat, is_division_officer, is_platform_secretariat

rules.add_perm("notifications.view_mail_log", is_platform_secretariat)
rules.add_perm("notifications.view_failed_jobs", is_platform_secretariat)
# 批量下载申报材料: a city's officer for the city (the division), the secretariat for any city or all (the competition)
rules.add_perm("notifications.download_recommendation_zip", is_division_officer | is_competition_secretariat)
