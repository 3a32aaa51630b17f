"""Every table, importable from one place (the app, Alembic and the tests import this)."""

from leasedash.db.accounts import AccountToken
from leasedash.db.api_tokens import ApiToken
from leasedash.db.auth import AuthSession, LoginAttempt
from leasedash.db.catalogue import Product, RentGrid, RentGridCell, Vehicle
from leasedash.db.change_log import PortfolioChange
from leasedash.db.contracts import STATUSES, Contract, ContractEvent, DemoLoad, OdometerReading, SavedScenario
from leasedash.db.contract_visits import ContractVisit
from leasedash.db.inspections import ChecklistItem, DamagePhoto, DamageRecord, Inspection, InspectionEvent, RuleVersion
from leasedash.db.mobility import OFFER_STATUSES, CarOffer, DealerQuote, MobilityPlanRecord, OfferEvent
from leasedash.db.own_lease import (ContractPick, FleetImport, NoticePreference, OdometerChange, PaceNotice, PaceState, PaceThreshold,
                                     ReadingPhoto)
from leasedash.db.privacy import PRIVACY_ACTIONS, PrivacyRequest
from leasedash.db.requests import (
    REQUEST_KINDS,
    REQUEST_STATUSES,
    DocumentNotice,
    PublicHoliday,
    RequestAttachment,
    RequestEvent,
    ServiceRequest,
)
from leasedash.db.second_factor import TotpCredential
from leasedash.db.tenancy import ROLES, Company, User
from leasedash.db.throttle import ThrottleCounter

__all__ = [
    "OFFER_STATUSES",
    "REQUEST_KINDS",
    "REQUEST_STATUSES",
    "CarOffer",
    "DealerQuote",
    "MobilityPlanRecord",
    "OfferEvent",
    "DocumentNotice",
    "PublicHoliday",
    "RequestAttachment",
    "RequestEvent",
    "ServiceRequest",
    "ROLES",
    "AccountToken",
    "ApiToken",
    "AuthSession",
    "LoginAttempt",
    "STATUSES",
    "ChecklistItem",
    "Company",
    "Contract",
    "ContractEvent",
    "ContractVisit",
    "DamagePhoto",
    "DamageRecord",
    "DemoLoad",
    "Inspection",
    "InspectionEvent",
    "OdometerReading",
    "PortfolioChange",
    "Product",
    "RentGrid",
    "RentGridCell",
    "RuleVersion",
    "SavedScenario",
    "User",
    "Vehicle",
    "ContractPick",
    "FleetImport",
    "NoticePreference",
    "OdometerChange",
    "PaceNotice",
    "PaceState",
    "PaceThreshold",
    "ReadingPhoto",
    "PRIVACY_ACTIONS",
    "PrivacyRequest",
    "ThrottleCounter",
    "TotpCredential",
]
