"""Several web nodes and a Celery worker on one machine, as a load balancer would see them.

One harness for the two-node journey test (``partnership/tests/test_two_nodes.py``) and
``make soak`` (``bench/soak.py``)::

    with Cluster(database_url=..., nodes=2) as cluster:
        a, b = cluster.nodes
        Browser(a.port).sign_in(...)
        cluster.kill(a)          # SIGKILL to its whole process group, as a machine dying
        cluster.restart(a)       # same port, waits until it answers
        cluster.kill_worker(); cluster.start_worker()
        cluster.redis.stop(); cluster.redis.start()

What the nodes share is only what production nodes share: the PostgreSQL database
(``database_url``), one Redis (its own ``redis-server`` on a free port, so restarting it
disturbs nothing else; the cache on database 1, the broker on 0), the object store when
there is one (``ObjectStore``), and ``SECRET_KEY``. Each node is gunicorn under production
settings (``DJANGO_PRODUCTION=1``, ``bench.settings``' relaxed spam thresholds, static files
from the finders as ``make soak`` always served them) in a temporary working directory of its
own, with its own ``MEDIA_ROOT`` and ``PRIVATE_ROOT``: no disk is shared. The Celery worker
(``celery`` and ``pdf`` queues) runs in a third directory. Every process runs in its own
process group; everything started is stopped on exit, also on failure. Waits poll a
condition (``/health/`` answering, the worker's "ready" line), never a fixed sleep.
"""

# Fixed tools (gunicorn, celery, redis-server, redis-cli, moto) with arguments built here.
# ruff: noqa: S603, S607

from __future__ import annotations

import contextlib
import importlib.util
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.webclient import Browser

ROOT = Path(__file__).resolve().parent.parent
PYTHON = Path(sys.executable)
HOST = "127.0.0.1"
# Environment a node must not inherit from whoever started the harness: the harness sets them.
_NOT_INHERITED = {"DEBUG", "DATABASE_URL", "CACHE_URL", "CELERY_BROKER_URL", "EMAIL_HOST", "MEDIA_ROOT", "PRIVATE_ROOT"}
_S3_ENV = ("S3_BUCKET", "S3_ENDPOINT_URL", "S3_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")


class ClusterError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_until(ready: Callable[[], bool], *, seconds: float, what: str, every: float = 0.2) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if ready():
            return
        time.sleep(every)
    raise ClusterError(f"Timed out after {seconds:.0f} s waiting for {what}.")


def _tail(path: Path, chars: int = 3000) -> str:
    with contextlib.suppress(OSError):
        return path.read_text(errors="replace")[-chars:]
    return ""


def _stop_group(process: subprocess.Popen | None, *, grace: float = 15) -> None:
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)


# --- Redis ---------------------------------------------------------------------------------------


class RedisServer:
    """A ``redis-server`` of the harness's own on a free port, in a temporary folder, nothing saved."""

    def __init__(self, directory: Path) -> None:
        self.port = free_port()
        self.directory = directory
        self.directory.mkdir(parents=True, exist_ok=True)

    def url(self, db: int) -> str:
        return f"redis://{HOST}:{self.port}/{db}"

    def _cli(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["redis-cli", "-h", HOST, "-p", str(self.port), *args], capture_output=True, check=False, timeout=10
        )

    def up(self) -> bool:
        return self._cli("ping").stdout.strip() == b"PONG"

    def start(self) -> None:
        if shutil.which("redis-server") is None:
            raise ClusterError("redis-server is not installed (Debian: apt-get install -y redis-server).")
        subprocess.run(
            [
                *("redis-server", "--daemonize", "yes", "--bind", HOST, "--port", str(self.port)),
                *("--save", "", "--appendonly", "no", "--dir", str(self.directory)),
                *("--logfile", str(self.directory / "redis.log"), "--pidfile", str(self.directory / "redis.pid")),
            ],
            check=True,
        )
        wait_until(self.up, seconds=20, what=f"Redis on port {self.port}")

    def stop(self) -> None:
        self._cli("shutdown", "nosave")
        wait_until(lambda: not self.up(), seconds=20, what="Redis to stop")


# --- Object store ----------------------------------------------------------------------------------


