"""The settlement explanations of the scenario engine (leasedash/domain/explain.py): one sentence per step."""

MESSAGES: dict[str, tuple[str, str, str]] = {
    "explain.outcome.invoice": ("an invoice of {amount}", "une facture de {amount}", "een factuur van {amount}"),
    "explain.outcome.refund": ("a refund of {amount}", "un remboursement de {amount}", "een terugbetaling van {amount}"),
    "explain.outcome.nothing": ("nothing to settle", "rien à régler", "niets te verrekenen"),
    "explain.months#one": ("{count} month", "{count} mois", "{count} maand"),
    "explain.months#other": ("{count} months", "{count} mois", "{count} maanden"),
    "explain.billed_months#one": ("{count} billed month", "{count} mois facturé", "{count} gefactureerde maand"),
    "explain.billed_months#other": ("{count} billed months", "{count} mois facturés", "{count} gefactureerde maanden"),
    "explain.grid_mileage#one": (
        "From month {m} you drive {new_km} km a year instead of {old_km}: the grid rent for {duration} becomes {new_rent} instead of {old_rent}, and re-billing the {m} month already run ({new_rent} × {m} = {rebilled}, against {paid} paid) gives {outcome}.",
        "À partir du mois {m}, vous roulez {new_km} km par an au lieu de {old_km} : le loyer de la grille pour {duration} passe de {old_rent} à {new_rent}, et la refacturation du mois déjà écoulé ({new_rent} × {m} = {rebilled}, contre {paid} payés) donne {outcome}.",
        "Vanaf maand {m} rijdt u {new_km} km per jaar in plaats van {old_km}: de huurprijs in de tabel voor {duration} gaat van {old_rent} naar {new_rent}, en de herberekening van de {m} verstreken maand ({new_rent} × {m} = {rebilled}, tegenover {paid} betaald) geeft {outcome}.",
    ),
    "explain.grid_mileage#other": (
        "From month {m} you drive {new_km} km a year instead of {old_km}: the grid rent for {duration} becomes {new_rent} instead of {old_rent}, and re-billing the {m} months already run ({new_rent} × {m} = {rebilled}, against {paid} paid) gives {outcome}.",
        "À partir du mois {m}, vous roulez {new_km} km par an au lieu de {old_km} : le loyer de la grille pour {duration} passe de {old_rent} à {new_rent}, et la refacturation des {m} mois déjà écoulés ({new_rent} × {m} = {rebilled}, contre {paid} payés) donne {outcome}.",
        "Vanaf maand {m} rijdt u {new_km} km per jaar in plaats van {old_km}: de huurprijs in de tabel voor {duration} gaat van {old_rent} naar {new_rent}, en de herberekening van de {m} verstreken maanden ({new_rent} × {m} = {rebilled}, tegenover {paid} betaald) geeft {outcome}.",
    ),
    "explain.grid_duration#one": (
        "At month {m} the contract is {changed} from {old_duration} to {new_duration}: the grid rent at {km} km a year becomes {new_rent} instead of {old_rent}, and re-billing the {m} month already run ({new_rent} × {m} = {rebilled}, against {paid} paid) gives {outcome}.",
        "Au mois {m}, le contrat est {changed} de {old_duration} à {new_duration} : le loyer de la grille à {km} km par an passe de {old_rent} à {new_rent}, et la refacturation du mois déjà écoulé ({new_rent} × {m} = {rebilled}, contre {paid} payés) donne {outcome}.",
        "In maand {m} wordt het contract {changed} van {old_duration} naar {new_duration}: de huurprijs bij {km} km per jaar gaat van {old_rent} naar {new_rent}, en de herberekening van de {m} verstreken maand ({new_rent} × {m} = {rebilled}, tegenover {paid} betaald) geeft {outcome}.",
    ),
    "explain.grid_duration#other": (
        "At month {m} the contract is {changed} from {old_duration} to {new_duration}: the grid rent at {km} km a year becomes {new_rent} instead of {old_rent}, and re-billing the {m} months already run ({new_rent} × {m} = {rebilled}, against {paid} paid) gives {outcome}.",
        "Au mois {m}, le contrat est {changed} de {old_duration} à {new_duration} : le loyer de la grille à {km} km par an passe de {old_rent} à {new_rent}, et la refacturation des {m} mois déjà écoulés ({new_rent} × {m} = {rebilled}, contre {paid} payés) donne {outcome}.",
        "In maand {m} wordt het contract {changed} van {old_duration} naar {new_duration}: de huurprijs bij {km} km per jaar gaat van {old_rent} naar {new_rent}, en de herberekening van de {m} verstreken maanden ({new_rent} × {m} = {rebilled}, tegenover {paid} betaald) geeft {outcome}.",
    ),
    "explain.grid_return#one": (
        "The car comes back after {run} month with {km} km driven, that is {annual} km a year over {billed_months}{min_note}: the grid rent becomes {new_rent} instead of {old_rent}, and {new_rent} × {billed} = {rebilled} against {paid} paid{eco_note} gives {outcome}.",
        "La voiture revient après {run} mois avec {km} km parcourus, soit {annual} km par an sur {billed_months}{min_note} : le loyer de la grille passe de {old_rent} à {new_rent}, et {new_rent} × {billed} = {rebilled} contre {paid} payés{eco_note} donne {outcome}.",
        "De auto komt terug na {run} maand met {km} gereden km, dus {annual} km per jaar over {billed_months}{min_note}: de huurprijs gaat van {old_rent} naar {new_rent}, en {new_rent} × {billed} = {rebilled} tegenover {paid} betaald{eco_note} geeft {outcome}.",
    ),
    "explain.grid_return#other": (
        "The car comes back after {run} months with {km} km driven, that is {annual} km a year over {billed_months}{min_note}: the grid rent becomes {new_rent} instead of {old_rent}, and {new_rent} × {billed} = {rebilled} against {paid} paid{eco_note} gives {outcome}.",
        "La voiture revient après {run} mois avec {km} km parcourus, soit {annual} km par an sur {billed_months}{min_note} : le loyer de la grille passe de {old_rent} à {new_rent}, et {new_rent} × {billed} = {rebilled} contre {paid} payés{eco_note} donne {outcome}.",
        "De auto komt terug na {run} maanden met {km} gereden km, dus {annual} km per jaar over {billed_months}{min_note}: de huurprijs gaat van {old_rent} naar {new_rent}, en {new_rent} × {billed} = {rebilled} tegenover {paid} betaald{eco_note} geeft {outcome}.",
    ),
    "explain.fixed_return#one": (
        "The car comes back after {run} month: {km_part}{fee_part}{eco_part}; in all, {outcome}.",
        "La voiture revient après {run} mois : {km_part}{fee_part}{eco_part} ; au total, {outcome}.",
        "De auto komt terug na {run} maand: {km_part}{fee_part}{eco_part}; in totaal {outcome}.",
    ),
    "explain.fixed_return#other": (
        "The car comes back after {run} months: {km_part}{fee_part}{eco_part}; in all, {outcome}.",
        "La voiture revient après {run} mois : {km_part}{fee_part}{eco_part} ; au total, {outcome}.",
        "De auto komt terug na {run} maanden: {km_part}{fee_part}{eco_part}; in totaal {outcome}.",
    ),
    "explain.fixed_change": (
        "From month {m} the contract runs {duration} at {km} km a year{rent_part}; a fixed-rent product settles kilometres only when the car comes back, so nothing is due now.",
        "À partir du mois {m}, le contrat court sur {duration} à {km} km par an{rent_part} ; avec un loyer fixe, les kilomètres ne sont réglés qu'à la restitution, rien n'est dû maintenant.",
        "Vanaf maand {m} loopt het contract {duration} met {km} km per jaar{rent_part}; bij een vaste huurprijs worden kilometers pas bij de inlevering verrekend, er is nu niets verschuldigd.",
    ),
    "explain.extended": ("extended", "prolongé", "verlengd"),
    "explain.shortened": ("shortened", "raccourci", "ingekort"),
    "explain.min_note#one": (" (at least {count} month is billed)", " (minimum {count} mois facturé)", " (minimaal {count} maand gefactureerd)"),
    "explain.min_note#other": (" (at least {count} months are billed)", " (minimum {count} mois facturés)", " (minimaal {count} maanden gefactureerd)"),
    "explain.grid_eco": (
        ", plus the eco premium of {eco} repaid for ending before month {before},",
        ", plus la prime écologique de {eco} remboursée pour une fin avant le mois {before},",
        ", plus de ecologiepremie van {eco} terug te betalen bij een einde vóór maand {before},",
    ),
    "explain.fixed_eco": (
        "; the eco premium of {eco} is repaid for ending before month {before}",
        " ; la prime écologique de {eco} est remboursée pour une fin avant le mois {before}",
        "; de ecologiepremie van {eco} wordt terugbetaald bij een einde vóór maand {before}",
    ),
    "explain.rent_part": (" and a rent of {rent}", " et un loyer de {rent}", " en een huurprijs van {rent}"),
    "explain.km_excess": (
        "{n} km above the allowance of {allowance} km at {rate} a km make {amount}",
        "{n} km au-delà du forfait de {allowance} km à {rate} par km font {amount}",
        "{n} meerkilometers boven het tegoed van {allowance} km à {rate} per km maken {amount}",
    ),
    "explain.km_under": (
        "{n} km below the allowance of {allowance} km at {rate} a km give {amount} back",
        "{n} km en deçà du forfait de {allowance} km à {rate} par km rendent {amount}",
        "{n} minderkilometers onder het tegoed van {allowance} km à {rate} per km geven {amount} terug",
    ),
    "explain.km_under_unpaid": (
        "{n} km below the allowance of {allowance} km are not refunded",
        "{n} km en deçà du forfait de {allowance} km ne sont pas remboursés",
        "{n} minderkilometers onder het tegoed van {allowance} km worden niet terugbetaald",
    ),
    "explain.km_match": (
        "the {driven} km driven match the allowance",
        "les {driven} km parcourus correspondent au forfait",
        "de {driven} gereden km komen overeen met het tegoed",
    ),
    "explain.fee": (
        "; the early-return fee is {fee}, {rule}",
        " ; l'indemnité de rupture est de {fee}, soit {rule}",
        "; de opzeggingsvergoeding is {fee}, namelijk {rule}",
    ),
    "explain.remaining_rents#one": (
        "the {remaining} remaining rent of {rent}",
        "{remaining} loyer restant de {rent}",
        "de {remaining} resterende termijn van {rent}",
    ),
    "explain.remaining_rents#other": (
        "the {remaining} remaining rents of {rent}",
        "les {remaining} loyers restants de {rent}",
        "de {remaining} resterende termijnen van {rent}",
    ),
    "explain.half_remaining_rents#one": (
        "half of the {remaining} remaining rent of {rent}",
        "la moitié de {remaining} loyer restant de {rent}",
        "de helft van de {remaining} resterende termijn van {rent}",
    ),
    "explain.half_remaining_rents#other": (
        "half of the {remaining} remaining rents of {rent}",
        "la moitié des {remaining} loyers restants de {rent}",
        "de helft van de {remaining} resterende termijnen van {rent}",
    ),
    "explain.keurmerk#one": (
        "the lower of {pct} of the {remaining} remaining rent ({by_percentage}) and the {short_rent} rent of a contract of {run_months} less {rent}, over {run_months} ({by_shorter})",
        "le plus bas de {pct} de {remaining} loyer restant ({by_percentage}) et de l'écart entre le loyer de {short_rent} d'un contrat de {run_months} et {rent}, sur {run_months} ({by_shorter})",
        "het laagste van {pct} van de {remaining} resterende termijn ({by_percentage}) en het verschil tussen de huurprijs van {short_rent} voor {run_months} en {rent}, over {run_months} ({by_shorter})",
    ),
    "explain.keurmerk#other": (
        "the lower of {pct} of the {remaining} remaining rents ({by_percentage}) and the {short_rent} rent of a contract of {run_months} less {rent}, over {run_months} ({by_shorter})",
        "le plus bas de {pct} des {remaining} loyers restants ({by_percentage}) et de l'écart entre le loyer de {short_rent} d'un contrat de {run_months} et {rent}, sur {run_months} ({by_shorter})",
        "het laagste van {pct} van de {remaining} resterende termijnen ({by_percentage}) en het verschil tussen de huurprijs van {short_rent} voor {run_months} en {rent}, over {run_months} ({by_shorter})",
    ),
}
