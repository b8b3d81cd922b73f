"""The workspace application: ``uvicorn api.app:app --host 127.0.0.1 --port 8000``."""
from __future__ import annotations

import asyncio
import os
import threading
import logging
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from api import api_v1, contact_pages, errors, notifier, openapi, pages, routekaart_pages
from api.context import AppContext
from bot.settings import REPO_ROOT, Settings, load_settings
from bot.store.db import Database, upgrade_schema
from bot.store.retention import purge_expired

logger = logging.getLogger(__name__)

NODE_MODULES = REPO_ROOT / "node_modules"
VENDOR_DIRS = {
    "/vendor/utrecht/component-library-css": NODE_MODULES / "@utrecht/component-library-css/dist",
    "/vendor/utrecht/design-tokens": NODE_MODULES / "@utrecht/design-tokens/dist",
    "/vendor/socket.io": NODE_MODULES / "socket.io-client/dist",
}
WIDGET_STATIC = REPO_ROOT / "widget/static"
WIDGET_DEMO = REPO_ROOT / "widget/demo.html"

# Workspace pages: only our own files, never framed, never cached (they show case data).
WORKSPACE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


class OptionalStaticFiles(StaticFiles):
    """Static files from a directory that may appear later (e.g. the widget): 404 until it does."""

    async def check_config(self) -> None:
        if self.directory is None or not Path(self.directory).is_dir():
            raise StarletteHTTPException(status_code=404)
        await super().check_config()


async def _retention_loop(ctx: AppContext, running: threading.Lock) -> None:
    """Delete expired consultations now and then every interval, while the service runs."""

    def purge() -> int:
        with running:
            return purge_expired(ctx.database, ctx.settings.retention_days)

    while True:
        try:
            removed = await run_in_threadpool(purge)
            if removed:
                logger.info("retention: %d consultation(s) deleted", removed)
        except Exception as exc:  # noqa: BLE001 - a failed run must not stop later runs
            logger.error("retention run failed (%s)", type(exc).__name__)
        await asyncio.sleep(ctx.settings.retention_interval_minutes * 60)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the workspace app; the schema is migrated (Alembic) when it starts."""
    settings = settings or load_settings()
    ctx = AppContext(settings=settings, database=Database(settings.database_url))

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        await run_in_threadpool(upgrade_schema, settings.database_url)
        running = threading.Lock()
        task = asyncio.create_task(_retention_loop(ctx, running))
        mail = asyncio.create_task(notifier.notify_loop(ctx, ctx.mail)) if ctx.mail.enabled else None
        try:
            yield
        finally:
            if mail is not None:
                mail.cancel()
            task.cancel()
            try:
                await task
            except asyncio.CancelledError:
                pass
            # Cancelling does not stop a purge already running in a worker thread:
            # wait for it, so nothing is deleted after the service has stopped.
            await run_in_threadpool(lambda: running.acquire() and running.release())
            ctx.database.dispose()

    app = FastAPI(
        title="Signaalroute werkruimte",
        description="Werkruimte van de aandachtsfunctionaris mensenhandel: geanonimiseerde consultaties, "
                    "opvolging volgens het stappenplan, verrijking, cijfers en logboek.",
        version="1",
        lifespan=lifespan,
        # Swagger UI comes from a CDN: off unless SIGNAALROUTE_API_DOCS=true (development only).
        # The OpenAPI description itself is always at /api/v1/openapi.json.
        docs_url="/api/v1/docs" if settings.api_docs else None,
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.ctx = ctx
    errors.install(app)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        if settings.cookie_secure or request.url.scheme == "https":
            # Behind HTTPS (SIGNAALROUTE_COOKIE_SECURE=true): browsers must never fall back to HTTP.
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        path = request.url.path
        if not (path.startswith("/widget/") or path == "/demo" or path.startswith("/vendor/")
                or path.startswith("/api/v1/docs")):
            for name, value in WORKSPACE_HEADERS.items():
                response.headers.setdefault(name, value)
        else:
            response.headers.setdefault("X-Content-Type-Options", "nosniff")
        if path.startswith("/widget/"):
            # The widget's ES modules are fetched with CORS when an intranet on another
            # origin embeds the script; they are public files without credentials.
            response.headers.setdefault("Access-Control-Allow-Origin", "*")
        return response

    @app.get("/healthz", include_in_schema=False)
    def health():
        return JSONResponse({"status": "ok"})

    @app.get("/demo", include_in_schema=False)
    def demo():
        # Widget demo page (written by the widget work); 404 until it exists.
        if not WIDGET_DEMO.is_file():
            return Response("De demopagina is nog niet beschikbaar.", status_code=404, media_type="text/plain")
        # The widget talks to the Rasa server on the port scripts/start was given.
        port = os.environ.get("SIGNAALROUTE_RASA_PORT", "").strip() or "5005"
        html = WIDGET_DEMO.read_text(encoding="utf-8")
        if port.isdigit():
            html = html.replace('data-server="http://127.0.0.1:5005"', f'data-server="http://127.0.0.1:{port}"')
        return HTMLResponse(html)

    app.mount("/static", StaticFiles(directory=str(Path(__file__).parent / "static")), name="static")
    for prefix, directory in VENDOR_DIRS.items():
        app.mount(prefix, OptionalStaticFiles(directory=str(directory), check_dir=False), name=prefix)
    app.mount("/widget", OptionalStaticFiles(directory=str(WIDGET_STATIC), check_dir=False), name="widget")

    app.include_router(api_v1.router)
    app.include_router(routekaart_pages.router)
    app.include_router(contact_pages.router)
    app.include_router(pages.router)
    openapi.install(app, api_v1.MODELS)
    return app


app = create_app()
