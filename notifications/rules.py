import rules

from competitions.rules import is_platform_secretariat

rules.add_perm("notifications.view_mail_log", is_platform_secretariat)
rules.add_perm("notifications.view_failed_jobs", is_platform_secretariat)
