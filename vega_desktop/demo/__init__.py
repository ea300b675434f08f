"""The simulated Vega PBX: demo mode, the test suites, and ``vega-desktop demo-server``.

It stands alone (stdlib, starlette and uvicorn only) and speaks Part B of the PBX spec the way
the spec's examples do, inconsistencies included::

    from vega_desktop.demo import SimulatedPbx, create_app, DemoServer

    pbx = SimulatedPbx(seed=1)                 # a seeded company, CRM and week of calls
    app = create_app(pbx)                      # in process: httpx.ASGITransport(app=app)
    with DemoServer(pbx, port=0) as server:    # or over a real loopback socket
        server.url                             # "http://127.0.0.1:PORT"

Log in with ``DEMO_DOMAIN`` and ``DEMO_API_KEY``; the demo operator is ``DEMO_OPERATOR_EXT``.
"""

from vega_desktop.demo.clock import Clock, ManualClock
from vega_desktop.demo.errors import (
    BadRequestError,
    ConflictError,
    ForbiddenError,
    NotFoundError,
    PbxError,
    UnauthorizedError,
)
from vega_desktop.demo.faults import Fault
from vega_desktop.demo.pbx import DEMO_API_KEY, DEMO_DOMAIN, DEMO_OPERATOR_EXT, SimulatedPbx
from vega_desktop.demo.runner import DemoServer, serve
from vega_desktop.demo.server import DroppedConnectionError, create_app
from vega_desktop.demo.traffic import Scenario, TrafficDriver

__all__ = [
    "DEMO_API_KEY",
    "DEMO_DOMAIN",
    "DEMO_OPERATOR_EXT",
    "BadRequestError",
    "Clock",
    "ConflictError",
    "DemoServer",
    "DroppedConnectionError",
    "Fault",
    "ForbiddenError",
    "ManualClock",
    "NotFoundError",
    "PbxError",
    "Scenario",
    "SimulatedPbx",
    "TrafficDriver",
    "UnauthorizedError",
    "create_app",
    "serve",
]
