"""Cues of unhappiness that a sentiment lexicon cannot see.

Most unhappy customers never use a negative word: they say "third time I had to call" or
"fine I guess". Each cue family below is a regular expression over the lowercased comment;
the trained model decides how much each family counts, and the matched words become the
reason a manager reads. Families whose name starts with ``content`` point the other way
("no problems at all"), so that mild words in a happy comment are not mistaken for a hint.
"""

import re
from dataclasses import dataclass

_AGAIN_EXEMPT = "".join(
    f"(?<!{w} )"
    for w in (
        "thanks",
        "thank you",
        "works",
        "working",
        "use you",
        "use them",
        "use it",
        "use",
        "buy",
        "order",
        "book",
        "fly",
        "recommend",
        "come",
        "visit",
        "you",
        "happy",
    )
)


@dataclass(frozen=True)
class CueFamily:
    """A named family of cues; ``label`` starts the reason shown to a manager."""

    name: str
    label: str
    pattern: re.Pattern[str]
    needles: tuple[str, ...] = ()

    def search(self, normalised: str) -> re.Match[str] | None:
        """Run the pattern only if one of the needles is in the text: ``in`` is a C scan of a
        few dozen nanoseconds, while the pattern is tried at every word of the comment."""
        if self.needles and not any(map(normalised.__contains__, self.needles)):
            return None
        return self.pattern.search(normalised)


def _family(name: str, label: str, pattern: str, first: str = "", needles: str = "") -> CueFamily:
    """``first`` lists every character a match can start with: re then skips other positions
    in C, which makes the slowest families several times faster. ``needles`` (separated by
    "|") are substrings of which every match contains one; a family without them always runs."""
    compiled = re.compile(f"(?=[{first}])(?:{pattern})" if first else pattern)
    return CueFamily(name, label, compiled, tuple(needles.split("|")) if needles else ())


