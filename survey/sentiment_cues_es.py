"""Cues of unhappiness in Spanish comments, by the English families' names.

Patterns read accent-free lowercase text (see sentiment_other_languages.fold). The trained
model weighs each family; what fires is quoted to the manager under the English label.
"""

import re

from survey.sentiment_cues import EMOJI_FAMILIES, translated

NEGATIONS = frozenset({"no", "nunca", "nada", "ni", "sin", "tampoco", "nadie", "ningun", "ninguna", "jamas"})
SCOPE_ENDS = frozenset({"pero", "aunque", "sino"})
NEGATIVE = re.compile(
    r"\b(?:mal[oa]?s?|malisim\w*|pesim\w*|fatal|horribl\w*|terribl\w*|desastr\w*|vergonzos\w*|verguenza|"
    r"lamentabl\w*|inaceptable|nefast\w*|penos\w*|peor|estafa\w*|engan\w*|tomadura de pelo|inutil\w*|"
    r"incompetent\w*|groser\w*|maleducad\w*|decepcion\w*|perdida de tiempo|caos|ridicul\w*|"
    r"indignant\w*|harto|harta|rot[oa]s?)\b"
)
POSITIVE = re.compile(
    r"\b(?:bien|buen[oa]?s?|genial|excelente|estupend\w*|perfect\w*|fenomenal|maravill\w*|impecable|"
    r"encantad\w*|content[oa]s?|satisfech[oa]s?|feliz|amabl\w*|gracias|agradec\w*|rapid\w*|eficaz|"
    r"eficiente\w*|profesional\w*|recomiend\w*|de lujo|de diez|un diez)\b"
)

