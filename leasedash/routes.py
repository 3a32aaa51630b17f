"""Route constants and URL builders, one place."""

HOME = "/"
LOGIN = "/login"
ACCOUNT = "/account"
ACCOUNT_EMAIL = "/account/email"
GRID = "/grid"
WHAT_IF = "/what-if"
FLEET = "/fleet"
TOKENS = "/tokens"
RETURNS = "/returns"
INSPECTION = "/returns/inspection"
RETURN_RULES = "/returns/rules"
OFFERS = "/offers"
MOBILITY_PLAN = "/mobility-plan"
REQUESTS = "/requests"
SIGNUP = "/signup"
SIGNUP_CONFIRM = "/signup/confirm"
PASSWORD_FORGOT = "/password/forgot"
PASSWORD_RESET = "/password/reset"
INVITATION = "/invitation"
PEOPLE = "/people"
MY_CONTRACT = "/my-contract"
FLEET_IMPORT = "/fleet-import"
NOT_FOUND = "404"  # Reflex's route of the page shown for any address no page has
END_OF_LEASE = "/end-of-lease"


def what_if(contract_id: int, km: int | None = None) -> str:
    """The what-if of a contract; with `km`, opened at a change of its mileage to `km` a year now."""
    return f"{WHAT_IF}?contract={contract_id}" + (f"&km={km}" if km is not None else "")


def grid(contract_id: int) -> str:
    return f"{GRID}?contract={contract_id}"


def inspection(inspection_id: int) -> str:
    return f"{INSPECTION}?id={inspection_id}"


def request(request_id: int) -> str:
    return f"{REQUESTS}?id={request_id}"


def my_contract(contract_id: int) -> str:
    return f"{MY_CONTRACT}?contract={contract_id}"


def end_of_lease(contract_id: int) -> str:
    return f"{END_OF_LEASE}?contract={contract_id}"
