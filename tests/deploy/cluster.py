"""Two app servers behind one nginx on loopback, sharing PostgreSQL and Redis.

Used by tests/deploy/test_multi_server.py. ``start_cluster`` builds, in a temporary
folder, everything a production pair needs and tears it down afterwards:

- a PostgreSQL database of its own (uniquely named; dropped at the end);
- Redis database 7 with a key prefix of its own (its keys deleted at the end);
- server 1 started by ``scripts/serve.sh`` itself (= ``make serve``: migrate,
  collectstatic, load the published data into the empty database, gunicorn with
  deploy/gunicorn.conf.py), server 2 by plain gunicorn with the same config (as
  the systemd unit runs it), each with its pid and log files in the folder;
- nginx with the site of ``manage.py nginx_site`` (deploy/nginx/dti.conf) on a
  free unprivileged port, round-robin over both, plus a test-only X-Upstream
  header naming the server that answered.

With one nginx worker, round robin alternates strictly between the two servers, so
``Cluster.via`` can send a request to the server it names (and checks it did).
"""

import contextlib
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]
PY = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
POSTGRES = re.sub(
    r"/[^/]*$", "", os.environ.get("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/x")
)
REDIS_DB = 7
REDIS_URL = f"redis://127.0.0.1:6379/{REDIS_DB}"
PASSWORD = "mat-khau-trien-khai-" + secrets.token_hex(6)  # passes the password validators
# Seconds for make serve on an empty database: about 28 on two idle cores, 113 at load 10.
START_TIMEOUT = 240


def nginx_binary() -> str | None:
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    return found if Path(found).exists() else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def skip_unless_available() -> None:
    """Skip (with the reason) when a piece of the stack cannot be had on this machine."""
    if nginx_binary() is None:
        pytest.skip("nginx is not installed (scripts/setup.sh --nginx installs Debian's)")
    if not GUNICORN.exists():
        pytest.skip(f"gunicorn is not installed in .venv ({GUNICORN})")
    import psycopg
    import redis

    try:
        psycopg.connect(f"{POSTGRES}/postgres", connect_timeout=3).close()
    except psycopg.Error as exc:
        pytest.skip(f"PostgreSQL is not reachable at {POSTGRES} ({exc})")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis is not reachable at {REDIS_URL} ({exc})")


# --- HTTP ------------------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: Message
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def upstream(self) -> str | None:
        """The app server nginx passed the request to (None: nginx answered itself)."""
        value = self.headers.get("X-Upstream")
        return value if value and value != "-" else None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 3xx comes back as the response


class Browser:
    """One visitor: its own cookies; redirects are returned, not followed."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )

    def request(
        self, method: str, path: str, *, data: dict | None = None, headers: dict | None = None
    ) -> Response:
        headers = dict(headers or {})
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
            headers.setdefault("Origin", self.base)  # what a browser sends with a form
        request = urllib.request.Request(
            self.base + path, data=body, method=method, headers=headers
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return Response(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            return Response(error.code, error.headers, error.read())

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.cookies if c.name == name), None)


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "no CSRF token in the form"
    return match.group(1)


# --- the cluster -----------------------------------------------------------------------------


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def log_tail(self, lines: int = 40) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


@dataclass
class Cluster:
    folder: Path
    env: dict[str, str]
    database: str
    servers: list[Server]
    nginx_port: int
    change_set: int = 0
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.nginx_port}"

    def browser(self) -> Browser:
        return Browser(self.base)

    def via(self, index: int, browser: Browser, method: str, path: str, **kwargs) -> Response:
        """``browser``'s request through nginx, answered by server ``index`` (0 or 1):
        a cheap /healthz first shows where round robin stands."""
        wanted = self.servers[index].address
        probe = browser.request("GET", "/healthz")
        if probe.upstream == wanted:
            probe = browser.request("GET", "/healthz")
        assert probe.upstream and probe.upstream != wanted, probe.upstream
        response = browser.request(method, path, **kwargs)
        assert response.upstream == wanted, f"{path} answered by {response.upstream}, not {wanted}"
        return response

    def direct(self, index: int, path: str, headers: dict | None = None) -> Response:
        """A request straight to server ``index``'s gunicorn, bypassing nginx."""
        return Browser(f"http://{self.servers[index].address}").request(
            "GET", path, headers=headers
        )


def _server_env(folder: Path, database: str, prefix: str) -> dict[str, str]:
    """The production environment of both app servers (cf. .env.example), minus TLS."""
    dropped = ("DJANGO_", "DTI_", "AXES_", "COV_", "COVERAGE_", "GUNICORN_")
    keep = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(dropped)
        and k not in {"DATABASE_URL", "REDIS_URL", "HOST", "PORT", "WEB_CONCURRENCY"}
    }
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "dti.settings.base",
        "DJANGO_READ_DOT_ENV_FILE": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"{POSTGRES}/{database}",
        "DJANGO_CONN_MAX_AGE": "60",
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "DJANGO_SECURE_PROXY_SSL_HEADER": "true",
        "DTI_TRUSTED_PROXY_COUNT": "1",
        "REDIS_URL": REDIS_URL,
        "DTI_CACHE_PREFIX": prefix,
        "DTI_PAGE_CACHE": "true",
        # Per-request version reads: a publish is seen by the other server at once.
        "DTI_VERSION_LISTEN": "false",
        # Two cores shared with other work: one worker per server is enough here.
        "WEB_CONCURRENCY": "1",
    }