FAMILIES = (
    translated(
        "repeat_contact",
        r"\b(?:(?:segunda|tercera|cuarta|quinta|sexta|enesima) vez|otra vez|de nuevo|nuevamente|"
        r"(?:vuelt[oa]|volvi\w*|vuelve\w*|volver) a (?:fallar|pasar|romper\w*|estropear\w*|llamar|"
        r"escribir|venir|reclamar|ocurrir|explicar)|(?:dos|tres|cuatro|cinco|seis|varias|muchas|\d+) "
        r"(?:veces|llamadas|correos|visitas|intentos)|llevo (?:\w+ ){0,2}(?:llamadas|correos)|"
        r"lo (?:mismo|de siempre)|siempre (?:el|la|lo) mism\w+|(?:el|la) mism[oa] (?:problema|error|"
        r"fallo|averia|incidencia)|cada vez que|cada dos por tres)\b",
    ),
    translated(
        "unresolved",
        r"\b(?:sigue(?:n)? (?:sin|igual|fallando|dando|roto|rota|ahi)|sigo (?:sin|igual|esperando)|"
        r"todavia (?:no|nada|sin)|aun (?:no|sin|nada)|no (?:funciona|va|esta (?:resuelto|arreglado|"
        r"solucionado)|lo han (?:solucionado|arreglado|resuelto)|me (?:han )?(?:solucionado|arreglado|"
        r"solucionaron|arreglaron|resolvieron))|sin (?:solucion|resolver|respuesta|novedades|noticias|"
        r"terminar|linea|luz|internet)|nadie (?:me )?(?:ha |han )?(?:dicho|llamado|contestado|respondido|"
        r"devuelto|sabia|responde|contesta)|ninguna (?:respuesta|solucion)|ni (?:una llamada|un correo)|"
        r"(?:cerraron|cerrado) (?:el caso|la incidencia|el ticket)|no ha cambiado nada|a medias)\b",
    ),
    translated(
        "waiting",
        r"\b(?:espera(?:ndo|r)?|espere|esperamos|tarda\w*|tardo|retras\w*|lent[oa]s?|demora\w*|"
        r"(?:\d+|una|un|dos|tres|cuatro|cinco|media|varias|muchas) (?:minutos|horas?|dias|semanas|"
        r"meses|mes)|al final|por fin|finalmente|(?:despues|tras) de? ?(?:\w+ ){0,2}(?:dias|semanas|"
        r"meses|horas|llamadas|tiempo)|desde (?:el )?(?:lunes|martes|miercoles|jueves|viernes|sabado|"
        r"domingo|hace)|hace (?:un|una|dos|tres|\d+) (?:mes|semana|dia)\w*|toda la (?:manana|tarde|"
        r"semana)|la manana entera|(?:llego|llegaron|llegan|llega|vino|vinieron|muy|mas|demasiado) tarde|"
        r"colgad[oa])\b",
    ),
    translated(
        "broken_promise",
        r"\b(?:(?<!lo )promet\w*|aseguraron|me aseguro|(?:me )?dijeron que|quedaron en|iban a|"
        r"se supone que|no (?:vino|vinieron|aparecio|aparecieron|llamaron|llamo|cumplieron|cumplio|avisaron|"
        r"avisaron)|nunca (?:llamaron|vinieron|aparecieron|llego|llegaron)|(?:se )?olvidaron|"
        r"cancelaron|(?:cambiaron|movieron|aplazaron) la cita|nadie aviso|no aparecio nadie|sin avisar)\b",
    ),
    translated(
        "leaving",
        r"\b(?:dar(?:me)? de baja|me doy de baja|cancelar (?:el|mi) (?:contrato|servicio|cuenta|"
        r"suscripcion)|cambiar(?:me)? de (?:compania|empresa|proveedor|operador)|me cambio|competencia|"
        r"otra compania|otro proveedor|otra empresa|nunca mas|no (?:volvere|vuelvo|repetire|recomiendo|"
        r"lo recomiendo)|me lo pensare)\b",
    ),
    translated(
        "faint_praise",
        r"(?:^\W*(?:vale|ok|correcto|normal|normalito|pasable|aceptable|regular|meh|bueno|pues vale|"
        r"pues nada)\W*$|\b(?:regular|pasable|normalito|aceptable|sin mas|nada especial|"
        r"nada del otro mundo|ni fu ni fa|ni bien ni mal|podria (?:ser|haber sido|haber ido) (?:mejor|"
        r"peor)|mas o menos|meh|a medias|a ratos|lo que sea|si tu lo dices|pues vale|pues nada|"
        r"no (?:estuvo|esta) mal|ahi va)\b)",
    ),
    translated(
        "hedging",
        r"\b(?:supongo|imagino|creo|ya veremos|veremos|espero que|ojala|de momento|por ahora|"
        r"por el momento|eso espero|parece que|no se|en principio|a ver si|crucemos los dedos)\b",
    ),
    translated("contrast", r"\b(?:pero|aunque|sin embargo|excepto|salvo|eso si|a pesar de|sino)\b"),
    translated(
        "regret",
        r"\b(?:pena|lastima|lamentablemente|desgraciadamente|por desgracia|decepcion\w*|frustra\w*|"
        r"molest\w*|harto|harta|enfadad\w*|cabread\w*|desilusion\w*|indignad\w*|disgustad\w*|"
        r"enganad\w*)\b",
    ),
    translated(
        "negated_praise",
        r"\b(?:no|nadie|nunca|ni)\s+(?:\w+\s+){0,2}?(?:content\w*|satisfech\w*|ayud\w*|resolvi\w*|"
        r"solucion\w*|arregl\w*|escuch\w*|explic\w*|entend\w*|caso|sirve|sirvio|buen\w*|amable\w*|"
        r"profesional\w*|contest\w*|respond\w*|llam\w*|idea)\b",
    ),
    translated(
        "rhetorical_question",
        r"(?:\b(?:por que|para que|cuantas veces|cuanto (?:tiempo|mas)|como es posible|en serio|"
        r"de verdad|alguien|tan dificil)\b[^.!]*\?|\?{2,}|\?\s*!|!\s*\?)",
    ),
    translated(
        "sarcasm",
        r"\b(?:gracias por nada|gracias por (?:hacerme|dejarme|perder)|(?:genial|estupendo|perfecto|"
        r"que bien|fantastico|maravilloso)\W+(?:otra|otro|ahora|tampoco|de nuevo)|como siempre|"
        r"lo de siempre|para variar|vaya servicio|menudo servicio|que casualidad|si tu lo dices)\b",
    ),
    translated(
        "extra_effort",
        r"\b(?:(?:tuve|tengo|he tenido|tuvimos|hay) que (?:\w+ ){0,2}?(?:llamar|volver|reclamar|insistir|"
        r"explicar|pedir|repetir|escribir|ir|hacer|buscar|perseguir|recordar)|me toco|insist\w*|"
        r"reclam\w*|supervisor|me pasaron (?:con|de)|me (?:mandaron|derivaron|transfirieron|marearon)|"
        r"de un departamento a otro|yo mism[oa]|por mi cuenta|perdi (?:la|el|toda|todo) (?:\w+ )?"
        r"(?:manana|tarde|dia)|faltar al trabajo|me dieron largas)\b",
    ),
    translated(
        "unmet_expectation",
        r"\b(?:esperaba (?:mas|algo|mejor|otra|bastante)|no (?:era|es) lo que|deberia(?:n)? (?:haber|"
        r"mejorar|ser)|estaria bien que|seria (?:bueno|mejor|de agradecer) que|demasiado (?:caro|tiempo|"
        r"lento)|(?:muy|bastante) caro|un poco (?:lento|caro|largo)|(?:mucho )?que mejorar|"
        r"la proxima vez|para la proxima|antes (?:era|erais|eran) mejor\w*|ya no es lo que era|"
        r"ha empeorado)\b",
    ),
    translated(
        "problem_report",
        r"\b(?:error\w*|fall(?:a|an|o|os|ando)|averi\w*|rot[oa]s?|estropead\w*|cobr\w* de mas|"
        r"(?:me )?cobraron|factura (?:esta )?mal|se (?:ha )?perdi\w*|perdieron|falta\w*|fuga\w*|"
        r"se cuelga\w*|colgaron|sucio|danad\w*|defectuos\w*|grosero|maleducad\w*|borde|incorrect\w*|"
        r"equivocad\w*)\b",
    ),
    translated(
        "content_no_complaint",
        r"\b(?:(?:sin|ningun|ninguna|ningunos)\s+(?:ningun\w* )?(?:problemas?|quejas?|incidencias?|"
        r"esperas?|complicaciones|inconvenientes?)|nada que (?:objetar|decir|reprochar|mejorar)|"
        r"no (?:me )?puedo quejar|no tengo (?:ninguna|nada)|no (?:hubo|tuve) que esperar|"
        r"no hubo (?:ningun )?(?:problema|inconveniente)|lo prometido|como (?:prometieron|dijeron|"
        r"acordamos)|(?:no podria|imposible) estar mas|mejor imposible)\b",
    ),
    translated(
        "content_praise",
        r"\b(?:gracias(?! por nada)|agradec\w*|amabl\w*|encant\w*|excelente|estupend\w*|genial|perfect\w*|"
        r"fenomenal|maravill\w*|impecable|profesional\w*|content[oa]s?|satisfech[oa]s?|feliz|recomiend\w*|"
        r"recomendare|un diez|de diez|cinco estrellas|buen[oa]? (?:servicio|trabajo|atencion|trato|"
        r"experiencia|gestion)|muy (?:bien|buen\w*|amable\w*|atent\w*|educad\w*|util|clar\w*)|de lujo|"
        r"de primera|chapo|enhorabuena|felicidades|eficaz|eficiente\w*|resolutiv\w*|atent[oa]s?|"
        r"educad[oa]s?|paciente|paciencia|un placer|un gusto)\b",
    ),
    translated(
        "content_quick",
        r"\b(?:rapid\w*|enseguida|al momento|al instante|inmediat\w*|en (?:menos de )?(?:\w+ )?"
        r"(?:minutos|una hora)|el mismo dia|al dia siguiente|a la primera|en la primera llamada|"
        r"puntual\w*|a la hora|antes de (?:tiempo|lo previsto)|pronto)\b",
    ),
    translated(
        "content_resolved",
        r"\b(?:(?<!no )(?:ya )?(?:esta|quedo|queda) (?:arreglad|solucionad|resuelt)\w*|"
        r"(?<!no )(?<!no esta )(?:solucionado|resuelto|arreglado)|ya funciona|funciona (?:perfectamente|"
        r"de maravilla|bien|de lujo)|(?:vuelve|volvio) a funcionar|todo funciona|como nuev[oa]|"
        r"ya tengo|me devolvieron|reembolso (?:ya|llego)|en perfecto estado)\b",
    ),
    *EMOJI_FAMILIES,
)