FAMILIES: tuple[CueFamily, ...] = (
    _family(
        "repeat_contact",
        "mentions a repeat contact",
        r"\b(?:(?:second|third|fourth|fifth|sixth|2nd|3rd|4th|5th|umpteenth|nth) (?:time|call|"
        r"visit|email|attempt|engineer|technician|person|agent)s?|"
        + _AGAIN_EXEMPT
        + (
            r"again(?! if| soon| next| in future| when)|twice|(?:three|four|five|six|several|multiple|"
            r"many|\d+) (?:times|attempts|visits|calls|emails)|repeatedly|keep (?:having|getting|"
            r"calling|asking)|kept (?:getting|having|calling|asking)|how many times|"
            r"back to square one|came back|re-?open\w*|re-?do|as before|same (?:issue|problem|fault|"
            r"error|thing|question|screenshots)|last (?:month|week|time))\b"
        ),
        needles=(
            "second|third|fourth|fifth|sixth|2nd|3rd|4th|5th|nth|again|twice|times|attempts|visits|"
            "calls|emails|repeatedly|keep |kept |square one|came back|reopen|re-open|redo|re-do|"
            "as before|same |last "
        ),
    ),
    _family(
        "unresolved",
        "says it is not resolved",
        (
            r"\b(?:still(?! (?:works|working fine|good|great|happy))|not (?:yet )?(?:fixed|resolved|"
            r"sorted|working)|(?:doesn't|does not|isn't|is not|won't) work\w*|"
            r"nothing (?:has )?(?:actually )?(?:changed|happened)|no (?:update|word|news|response|"
            r"reply|answer|callback|call back)|(?:haven't|have not|never) heard|yet to|"
            r"nowhere to be seen|closed (?:my|the) ticket|ticket was closed|not sure (?:it|the|why|"
            r"if)|not convinced|hard to tell)\b"
        ),
        needles="still|not |work|nothing|no |heard|yet to|nowhere|closed|hard to tell",
    ),
    _family(
        "waiting",
        "mentions waiting or delay",
        (
            r"\b(?:(?:took|takes|taking|take) (?:them )?(?:\w+ ){0,2}(?:days|weeks|months|hours|"
            r"fortnight|forever|ages|all (?:day|week|morning)|so long|too long|attempts)|"
            r"(?<!no )wait(?:ed|ing)?\b(?! time)|queue|on hold|late|delay\w*|slow\w*|overdue|"
            r"eventually|finally|in the end|at last|\w+ (?:minutes?|hours?|days?|weeks?) (?:on hold|"
            r"in the queue|later|window)|lost a (?:whole )?(?:day|morning|afternoon)|day off work|"
            r"all week|a fortnight|since (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
            r"last)|(?:\d+|an?|one|two|three|four|five|six|several|many|few) (?:more |extra |whole )?"
            r"(?:hrs?|hours?|days?)|stuck|stranded)\b"
        ),
        needles=(
            "took|tak|wait|queue|hold|late|delay|slow|overdue|eventually|finally|in the end|at last|"
            "minute|hour|day|week|lost a |fortnight|since |hr|stuck|stranded"
        ),
    ),
    _family(
        "broken_promise",
        "mentions a broken promise",
        (
            r"\b(?:(?<!as )promised|(?:was|were|is|are) (?:supposed|meant|due) to|told (?:me|"
            r"us) (?:it|they|he|she|someone|you) (?:would|will)|said (?:they|he|she|you|it) (?:would|"
            r"'d)|you said|you'd|never (?:came|showed|arrived|turned up|happened|called|rang|"
            r"got back)|didn't (?:show|turn up|arrive|come|call|ring|get back|happen|get the)|"
            r"no[- ]show|missed (?:\w+ )?appointments?|rescheduled|moved|forgot|advertised|guaranteed|"
            r"said next day)\b"
        ),
        needles=(
            "promised|supposed|meant|due to|told|said|you'd|never |didn't|no-show|no show|missed|"
            "rescheduled|moved|forgot|advertised|guaranteed"
        ),
    ),
    _family(
        "leaving",
        "talks of leaving or cancelling",
        (
            r"\b(?:cancel\w*|switch\w*|(?:look|looking|shop|shopping) (?:elsewhere|around|at other)|"
            r"other (?:options|providers?|companies|suppliers?)|competitors?|take my business|"
            r"close my account|leav(?:e|ing) (?:you|for)|i'm leaving|i am leaving|never again|"
            r"won't be (?:back|renewing|using|recommending)|not renew\w*|(?:another|one more|last|"
            r"final) chance)\b"
        ),
        needles=(
            "cancel|switch|elsewhere|around|other|competitor|take my business|close my account|leav|"
            "never again|won't be |not renew|chance"
        ),
    ),
    _family(
        "faint_praise",
        "gives faint praise",
        (
            r"(?:^\W*(?:it was |it's |its |it is |was |all )?(?:ok|okay|fine|alright|good enough|"
            r"k)\W*$|\b(?:fine i guess|it'?s fine|it'll do|it will do|could be (?:worse|better)|"
            r"could(?: have|'ve) been better|nothing (?:special|more)|about all|not the (?:worst|"
            r"best)|average|mediocre|so-?so|so so|meh|eh|alright|acceptable|adequate|passable|ok-?ish|"
            r"whatever|well, it|decent|oh well|glad it's over|it is what it is|(?:pretty|"
            r"fairly) standard|par for the course|better late than never|(?:have|had) to do)\b)"
        ),
    ),
    _family(
        "hedging",
        "hedges",
        (
            r"\b(?:i guess|i suppose|suppose so|guess so|we'll see|we will see|time will tell|"
            r"fingers crossed|hopefully|let's hope|i hope|hop(?:e|ing) (?:it|this|that)|for now|"
            r"at the moment|i think|kind of|kinda|sort of|sorta|mostly|more or less|not quite|"
            r"i'm not sure)\b"
        ),
        needles=(
            "guess|suppose|see|time will tell|fingers crossed|hop|for now|at the moment|i think|"
            "kind of|kinda|sort of|sorta|mostly|more or less|not quite|not sure"
        ),
    ),
    _family(
        "contrast",
        "turns with a contrast",
        (
            r"\b(?:but|although|though|however|except|apart from|other than|even though|whereas|"
            r"despite|aside from)\b"
        ),
        needles="but|though|however|except|apart from|other than|whereas|despite|aside from",
    ),
    _family(
        "regret",
        "expresses regret",
        r"\b(?:shame|pity|unfortunately|sadly|disappoint\w*|frustrat\w*|annoy\w*|upset\w*)\b",
        needles="shame|pity|unfortunately|sadly|disappoint|frustrat|annoy|upset",
    ),
    _family(
        "negated_praise",
        "negates praise",
        (
            r"(?:\bnot|n't|\bnever|\bno one|\bnobody|\bhardly|\bbarely)\s+(?:[\w']+\s+){0,2}?(?:happy|"
            r"great|good|impressed|satisfied|pleased|helpful|help|helped|resolved|fixed|sorted|work|"
            r"working|worked|understand|understood|listen|listened|care|cared|answer|answered|explain|"
            r"explained|test|tested|check|checked|tell|told|bother|bothered|clear|confirm|confirmed|"
            r"know|knew|match|read|respond|responded|reply|replied|really|very)\b"
        ),
        first="nhb",
        needles="no|n't|never|hardly|barely",
    ),
    _family(
        "rhetorical_question",
        "asks a rhetorical question",
        (
            r"(?:\bwhy\b[^.!?]*\?|\bhow (?:hard|difficult|long|many times|much longer|come)\b|"
            r"\bis it (?:too much|really so hard)|\bwhat(?:'s| is) the point\b|\bwho (?:does|do|"
            r"would)\b[^.!?]*\?|\?\s*!|!\s*\?|\?{2,}|\b(?:really|seriously|resolved|fixed|sorted)\?)"
        ),
        first="whi?!rsf",
        needles="?|how |is it |the point",
    ),
    _family(
        "sarcasm",
        "sounds sarcastic",
        (
            r"(?:\b(?:yeah right|oh (?:great|good|joy|wonderful)|just great|thanks for nothing|"
            r"(?:thanks|thank you) (?:\w+ )?for (?:ruining|losing|wasting|ignoring|stranding|leaving me|"
            r"nothing|making (?:me|us)|the (?:\w+ )?(?:delay|wait|runaround|run-around))|"
            r"no thanks to|what a (?:joke|surprise|shock)|big surprise|surprise,? surprise|shocker|"
            r"of course it|as usual|love (?:how|that|it when|when)|so much for|thanks a lot|"
            r"yeah it works|sure, it)\b|\b(?:great|wonderful|brilliant|fantastic|lovely|"
            r"perfect),? (?:i get to|now i|another|so now|just what)|['\"](?:quick|fast|help|helpful|"
            r"service|support|fix|fixed|expert|resolved|sorted|customer service)['\"]|/s\b|🙄|😒)"
        ),
        needles=(
            "yeah|oh |just great|for nothing|for ruining|for losing|for wasting|for ignoring|"
            "for stranding|for leaving me|for making|delay|wait|runaround|run-around|no thanks to|"
            "what a |surprise|shocker|of course it|as usual|"
            "love |so much for|thanks a lot|sure, it|i get to|now i|another|so now|just what|/s|🙄|😒|"
            "quick'|fast'|help'|helpful'|service'|support'|fix'|fixed'|expert'|resolved'|sorted'|"
            'quick"|fast"|help"|helpful"|service"|support"|fix"|fixed"|expert"|resolved"|sorted"'
        ),
    ),
    _family(
        "extra_effort",
        "had to make an extra effort",
        (
            r"\b(?:(?:had|have|having|need(?:ed)?) to (?:\w+ ){0,2}?(?:call|ring|chase|explain|ask|"
            r"remind|repeat|email|send|phone|go|take|escalate|complain|make|restart|reset|do|fix|redo|"
            r"follow|push|fight|keep)|made me|(?:i|we|i've|we've|kept|keep) (?:\w+ )?chas(?:e|ed|ing)|"
            r"chasing (?:it|them|you|this|up)|escalat\w*|(?<!no )(?<!to )complain(?:t|ed|ing)?|myself|"
            r"passed (?:between|around|from)|transferred|bounced|jump through|ended up|"
            r"spent (?:\w+ ){0,2}(?:morning|afternoon|day|evening|hour|hours))\b"
        ),
        needles=(
            "had to|have to|having to|need to|needed to|made me|chas|escalat|complain|myself|passed |"
            "transferred|bounced|jump through|ended up|spent "
        ),
    ),
    _family(
        "unmet_expectation",
        "says expectations were not met",
        (
            r"\b(?:expected (?:better|more)|not what i (?:expected|wanted|was hoping|asked)|"
            r"would(?: have|'ve) (?:been nice|liked|helped|appreciated|preferred|been good|"
            r"been better)|(?:would|it'd) be (?:nice|great|good) if|should(?:n't)?(?: have|'ve)|wish|"
            r"hoping for|was hoping|too (?:long|slow|expensive|much)|a bit much|seems a bit|"
            r"bit (?:much|slow|long)|room for improvement|next time|for once|at some point|actually)\b"
        ),
        needles=(
            "expected|not what i|would have|would've|would be|it'd be|should|wish|hoping|too |bit|"
            "room for improvement|next time|for once|at some point|actually"
        ),
    ),
    _family(
        "problem_report",
        "reports a problem",
        (
            r"\b(?:errors?|crash\w*|broken|broke|breaks|(?<!can't )(?<!cannot )faults?\b|leak\w*|mess|"
            r"jam\w*|timing out|times out|freez\w*|billed|charged|overcharged|lost|missing|damag\w*|"
            r"wrong|useless|rude|ignored|without (?:asking|checking|testing))"
        ),
        needles=(
            "error|crash|broke|breaks|fault|leak|mess|jam|timing out|times out|freez|billed|charged|"
            "lost|missing|damag|wrong|useless|rude|ignored|without"
        ),
    ),
    _family(
        "negative_emoji",
        "uses a negative emoji",
        r"[😡😠🤬😤😞😟😢😭👎💩😩😫🙁☹]",
        needles="😡|😠|🤬|😤|😞|😟|😢|😭|👎|💩|😩|😫|🙁|☹",
    ),
    _family(
        "content_no_complaint",
        "says there was no problem",
        (
            r"(?:\b(?:no|not a single|not one|zero|without(?: any| a)?|never (?:had|have)(?: a|"
            r" any)?)\s+(?:\w+\s+)?(?:problems?|issues?|complaints?|hassle|fuss|trouble|concerns?|"
            r"worries|wait(?:ing)?|hold time|delay|questions)\b|\bnot bad|\bcan'?t (?:complain|fault)|"
            r"\bcannot (?:complain|fault)|\bcouldn'?t (?:be (?:happier|better)|have asked)|"
            r"\bnothing (?:to complain|went wrong|wrong|to improve|to add|else needed)|"
            r"\bnever had a better|\bfaultless|\bhassle[- ]free|\bas promised|(?:\bnot|n't|"
            r"\bnever) (?:\w+ )?(?:come back|returned|played up|happened again|failed|missed))"
        ),
        first="nzwcfha",
        needles=(
            "problem|issue|complain|hassle|fuss|trouble|concern|worries|wait|hold time|delay|"
            "question|not bad|fault|couldn|nothing |never had|as promised|come back|returned|"
            "played up|happened again|failed|missed"
        ),
    ),
    _family(
        "content_praise",
        "praises",
        (
            r"\b(?:thanks?(?! a lot| for nothing)|thank you|cheers|appreciat\w*|grateful|well done|"
            r"spot on|recommend\w*|pleasure|impress\w*|lovely|brilliant|excellent|superb|fantastic|"
            r"outstanding|amazing|perfect\w*|happy|pleased|satisfied|good job|great|helpful|friendly|"
            r"professional|polite|patient|knowledgeable|thorough|tidy|tidied|painless|smooth\w*|easy|"
            r"kept me (?:informed|updated)|courteous|like new|good as new)\b"
        ),
        needles=(
            "thank|cheers|appreciat|grateful|well done|spot on|recommend|pleasure|impress|lovely|"
            "brilliant|excellent|superb|fantastic|outstanding|amazing|perfect|happy|pleased|satisfied|"
            "good job|great|helpful|friendly|professional|polite|patient|knowledgeable|thorough|tidy|"
            "tidied|painless|smooth|easy|kept me |courteous|like new|good as new"
        ),
    ),
    _family(
        "content_quick",
        "says it was quick",
        (
            r"\b(?:within (?:minutes|the hour|an hour|a day|\w+ minutes)|in (?:no time|minutes|"
            r"\w+ minutes)|same day|first (?:time|call)|straight away|right away|next (?:day|morning)|"
            r"quick\w*|fast|speedy|prompt\w*|swift\w*|efficient\w*|on time|early|(?:didn't|did not|"
            r"doesn't|does not) take (?:long|ages|long at all))\b"
        ),
        needles=(
            "within |in no time|minutes|same day|first |straight away|right away|next |quick|fast|"
            "speedy|prompt|swift|efficient|on time|early|take long|take ages"
        ),
    ),
    _family(
        "content_resolved",
        "says it is resolved",
        (
            r"(?:\b(?:back to normal|back (?:up|on|in|online)|up and running|(?:all|now|is|it's|"
            r"everything|completely) (?:working|fixed|sorted|solved|resolved|done)|got my refund|"
            r"refund (?:came|arrived|processed|went)|answered)\b|^\W*(?:\w+,? )?(?:fixed|solved|"
            r"sorted|resolved|done|working)\W*$)"
        ),
        needles="back |up and running|working|fixed|sorted|solved|resolved|done|refund|answered",
    ),
    _family(
        "content_emoji",
        "uses a happy emoji",
        r"[😊🙂😀😃😄😁👍👏🙏❤💯🎉😍]",
        needles="😊|🙂|😀|😃|😄|😁|👍|👏|🙏|❤|💯|🎉|😍",
    ),
)


