"""Builds the Reflex app and registers its pages; nothing else."""

import reflex as rx

import leasedash.db.models  # noqa: F401  (the tables Alembic and `reflex db` manage)
import leasedash.session_failover  # noqa: F401  (a session outlives the backend that served it)
from leasedash.api import api
from leasedash.api.headers import SecurityHeaders
from leasedash.api.upload_guard import UploadGuard
from leasedash.components.connection import connection_lost
from leasedash.lifespan import send_document_mails, warm_fleet_cache
from leasedash.pages import (  # noqa: F401  (each page module registers its route)
    account,
    end_of_lease,
    fleet,
    fleet_import,
    grid,
    home,
    mobility_plan,
    my_contract,
    not_found,
    offers,
    password_reset,
    people,
    requests,
    returns,
    signup,
    what_if,
)

app = rx.App(api_transformer=[api, UploadGuard, SecurityHeaders], stylesheets=["/a11y.css"])
app.app_wraps[(5, "Overlay")] = lambda stateful: connection_lost() if stateful else None  # in place of an English toast
app.register_lifespan_task(warm_fleet_cache)
app.register_lifespan_task(send_document_mails)
