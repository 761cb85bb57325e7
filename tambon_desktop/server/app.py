"""The FastAPI application: thin routes over keyword-only data functions."""

from __future__ import annotations

import asyncio

from fastapi import FastAPI, HTTPException
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from starlette.middleware.gzip import GZipMiddleware

from tambon_desktop.core.clock import utc_now_iso
from tambon_desktop.protocol.messages import MAX_RELAY_BYTES, PROTOCOL_MAX, PROTOCOL_MIN, Health
from tambon_desktop.server import auth, bundles, db, wire
from tambon_desktop.server.routes import attachments, devices, sync
from tambon_desktop.server.routes import auth as auth_routes
from tambon_desktop.server.routes import bundles as bundle_routes
from tambon_desktop.server.tables import HealthProbe


def create_app(engine: Engine, *, token_ttl: float = auth.TOKEN_TTL_SECONDS) -> FastAPI:
    app = FastAPI(title="tambon-server", version=f"protocol {PROTOCOL_MIN}..{PROTOCOL_MAX}",
                  docs_url=None, redoc_url=None)
    app.state.engine = engine
    app.state.read_engine = db.read_engine(engine)
    app.state.login_gate = asyncio.Semaphore(auth.LOGIN_THREADS)
    with db.session_scope(app.state.read_engine) as session:
        auth.load_known_devices(session)
    app.state.token_ttl = token_ttl
    bundles.ensure_keys(engine)  # the bundle key pairs exist from the first start
    app.state.challenge_secret = auth.challenge_secret(bundles.signing_private_key(engine))
    wire.install_error_handlers(app)
    for router in (auth_routes.router, devices.router, sync.router, attachments.router,
                   bundle_routes.router):
        app.include_router(router)

    @app.get("/healthz", response_model=Health, tags=["health"])
    def healthz() -> Health:
        """200 only when the database takes a write (a read-only or full disk is a 503)."""
        try:
            with engine.begin() as conn:
                insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
                stmt = insert(HealthProbe).values(id=1, at=utc_now_iso())
                conn.execute(stmt.on_conflict_do_update(index_elements=["id"],
                                                        set_={"at": stmt.excluded.at}))
        except Exception as exc:  # report, do not crash: a load balancer reads this
            reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
            raise HTTPException(503, f"database cannot be written: {reason}") from None
        return Health(status="ok", protocol_min=PROTOCOL_MIN, protocol_max=PROTOCOL_MAX)

    app.add_middleware(GZipMiddleware, minimum_size=1000)
    app.add_middleware(wire.BodyLimit, overrides={"/v1/bundles": MAX_RELAY_BYTES})
    return app
