"""/people: the company (an admin chooses it and creates new ones), whether e-mail is on, adding and importing people,
the page of its people with their standing and actions, and a contract's driver. Pure functions from the state's
vars to components."""

from __future__ import annotations

import reflex as rx

from leasedash import routes, styles
from leasedash.components.confirm import confirmed
from leasedash.components.forms import hinted_input, labelled, language_field, named_upload, text_field
from leasedash.components.layout import protected_page
from leasedash.components.problems import field_problem, refused_drop
from leasedash.pages.people.state import PeopleState
from leasedash.services.grid_view import MAX_UPLOAD_BYTES
from leasedash.services.holidays import countries
from leasedash.state import AppState

UPLOAD_ID = "people-upload"
PEOPLE_ACCEPT = {"text/csv": [".csv"], "text/plain": [".txt"]}


def _choice(name: str, key: str, options: list[tuple[str, rx.Var | str]], default: str) -> rx.Component:
    return labelled(key, name, rx.select.root(
        rx.select.trigger(id=name, width="100%"),
        rx.select.content(*(rx.select.item(label, value=value) for value, label in options)),
        name=name, default_value=default, size="3"))


def _mail_notice() -> rx.Component:
    return rx.match(
        PeopleState.mail,
        ("off", rx.callout(AppState.tr["people.mail_off"], icon="mail-x", color_scheme=styles.WARNING, id="mail-off", width="100%")),
        ("logged", rx.callout(AppState.tr["people.mail_logged"], icon="terminal", color_scheme=styles.NEUTRAL, id="mail-logged", width="100%")),
        rx.fragment(),
    )


def _companies() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading(AppState.tr["people.companies"], size="4", as_="h2"),
        rx.hstack(
            hinted_input("people.find_company", value=PeopleState.company_search, on_change=PeopleState.find_companies.debounce(300),
                         id="company-search", width="16rem"),
            rx.select.root(rx.select.trigger(id="company-choice", min_width="20rem", aria_label=AppState.tr["entry.company"]),
                           rx.select.content(rx.foreach(PeopleState.company_choices, lambda c: rx.select.item(c.label, value=c.value))),
                           value=PeopleState.company_id.to_string(), on_change=PeopleState.choose_company),
            spacing="3", wrap="wrap", align="center"),
        rx.form(rx.vstack(
            rx.text(AppState.tr["people.new_company"], size="3", weight="medium"),
            rx.grid(text_field("people.company_name", "company_name"),
                    _choice("company_kind", "people.company_kind", [("employer", AppState.tr["people.kind.employer"]),
                                                                    ("private", AppState.tr["people.kind.private"])], "employer"),
                    _choice("company_country", "people.company_country", [(c, c) for c in countries()], countries()[0]),
                    language_field("people.company_language", "company_language"),
                    columns=rx.breakpoints(initial="1", md="4"), spacing="3", width="100%"),
            rx.button(AppState.tr["people.create_company"], type="submit", id="create-company"),
            spacing="3", width="100%"), on_submit=PeopleState.create_company, reset_on_submit=True, width="100%"),
        spacing="3", width="100%"), width="100%")


def _add_person() -> rx.Component:
    return rx.form(rx.vstack(
        rx.text(AppState.tr["people.add"], size="3", weight="medium"),
        rx.grid(text_field("signup.first_name", "first_name"), text_field("signup.last_name", "last_name"),
                text_field("login.email", "email", "email"), language_field(),
                rx.cond(AppState.user_role == "admin",
                        _choice("role", "people.role", [("driver", AppState.tr["role.driver"]), ("fleet_manager", AppState.tr["role.fleet_manager"])],
                                "driver")),
                columns=rx.breakpoints(initial="1", md="5"), spacing="3", width="100%"),
        rx.button(rx.icon("send", size=16), AppState.tr["people.invite"], type="submit", id="invite-person"),
        spacing="3", width="100%"), on_submit=PeopleState.add_person, reset_on_submit=True, width="100%")


def _import() -> rx.Component:
    return rx.vstack(
        rx.text(AppState.tr["people.import"], size="3", weight="medium"),
        rx.text(AppState.tr["people.import_help"], size="1", color_scheme=styles.NEUTRAL),
        rx.hstack(
            named_upload(AppState.tr["people.import_upload"], rx.hstack(rx.icon("upload", size=16), rx.text(AppState.tr["people.import_upload"], size="2"), spacing="2", align="center"),
                      id=UPLOAD_ID, multiple=False, max_files=1, max_size=MAX_UPLOAD_BYTES, accept=PEOPLE_ACCEPT,
                      on_drop=PeopleState.import_file, on_drop_rejected=refused_drop(PEOPLE_ACCEPT, MAX_UPLOAD_BYTES), border=f"1px dashed {rx.color(styles.NEUTRAL, 7)}",
                      padding="0.75rem", border_radius=styles.RADIUS, cursor="pointer"),
            rx.button(rx.icon("mail-plus", size=16), AppState.tr["people.invite_waiting"], variant="soft", on_click=PeopleState.invite_waiting,
                      id="invite-waiting"),
            spacing="3", wrap="wrap", align="center"),
        field_problem("file"),
        spacing="2", width="100%")


