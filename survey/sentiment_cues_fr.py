"""Cues of unhappiness in French comments, by the English families' names.

Patterns read accent-free lowercase text (see sentiment_other_languages.fold). The trained
model weighs each family; what fires is quoted to the manager under the English label.
"""

import re

from survey.sentiment_cues import EMOJI_FAMILIES, translated

NEGATIONS = frozenset({"ne", "n", "pas", "jamais", "rien", "aucun", "aucune", "sans", "ni", "personne"})
SCOPE_ENDS = frozenset({"mais", "pourtant", "cependant", "sinon"})
NEGATIVE = re.compile(
    r"\b(?:mauvais\w*|mal|nul(?:le)?s?|horribl\w*|terribl\w*|catastroph\w*|lamentabl\w*|deplorabl\w*|"
    r"honteu\w*|inadmissibl\w*|inacceptabl\w*|execrabl\w*|pire|arnaqu\w*|escroc\w*|incompetent\w*|"
    r"impoli\w*|desagreabl\w*|decu\w*|decevant\w*|deception|perte de temps|n'importe quoi|minable\w*|"
    r"pitoyabl\w*|ridicul\w*|galere|marre|casse\w*)\b"
)
POSITIVE = re.compile(
    r"\b(?:bien|bon(?:ne)?s?|genial\w*|excellent\w*|super|parfait\w*|formidabl\w*|impeccabl\w*|top|"
    r"ravi\w*|content\w*|satisfait\w*|heureu\w*|aimabl\w*|merci|remerci\w*|rapide\w*|efficace\w*|"
    r"professionn\w*|recommand\w*|nickel|bravo|au top)\b"
)

