"""The ASGI application of `symle serve` (Starlette): its routes, the size caps, the security headers on
every answer, 503 with Retry-After when the workers' queue is full, and the pool's life with the app's."""

from __future__ import annotations

from collections.abc import AsyncIterator, MutableMapping
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from symle.render.environment import template_folder
from symle.serve.limits import BodyLimit, Receive, Scope, Send
from symle.serve.pages import derive_page, download
from symle.serve.remembered import Remembered
from symle.serve.uploads import check_page, fit_page, worksheet_page
from symle.serve.views import HEADERS
from symle.serve.workers import RETRY_AFTER, Busy, Pool

QUICK_QUEUE = 256  # prechecks waiting: each takes milliseconds


class Secured:
    """ASGI middleware: the security headers on every answer, and no-store on the answer to a POST
    (what an upload gave back is not kept by a browser or a proxy)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = [(k.lower().encode(), v.encode()) for k, v in HEADERS.items()]
        if scope["method"] != "GET" or scope["path"].startswith("/download"):
            extra.append((b"cache-control", b"no-store"))

        async def send_secured(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                names = {k for k, _ in extra}
                message["headers"] = [(k, v) for k, v in message.get("headers", []) if k not in names] + extra
            await send(message)

        await self.app(scope, receive, send_secured)


async def busy(request: Request, exc: Exception) -> Response:
    return PlainTextResponse(
        "symle: error: every worker is busy; try again shortly\n", 503, headers={"Retry-After": str(RETRY_AFTER)}
    )


def create_app(pool: Pool | None = None) -> Starlette:
    """The application; `pool` (default: one worker a core) does the symbolic work, a quick lane of
    one more worker the checks that take milliseconds (symle.serve.jobs.precheck)."""
    workers = pool or Pool()
    quick = Pool(workers=1, queue=QUICK_QUEUE)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        workers.close()
        quick.close()

    routes = [
        Route("/", derive_page),
        Route("/download.{kind}", download),
        Route("/fit", fit_page, methods=["GET", "POST"]),
        Route("/check", check_page, methods=["GET", "POST"]),
        Route("/worksheet", worksheet_page, methods=["GET", "POST"]),
        Mount("/static", StaticFiles(directory=str(template_folder() / "static")), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(Secured), Middleware(BodyLimit)],
        exception_handlers={Busy: busy},
        lifespan=lifespan,
    )
    app.state.pool = workers
    app.state.quick = quick
    app.state.memory = Remembered()
    return app
