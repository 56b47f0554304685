"""Cues of unhappiness in German comments, by the English families' names.

Patterns read accent-free lowercase text (see sentiment_other_languages.fold): "zuruck" for
"zurück"; ß stays ß, and patterns accept "ss" beside it. The trained model weighs each
family; what fires is quoted to the manager under the English label.
"""

import re

from survey.sentiment_cues import EMOJI_FAMILIES, translated

NEGATIONS = frozenset(
    {"nicht", "kein", "keine", "keinen", "keiner", "keinem", "nie", "niemals", "nichts", "ohne", "niemand"}
)
SCOPE_ENDS = frozenset({"aber", "doch", "jedoch", "sondern", "trotzdem"})
NEGATIVE = re.compile(
    r"\b(?:schlecht\w*|mies\w*|furchtbar\w*|schrecklich\w*|katastroph\w*|erbarmlich\w*|grottig\w*|"
    r"grottenschlecht\w*|unterirdisch\w*|miserabel|miserable\w*|frechheit|unverschamt\w*|inakzeptabel|"
    r"schande|das letzte|abzock\w*|abgezockt|inkompetent\w*|unfreundlich\w*|unhoflich\w*|enttausch\w*|"
    r"zeitverschwendung|katastrophe|peinlich\w*|lacherlich\w*|unseriös|unserios|kaputt\w*)\b"
)
POSITIVE = re.compile(
    r"\b(?:gut\w*|super|toll\w*|klasse|spitze|top|perfekt\w*|hervorragend\w*|ausgezeichnet\w*|"
    r"wunderbar\w*|einwandfrei\w*|tadellos\w*|zufrieden\w*|begeistert|glucklich|froh|freundlich\w*|"
    r"nett\w*|danke|dank|schnell\w*|kompetent\w*|professionell\w*|empfehl\w*)\b"
)

