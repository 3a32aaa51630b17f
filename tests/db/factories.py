"""Small, explicit rows for database tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlmodel import Session

from leasedash.db.models import Company, Contract, Product, User, Vehicle


def make_company(session: Session, name: str, country: str = "BE") -> Company:
    company = Company(name=name, country=country)
    session.add(company)
    session.flush()
    return company


def make_user(session: Session, company: Company | None, email: str, role: str = "driver") -> User:
    user = User(email=email, first_name="Test", last_name=email.split("@")[0], role=role,
                company_id=company.id if company else None)
    session.add(user)
    session.flush()
    return user


def make_product(session: Session, code: str = "mpl") -> Product:
    product = Product(code=code, name="My Personal Lease", lessor="Alphabet (BE)", country="BE", kind="fixed",
                      excess_km_rate=Decimal("0.06"), under_km_rate=Decimal("0.06"), termination="half_remaining_rents")
    session.add(product)
    session.flush()
    return product


def make_contract(session: Session, company: Company, driver: User, product: Product, plate: str,
                  rent: Decimal = Decimal("450.00")) -> Contract:
    vehicle = Vehicle(company_id=company.id, make="Peugeot", model="e-208", segment="B", fuel="ev",
                      catalogue_price=Decimal("34900.00"), plate=plate)
    session.add(vehicle)
    session.flush()
    contract = Contract(reference=f"T-{plate}", company_id=company.id, driver_id=driver.id, vehicle_id=vehicle.id,
                        product_id=product.id, start_date=dt.date(2025, 1, 15), months=48, annual_km=15000,
                        monthly_rent=rent, end_date=dt.date(2029, 1, 15), status="active")
    session.add(contract)
    session.flush()
    return contract
