"""The digest's clock on a real scheduler: a daily cron job, a retry job, and a catch-up at start.

APScheduler runs the jobs on its own thread; each job only calls into `Digests`, whose clock
decides the day, so tests check the wiring here and drive `Digests` directly with a fake clock.
"""

from __future__ import annotations

import logging

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.digest import Digests, DigestSchedule

log = logging.getLogger(__name__)

RETRY_MINUTES = 10
DAILY_JOB, RETRY_JOB, CATCH_UP_JOB = "digest-daily", "digest-retry", "digest-catch-up"


def digest_scheduler(digests: Digests, schedule: DigestSchedule) -> BackgroundScheduler:
    """A scheduler (not started) holding the digest jobs for `schedule`."""
    scheduler = BackgroundScheduler(timezone=schedule.tz)
    scheduler.add_job(
        digests.run_due,
        CronTrigger(hour=schedule.at.hour, minute=schedule.at.minute, timezone=schedule.tz),
        id=DAILY_JOB,
        coalesce=True,
        max_instances=1,
        misfire_grace_time=None,  # a late fire (a busy machine) still posts; the store dedupes
    )
    scheduler.add_job(
        digests.retry,
        IntervalTrigger(minutes=RETRY_MINUTES, timezone=schedule.tz),
        id=RETRY_JOB,
        coalesce=True,
        max_instances=1,
    )
    # Runs once as soon as the scheduler starts, off the thread that serves Slack.
    scheduler.add_job(digests.catch_up, id=CATCH_UP_JOB, max_instances=1)
    return scheduler


def start_digests(digests: Digests, schedule: DigestSchedule) -> BackgroundScheduler:
    scheduler = digest_scheduler(digests, schedule)
    scheduler.start()
    log.info(
        "daily digest at %s %s to %s", schedule.at.strftime("%H:%M"), schedule.tz,
        ", ".join(schedule.channels),
    )  # fmt: skip
    return scheduler