FAMILIES = (
    translated(
        "repeat_contact",
        r"\b(?:(?:zweite|dritte|vierte|funfte|x-te|zigste)n? (?:mal|anruf|mail|besuch|termin|versuch)|"
        r"zum (?:zweiten|dritten|vierten|x-ten|wiederholten) mal|schon wieder|wieder (?:das|der|die|"
        r"kaputt|ausgefallen|keine?)|erneut|nochmal(?!s danke)\w*|noch einmal|(?:zwei|drei|vier|funf|"
        r"sechs|mehr|x)mals?|(?:zwei|drei|vier|funf|mehrere|viele|\d+) (?:anrufe|mails|besuche|versuche|"
        r"termine)|immer (?:dasselbe|das gleiche|der gleiche|die gleiche|wieder)|(?:der|das|die) "
        r"(?:gleiche|selbe)n? (?:problem|fehler|storung)|wie immer|wie gehabt|bei jedem anruf|standig)\b",
    ),
    translated(
        "unresolved",
        r"\b(?:immer noch|(?:noch|weiterhin) (?:nicht|kein\w*|kaputt|defekt)|weiterhin|"
        r"(?:funktioniert|geht|lauft) (?:immer noch |noch |weiterhin |gar |uberhaupt )?nicht|"
        r"nicht (?:gelost|behoben|repariert|erledigt|fertig)|nichts (?:wurde |hat sich )?(?:behoben|"
        r"geandert|gelost|passiert|getan)|keine (?:antwort|ruckmeldung|reaktion|losung|nachricht|info\w*)|"
        r"kein (?:ruckruf|anruf|feedback|anschluss|internet|strom)|nichts (?:mehr )?gehort|niemand hat|"
        r"keiner (?:hat|kam|wusste|geht|fuhlt)|besteht (?:weiterhin|immer noch)|(?:fall|ticket|vorgang) "
        r"(?:wurde )?geschlossen|weder|halb (?:fertig|erledigt))\b",
    ),
    translated(
        "waiting",
        r"\b(?:wart(?:e|en|et|ete)|gewartet|warteschleife|verspat\w*|(?:zu )?spat|langsam\w*|dauer\w*|"
        r"gedauert|ewig\w*|lange|(?:\d+|eine?|zwei|drei|vier|funf|halbe|mehrere|viele) (?:halbe )?"
        r"(?:minuten|stunden?|tage|wochen|monate?)|nach (?:\w+ ){0,2}(?:tagen|wochen|monaten|stunden)|"
        r"endlich|schlie(?:ß|ss)lich|seit (?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|"
        r"sonntag|tagen|wochen|\w+ (?:tagen|wochen|monaten))|den ganzen (?:tag|vormittag|nachmittag|"
        r"morgen)|umsonst)\b",
    ),
    translated(
        "broken_promise",
        r"\b(?:(?<!wie )versproch\w*|zugesagt|versichert|wollte\w* (?:\w+ ){0,2}(?:zuruckrufen|kommen|"
        r"melden)|sollte\w* (?:eigentlich|kommen|am)|(?:kam|kamen|erschien) (?:nie|niemand|keiner)|"
        r"(?:keiner|niemand) kam|nie (?:gekommen|erschienen|angerufen|zuruckgerufen|gemeldet)|"
        r"nicht (?:gekommen|erschienen|eingehalten)|vergessen|abgesagt|verschoben|ohne vorwarnung)\b",
    ),
    translated(
        "leaving",
        r"\b(?:kundig\w*|anbieter wechseln|wechsle|wechseln|konkurrenz|anderen anbieter|woanders|"
        r"nie wieder|nicht mehr (?:bei euch|bestellen|kunde)|nicht (?:zu )?empfehlen)\b",
    ),
    translated(
        "faint_praise",
        r"(?:^\W*(?:ok|okay|naja|na ja|joa|jo|ja|passt schon|geht|geht so|ganz ok|egal|hm+|tja)\W*$|"
        r"\b(?:geht so|naja|na ja|joa|so lala|mittelma(?:ß|ss)ig|durchschnittlich|akzeptabel|ganz ok|"
        r"ganz okay|nicht (?:so )?(?:prickelnd|berauschend|toll|doll|der hit|gut)|nichts besonderes|"
        r"mehr nicht|hatte (?:besser|schlimmer) (?:sein|laufen) konnen|konnte (?:besser|schlimmer) sein|"
        r"mehr oder weniger|einigerma(?:ß|ss)en|manchmal|zur halfte|egal|wenn sie meinen|"
        r"sagen wir mal|tja)\b)",
    ),
    translated(
        "hedging",
        r"\b(?:schatze ich|denke ich|glaube ich|ich glaube|ich denke|mal sehen|werden sehen|hoffentlich|"
        r"hoffen wir|ich hoffe|im moment|vorerst|vorlaufig|bis jetzt|erstmal|scheint|keine ahnung|"
        r"wei(?:ß|ss) nicht|daumen drucken)\b",
    ),
    translated("contrast", r"\b(?:aber|doch|jedoch|allerdings|au(?:ß|ss)er|trotz\w*|obwohl|sondern)\b"),
    translated(
        "regret",
        r"\b(?:schade|leider|enttausch\w*|frustr\w*|genervt|nervig|argerlich|verargert|sauer|wutend|"
        r"nase voll|abgezockt|theater|arger)\b",
    ),
    translated(
        "negated_praise",
        r"\b(?:nicht|kein\w*|nie|niemand|keiner|nichts)\s+(?:\w+\s+){0,2}?(?:zufrieden|geholfen|"
        r"hilfreich|gelost|repariert|behoben|zugehort|erklart|verstanden|ernst|gut|freundlich|kompetent|"
        r"professionell|geantwortet|zuruckgerufen|gemeldet|erreichbar|ahnung|gebracht)\b",
    ),
    translated(
        "rhetorical_question",
        r"(?:\b(?:warum|wieso|weshalb|wozu|wie oft|wie lange|wie kann|ist es (?:wirklich|so)|im ernst|"
        r"ernsthaft|wirklich|jemand)\b[^.!]*\?|\?{2,}|\?\s*!|!\s*\?)",
    ),
    translated(
        "sarcasm",
        r"\b(?:danke fur nichts|vielen dank auch|danke,? dass ich (?:\w+ ){0,3}(?:verschwendet|warten)|"
        r"(?:toll|super|klasse|prima|gro(?:ß|ss)artig),? (?:noch|jetzt|wieder|schon)|na toll|wie immer|"
        r"wie gehabt|was fur ein (?:service|theater|witz)|ein witz|eine frechheit)\b",
    ),
    translated(
        "extra_effort",
        r"\b(?:musste\w* (?:\w+ ){0,3}?(?:anrufen|nachfragen|nachhaken|erklaren|beschweren|fragen|"
        r"drangeln|machen|selbst)|nachhak\w*|hinterher\w*|beschwer\w*|vorgesetzt\w*|selbst (?:anrufen|"
        r"machen|kummern)|alles selbst|weiter(?:geleitet|gereicht|verbunden)|hin und her|im kreis|"
        r"ansprechpartner|freigenommen|urlaub genommen)\b",
    ),
    translated(
        "unmet_expectation",
        r"\b(?:(?:mehr|anderes|besseres) erwartet|nicht (?:das|was),? (?:was )?ich (?:erwartet|bestellt|"
        r"wollte)|hatte\w* (?:\w+ ){0,2}(?:mussen|sollen)|sollte\w* (?:besser|schneller)|ware (?:schon|"
        r"schoner|besser|nett)|zu teuer|viel zu|etwas (?:langsam|teuer)|luft nach oben|verbesserungs\w*|"
        r"nachstes mal|beim nachsten mal|fruher (?:war|wart) \w+ (?:besser|schneller)|nicht mehr wie "
        r"fruher|schlechter geworden)\b",
    ),
    translated(
        "problem_report",
        r"\b(?:fehler\w*|absturz|sturzt\w*|abgesturzt|kaputt\w*|defekt\w*|beschadigt\w*|tropft|undicht|"
        r"leck|falsch\w*|zu viel berechnet|doppelt (?:abgebucht|berechnet)|verloren|fehlt|fehlen|"
        r"dreckig|schmutzig|unfreundlich\w*|unhoflich\w*|aufgelegt|storung\w*|ausgefallen|fallt \w* ?aus|"
        r"spinnt)\b",
    ),
    translated(
        "content_no_complaint",
        r"\b(?:(?:kein|keine|keinerlei|ohne)\s+(?:\w+\s+)?(?:probleme?|beschwerden?|wartezeit|"
        r"zwischenfalle|unannehmlichkeiten|beanstandungen|komplikationen|stress)|nichts (?:zu (?:meckern|"
        r"beanstanden|verbessern|bemangeln)|auszusetzen)|kann mich nicht beklagen|(?:musste|brauchte) "
        r"(?:gar )?nicht (?:zu )?warten|wort gehalten|wie (?:versprochen|besprochen|geplant|erwartet|"
        r"angekundigt)|problemlos|unkompliziert|einwandfrei|nicht zufriedener|besser geht es nicht)\b",
    ),
    translated(
        "content_praise",
        r"\b(?:dank\w*|freundlich\w*|nett\w*|super|toll\w*|klasse|spitze|top|perfekt\w*|hervorragend\w*|"
        r"ausgezeichnet\w*|wunderbar\w*|tadellos\w*|professionell\w*|kompetent\w*|zufrieden\w*|"
        r"begeistert|glucklich|froh|empfehl\w*|hilfreich\w*|geduldig\w*|hoflich\w*|aufmerksam\w*|"
        r"sorgfaltig\w*|reizend|lob|hut ab|weiter so|gut gemacht|sehr gut\w*|gute (?:arbeit|beratung|"
        r"betreuung|erfahrung)|vorbildlich\w*|erstklassig\w*|rundum|vergnugen|freude)\b",
    ),
    translated(
        "content_quick",
        r"\b(?:schnell\w*|sofort\w*|gleich|blitzschnell|umgehend|zugig|in (?:weniger als )?(?:\w+ )?"
        r"(?:minuten|einer stunde)|am selben tag|am nachsten tag|beim ersten (?:anruf|versuch|mal)|"
        r"punktlich\w*|fruher (?:da|geliefert|als)|rechtzeitig)\b",
    ),
    translated(
        "content_resolved",
        r"\b(?:(?<!nicht )(?<!halb )(?:gelost|repariert|behoben|erledigt)|(?:lauft|funktioniert|geht|lief) "
        r"(?:jetzt |alles |sofort )*(?:wieder|einwandfrei|rund|perfekt)|alles (?:geht|lauft|funktioniert) "
        r"wieder|wieder internet|wie neu|(?:ruckerstattung|erstattung|geld) (?:\w+ ){0,3}(?:angekommen|"
        r"erhalten|zuruck))\b",
    ),
    *EMOJI_FAMILIES,
)
