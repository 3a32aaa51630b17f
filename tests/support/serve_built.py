"""`reflex run --env prod --single-port --frontend-port PORT --backend-port PORT` without its frontend build: the app
served as that command serves it, with the frontend built already in REFLEX_WEB_WORKDIR (dev_server.built_frontend).

    python serve_built.py PORT    (from the project's folder)
"""

import sys

from reflex import reflex
from reflex.utils import build


def serve(port: str) -> None:
    reflex._compile_app = lambda **_: None  # `reflex export` compiled the app and built its frontend
    build.setup_frontend_prod = lambda _root: None
    reflex.cli(["run", "--env", "prod", "--single-port", "--frontend-port", port, "--backend-port", port])


if __name__ == "__main__":
    serve(sys.argv[1])
