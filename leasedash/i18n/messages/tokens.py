"""Personal API tokens."""

MESSAGES: dict[str, tuple[str, str, str]] = {
    "nav.tokens": ("API tokens", "Jetons d'API", "API-tokens"),
    "tokens.title": ("Personal API tokens", "Jetons d'API personnels", "Persoonlijke API-tokens"),
    "tokens.help": ("A token lets a program call the REST API (/api/v1, documented at /api/v1/docs) as you, with your rights. It is shown once: keep it like a password.",
                    "Un jeton permet à un programme d'appeler l'API REST (/api/v1, documentée sur /api/v1/docs) en votre nom, avec vos droits. Il n'est affiché qu'une fois : gardez-le comme un mot de passe.",
                    "Met een token kan een programma de REST API (/api/v1, gedocumenteerd op /api/v1/docs) in uw naam aanroepen, met uw rechten. Hij wordt één keer getoond: bewaar hem als een wachtwoord."),
    "tokens.name": ("Name of the token", "Nom du jeton", "Naam van de token"),
    "tokens.for_user": ("For the user (e-mail, admins only)", "Pour l'utilisateur (e-mail, administrateurs)", "Voor de gebruiker (e-mail, alleen beheerders)"),
    "tokens.create": ("Create a token", "Créer un jeton", "Een token aanmaken"),
    "tokens.created": ("Copy this token now, it will not be shown again:", "Copiez ce jeton maintenant, il ne sera plus affiché :", "Kopieer deze token nu, hij wordt niet meer getoond:"),
    "tokens.prefix": ("Begins with", "Commence par", "Begint met"),
    "tokens.owner": ("Owner", "Titulaire", "Eigenaar"),
    "tokens.created_at": ("Created", "Créé le", "Aangemaakt"),
    "tokens.last_used": ("Last used", "Dernière utilisation", "Laatst gebruikt"),
    "tokens.revoke": ("Revoke", "Révoquer", "Intrekken"),
    "tokens.revoked": ("revoked", "révoqué", "ingetrokken"),
    "tokens.never": ("never", "jamais", "nooit"),
    "tokens.none": ("No token yet.", "Aucun jeton pour l'instant.", "Nog geen token."),
    "tokens.unknown_user": ("No user with that e-mail address.", "Aucun utilisateur avec cette adresse e-mail.", "Geen gebruiker met dat e-mailadres."),
}
