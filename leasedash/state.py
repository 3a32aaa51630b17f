"""The base state every page state extends: who is signed in, their language, and the one mechanism
through which every event handler checks its caller and answers a refusal (`guarded`)."""

from __future__ import annotations

import functools
import inspect
import logging
from contextvars import ContextVar
from typing import Any

import reflex as rx
from reflex.state import _override_base_method

from leasedash import routes
from leasedash.db.scoping import Viewer
from leasedash.db.session import session_scope
from leasedash.event_arguments import checked_arguments
from leasedash.errors import AccessDenied, InvalidInput, LeaseDashError, NotFound, NotSignedIn, StaleWrite, Throttled
from leasedash.i18n import LANGUAGES, catalog, plural
from leasedash.services.auth import resolve_session, sign_out, viewer_of
from leasedash.services.file_links import signed_link
from leasedash.services.account_security import must_set_up_second_factor
from leasedash.services.throttle import client_address

SESSION_KEY = "leasedash_session"
log = logging.getLogger(__name__)

_EVENT_VIEWER: ContextVar[tuple[str, Viewer] | None] = ContextVar("leasedash_event_viewer", default=None)

_KIND_MESSAGES = ((NotFound, "common.not_found"), (AccessDenied, "common.not_allowed"),
                  (StaleWrite, "common.stale"), (NotSignedIn, "common.signed_out"))
_CODE_PREFIXES = ("error.", "whatif.error.", "gridproblem.")


