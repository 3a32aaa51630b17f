"""The README's production set-up on one machine: the built frontend, several backend processes (one port and
one Granian worker each) sharing PostgreSQL and Redis, and nginx in front of them, on free loopback ports."""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import signal
import subprocess
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text

from leasedash.db.session import get_engine
from tests.support.dev_server import BIN, app_env, copy_project, free_port, running_app, wait_until_answering

NGINX = Path(shutil.which("nginx") or "/usr/sbin/nginx")
PG_ADMIN_URL = os.environ.get("LEASEDASH_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
BACKEND_PATHS = r"^/(_event|api/|ping|_upload|_health|_all_routes)"

_CONFIG = """\
daemon off;
worker_processes 1;
user {user} {group};
pid nginx.pid;
events {{ worker_connections 1024; }}
http {{
    access_log access.log;
    client_body_temp_path body;
    proxy_temp_path proxy;
    proxy_max_temp_file_size 0;
    fastcgi_temp_path fastcgi;
    uwsgi_temp_path uwsgi;
    scgi_temp_path scgi;
    map $http_upgrade $connection_upgrade {{ default upgrade; "" close; }}
    upstream backends {{
{servers}
    }}
    server {{
        listen 127.0.0.1:{port};
        proxy_http_version 1.1;
        proxy_set_header Host $http_host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_connect_timeout 2s;
        location ~ {backend_paths} {{
            proxy_pass http://backends;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_read_timeout 1h;
        }}
        location / {{
            proxy_pass http://127.0.0.1:{frontend_port};
        }}
    }}
}}
"""


def proxy_config(port: int, frontend_port: int, backend_ports: list[int]) -> str:
    """nginx on `port`: WebSocket upgrades on /_event and the backend's HTTP paths go to any live backend (a refused
    connection takes the next one), everything else to the process serving the built frontend."""
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=30s;" for p in backend_ports)
    return _CONFIG.format(user=pwd.getpwuid(os.geteuid()).pw_name, group=grp.getgrgid(os.getegid()).gr_name,
                          servers=servers, port=port, frontend_port=frontend_port, backend_paths=BACKEND_PATHS)


def _established_ports() -> Counter:
    """How many established TCP connections each local port of this machine holds."""
    ports = Counter()
    for table in (Path("/proc/net/tcp"), Path("/proc/net/tcp6")):
        for line in table.read_text().splitlines()[1:] if table.exists() else ():
            fields = line.split()
            if fields[3] == "01":
                ports[int(fields[1].rsplit(":", 1)[1], 16)] += 1
    return ports


@dataclass
class Cluster:
    """The proxy's URL, the database, and the backend processes by port."""

    url: str
    db_url: str
    backends: dict[int, subprocess.Popen]
    folder: Path

    def live_backends(self) -> list[int]:
        return [port for port, process in self.backends.items() if process.poll() is None]

    def connections(self) -> Counter:
        """Established connections per backend port: nginx keeps none open to a backend but websockets and
        requests in flight."""
        held = _established_ports()
        return Counter({port: held[port] for port in self.backends})

    def websocket_backend(self, timeout: float = 20) -> int:
        """With one browser session open and no request in flight: the port of the backend serving its websocket."""
        deadline = time.monotonic() + timeout
        while sum((held := self.connections()).values()) != 1:
            if time.monotonic() > deadline:
                raise AssertionError(f"not one websocket on the backends: {dict(held)}")
            time.sleep(0.2)
        return held.most_common(1)[0][0]

    def kill(self, port: int) -> None:
        """kill -9 the backend on `port` (its Granian process and worker)."""
        process = self.backends[port]
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def logs(self) -> str:
        return "".join(log.read_text(errors="replace") for log in sorted(self.folder.glob("*.log")))


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def _started(command: list[str], log: Path, **popen) -> subprocess.Popen:
    with log.open("w") as out:
        return subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True, **popen)


@contextmanager
def fresh_database(admin_url: str = PG_ADMIN_URL) -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database, dropped on exit."""
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"leasedash_cluster_{uuid.uuid4().hex[:8]}"
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin_url.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        get_engine(url).dispose()
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _backend(project: Path, env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    command = ["run", "--env", "prod", "--backend-only", "--backend-host", "127.0.0.1", "--backend-port", str(port)]
    return _started([str(BIN / "reflex"), *command], log, cwd=project, env={**env, "GRANIAN_WORKERS": "1"})


@contextmanager
def served_behind_proxy(db_url: str, redis_url: str, folder: Path, backends: int = 3, demo_contracts: int = 300,
                        timeout: float = 600) -> Iterator[Cluster]:
    """Serve the frontend from one process in a copy of the project (running_app: the test run's build, calling the
    proxy), start `backends` processes (`reflex run --env prod --backend-only`, one Granian worker each) on `db_url`
    and `redis_url`, put nginx in front of them and yield the cluster; everything is stopped on exit."""
    proxy_port = free_port()
    url = f"http://127.0.0.1:{proxy_port}"
    project = copy_project(folder / "leasedash")
    env = {"REFLEX_REDIS_URL": redis_url, "REFLEX_API_URL": f"http://localhost:{proxy_port}"}
    with ExitStack() as stack:
        frontend = stack.enter_context(running_app(db_url, folder / "frontend.log", demo_contracts, timeout,
                                                   extra_env=env, project=project))
        processes = {port: _backend(project, {**app_env(db_url, project), **env}, port, folder / f"backend-{port}.log")
                     for port in (free_port() for _ in range(backends))}
        for process in processes.values():
            stack.callback(_stop, process)
        for port, process in processes.items():
            wait_until_answering(process, folder / f"backend-{port}.log", (f"http://127.0.0.1:{port}/ping",), timeout)
        config = folder / "nginx.conf"
        config.write_text(proxy_config(proxy_port, int(frontend.rsplit(":", 1)[1]), list(processes)))
        errors = folder / "nginx-error.log"
        proxy = _started([str(NGINX), "-p", str(folder), "-c", str(config), "-e", str(errors)], folder / "nginx.log")
        stack.callback(_stop, proxy)
        wait_until_answering(proxy, errors, (f"{url}/ping", url), 30)
        yield Cluster(url, db_url, processes, folder)
