"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py config.wsgi` (docs/deploy.md).

Every value can be changed from the environment without editing this file.
"""

import multiprocessing
import os

# The address nginx proxies to; loopback so the app is reachable only through nginx.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Sync workers, sized from the cores: requests are short except PDF renders, which
# hold a worker for seconds, so one spare worker per core keeps pages answering.
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1))
worker_class = "sync"
# A 500-activity PDF takes ~20 s on a slow core; anything longer than this is stuck.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
# Recycle workers now and then so that a slow leak in a library cannot grow forever.
max_requests = 1000
max_requests_jitter = 100

# Logs to stdout/stderr, where systemd's journal (or a container runtime) collects them.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Trust X-Forwarded-* only from the nginx on this machine.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
