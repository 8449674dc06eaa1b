"""Gunicorn settings for the DTI scorecard: `make serve`, and the systemd unit.

    .venv/bin/gunicorn --config deploy/gunicorn.conf.py dti.wsgi

Everything that differs between machines comes from the environment, as for the
app (.env.example lists it; .env is read when DJANGO_READ_DOT_ENV_FILE=true):
HOST and PORT, WEB_CONCURRENCY (workers; default 2 × CPU cores + 1) and
FORWARDED_ALLOW_IPS (the proxies whose X-Forwarded-Proto is trusted). Command-line
options and GUNICORN_CMD_ARGS override this file (the tests put the pid and log
files in a temporary folder that way).
"""

import os
from pathlib import Path

import environ

ROOT = Path(__file__).resolve().parent.parent
env = environ.Env()
if env.bool("DJANGO_READ_DOT_ENV_FILE", default=False):
    env.read_env(str(ROOT / ".env"))


def cpu_count() -> int:
    """CPU cores this process may run on (a container's or cgroup's share, not the host's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


# Keep each worker's database connection between requests unless told otherwise:
# opening a PostgreSQL connection per request held `make serve` to about 130 r/s on
# the ranking page; with 600 s, about 610-750 r/s (07/12/2026, 5 workers, 2 cores).
# The workers inherit this; DJANGO_CONN_MAX_AGE=0 in the environment turns it off.
os.environ.setdefault("DJANGO_CONN_MAX_AGE", "600")  # .env, if read, is in os.environ

wsgi_app = "dti.wsgi"
chdir = str(ROOT)
# Ignored under systemd socket activation (deploy/systemd/dti.socket): gunicorn then
# serves the socket systemd passes.
bind = [f"{env('HOST', default='127.0.0.1')}:{env.int('PORT', default=8000)}"]

# Sync workers: each request holds one process; pages are CPU-bound (rendering) and
# short, so about two per core, plus one for a worker busy with an export.
workers = env.int("WEB_CONCURRENCY", default=2 * cpu_count() + 1)
# A full Excel export takes a few seconds on a busy machine; 60 s before a stuck
# worker is killed and replaced; 30 s for requests in flight at a restart.
timeout = 60
graceful_timeout = 30
# Behind nginx, which keeps connections to the app open (upstream keepalive).
keepalive = 5
# Replace each worker after about 20,000 requests: bounds any slow growth (make load saw
# none). A new worker costs seconds (imports, cold catalog): at 1,000 a loaded server
# restarted its workers every ~10 s and lost a quarter of its throughput.
max_requests = 20000
max_requests_jitter = 2000
# Worker heartbeats in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Only these proxies may say a request came over https (X-Forwarded-Proto);
# nginx on the same machine by default. Connections over a Unix socket always may.
forwarded_allow_ips = env("FORWARDED_ALLOW_IPS", default="127.0.0.1,::1")

# Access log on stdout, error log on stderr (journald under systemd). The client is
# the last X-Forwarded-For entry nginx added; %(M)s is the response time in ms.
accesslog = "-"
errorlog = "-"
loglevel = "info"
access_log_format = (
    '%({x-forwarded-for}i)s via %(h)s %(t)s "%(r)s" %(s)s %(B)s %(M)sms "%(f)s" "%(a)s"'
)

# The control socket's default path ($HOME/.gunicorn/gunicorn.ctl) is one per user:
# two app servers of one user on one machine would fight over it. systemd's signals
# (reload = HUP) are the control interface here.
control_socket_disable = True
proc_name = "dti"