@dataclass
class ObjectStore:
    """An S3-compatible endpoint and a bucket of the harness's own in it.

    ``S3_TEST_ENDPOINT_URL`` (``.ci/run`` exports a running moto server's) if set; otherwise
    moto's standalone server, started here on a free port, when moto is installed
    (``pip install "moto[server]"``); otherwise none (``ObjectStore.available()`` says why).
    """

    endpoint_url: str
    bucket: str
    process: subprocess.Popen | None = None
    region: str = "us-east-1"

    @staticmethod
    def unavailable_reason() -> str | None:
        if os.environ.get("S3_TEST_ENDPOINT_URL"):
            return None
        if importlib.util.find_spec("moto") is None or importlib.util.find_spec("boto3") is None:
            return (
                "no object store: S3_TEST_ENDPOINT_URL is not set and moto's server is not installed "
                '(pip install "moto[server]"), so nodes with separate disks cannot share built reports'
            )
        return None

    @classmethod
    def start(cls, directory: Path) -> ObjectStore:
        bucket = f"lsp-nodes-{uuid.uuid4().hex[:12]}"
        url = os.environ.get("S3_TEST_ENDPOINT_URL", "")
        process = None
        if not url:
            port = free_port()
            url = f"http://{HOST}:{port}"
            log = (directory / "moto.log").open("w")
            process = subprocess.Popen(
                [str(PYTHON), "-m", "moto.server", "-H", HOST, "-p", str(port)],
                cwd=directory,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            log.close()

            def answers() -> bool:
                if process.poll() is not None:
                    raise ClusterError(f"moto's server exited:\n{_tail(directory / 'moto.log')}")
                with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=1):
                    return True
                return False

            wait_until(answers, seconds=60, what="moto's server")
        store = cls(endpoint_url=url, bucket=bucket, process=process)
        store.client().create_bucket(Bucket=bucket)
        return store

    def client(self):
        import boto3

        return boto3.client("s3", endpoint_url=self.endpoint_url, region_name=self.region, **self._credentials())

    @staticmethod
    def _credentials() -> dict[str, str]:
        return {
            "aws_access_key_id": os.environ.get("AWS_ACCESS_KEY_ID", "testing"),
            "aws_secret_access_key": os.environ.get("AWS_SECRET_ACCESS_KEY", "testing"),
        }

    def env(self) -> dict[str, str]:
        credentials = self._credentials()
        return {
            "S3_BUCKET": self.bucket,
            "S3_ENDPOINT_URL": self.endpoint_url,
            "S3_REGION": self.region,
            "AWS_ACCESS_KEY_ID": credentials["aws_access_key_id"],
            "AWS_SECRET_ACCESS_KEY": credentials["aws_secret_access_key"],
        }

    def stop(self) -> None:
        _stop_group(self.process)


# --- Nodes and the worker ------------------------------------------------------------------------


@dataclass
class Node:
    """One web node: gunicorn in a working directory of its own."""

    name: str
    port: int
    directory: Path
    process: subprocess.Popen | None = None
    starts: int = 0

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def log(self) -> Path:
        return self.directory / "gunicorn.log"

    def browser(self, cookies: dict[str, str] | None = None) -> Browser:
        """A visitor of this node; pass another browser's ``cookies`` to carry its session over."""
        return Browser(self.port, cookies=cookies if cookies is not None else {})