FAMILIES = (
    translated(
        "repeat_contact",
        r"\b(?:(?:deuxieme|troisieme|quatrieme|cinquieme|enieme|2e|3e|4e|2eme|3eme|4eme) (?:fois|appel|"
        r"relance|passage|visite|mail)|encore (?:une fois|la meme|le meme|en panne)|de nouveau|a nouveau|"
        r"(?:re)?tomb\w* en panne|(?:deux|trois|quatre|cinq|six|plusieurs|\d+) (?:fois|appels|mails|"
        r"relances|visites|passages)|toujours (?:le|la) meme|(?:le|la) meme (?:probleme|souci|bug|panne|"
        r"erreur|chose)|comme d'hab\w*|comme (?:toujours|d'habitude)|a chaque (?:appel|fois)|sans arret)\b",
    ),
    translated(
        "unresolved",
        r"(?:\b(?:marche|fonctionne) (?:toujours|plus|pas)|\btoujours (?:pas|rien|en panne|casse\w*|"
        r"en attente|sans)|\bpas (?:encore )?(?:resolu|regle|repare|fini|termine)|\brien (?:n'a (?:ete )?)?"
        r"(?:regle|change|resolu|repare)|\baucune? (?:nouvelle|reponse|solution|reaction|suite|suivi|"
        r"retour|appel)s?|\bpersonne n(?:e\b|')|\bni appel|\bsans (?:reponse|nouvelles|solution)|"
        r"\b(?:dossier|ticket) (?:ferme|clos|cloture)|\bj'attends toujours|\bpareil qu'avant|"
        r"\b(?:en plan|a moitie|pas termine))",
    ),
    translated(
        "waiting",
        r"\b(?:attente|attend(?:re|s|u|ons|ais|ait)?|retard\w*|lent(?:e|s|es|eur)?|longue|"
        r"(?:\d+|une|un|deux|trois|quatre|cinq|demi|plusieurs)[ -](?:minutes?|heures?|jours|semaines|mois)|"
        r"(?:au bout|apres) (?:de |d')?(?:\w+ ){0,2}(?:jours|semaines|mois|heures|appels)|enfin|"
        r"finalement|depuis (?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|\w+ (?:jours|semaines|"
        r"mois))|(?:cela|ca) fait|toute (?:la|ma) (?:matinee|journee|semaine)|tout l'apres-midi|"
        r"du temps|bloque\w*)\b",
    ),
    translated(
        "broken_promise",
        r"\b(?:(?<!etait )(?<!comme )promi\w*|m'avai(?:t|ent) (?:dit|assure|promis)|on m'avait|"
        r"devai(?:t|ent) (?:me |passer|venir|rappeler)|cense\w*|jamais (?:venu|passe|arrive|rappele)|"
        r"n'(?:est|sont) jamais (?:venu|passe|arrive)\w*|personne n'est (?:venu|passe)|oubli\w*|annule\w*|"
        r"(?:rendez-vous|rdv) (?:annule|deplace|change|reporte)|deplace\w*|(?:pas|jamais) tenu|"
        r"sans prevenir)\b",
    ),
    translated(
        "leaving",
        r"\b(?:resili\w*|changer d'(?:operateur|fournisseur|assureur|banque)|concurrence|"
        r"un autre (?:fournisseur|operateur|prestataire)|ailleurs|plus jamais|je pars|je m'en vais|"
        r"je quitte|ne (?:vous )?recommande pas)\b",
    ),
    translated(
        "faint_praise",
        r"(?:^\W*(?:ok|ouais|mouais|bof|moyen|correct|passable|acceptable|bon|ca va|ca ira|bref)\W*$|"
        r"\b(?:bof|mouais|moyen|passable|acceptable|sans plus|rien d'extraordinaire|rien de special|"
        r"rien de plus|pas terrible|pas top|pas genial|pas fameux|couci-couca|(?:ca )?(?:pourrait|aurait "
        r"pu) (?:etre |mieux |pire )\w*|a peu pres|a moitie|par moments|peu importe|si vous le dites|"
        r"on va dire|ouais,? bon)\b)",
    ),
    translated(
        "hedging",
        r"\b(?:je suppose|je pense|je crois|j'imagine|on verra|esperons|j'espere|pour l'instant|"
        r"pour le moment|a priori|en principe|il semble|ca a l'air|je ne sais pas|sais pas|"
        r"croisons les doigts|peut-etre)\b",
    ),
    translated("contrast", r"\b(?:mais|pourtant|cependant|par contre|sauf|a part|malgre|meme si|sinon)\b"),
    translated(
        "regret",
        r"\b(?:dommage|malheureusement|helas|decu\w*|decev\w*|deception|frustr\w*|agac\w*|enerv\w*|marre|"
        r"en colere|furieu\w*|galere|degoute\w*|arnaque\w*)\b",
    ),
    translated(
        "negated_praise",
        r"(?:\bne|\bn'|\bpas|\bjamais|\bpersonne|\baucun\w*)\s*(?:\w+\s+){0,2}?(?:content\w*|satisfai\w*|"
        r"aide\w*|resolu|regle|repare|ecout\w*|explique\w*|compris|servi|sert|aimable\w*|professionn\w*|"
        r"repondu|rappele|serieux|tenu)\b",
    ),
    translated(
        "rhetorical_question",
        r"(?:\b(?:pourquoi|combien de (?:fois|temps)|a quoi (?:sert|bon)|serieusement|vraiment|si "
        r"(?:dur|difficile|complique)|quelqu'un)\b[^.!]*\?|\?{2,}|\?\s*!|!\s*\?)",
    ),
    translated(
        "sarcasm",
        r"\b(?:merci pour rien|merci de m'avoir fait (?:perdre|attendre)|merci pour l'attente|"
        r"(?:genial|super|parfait|bravo|formidable|top),? (?:encore|maintenant|plus|une)|comme d'hab\w*|"
        r"comme toujours|quelle surprise|on se moque|si vous le dites)\b",
    ),
    translated(
        "extra_effort",
        r"\b(?:j'ai du|il a fallu|il faut toujours|j'ai (?:\w+ )?(?:relance|reclame|insiste)|relanc\w*|"
        r"reclam\w*|insist\w*|(?:un|le) responsable|superieur|c'est moi qui|moi-meme|(?:passe|balade|"
        r"renvoye|transfere)\w* (?:d'un|vers|entre|de service|a un autre)|balade\w*|tourner en rond|"
        r"interlocuteurs|perdu (?:ma|toute ma|la) (?:matinee|journee|apres-midi)|pose (?:une|un) "
        r"(?:journee|jour))\b",
    ),
    translated(
        "unmet_expectation",
        r"\b(?:je m'attendais a (?:mieux|plus|autre chose)|m'attendais a|pas ce que (?:j'attendais|"
        r"j'avais demande|je voulais)|(?:aurait|auraient) du|il faudrait|ce serait (?:bien|mieux)|"
        r"trop (?:cher|long|lent|d'attente)|bien trop|un peu (?:lent|cher|long)|a ameliorer|"
        r"la prochaine fois|peut mieux faire|(?:etiez|etait) (?:meilleurs?|mieux) avant|"
        r"n'est plus ce que|s'est (?:beaucoup )?degrade)\b",
    ),
    translated(
        "problem_report",
        r"\b(?:erreur\w*|bug\w*|plant\w*|pannes?|casse\w*|abime\w*|endommag\w*|fuite\w*|factur\w* "
        r"(?:en trop|deux fois)|facture (?:est )?fausse|preleve\w* deux fois|perdu\w*|manque\w*|"
        r"il manque|sale|impoli\w*|desagreable\w*|malpoli\w*|incorrect\w*|defectueu\w*|raccroch\w*)\b",
    ),
    translated(
        "content_no_complaint",
        r"\b(?:(?:aucun|aucune|pas de|sans)\s+(?:\w+\s+)?(?:problemes?|soucis?|plaintes?|attente|"
        r"complications?|desagrements?|incidents?|reproches?)|rien a (?:redire|dire|reprocher|ameliorer|"
        r"signaler)|ne peux pas me plaindre|pas eu (?:besoin d'|a )attendre|n'ai (?:pas eu a|aucun|"
        r"rien a)|tenu parole|comme prevu|ce qui etait promis|pourrais pas etre plus|impeccable|"
        r"sans-faute|sans faute|on ne peut pas faire mieux)\b",
    ),
    translated(
        "content_praise",
        r"\b(?:merci(?! pour rien)|remerci\w*|aimable\w*|adorable\w*|charmant\w*|excellent\w*|genial\w*|"
        r"parfait\w*|formidable\w*|super|top|impeccable|irreprochable|professionn\w*|content\w*|ravi\w*|"
        r"satisfait\w*|heureu\w*|recommand\w*|bravo|chapeau|felicitations|nickel|efficace\w*|sympa\w*|"
        r"poli\w*|patient\w*|attentionn\w*|soigneu\w*|clairs?|bon (?:travail|accueil|contact|service)|"
        r"tres (?:bien|bon\w*)|plaisir|adore)\b",
    ),
    translated(
        "content_quick",
        r"\b(?:rapide\w*|vite|tout de suite|immediat\w*|aussitot|en (?:moins d')?(?:\w+ )?(?:minutes|"
        r"une heure)|le jour meme|le lendemain|du premier coup|des le premier|premier appel|a l'heure|"
        r"ponctu\w*|en avance|plus tot|reactivite|reactif\w*|en un instant)\b",
    ),
    translated(
        "content_resolved",
        r"\b(?:(?<!pas )(?<!pas encore )(?:regle|resolu|repare)(?! en)|(?<!ne )(?:ca|tout) (?:marche|"
        r"fonctionne|roule|remarche|refonctionne)|fonctionne (?:parfaitement|a merveille|bien)|"
        r"marche (?:a merveille|bien|du tonnerre)|comme neu\w*|de nouveau internet|remboursement (?:est )?"
        r"(?:bien )?(?:arrive|recu)|rembourse en|parfait etat|tout est reparti)\b",
    ),
    *EMOJI_FAMILIES,
)
