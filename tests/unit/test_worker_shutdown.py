"""The worker's tick job and its shutdown never wait for each other (scheduler/worker.py)."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

from apscheduler.schedulers.background import BackgroundScheduler

from scheduler.worker import JOB_ID, tick_job


class LateScheduler(BackgroundScheduler):
    """Holds a tick's first call to the scheduler until shutdown has begun (or a second passed):
    the moment a SIGTERM lands just as the loop hands a tick to its thread pool."""

    def __init__(self) -> None:
        super().__init__(timezone="UTC")
        self.pausing, self.shutting_down = threading.Event(), threading.Event()

    def pause_job(self, job_id, jobstore=None):
        self.pausing.set()
        if self.shutting_down.wait(timeout=1):
            time.sleep(0.2)  # let shutdown take the job stores' lock first
        return super().pause_job(job_id, jobstore)

    def shutdown(self, wait=True):
        self.shutting_down.set()
        super().shutdown(wait)


def test_a_tick_starting_as_shutdown_begins_does_not_deadlock_it():
    scheduler, stop, ticks = LateScheduler(), threading.Event(), []
    job, shut_down = tick_job(scheduler, stop, lambda: ticks.append(1))
    scheduler.add_job(job, "interval", seconds=3600, id=JOB_ID, next_run_time=datetime.now(UTC))
    scheduler.start()
    assert scheduler.pausing.wait(timeout=5)  # the tick is past its check of `stop`
    stop.set()
    stopping = threading.Thread(target=shut_down, daemon=True)
    stopping.start()
    stopping.join(timeout=10)
    assert not stopping.is_alive(), "shutdown and the tick wait for each other"
    assert ticks == [1]  # the tick in hand finished


def test_ticks_pause_their_job_while_working_and_resume_it_after():
    scheduler, stop, seen = BackgroundScheduler(timezone="UTC"), threading.Event(), []
    job, shut_down = tick_job(scheduler, stop, lambda: seen.append(scheduler.get_job(JOB_ID).next_run_time))
    scheduler.add_job(job, "interval", seconds=3600, id=JOB_ID)
    scheduler.start()
    job()
    assert seen == [None]  # paused while it worked
    assert scheduler.get_job(JOB_ID).next_run_time is not None
    stop.set()
    shut_down()
    job()  # after stop: nothing runs, nothing touches the stopped scheduler
    assert len(seen) == 1