def _row(p) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(p.name, weight="medium"), rx.text(p.email, size="1", color_scheme=styles.NEUTRAL)),
        rx.table.cell(p.role),
        rx.table.cell(rx.badge(p.standing_text, color_scheme=rx.match(p.standing, ("active", styles.REFUND), ("deactivated", styles.NEUTRAL),
                                                                      styles.WARNING)), class_name="standing"),
        rx.table.cell(rx.text(p.contracts, size="1")),
        rx.table.cell(rx.hstack(
            rx.cond(p.can_invite, rx.button(AppState.tr["people.resend"], size="1", variant="soft", on_click=PeopleState.resend(p.id),
                                            class_name="resend")),
            rx.cond(p.can_deactivate, confirmed(
                rx.button(AppState.tr["people.deactivate"], size="1", variant="soft", color_scheme=styles.INVOICE, class_name="deactivate"),
                p.deactivate_title, AppState.tr["confirm.deactivate_text"], AppState.tr["people.deactivate"],
                on_confirm=PeopleState.deactivate(p.id), action_id="confirm-deactivate")),
            rx.cond(p.can_reactivate, rx.button(AppState.tr["people.reactivate"], size="1", variant="soft", on_click=PeopleState.reactivate(p.id),
                                                class_name="reactivate")),
            spacing="2")),
        id=f"person-{p.id}",
    )


def _people() -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(
            hinted_input("people.find", value=PeopleState.search, on_change=PeopleState.find.debounce(300), id="people-search",
                         width="16rem"),
            rx.text(PeopleState.range_text, size="2", color_scheme=styles.NEUTRAL),
            rx.spacer(),
            rx.button(rx.icon("chevron-left", size=16), on_click=PeopleState.previous_page, disabled=PeopleState.offset == 0, variant="soft",
                      aria_label=AppState.tr["people.previous"]),
            rx.button(rx.icon("chevron-right", size=16), on_click=PeopleState.next_page, disabled=~PeopleState.has_next, variant="soft",
                      aria_label=AppState.tr["people.next"]),
            spacing="3", align="center", width="100%"),
        rx.cond(PeopleState.rows.length() > 0,
                rx.table.root(rx.table.header(rx.table.row(*(rx.table.column_header_cell(AppState.tr[k]) for k in (
                    "people.person", "people.role", "people.standing", "people.contracts")), rx.table.column_header_cell(""))),
                    rx.table.body(rx.foreach(PeopleState.rows, _row)), size="2", variant="ghost", width="100%"),
                rx.text(AppState.tr["people.none"], size="2")),
        spacing="3", width="100%"), width="100%", overflow_x="auto")


def _assignment() -> rx.Component:
    return rx.card(rx.form(rx.vstack(
        rx.heading(AppState.tr["people.assign_title"], size="4", as_="h2"),
        rx.text(AppState.tr["people.assign_help"], size="2", color_scheme=styles.NEUTRAL),
        rx.grid(text_field("people.reference", "reference"), text_field("people.driver_email", "driver_email", "email"),
                columns=rx.breakpoints(initial="1", md="2"), spacing="3", width="100%"),
        rx.button(AppState.tr["people.assign"], type="submit", id="assign-contract"),
        spacing="3", width="100%"), on_submit=PeopleState.assign, reset_on_submit=True, width="100%"), width="100%")


@protected_page(routes.PEOPLE, "leasedash — people", on_load=[PeopleState.load])
def people_page() -> rx.Component:
    """Who can sign in for the company, and how they are invited."""
    return rx.vstack(
        rx.heading(AppState.tr["people.title"], size="7"),
        _mail_notice(),
        rx.cond(AppState.user_role == "admin", _companies()),
        rx.card(rx.vstack(
            rx.heading(PeopleState.company_name, size="5", as_="h2", id="company-name"),
            _add_person(), rx.separator(size="4"), _import(),
            spacing="3", width="100%"), width="100%"),
        rx.cond(PeopleState.notice != "", rx.callout(PeopleState.notice, icon="info", color_scheme=styles.ACCENT, id="people-notice", width="100%")),
        _people(),
        _assignment(),
        spacing="4", width="100%",
    )