def refusal_message(exc: LeaseDashError, lang: str) -> str:
    """The sentence a refusal shows, in the reader's language: the message of its code when it has one,
    else the field and the reason (bad input) or one sentence per kind of refusal."""
    texts = catalog(lang if lang in LANGUAGES else "en")
    if isinstance(exc, Throttled):
        seconds = exc.retry_after
        return plural("error.throttled_seconds", seconds, lang) if seconds < 60 else plural("error.throttled", -(-seconds // 60), lang)
    if isinstance(exc, InvalidInput):
        for key in (prefix + exc.code for prefix in _CODE_PREFIXES) if exc.code else ():
            if key in texts:
                return texts[key].format_map(_Defaults({"field": exc.field, **exc.params}))
        return texts["common.invalid_field"].format(field=exc.field, reason=exc.reason)
    for kind, key in _KIND_MESSAGES:
        if isinstance(exc, kind):
            return texts[key]
    return texts["common.refused"]


class _Defaults(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class _Refused:
    """What a handler answers when its caller is turned away at the gate."""

    def __init__(self, answer) -> None:
        self.answer = answer


def guarded(*roles: str, before_second_factor: bool = False, by_the_browser: bool = False):
    """Wrap an event handler as the one gate of every public endpoint: the caller is resolved once for the
    event (one query), a missing session goes to /login, a role outside `roles` (when given) gets "not
    allowed" in the reader's language, a person whose role requires an authenticator and who has none is
    refused until they set one up (only handlers marked `before_second_factor`, those of that set-up, run
    before; issue 13, item 8), and a refusal raised by the handler (any LeaseDashError) is shown
    as `problem` (page-wide) and `field_problems[field]` (bad input); any other exception is logged and
    shown as one translated sentence, never as a traceback. The arguments are checked against the handler's
    annotations first (event_arguments). An event the browser fires by itself after the reader's own (a chart
    drawn, a section mounted) is marked `by_the_browser`: it leaves the refusals on the page as they are. Put it
    under `@rx.event`."""

    def decorate(fn):
        call = checked_arguments(fn)
        if inspect.isasyncgenfunction(fn):
            @functools.wraps(fn)
            async def run_async_gen(self, *args, **kwargs):
                async with self:
                    admitted = self._admit(roles, before_second_factor, by_the_browser)
                if isinstance(admitted, _Refused):
                    yield admitted.answer
                    return
                _EVENT_VIEWER.set((self.session_token, admitted))
                try:
                    async for update in call(self, *args, **kwargs):
                        yield update
                except Exception as exc:  # noqa: BLE001 - the gate answers every failure
                    async with self:
                        answer = self._answer(exc)
                    if answer is not None:
                        yield answer
            return run_async_gen

        if inspect.iscoroutinefunction(fn):
            @functools.wraps(fn)
            async def run_async(self, *args, **kwargs):
                admitted = self._admit(roles, before_second_factor, by_the_browser)
                if isinstance(admitted, _Refused):
                    return admitted.answer
                token = _EVENT_VIEWER.set((self.session_token, admitted))
                try:
                    return await call(self, *args, **kwargs)
                except Exception as exc:  # noqa: BLE001
                    return self._answer(exc)
                finally:
                    _EVENT_VIEWER.reset(token)
            return run_async

        if inspect.isgeneratorfunction(fn):
            @functools.wraps(fn)
            def run_gen(self, *args, **kwargs):
                admitted = self._admit(roles, before_second_factor, by_the_browser)
                if isinstance(admitted, _Refused):
                    yield admitted.answer
                    return
                token = _EVENT_VIEWER.set((self.session_token, admitted))
                try:
                    yield from call(self, *args, **kwargs)
                except Exception as exc:  # noqa: BLE001
                    answer = self._answer(exc)
                    if answer is not None:
                        yield answer
                finally:
                    _EVENT_VIEWER.reset(token)
            return run_gen

        @functools.wraps(fn)
        def run(self, *args, **kwargs):
            admitted = self._admit(roles, before_second_factor, by_the_browser)
            if isinstance(admitted, _Refused):
                return admitted.answer
            token = _EVENT_VIEWER.set((self.session_token, admitted))
            try:
                return call(self, *args, **kwargs)
            except Exception as exc:  # noqa: BLE001
                return self._answer(exc)
            finally:
                _EVENT_VIEWER.reset(token)
        return run

    return decorate


def open_to_all(fn):
    """The gate of the few handlers that need no session (signing up, a forgotten password, following a link from an
    e-mail): a refusal raised inside (any LeaseDashError) is shown as `guarded` shows it, anything else is logged and
    shown as one translated sentence. Put it under `@rx.event`."""

    call = checked_arguments(fn)

    @functools.wraps(fn)
    def run(self, *args, **kwargs):
        self.clear_problems()
        self._known_language()
        try:
            return call(self, *args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - the gate answers every failure
            return self._answer(exc)
    return run


@guarded()
def _no_setvar(self, var_name: str, value: Any):
    """Reflex's setvar sets a var named by the browser; no page sets one that way, so it only refuses."""
    raise AccessDenied(f"{var_name[:40]!r} is not set by name")


class PageHelpers:
    """What every page state uses but no browser may call: Reflex publishes each public method of a state as an
    event, so these live on a plain base class (AppState) instead of the state itself."""

    def client_ip(self) -> str:
        """The caller's IP address, for throttling: X-Forwarded-For only through a trusted proxy (settings)."""
        headers = self.router.headers.raw_headers
        return client_address(headers.get("asgi-scope-client") or self.router.session.client_ip, headers.get("x-forwarded-for", ""))

    def text(self, key: str, **values: object) -> str:
        """One UI string in the reader's language, its placeholders filled."""
        template = self.tr.get(key, key)
        return template.format(**values) if values else template

    def counted(self, key: str, count: int, **values: object) -> str:
        """A counted UI string in the reader's language, in the plural form for `count`."""
        return plural(key, count, self.lang if self.lang in LANGUAGES else "en", **values)

    def viewer(self) -> Viewer:
        """The caller of the running event, resolved once per event by `guarded` (else resolved now);
        raises NotSignedIn without a live session."""
        cached = _EVENT_VIEWER.get()
        if cached is not None and cached[0] == self.session_token:
            return cached[1]
        viewer = self._resolve()
        if viewer is None:
            raise NotSignedIn()
        return viewer

    def refuse(self, exc: LeaseDashError) -> None:
        """Show a refusal: under its field for bad input that names one, else at the top of the page."""
        message = refusal_message(exc, self.lang)
        if isinstance(exc, InvalidInput) and exc.field:
            self.field_problems = {**self.field_problems, exc.field: message}
        self.problem = message

    def file_link(self, kind: str, ref: int | str) -> str:
        """A short-lived signed link to one file (services/file_links.KINDS) for the signed-in user."""
        return signed_link(kind, ref, self._user_id)

    def clear_problems(self) -> None:
        if self.problem:
            self.problem = ""
        if self.field_problems:
            self.field_problems = {}


class AppState(rx.State, PageHelpers):
    """Signed-in user, language, the page-wide and per-field refusal messages, and the access check."""

    session_token: str = rx.LocalStorage("", name=SESSION_KEY, sync=True)
    lang: str = rx.LocalStorage("en", name="leasedash_lang", sync=True)
    user_name: str = ""
    user_role: str = ""
    user_email: str = ""
    problem: str = ""
    field_problems: dict[str, str] = {}
    _user_id: int = 0

    @classmethod
    @_override_base_method
    def _create_setvar(cls):
        """Every change goes through a named handler behind the gate: the generic setvar of each page state refuses."""
        cls.setvar = cls.event_handlers["setvar"] = cls._create_event_handler(_no_setvar)

    @rx.var
    def tr(self) -> dict[str, str]:
        """The UI's strings in the reader's language."""
        return catalog(self.lang if self.lang in LANGUAGES else "en")

    @rx.var
    def is_manager(self) -> bool:
        return self.user_role in ("fleet_manager", "admin")

    def _resolve(self) -> Viewer | None:
        """One query: the live session's user, or None (the shown name and role are cleared then)."""
        with session_scope() as s:
            user = resolve_session(s, self.session_token)
            if user is None:
                self.user_name = self.user_role = self.user_email = ""
                return None
            if self._user_id != user.id:
                self._user_id = user.id
            shown = (f"{user.first_name} {user.last_name}", user.role, user.email)
            if (self.user_name, self.user_role, self.user_email) != shown:  # unchanged: nothing to send, nothing to redraw
                self.user_name, self.user_role, self.user_email = shown
            return viewer_of(user)

    def _admit(self, roles: tuple[str, ...], before_second_factor: bool = False, by_the_browser: bool = False) -> Viewer | _Refused:
        """The caller when they may run the handler; else what the handler answers instead."""
        if not by_the_browser:
            self.clear_problems()
        self._known_language()
        viewer = self._resolve()
        if viewer is None:
            return _Refused(rx.redirect(routes.LOGIN))
        if roles and viewer.role not in roles:
            self.refuse(AccessDenied())
            return _Refused(None)
        if not before_second_factor and must_set_up_second_factor(viewer, self.user_email):
            if self.router.url.path != routes.ACCOUNT:
                return _Refused(rx.redirect(routes.ACCOUNT))
            self.problem = self.tr["common.second_factor_first"]
            return _Refused(None)
        return viewer

    def _known_language(self) -> None:
        """The language the browser keeps (a client may write anything there) is one of ours, else English."""
        if self.lang not in LANGUAGES:
            self.lang = "en"

    def _answer(self, exc: Exception):
        if isinstance(exc, NotSignedIn):
            return rx.redirect(routes.LOGIN)
        if isinstance(exc, LeaseDashError):
            self.refuse(exc)
        else:
            log.exception("unexpected error in an event handler of %s", type(self).__name__)
            self.problem = self.tr["common.unexpected"]
        return None

    @rx.event
    def require_sign_in(self):
        """on_load of every protected page: back to /login without a live session; to /account to set up an
        authenticator first when the person's role requires one (issue 13, item 8)."""
        self.clear_problems()
        viewer = self._resolve()
        if viewer is None:
            return rx.redirect(routes.LOGIN)
        if self.router.url.path != routes.ACCOUNT and must_set_up_second_factor(viewer, self.user_email):
            return rx.redirect(routes.ACCOUNT)
        return None

    @rx.event
    def set_lang(self, lang: str | list[str]):
        """Switch the UI language (FR / NL / EN)."""
        if isinstance(lang, str) and lang in LANGUAGES:
            self.lang = lang

    @rx.event
    def sign_out(self):
        """End the session on the server and in the browser."""
        if self.session_token:
            with session_scope() as s:
                sign_out(s, self.session_token)
        self.session_token = ""
        self.user_name = self.user_role = self.user_email = ""
        return rx.redirect(routes.LOGIN)
