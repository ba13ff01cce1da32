"""gunicorn settings for campaign: `gunicorn -c deploy/gunicorn.conf.py wsgi:app`.

Sync workers: each request holds one worker for its few milliseconds, and the app keeps
no state in the process, so any number of these servers can run behind the proxy.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two per core plus one: requests wait on the database more than on the CPU.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = 30
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that a slow leak never grows.
max_requests = 5000
max_requests_jitter = 500
# The app writes its own JSON request lines (with the request id); gunicorn's
# access log would repeat them.
accesslog = None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