def _wait_for(url: str, process: subprocess.Popen, what: str, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(errors="replace")[-4000:] if log.exists() else ""
            pytest.fail(f"{what} exited with {process.returncode}:\n{tail}")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=5) as response:
            if response.status == 200:
                return
        time.sleep(0.2)
    pytest.fail(f"{what} did not answer {url} within {timeout:.0f} s")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def _start_server(name: str, command: list[str], env: dict, folder: Path) -> Server:
    port = free_port()
    log = folder / f"{name}.log"
    server_env = {
        **env,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "GUNICORN_CMD_ARGS": (
            f"--pid {folder}/{name}.pid --access-logfile {folder}/{name}-access.log "
            f"--error-logfile {folder}/{name}-error.log"
        ),
    }
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=server_env,
        stdin=subprocess.DEVNULL,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: stopped with its workers
    )
    return Server(name, port, process, log)


NGINX_MAIN = """
worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {folder}/nginx-access.log;
    client_body_temp_path {folder}/nginx-body;
    proxy_temp_path {folder}/nginx-proxy;
    fastcgi_temp_path {folder}/nginx-fastcgi;
    uwsgi_temp_path {folder}/nginx-uwsgi;
    scgi_temp_path {folder}/nginx-scgi;
    # Test only: which app server answered (inherited by the proxied locations).
    add_header X-Upstream $upstream_addr always;
    include {folder}/dti.conf;
}}
"""


def _start_nginx(folder: Path, servers: list[Server]) -> tuple[subprocess.Popen, int]:
    port = free_port()
    with override_settings(STATIC_ROOT=folder / "static"):
        call_command(
            "nginx_site",
            server_name="127.0.0.1",
            no_tls=True,
            listen=f"127.0.0.1:{port}",
            upstream=[s.address for s in servers],
            out=folder / "dti.conf",
        )
    (folder / "nginx.conf").write_text(NGINX_MAIN.format(folder=folder))
    log = folder / "nginx-error.log"
    process = subprocess.Popen(
        [nginx_binary(), "-c", str(folder / "nginx.conf"), "-p", str(folder), "-e", str(log)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=(folder / "nginx-stderr.log").open("wb"),
        start_new_session=True,
    )
    _wait_for(f"http://127.0.0.1:{port}/healthz", process, "nginx", log, timeout=30)
    return process, port


@contextlib.contextmanager
def start_cluster(folder: Path) -> Iterator[Cluster]:
    import psycopg
    import redis

    folder.chmod(0o755)  # nginx's workers (nobody) read the static files in it
    tag = secrets.token_hex(4)
    database, prefix = f"dti_deploy_{tag}", f"dti-deploy-{tag}"
    env = _server_env(folder, database, prefix)
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{database}"')
    processes: list[subprocess.Popen] = []
    try:
        started = time.monotonic()
        first = _start_server("server-1", ["bash", "scripts/serve.sh"], env, folder)
        processes.append(first.process)
        # The second server boots meanwhile; it needs the database only for requests.
        second = _start_server(
            "server-2", [str(GUNICORN), "--config", "deploy/gunicorn.conf.py"], env, folder
        )
        processes.append(second.process)
        _wait_for(
            f"http://{first.address}/xep-hang/2024/",
            first.process,
            "make serve",
            first.log,
            START_TIMEOUT,
        )
        timings = {"make_serve_cold_to_first_200_s": round(time.monotonic() - started, 1)}

        started = time.monotonic()
        seed = subprocess.run(
            [str(PY), "-m", "tests.deploy.seed"],
            cwd=ROOT,
            env={**env, "DTI_DEPLOY_TEST_PASSWORD": PASSWORD},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert seed.returncode == 0, seed.stdout + seed.stderr
        change_set = json.loads(seed.stdout.strip().splitlines()[-1])["change_set"]
        _wait_for(f"http://{second.address}/healthz", second.process, "gunicorn", second.log, 60)
        timings["seed_and_second_server_s"] = round(time.monotonic() - started, 1)

        nginx, port = _start_nginx(folder, [first, second])
        processes.append(nginx)
        cluster = Cluster(folder, env, database, [first, second], port, change_set, timings)
        artifacts = ROOT / "test-artifacts"
        artifacts.mkdir(exist_ok=True)
        (artifacts / "deploy-cluster.json").write_text(json.dumps(timings, indent=2) + "\n")
        print(f"deploy cluster: {timings}", file=sys.stderr)
        yield cluster
    finally:
        for process in reversed(processes):
            _stop(process)
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        with contextlib.suppress(redis.RedisError):
            client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
            keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
            if keys:
                client.delete(*keys)