def normalise(text: str) -> str:
    """Lowercase and straighten quotes, so one pattern serves every keyboard."""
    return (
        text.lower()
        .replace("\u2019", "'")
        .replace("\u2018", "'")
        .replace("\u201c", '"')
        .replace("\u201d", '"')
    )


def find_cues(normalised: str) -> dict[str, str]:
    """Map each family that fires to the first words that fired it (for the reason)."""
    found: dict[str, str] = {}
    for family in FAMILIES:
        match = family.search(normalised)
        if match:
            found[family.name] = match.group(0).strip(" ,.!?")
    return found


def contrast_tail(normalised: str) -> str:
    """Return what follows the last contrast word: that is what the customer means."""
    parts = FAMILIES_BY_NAME["contrast"].pattern.split(normalised)
    return parts[-1].strip(" ,.!?") if len(parts) > 1 else ""


FAMILIES_BY_NAME = {family.name: family for family in FAMILIES}


def translated(name: str, pattern: str) -> CueFamily:
    """The family ``name`` for a comment in another language: the same label for the manager
    and the same feature for the model, read by that language's pattern over accent-free
    lowercase text (customers type "decu" as often as "déçu")."""
    return CueFamily(name, FAMILIES_BY_NAME[name].label, re.compile(pattern))


EMOJI_FAMILIES = (FAMILIES_BY_NAME["negative_emoji"], FAMILIES_BY_NAME["content_emoji"])
