"""The application under Starlette's TestClient, one a test module, with one worker process."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def client():
    pytest.importorskip("starlette")
    from starlette.testclient import TestClient

    from symle.serve.app import create_app
    from symle.serve.workers import Pool

    with TestClient(create_app(Pool(workers=1))) as client:
        yield client
