"""The whole app compiles and its frontend builds, so a broken page fails CI. The build is the one every app the
tests start serves (dev_server.built_frontend): `reflex export` runs once per test run, in a copy of the project, so
that it never rewrites the frontend of an app being served."""

from __future__ import annotations

import pytest

from tests.support.dev_server import built_frontend


@pytest.mark.slow
def test_reflex_export_builds_the_frontend():
    build = built_frontend()
    assert build.returncode == 0, build.output[-8000:]
    assert (build.web / "build" / "client" / "index.html").exists()
