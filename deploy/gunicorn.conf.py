"""gunicorn settings for campaign: `gunicorn -c deploy/gunicorn.conf.py wsgi:app`.

Sync workers: each request holds one worker for its few milliseconds, and the app keeps
no state in the process but a few seconds' copy of the public pages, so any number of
these servers can run behind the proxy.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# One per core. More let a process holding the database's write lock (SQLite's, or a
# row's) be paused for another that can only wait for it: measured on 2 cores
# (README, "Speed under a surge"), signing went from 230–275 to 360–470 a second on
# SQLite with 2 workers instead of 4, and was no faster on PostgreSQL with 4; pages are
# CPU work either way.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count()))
worker_class = "sync"
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
