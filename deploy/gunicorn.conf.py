"""gunicorn settings for campaign: `gunicorn -c deploy/gunicorn.conf.py wsgi:app`.

Sync workers: each request holds one worker for its few milliseconds, and the app keeps
no state in the process but a few seconds' copy of the public pages, so any number of
these servers can run behind the proxy.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")


def default_workers(database_url: str) -> int:
    """One per core on SQLite, one more on PostgreSQL (measured on 2 cores: README,
    "Speed under a surge").

    On SQLite, more let the process holding the write lock be paused for one that can
    only wait for it: signing went from 230–275 to 390–430 a second with 2 workers instead
    of 4. On PostgreSQL a worker also waits for the server's answers, which another can
    use: 250–270 a second with 2, 335–350 with 3, 315–340 with 4.
    """
    cores = multiprocessing.cpu_count()
    return cores + 1 if database_url.startswith("postgres") else cores


workers = int(
    os.environ.get("GUNICORN_WORKERS") or default_workers(os.environ.get("DATABASE_URL", ""))
)
worker_class = "sync"
# A worker tells the master it is alive by touching a file before every connection it
# takes. On a disk-backed /tmp that can wait behind the disk's flushes, which a surge of
# signatures (an fsync each) makes constant; in memory it never waits.
# (gunicorn makes the file with mkstemp and unlinks it at once: nothing to guess or read.)
SHM = "/dev/shm"  # noqa: S108
worker_tmp_dir = SHM if os.path.isdir(SHM) else None
timeout = 30
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (a guard against slow leaks). Starting
# one costs about 3 s of CPU; in a surge a worker answers a thousand requests a second
# from its copy of the page, so a low figure would have workers starting all the time.
max_requests = 200_000
max_requests_jitter = 20_000
# The app writes its own JSON request lines (with the request id); gunicorn's
# access log would repeat them. (Repeats answered from a process's copy of the public
# page or count.json are not logged by the app: nginx's access log has them.)
accesslog = None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker):
    """Before the worker takes a request: its pages rendered once, its start-up objects
    set aside from the garbage collector (campaign/ops/warmup.py)."""
    from campaign.ops.warmup import ready_worker

    ready_worker(worker.wsgi)