@dataclass
class Cluster:
    """``nodes`` web nodes and one Celery worker against one database, Redis and object store."""

    database_url: str
    nodes_count: int = 2
    gunicorn_workers: int = 2
    settings_module: str = "bench.settings"
    object_store: bool = False
    extra_env: dict[str, str] = field(default_factory=dict)
    keep_logs: bool = False

    def __post_init__(self) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="lsp-cluster-"))
        self.secret_key = secrets.token_urlsafe(50)  # one for all: sessions, CSRF, signed links
        self.redis = RedisServer(self.directory / "redis")
        self.store: ObjectStore | None = None
        self.nodes: list[Node] = []
        for n in range(self.nodes_count):
            name = "ABCDEFGH"[n]
            self.nodes.append(Node(name=name, port=free_port(), directory=self._workdir(f"node-{name}")))
        self.worker_directory = self._workdir("worker")
        self.worker: subprocess.Popen | None = None
        self.worker_starts = 0

    def _workdir(self, name: str) -> Path:
        directory = self.directory / name
        for sub in ("media", "private"):
            (directory / sub).mkdir(parents=True)
        return directory

    # --- the whole ---------------------------------------------------------------------------

    def __enter__(self) -> Cluster:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        self.redis.start()
        if self.object_store:
            self.store = ObjectStore.start(self.directory)
        for node in self.nodes:
            self.start_node(node)
        self.start_worker()

    def stop(self) -> None:
        _stop_group(self.worker)
        for node in self.nodes:
            _stop_group(node.process)
        if self.store is not None:
            self.store.stop()
        with contextlib.suppress(ClusterError, subprocess.SubprocessError, OSError):
            if self.redis.up():
                self.redis.stop()
        if not self.keep_logs:
            shutil.rmtree(self.directory, ignore_errors=True)

    def env(self, directory: Path, **extra: str) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if key not in _NOT_INHERITED and key not in _S3_ENV}
        env.update(
            DJANGO_SETTINGS_MODULE=self.settings_module,
            DJANGO_PRODUCTION="1",
            SECRET_KEY=self.secret_key,
            ALLOWED_HOSTS=HOST,
            SECURE_SSL_REDIRECT="0",
            SECURE_HSTS_SECONDS="0",
            STATIC_MANIFEST="0",
            DATABASE_URL=self.database_url,
            CACHE_URL=self.redis.url(1),
            CELERY_BROKER_URL=self.redis.url(0),
            MEDIA_ROOT=str(directory / "media"),
            PRIVATE_ROOT=str(directory / "private"),
            # The address people reach the portal at (the load balancer's): emailed links lead there.
            PORTAL_BASE_URL=self.nodes[0].url,
            LOG_LEVEL="WARNING",
            PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
            PYTHONDONTWRITEBYTECODE="1",
        )
        if self.store is not None:
            env.update(self.store.env())
        env.update(self.extra_env)
        env.update(extra)
        return env

    # --- web nodes ---------------------------------------------------------------------------

    def start_node(self, node: Node) -> None:
        if node.process is not None and node.process.poll() is None:
            raise ClusterError(f"Node {node.name} is running already.")
        with node.log.open("a") as log:
            node.process = subprocess.Popen(
                [
                    *(str(PYTHON), "-m", "gunicorn", "partnership.wsgi:application"),
                    *("--workers", str(self.gunicorn_workers), "--worker-class", "sync"),
                    *("--bind", f"{HOST}:{node.port}", "--timeout", "60", "--log-level", "warning"),
                ],
                cwd=node.directory,
                env=self.env(node.directory),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: killing it kills nothing else
            )
        node.starts += 1
        browser = node.browser()

        def answers() -> bool:
            if node.process.poll() is not None:
                raise ClusterError(f"Node {node.name}'s gunicorn exited:\n{_tail(node.log)}")
            with contextlib.suppress(OSError):
                return browser.get("/health/").status in {200, 503}
            return False

        wait_until(answers, seconds=90, what=f"node {node.name} on port {node.port}")

    def kill(self, node: Node, sig: int = signal.SIGKILL) -> None:
        """Kill the node's gunicorn, master and workers at once (SIGKILL: as if its machine died)."""
        if node.process is None or node.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(node.process.pid, sig)
        node.process.wait(30)

    def restart(self, node: Node) -> None:
        self.kill(node)
        self.start_node(node)

    # --- the worker --------------------------------------------------------------------------

    @property
    def worker_log(self) -> Path:
        return self.worker_directory / "celery.log"

    def start_worker(self) -> None:
        if self.worker is not None and self.worker.poll() is None:
            raise ClusterError("The worker is running already.")
        self.worker_starts += 1
        marker = self.worker_log.stat().st_size if self.worker_log.exists() else 0
        with self.worker_log.open("a") as log:
            self.worker = subprocess.Popen(
                [
                    *(str(PYTHON), "-m", "celery", "-A", "partnership", "worker", "-Q", "celery,pdf"),
                    *("--pool", "solo", "--loglevel", "INFO", "--without-gossip", "--without-mingle"),
                    *("-n", f"cluster-worker-{self.worker_starts}-{uuid.uuid4().hex[:6]}@%h"),
                ],
                cwd=self.worker_directory,
                env=self.env(self.worker_directory, LOG_LEVEL="INFO"),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        worker = self.worker

        def ready() -> bool:
            if worker.poll() is not None:
                raise ClusterError(f"The Celery worker exited:\n{_tail(self.worker_log)}")
            with self.worker_log.open("rb") as log:
                log.seek(marker)
                return b" ready." in log.read()

        wait_until(ready, seconds=90, what="the Celery worker")

    def kill_worker(self) -> None:
        if self.worker is not None and self.worker.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.worker.pid, signal.SIGKILL)
            self.worker.wait(30)

    def worker_output(self) -> str:
        """Everything the worker printed: its log, and the emails the console backend wrote."""
        return _tail(self.worker_log, 10_000_000)

    def logs(self) -> str:
        """The last lines of every process's log, for a failure message."""
        parts = [f"--- node {n.name} ---\n{_tail(n.log)}" for n in self.nodes]
        parts.append(f"--- worker ---\n{_tail(self.worker_log)}")
        return "\n".join(parts)
