"""One sentence per step, in French, Dutch and English, with the numbers the engine used."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_currency, format_decimal, format_percent

from leasedash.domain.money import CENT

LOCALES = {"en": "en_IE", "fr": "fr_BE", "nl": "nl_BE"}

_OUTCOME = {
    "en": ("an invoice of {x}", "a refund of {x}", "nothing to settle"),
    "fr": ("une facture de {x}", "un remboursement de {x}", "rien à régler"),
    "nl": ("een factuur van {x}", "een terugbetaling van {x}", "niets te verrekenen"),
}

_TEMPLATES = {
    "grid_mileage": {
        "en": "From month {m} you drive {new_km} km a year instead of {old_km}: the grid rent for {months} months becomes {new_rent} instead of {old_rent}, and re-billing the {m} months already run ({new_rent} × {m} = {rebilled}, against {paid} paid) gives {outcome}.",
        "fr": "À partir du mois {m}, vous roulez {new_km} km par an au lieu de {old_km} : le loyer de la grille pour {months} mois passe de {old_rent} à {new_rent}, et la refacturation des {m} mois déjà écoulés ({new_rent} × {m} = {rebilled}, contre {paid} payés) donne {outcome}.",
        "nl": "Vanaf maand {m} rijdt u {new_km} km per jaar in plaats van {old_km}: de huurprijs in de tabel voor {months} maanden gaat van {old_rent} naar {new_rent}, en de herberekening van de {m} verstreken maanden ({new_rent} × {m} = {rebilled}, tegenover {paid} betaald) geeft {outcome}.",
    },
    "grid_duration": {
        "en": "At month {m} the contract is {changed} from {old_months} to {new_months} months: the grid rent at {km} km a year becomes {new_rent} instead of {old_rent}, and re-billing the {m} months already run ({new_rent} × {m} = {rebilled}, against {paid} paid) gives {outcome}.",
        "fr": "Au mois {m}, le contrat est {changed} de {old_months} à {new_months} mois : le loyer de la grille à {km} km par an passe de {old_rent} à {new_rent}, et la refacturation des {m} mois déjà écoulés ({new_rent} × {m} = {rebilled}, contre {paid} payés) donne {outcome}.",
        "nl": "In maand {m} wordt het contract {changed} van {old_months} naar {new_months} maanden: de huurprijs bij {km} km per jaar gaat van {old_rent} naar {new_rent}, en de herberekening van de {m} verstreken maanden ({new_rent} × {m} = {rebilled}, tegenover {paid} betaald) geeft {outcome}.",
    },
    "grid_return": {
        "en": "The car comes back after {run} months with {km} km driven, that is {annual} km a year over {billed} billed months{min_note}: the grid rent becomes {new_rent} instead of {old_rent}, and {new_rent} × {billed} = {rebilled} against {paid} paid{eco_note} gives {outcome}.",
        "fr": "La voiture revient après {run} mois avec {km} km parcourus, soit {annual} km par an sur {billed} mois facturés{min_note} : le loyer de la grille passe de {old_rent} à {new_rent}, et {new_rent} × {billed} = {rebilled} contre {paid} payés{eco_note} donne {outcome}.",
        "nl": "De auto komt terug na {run} maanden met {km} gereden km, dus {annual} km per jaar over {billed} gefactureerde maanden{min_note}: de huurprijs gaat van {old_rent} naar {new_rent}, en {new_rent} × {billed} = {rebilled} tegenover {paid} betaald{eco_note} geeft {outcome}.",
    },
    "fixed_return": {
        "en": "The car comes back after {run} months: {km_part}{fee_part}{eco_part}; in all, {outcome}.",
        "fr": "La voiture revient après {run} mois : {km_part}{fee_part}{eco_part} ; au total, {outcome}.",
        "nl": "De auto komt terug na {run} maanden: {km_part}{fee_part}{eco_part}; in totaal {outcome}.",
    },
    "fixed_change": {
        "en": "From month {m} the contract runs {months} months at {km} km a year{rent_part}; a fixed-rent product settles kilometres only when the car comes back, so nothing is due now.",
        "fr": "À partir du mois {m}, le contrat court sur {months} mois à {km} km par an{rent_part} ; avec un loyer fixe, les kilomètres ne sont réglés qu'à la restitution, rien n'est dû maintenant.",
        "nl": "Vanaf maand {m} loopt het contract {months} maanden met {km} km per jaar{rent_part}; bij een vaste huurprijs worden kilometers pas bij de inlevering verrekend, er is nu niets verschuldigd.",
    },
}

_PARTS = {
    "changed": {"en": ("extended", "shortened"), "fr": ("prolongé", "raccourci"), "nl": ("verlengd", "ingekort")},
    "min_note": {"en": " (at least {min} months are billed)", "fr": " (minimum {min} mois facturés)", "nl": " (minimaal {min} maanden gefactureerd)"},
    "grid_eco": {
        "en": ", plus the eco premium of {eco} repaid for ending before month {before},",
        "fr": ", plus la prime écologique de {eco} remboursée pour une fin avant le mois {before},",
        "nl": ", plus de ecologiepremie van {eco} terug te betalen bij een einde vóór maand {before},",
    },
    "fixed_eco": {
        "en": "; the eco premium of {eco} is repaid for ending before month {before}",
        "fr": " ; la prime écologique de {eco} est remboursée pour une fin avant le mois {before}",
        "nl": "; de ecologiepremie van {eco} wordt terugbetaald bij een einde vóór maand {before}",
    },
    "rent_part": {"en": " and a rent of {rent}", "fr": " et un loyer de {rent}", "nl": " en een huurprijs van {rent}"},
    "km_excess": {
        "en": "{n} km above the allowance of {allowance} km at {rate} a km make {amount}",
        "fr": "{n} km au-delà du forfait de {allowance} km à {rate} par km font {amount}",
        "nl": "{n} meerkilometers boven het tegoed van {allowance} km à {rate} per km maken {amount}",
    },
    "km_under": {
        "en": "{n} km below the allowance of {allowance} km at {rate} a km give {amount} back",
        "fr": "{n} km en deçà du forfait de {allowance} km à {rate} par km rendent {amount}",
        "nl": "{n} minderkilometers onder het tegoed van {allowance} km à {rate} per km geven {amount} terug",
    },
    "km_under_unpaid": {
        "en": "{n} km below the allowance of {allowance} km are not refunded",
        "fr": "{n} km en deçà du forfait de {allowance} km ne sont pas remboursés",
        "nl": "{n} minderkilometers onder het tegoed van {allowance} km worden niet terugbetaald",
    },
    "km_match": {
        "en": "the {driven} km driven match the allowance",
        "fr": "les {driven} km parcourus correspondent au forfait",
        "nl": "de {driven} gereden km komen overeen met het tegoed",
    },
    "fee": {
        "en": "; the early-return fee is {fee}, {rule}",
        "fr": " ; l'indemnité de rupture est de {fee}, soit {rule}",
        "nl": "; de opzeggingsvergoeding is {fee}, namelijk {rule}",
    },
    "remaining_rents": {
        "en": "the {remaining} remaining rents of {rent}",
        "fr": "les {remaining} loyers restants de {rent}",
        "nl": "de {remaining} resterende termijnen van {rent}",
    },
    "half_remaining_rents": {
        "en": "half of the {remaining} remaining rents of {rent}",
        "fr": "la moitié des {remaining} loyers restants de {rent}",
        "nl": "de helft van de {remaining} resterende termijnen van {rent}",
    },
    "keurmerk": {
        "en": "the lower of {pct} of the {remaining} remaining rents ({by_percentage}) and the {short_rent} rent of a {run}-month contract less {rent}, over {run} months ({by_shorter})",
        "fr": "le plus bas de {pct} des {remaining} loyers restants ({by_percentage}) et de l'écart entre le loyer de {short_rent} d'un contrat de {run} mois et {rent}, sur {run} mois ({by_shorter})",
        "nl": "het laagste van {pct} van de {remaining} resterende termijnen ({by_percentage}) en het verschil tussen de huurprijs van {short_rent} voor {run} maanden en {rent}, over {run} maanden ({by_shorter})",
    },
}


def eur(amount: Decimal, lang: str) -> str:
    """An amount in euros the way a reader of `lang` writes it ("1 060,92 €", "€ 1.060,92")."""
    return format_currency(amount, "EUR", locale=LOCALES[lang])


def rate(amount: Decimal, lang: str) -> str:
    """A per-km rate, keeping its third decimal when it has one ("€0.075")."""
    return format_currency(amount, "EUR", locale=LOCALES[lang], decimal_quantization=False)


def km(value: Decimal | int, lang: str) -> str:
    """Kilometres, to two decimals at most ("15 000", "8.333,33")."""
    return format_decimal(Decimal(value).quantize(CENT), locale=LOCALES[lang])


def whole_km(value: Decimal | int, lang: str) -> str:
    """Kilometres rounded to the kilometre."""
    return format_decimal(Decimal(value).quantize(Decimal(1)), locale=LOCALES[lang])


def outcome(settlement: Decimal, lang: str) -> str:
    """"an invoice of …", "a refund of …" or "nothing to settle"."""
    invoice, refund, nothing = _OUTCOME[lang]
    if settlement > 0:
        return invoice.format(x=eur(settlement, lang))
    if settlement < 0:
        return refund.format(x=eur(-settlement, lang))
    return nothing


def part(name: str, lang: str, **values: str) -> str:
    """A clause of a sentence, filled in."""
    return _PARTS[name][lang].format(**values)


def changed(extended: bool, lang: str) -> str:
    """"extended" or "shortened"."""
    return _PARTS["changed"][lang][0 if extended else 1]


def sentence(template: str, lang: str, **values: str) -> str:
    """A whole step explanation, filled in."""
    return _TEMPLATES[template][lang].format(**values)


def percent(fraction: Decimal, lang: str) -> str:
    """A fraction as a percentage ("40 %", "40%")."""
    return format_percent(fraction, locale=LOCALES[lang], decimal_quantization=False)
