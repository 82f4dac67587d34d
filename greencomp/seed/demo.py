"""Every demo step of `manage.py seed_demo`, in the order they build on each other. Idempotent."""

from django.db import transaction

from .accounts import seed_accounts, seed_registrations_demo
from .commendation import seed_commendation_demo
from .fixtures import load_all
from .grading import seed_grading_demo
from .innovation import seed_applicant_work, seed_innovation_demo
from .labour import seed_entries_demo
from .notices import seed_notices
from .quotas import seed_labour_demo
from .recommend import seed_publicity_demo, seed_recommend_demo, seed_waiting_list_demo
from .review import seed_review_demo, seed_review_work
from .showcase import seed_showcase_demo


@transaction.atomic
def seed_all() -> tuple[dict, list]:
    """The seed competitions from `fixtures/`, the demo accounts, and a current competition of each kind in
    which every demo account has something to do."""
    users = seed_accounts()
    seed_registrations_demo(users)  # one approved by union-zhengzhou (a mail), one waiting for approval
    loaded = load_all(by=users["secretariat"])
    seed_notices(by=users["secretariat"])  # the seed notices as published 通知公告 of their competitions
    labour = seed_labour_demo(users)  # the current labour competition, union-zhengzhou as 郑州市 officer
    seed_entries_demo(users, labour)
    seed_commendation_demo(users, labour)
    innovation = seed_innovation_demo(users)  # miit-zhengzhou as 郑州市 officer, applicants' demo drafts
    seed_recommend_demo(innovation)
    seed_applicant_work(users, innovation)  # enterprise-demo: a draft and a returned application; supplier-demo a case
    seed_waiting_list_demo(innovation)  # a city list for the secretariat to accept
    seed_review_demo(users)  # rubrics, expert1…expert5, entries under review in three other cities
    seed_review_work(users, innovation)  # the entries assigned; expert1 has one sheet half scored
    seed_publicity_demo(users, innovation)  # the accepted cities' projects in an open 公示 (portal home)
    seed_grading_demo(users)  # eco-zhengzhou as 郑州市 officer of the grading campaign
    seed_showcase_demo(users)  # 成果展示: published 2025 results, consents, bank-demo and its interests
    return users, loaded
