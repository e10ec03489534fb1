"""The grammar of reporting in English: the patterns the reader's rules are made of.

Words that belong to one war (the sides' names and adjectives, regions' other
names) are not here: they live in the vocabulary's data files
(:mod:`frontline.news.vocabulary`), and :class:`Grammar` builds the patterns that
need them from a :class:`~frontline.news.vocabulary.Vocabulary`. What stays here
is English: verbs of capture and withdrawal, place nouns, negation and doubt,
units of area, dates' neighbours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from frontline.news.vocabulary import Vocabulary

__all__ = ["Grammar"]

# -- places --------------------------------------------------------------------------------------
REGION_WORD = r"(?i:region|regions|oblast|oblasts|province|provinces|krai|republic)"
CAP = r"[A-ZА-ЯЁІЇЄҐ][\w'’ʼ]*(?:-[\w'’ʼ]+)*"
CAPS = rf"{CAP}(?:\s+{CAP})?"
REGION_LIST = re.compile(
    rf"(?P<list>{CAPS}(?:\s*,\s*{CAPS})*(?:,?\s+(?:and|or)\s+{CAPS})?)\s+"
    rf"(?P<kw>{REGION_WORD})\b")
CAPSEQ = re.compile(rf"(?<![\w'’-]){CAP}(?:\s+{CAP})*")
LOCATIVE = re.compile(r"\b(?:in|at|near|to|from|outside|visited|visit|city\s+of|town\s+of)\s+"
                      r"(?:the\s+)?$", re.I)

# -- claims ----------------------------------------------------------------------------------------
Q = r"['\"“”‘’]?"
PLACE_NOUN = (r"(?:villages?|towns?|cities|city|settlements?|hamlets?|strongholds?|hubs?|"
              r"localit(?:y|ies)|communit(?:y|ies)|urban-type\s+settlements?|"
              r"district\s+cent(?:re|er)s?)")
# a lower-case word before a place noun ('the southeastern village of'), not a joining word
ADJ = r"(?!(?:and|or|the|a|an|in|of|to|from|near|with|by|at|on)\b)[a-z][\w-]*"
# what follows a place name that only qualifies a noun: 'the Kharkiv village of X', 'the
# Zaporizhzhia nuclear plant', 'the Pokrovsk direction' (such a name is never a claim's object)
QUALIFIES = re.compile(
    rf"^\s+(?:(?:{ADJ}\s+){{0,2}}{PLACE_NOUN}\s+of\b|(?:{REGION_WORD}|nuclear|power|"
    r"direction|axis|sector|front|border|offensive|counteroffensive|incursion|operation|"
    r"reservoir|thermal|plant|bridgehead|salient|grouping|group)\b)")
# any name that qualifies a place noun, a side's capital included ('the Kyiv village of')
QUALIFIER = re.compile(rf"({CAPS})(?=\s+(?:{REGION_WORD}\s+)?(?:{ADJ}\s+){{0,2}}"
                       rf"{PLACE_NOUN}\s+of\b)")
# a place the sentence binds to a region before it: 'the Kharkiv village of', 'the Donetsk
# region town of' (R stands for the region's name, masked)
BOUND_BEFORE = re.compile(
    rf"\b(?:the|a)\s+(?P<r>{CAPS})(?:['’]s)?\s+(?:{REGION_WORD}(?:['’]s)?\s+)?"
    rf"(?:{ADJ}\s+){{0,2}}{PLACE_NOUN}\s+of\s+{Q}$")
# a place said to be near another: 'X, southeast of Y', 'X (both southwest of Y)', 'X near Y'
NEAR = re.compile(
    rf"^\s*[,(]?\s*(?:both\s+|just\s+|some\s+|about\s+)?(?:\d+\s*(?:km|kilomet(?:re|er)s|"
    rf"miles)\s+)?(?:(?:north|south|east|west|north-?east|north-?west|south-?east|"
    rf"south-?west)(?:ern)?\s+of|near|outside)\s+(?:the\s+(?:city|town|village)\s+of\s+)?"
    rf"(?P<a>{CAPS})")
CAPTURE_ACTIVE = re.compile(
    rf"(?<![\w-]){Q}(?P<v>"
    r"(?:took|taken|takes|taking)\s+over|"
    r"(?:took|taken|take|takes|seized|seize|gained|gain|established|establish|assumed|"
    r"regained)\s+(?:full\s+|complete\s+|total\s+)?control\s+(?:of|over)|"
    r"captured|captures|capture|capturing|seized|seizes|seize|seizing|took|taken|takes|take|"
    r"liberated|liberates|liberate|liberating|occupied|overran|overrun|freed|secured|"
    r"retook|retaken|retaking|retakes|retake|recaptured|recapture|recaptures|recapturing|"
    r"reclaimed|reclaims|won\s+back|wins\s+back|regained|regains|entered|"
    # 'raised their flag over X'
    r"raised\s+(?:the|its|their|a)\s+(?:\w+\s+)?flags?\s+(?:over|in|above|on)|"
    # 'drove Ukrainian forces out of X': the places they were driven from ('pushed them back
    # from X' says less: near X)
    r"(?:drove|driven|drives|pushed|forced|ousted|expelled|dislodged|knocked)\s+(?:the\s+)?"
    r"(?:[A-Z][\w'’-]*\s+)?(?:\w+\s+)?(?:forces|troops|units|soldiers|enemy|militants|"
    r"fighters|army)\s+out\s+of|"
    r"(?:completed|completes|announced|announces|confirmed|confirms|claimed|claims|declared|"
    r"reported)\s+(?:on\s+\w+\s+|late\s+on\s+\w+\s+)?(?:the\s+)?(?:full\s+|complete\s+)?"
    r"(?:capture|liberation|seizure|takeover|fall)"
    rf"\s+of)(?![\w-]){Q}", re.I)
# adverbs that may stand around a passive's verb: 'have already been liberated'
_PASSIVE_ADV = (r"(?:(?:also|already|now|finally|officially|reportedly|fully|completely|"
                r"entirely|recently|eventually|(?:most\s+)?likely|for\s+today|then)\s+)*")
CAPTURE_PASSIVE = re.compile(
    r"^\s*(?:district\s+cent(?:re|er)\s+|town\s+|city\s+|village\s+|villages\s+)?"
    # (an aside between commas, its numbers' thousands commas included: 'X, a town of about
    # 21,000 people before the war, was captured')
    r"(?:,(?:[^,;]|(?<=\d),(?=\d{3})){1,80},\s*|(?P<rel>,\s*(?:which|that)\s+))?" + _PASSIVE_ADV +
    r"(?:(?:was|were|has\s+been|have\s+been|had\s+been|is\s+now|"
    r"are\s+now)\s+" + _PASSIVE_ADV + Q +
    r"(?P<pv>captured|seized|taken|liberated|occupied|"
    r"overrun|recaptured|retaken)|(?P<fell>fell|falls|has\s+fallen|had\s+fallen|have\s+fallen)|"
    # ('is now controlled by': a change; 'which is controlled by Russia' is a state)
    r"(?:is|was|are|were)\s+now\s+" + _PASSIVE_ADV + r"(?P<ctl>controlled)|"
    r"(?P<under>(?:came|has\s+come|had\s+come|fell|(?:is|was|are|were)\s+(?:now|back)|"
    r"(?:has\s+|had\s+)?returned)\s+" + _PASSIVE_ADV + r"(?:under|to)\s+(?:the\s+)?(?:full\s+)?"
    r"(?:control\s+of|(?P<adj>\w+)(?:['’]s)?\s+control)))\b", re.I)
#: a side's flag over a place: 'the Russian flag now flies over X', 'the Ukrainian flag was
#: raised in X'
FLAG = re.compile(r"\b(?P<adj>\w+)\s+flags?\s+(?:now\s+|again\s+)?(?:flies|fly|flew|is\s+flying|"
                  r"(?:was|were|has\s+been|have\s+been|had\s+been)\s+(?:raised|hoisted|planted)"
                  r")\s+(?:over|in|above|on)\s", re.I)
WITHDRAW = re.compile(
    r"(?<![\w-])(?P<v>(?:been\s+)?(?:pushed|driven|forced|thrown|knocked)\s+(?:back\s+)?out|"
    r"(?:been\s+)?(?:expelled|ousted|dislodged)|"
    r"(?:withdrew|withdrawn|withdraws|withdraw|withdrawing|pulled|pulls|pull|"
    r"pulling|retreated|retreats|retreat|retreating)"
    r"(?:\s+(?:its|their|our|the|his|all|some)?\s*(?:\w+\s+)?(?:troops|forces|units|soldiers|"
    r"servicemen|defenders))?(?:\s+(?:out|back))?|abandoned|abandon|"
    r"(?:the\s+|a\s+|its\s+|their\s+)?(?:(?:complete|full|total)\s+)?"
    r"(?:withdrawal|retreat|pullout|pull-out)"
    r"(?:\s+of\s+(?:(?:its|their|our|the|\w+)\s+)?(?:\w+\s+)?(?:troops|forces|units|"
    r"soldiers))?)"
    r"(?P<prep>\s+(?:from|of|out\s+of))?(?![\w-])", re.I)

#: the whole of a place, before its name: 'took all the parts of X', 'the entire X',
#: 'withdrew from the territory surrounding X'
WHOLE = (r"(?:all\s+(?:the\s+)?parts\s+of\s+|all\s+of\s+|the\s+(?:whole|entire)\s+(?:of\s+)?|"
         r"(?:the\s+)?territory\s+surrounding\s+)")
#: the eight directions, as in 'north-east of'
DIRECTION = r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)"
#: how many, before a count: 'at least', 'another'
_QUANTIFIER = r"(?:(?:at\s+least|some|more\s+than|over|about|nearly|another|a\s+further)\s+)?"
#: a counted list of places opened by a colon or 'including': 'at least four villages:'
COUNTED_LIST = (_QUANTIFIER +
                r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|"
                r"a\s+number\s+of|a\s+few|the\s+following|these)\s+(?:more\s+|other\s+|new\s+)?(?:[a-z][\w-]*\s+)?"
                + PLACE_NOUN + r"\s*(?:[:—–,]|,?\s+(?:including|namely|notably|such\s+as|among\s+"
                r"them))\s*")
#: a counted list placed near a place before it is named: 'captured two more villages near
#: X, A and B' (X says where; A and B are the list)
COUNTED_NEAR = re.compile(
    r"^\s*" + _QUANTIFIER +
    r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|a\s+few)\s+(?:more\s+|other\s+|"
    r"new\s+)?(?:[a-z][\w-]*\s+)?" + PLACE_NOUN + r"\s+(?:near|around|outside|close\s+to|"
    rf"(?:to\s+the\s+)?{DIRECTION}(?:ern)?\s+of)\s+(?:the\s+(?:city|town)\s+of\s+)?$", re.I)
#: a direction from a place, ending a text: 'attacked northeast of'
DIRECTION_OF = re.compile(rf"{DIRECTION}(?:ern)?\s+of\s*$", re.I)
#: what says where a place is, between it and another place: 'A, B and C south of D'
LOCATOR = re.compile(r"\s*,?\s*(?:(?:just|some|about|both)\s+)?(?:\d+\s*(?:km|kilomet(?:re|er)s|"
                     r"miles)\s+)?(?:(?:to\s+the\s+)?(?:north|south|east|west|north-?east|"
                     r"north-?west|south-?east|south-?west)(?:ern)?\s+of|near|outside)\s+",
                     re.I)

# -- the front: advances, fighting and sieges (claims that place the front, not changes of
# hands; read with ``frontline extract --fronts``) ------------------------------------------------
#: where a front claim points: 'near', 'west of', 'on the outskirts of', 'in the direction of'
FRONT_PREP = (rf"(?:{DIRECTION}(?:ern)?\s+of|{DIRECTION}(?:ern)?\s+outskirts\s+of|"
              r"to\s+the\s+(?:\w+\s+)?outskirts\s+of|near|in|into|"
              r"toward|towards|around|within|outside|at|along|on\s+the\s+(?:\w+\s+)?outskirts\s+"
              r"of|in\s+the\s+(?:\w+\s+)?outskirts\s+of|in\s+the\s+direction\s+of|in\s+the\s+"
              r"(?:vicinity|area|areas)\s+of|close\s+to)")
#: a side gained ground near a place: 'advanced near X', 'made marginal gains west of X',
#: 'geolocated footage shows Russian forces in X' (the verb and the preposition after it)
ADVANCE = re.compile(
    r"(?<![\w-])(?P<v>advanced|advances|advancing|made\s+(?:(?:some|small|minor|marginal|"
    r"limited|tactical|confirmed|further|significant|notable|new|recent|territorial)\s+)*"
    r"(?:gains|advances|progress|headway)|gained\s+ground|pushed\s+forward|moved\s+forward|"
    r"(?:shows?|showing|indicates?|indicating)\s+(?:that\s+)?(?:\w+\s+){0,2}?(?:forces|troops|"
    r"soldiers|servicemen|units)(?:\s+(?:advancing|operating|raising\s+a\s+flag|"
    r"(?:are|were)\s+(?:\w+\s+)?(?:operating|present|advancing)))?)"
    rf"(?:\s+(?:recently|reportedly|likely|slightly|marginally|further|also|"
    r"(?:up\s+to\s+|about\s+|roughly\s+)?\d+(?:[.,]\d+)?\s*(?:km|kilomet(?:re|er)s?|miles?|"
    r"met(?:re|er)s?|m)(?:\s+deep)?|(?:north|south|east|west)\w*ward))*"
    rf"\s+(?P<prep>{FRONT_PREP})\s", re.I)
#: fighting near a place, with no side: 'fighting continues near X', 'clashes in X'
FIGHTING = re.compile(
    r"(?<![\w-])(?P<v>fighting|clashes|battles?|combat|hostilities|skirmishes|firefights|"
    r"positional\s+(?:fighting|battles|engagements)|engagements)\s+(?:(?:has|have|had)\s+)?"
    r"(?:(?:continue[sd]?|continuing|went\s+on|go(?:es)?\s+on|(?:are|is|was|were|remains?|"
    r"remained)\s+(?:still\s+)?(?:ongoing|under\s+way|underway|raging|taking\s+place)|raged?|"
    r"rages|raging|intensified|persist(?:ed|s)?|erupted|took\s+place|broke\s+out|"
    r"(?:were|was)\s+reported|ongoing)\s+)?(?:(?:on|for|in)\s+(?:\w+\s+)?(?:days|weeks)\s+)?"
    rf"(?P<prep>{FRONT_PREP}|for)\s", re.I)
#: a side attacks near a place (it is the attacker): 'attacked near A, B and C', 'continued
#: offensive operations toward X', 'unsuccessfully attempted to advance near X'
ATTACK = re.compile(
    r"(?<![\w-])(?P<v>attacked|attacking|assaulted|assaulting|stormed|storming|"
    r"counter-?attacked|counter-?attacking|"
    r"(?:continued|continue|continues|conducted|conducting|conduct|launched|launching|"
    r"resumed|intensified|stepped\s+up)\s+(?:(?:their|its|the|a|an|new|fresh|limited|"
    r"unsuccessful|heavy|renewed|several|multiple|repeated|ground|infantry|mechani[sz]ed|"
    r"offensive|assault|counter-?)\s+)*(?:offensive\s+operations|operations|attacks?|assaults?|"
    r"offensives?|counterattacks?|counteroffensives?|attacking|assaulting|pushing|pressing|"
    r"advancing)|(?:(?:unsuccessfully|also)\s+)?(?:attempted|tried|sought)\s+to\s+(?:advance|"
    r"attack|assault|break\s+through|push)|(?:did|do|does|have|has)\s+not\s+(?:(?:make\s+any\s+"
    r"(?:confirmed\s+)?)?advance[sd]?|advance)|failed\s+to\s+(?:advance|break\s+through))"
    # (what was attacked, when said: 'attacked Ukrainian positions near X'; no other object:
    # 'attacked energy facilities in Odesa' is a strike, not the front)
    r"(?:\s+(?P<obj>(?:(?:the|their|its|Ukrainian|Russian|enemy|Ukraine's|Russia's)\s+)?"
    r"(?:positions|defen[cs]es|(?:defensive\s+|front\s+)?lines|strongholds|troops|forces|"
    r"units)))?(?:\s+(?:again|unsuccessfully|repeatedly|also|further|once\s+more))?"
    rf"\s+(?P<prep>{FRONT_PREP}|against)\s", re.I)
#: a side holds off attacks near a place (the other side attacks): 'repelled attacks near X'
REPELLED = re.compile(
    r"(?<![\w-])(?P<v>repelled|repelling|repulsed|repulsing|fought\s+off|held\s+off|beat\s+off|"
    r"thwarted|halted|stopped)\s+(?:\w+\s+){0,4}?(?:attacks?|assaults?|offensives?|"
    r"attempts?|counterattacks?)(?:\s+\w+){0,3}?\s+"
    rf"(?P<prep>{FRONT_PREP})\s", re.I)
#: what keeps fighting from being reported: not, no longer, could, a ceasefire
FIGHT_BLOCK = re.compile(r"\b(?:not|n['’]t|never|no|no\s+longer|could|would|might|will|if|unless|"
                         r"ceasefire|truce|halted|ceased|ended|expected|plans?\s+to)\b", re.I)
#: a place besieged or encircled: 'encircled X', 'X is surrounded', 'the siege of X'
SIEGE_ACTIVE = re.compile(
    r"(?<![\w-])(?P<v>encircled|encircling|encircle[sd]?|surrounded|surrounding|besieged|"
    r"besieging|besiege[sd]?|blockaded|cut\s+off|laid\s+siege\s+to|lay\s+siege\s+to|"
    r"(?:the\s+|a\s+)?(?:siege|encirclement|blockade)\s+of)\s", re.I)
SIEGE_PASSIVE = re.compile(
    r"^\s*(?:,[^,;]{1,60},\s*)?(?:is|was|are|were|has\s+been|had\s+been|have\s+been|remains?|"
    r"remained)\s+(?:now\s+|still\s+|effectively\s+|fully\s+|completely\s+|reportedly\s+)*"
    r"(?P<v>encircled|surrounded|besieged|blockaded|cut\s+off|under\s+siege|in\s+(?:an?\s+)?"
    r"(?:encirclement|cauldron|pocket))\b", re.I)
#: the siege words that say the place is cut off, not only besieged
ENCIRCLED = re.compile(r"encircl|surround|cut\s+off|cauldron|pocket", re.I)
#: what makes a siege claim no claim: almost, threatened, semi-, at risk
SIEGE_BLOCK = re.compile(r"\b(?:nearly|almost|partially|partly|semi|half|threat\w*|risk\w*|"
                         r"danger|close\s+to|verge|avoid\w*|escap\w*|prevent\w*|operational)\b|"
                         r"\bsemi-$", re.I)
NEGATION = re.compile(
    r"\b(?:not|n['’]t|never|no\s+longer|denied|denies|deny|denying|dismissed|rejected|false|"
    r"could|would|might|should|will|shall|going\s+to|if|unless|whether|plans?\s+to|planning|"
    r"planned|aims?\s+to|aiming|intends?|attempt\w*|try\w*|tried|seek\w*|sought|threat\w*|"
    r"expected|expects?|(?:un)?likely\s+to|unlikely|poised|verge|close\s+to|bid\s+to|goal|wants?|"
    r"hopes?|ready\s+to|prepared\s+to|push(?:ing)?\s+to|fight(?:ing)?\s+to|battle\s+for|"
    r"struggl\w+|failed|fail|(?-i:may)|possible|possibly|risk|partially|partly|efforts?\s+to|"
    r"must|needs?\s+to|demand\w*|ultimatum)\b|\bno\b",
    re.I)
QUOTED_WORD = re.compile(r"['‘\"“](\w+)['’\"”](?=\s+(?:group|grouping|battlegroup)\b)", re.I)
# a date that belongs to another event than the quantity's period
OTHER_EVENT = re.compile(r"\b(?:after|since|when|before)\s+(?:\w+\s+){0,3}?(?:launch\w*|start\w*|"
                         r"begin\w*|began|begun)\b[^,.;]*$", re.I)
# after a side's name, its gains: 'Russian advances', 'Ukraine's gains' (the figure is theirs)
SIDE_GAINS = re.compile(r"^(?:['’]s)?\s+(?:(?:territorial|recent|daily|monthly|weekly|larger|"
                        r"largest|biggest|total)\s+)?(?:gains|advances)\b", re.I)
# a total of both sides: 'has changed hands'
BOTH_SIDES = re.compile(r"\bchang(?:ed|es|ing)\s+hands\b", re.I)
# a period that belongs to the other side of a comparison: 'six times as much as in 2023'
COMPARED = re.compile(r"\b(?:as\s+much\s+as|as\s+many\s+as|than|compared\s+(?:with|to)|"
                      r"against|twice|double)\s+(?:that\s+of\s+|the\s+\w+\s+of\s+)?"
                      r"(?:(?:in|after|during|for)\s+)?$", re.I)
#: its/their troops: the side of whoever said it ('Kyiv said its troops had withdrawn')
OWN_FORCES = re.compile(r"\b(?:its|their)\s+(?:own\s+)?(?:\w+\s+)?(?:troops|forces|units|"
                        r"soldiers|military|army|fighters|servicemen|defenders)\b", re.I)
SAID = re.compile(r"\b(?:said|says|say|claimed|claims|announced|announces|reported|reports|"
                  r"stated|added|told|confirmed|wrote)\b", re.I)
#: troops that left a place (a withdrawal with no 'from'): 'Ukrainian troops left Avdiivka'
LEFT = re.compile(r"\b(?:forces|troops|units|soldiers|defenders|military|army|servicemen|"
                  r"garrison)\s+(?:have\s+|had\s+|has\s+|were\s+|was\s+)?(?:finally\s+|"
                  r"reportedly\s+)?(?:(?:forced|ordered|compelled)\s+to\s+|had\s+to\s+)?"
                  r"(?P<v>left|leave|quit|abandoned|abandon)(?P<at>\s+(?:(?:its|their|the)\s+)?"
                  r"(?:last\s+)?(?:positions|defen[cs]es)\s+(?:in|at))?\s", re.I)
# 'Ukraine lost control of X': the side that loses it withdraws
LOST = re.compile(r"(?<![\w-])(?P<v>(?:lost|loses|losing)\s+(?:full\s+|complete\s+)?control\s+"
                  r"(?:of|over)|(?:confirmed|confirms|acknowledged|acknowledges|admitted|"
                  r"admits|announced|announces)\s+(?:the\s+)?loss\s+of)\s", re.I)
# 'KYIV, Oct 30 (Reuters) -': the place and day of writing, not of the event
DATELINE = re.compile(r"^[A-Z][A-Z .'’-]+,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s+\d{4})?\.?\s*"
                      r"(?:\([^()]{1,30}\)\s*|/[A-Z]+/\.?\s*)?(?:[-–—]+|\.)")
# 'the town fell on Sunday', after naming it
IT_FELL = re.compile(r"\b(?:the|that)\s+(?:town|city|village|settlement)\s+(?:had\s+|has\s+)?"
                     r"(?:fell|fallen|been\s+(?:captured|taken|seized|liberated)|was\s+"
                     r"(?:captured|taken|seized|liberated))\b", re.I)
# between 'withdrew from' and the region it leaves whole
REGION_GAP = re.compile(r"^\s*(?:the\s+)?(?:(?:whole|entire|northern|southern|eastern|western|"
                        r"central)\s+)*(?:(?:of\s+)?the\s+)?$", re.I)
# a title before a name makes it a person's
TITLE_BEFORE = re.compile(r"\b(?:Gen|Col|Lt|Maj|Capt|Sgt|Adm|Mr|Mrs|Ms|Dr|President|Minister|"
                          r"minister|commander|Commander|spokesman|spokeswoman|chief|Chief|"
                          r"General|Colonel|Major|Captain|Governor|governor|Mayor|mayor)\.?,?"
                          r"\s+$")
# 'entered X' is a capture unless the sentence says the fighting goes on there
STILL_FIGHTING = re.compile(r"\b(?:street\s+fighting|fighting\s+(?:was|is|continued|continues|"
                            r"raged|rages|went\s+on|goes\s+on|under\s+way)|clashes\s+"
                            r"(?:continued|were)|battles?\s+(?:for|in)\s+the)\b", re.I)
# kept, with less confidence: the assessed wording of daily reports ('likely seized X as of')
HEDGE = re.compile(r"\b(?:likely|reportedly|probably|apparently|reported\s+to\s+have)\b", re.I)
# the claimant takes the claim back, or the assessing source has not seen it confirmed: no
# report (a claim the other side denies is kept, with less confidence: see DISPUTED)
TAKEN_BACK = re.compile(
    r"\b(?:backtrack\w*|retract\w*|walked\s+back|withdr[ae]w\w*\s+(?:its|the|an?)\s+(?:claim|"
    r"announcement|statement)|(?:has|have)\s+not\s+(?:yet\s+)?observed\s+(?:[\w-]+\s+){0,2}"
    r"(?:confirmation|evidence))\b", re.I)
DISPUTED = re.compile(r"\b(?:denied|disputed|could\s+not\s+(?:be\s+)?(?:independently\s+)?"
                      r"(?:verify|verified|confirm|confirmed)|unverified|not\s+(?:been\s+)?"
                      r"confirmed|(?:did|does|has|have)\s+not\s+(?:yet\s+)?confirm(?:ed)?|"
                      r"unable\s+to\s+(?:independently\s+)?(?:verify|confirm)|"
                      r"(?:was|is)\s+false)\b", re.I)
# the next sentence may dispute it: 'The claim could not be independently verified.'
DISPUTES_BEFORE = re.compile(r"\b(?:claim|claims|report|reports|it|this|that)\b", re.I)
STATED = re.compile(r"\b(?:said|says|told(?:\s+[A-Z]\w+)?|announced|reported|confirmed|stated|"
                    r"wrote|added|claimed)\s+(?:on\s+)?$")
CLAIMED = re.compile(r"\bclaim(?:ed|s)?\b", re.I)

NUMBER = r"(?P<num>\d{1,3}(?:[,\u202f\u00a0 ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
AREA = re.compile(
    NUMBER + r"(?P<thousand>\s+thousand)?\s*(?P<unit>square\s+kilomet(?:re|er)s?|"
    r"(?:sq\.?|square)\s*km|"
    r"km²|km2|kilomet(?:re|er)s\s+squared|square\s+miles?|sq\.?\s*mi(?:les?)?\b)", re.I)
PER = re.compile(r"^\s*(?:\([^)]*\)\s*)?"
                 # a reduced relative clause: '1,265 km² (488 sq mi) they took each day'
                 r"(?:(?:(?:that|which)\s+)?(?:(?:they|it|we|Russia|Ukraine|(?:\w+\s+)?(?:forces|"
                 r"troops))\s+)?(?:(?:had|have|has|was|were)\s+)?(?:took|taken|seized|captured|"
                 r"gained|grabbed|won|occupied|lost|liberated|recaptured|retook|regained)\s+)?"
                 r"(?:(?:a|per|each|every)\s+(?P<u>day|week|month)|(?P<daily>daily))\b", re.I)
IN_DURATION = re.compile(r"^\s*(?:\([^)]*\)\s*)?(?:in|over|within)\s+(?:a|one|the\s+past|"
                         r"the\s+last)\s+(?P<u>day|week|month)\b|^\s*(?:\([^)]*\)\s*)?"
                         r"(?:in|over|within)\s+(?:the\s+(?:past|last)\s+)?(?P<n>\d+)\s+"
                         r"(?P<u2>days|weeks|months)\b", re.I)
#: a comparison's base with no unit of its own, after a figure: 'up from 14 in July', 'down
#: from about 610 in October', 'compared with 411 in September' (the same measure over
#: another period); or a second figure
#: joined to it: '610 km² in October and 725 in November' (the caller checks that a period
#: follows the number at once)
BASE = re.compile(r"^[^.;]{0,60}?,?\s*(?P<cmp>(?:up|down)\s+from|compared\s+(?:with|to)|"
                  r"against|versus|vs\.?|and)\s+(?:about\s+|around\s+|"
                  r"some\s+|roughly\s+|nearly\s+|just\s+)?" + NUMBER +
                  r"(?!\s*(?:%|per\s*cent|percent|square|sq\b|km|kilomet|miles?|mi\b))"
                  r"(?!\d)", re.I)
#: control taken, not held: with a period of its own, a figure after it is a gain ('between
#: September 1 and 30 Russia took control of N'); with none, an incursion's area held
TOOK_CONTROL = re.compile(r"\b(?:took|taken|takes|taking|take|seized|gained|established|"
                          r"assumed)\s+(?:full\s+|complete\s+)?control\b", re.I)
HOLD = re.compile(r"\b(?:holds?|holding|held|controls?|controlling|controlled|occup(?:y|ies|ying)|"
                  r"still\s+has)\b", re.I)
GAIN = re.compile(r"\b(?:gain\w*|regain\w*|advance\w*|captur\w*|recaptur\w*|retak\w*|retook|"
                  r"liberat\w*|took|taken|take|seiz\w*|occupied|"
                  r"seized|won|grabbed|moved\s+forward|progress\w*|averag\w*)\b", re.I)
LOSS = re.compile(r"\b(?:lost|loses|lose|losing|ceded|surrendered)\b", re.I)
PERCENT = re.compile(r"^\s*(?:\([^)]*\)\s*)?(?:%|per\s*cent|percent)", re.I)

DEPLOY = re.compile(
    r"\b(?:deployed|deploying|deployment|arrived|arriving|sent|sending|stationed|transferred|"
    r"moved|dispatched|been\s+spotted|been\s+seen|are\s+now\s+in|are\s+in|were\s+in|"
    r"fighting\s+in|took\s+part|engaged|present\s+in)\b", re.I)



BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-ZА-ЯЁІЇЄҐ0-9])"
                      r"|\n\s*\n|\n(?=\s*[-*•])")


UNDATED = "date: publication (none in the sentence)"
STATEMENT_DATE = "date: when it was said or shown,"
ADJECTIVAL = re.compile(r"(?:\b(?:the|a|an|this|that|these|those|newly|temporarily|"
                        r"already|illegally)\s+|[\w]-)$", re.I)
CLAUSE_BREAK = re.compile(r"[,;:](?=\s)|[()—–]|\b(?:since|after|before|when|which|that|while|who|"
                          r"where|because|although|as)\b")

# -- built from the vocabulary -----------------------------------------------------------------
#: Words that may stand between a verb and its object besides the sides' adjectives.
MODIFIER_WORDS = (r"the|a|full|complete|eastern|western|northern|southern|central|strategic|"
                  r"key|important|small|frontline|front-line|industrial|mining|logistics|"
                  r"logistical|nearby|neighbouring|neighboring|embattled|besieged|coal-mining|"
                  r"heavily\s+fortified|fortified|former")


def _capitalised(phrase: str) -> str:
    """'north korean' -> a pattern for 'North Korean' (apostrophes either way)."""
    words = [w[:1].upper() + w[1:] for w in phrase.split()]
    return r"\s+".join(re.escape(w).replace("'", "['’]") for w in words)


def _either(patterns: list[str]) -> str:
    """An alternation, longest first (so 'North Korean' wins over a shorter word)."""
    return "|".join(sorted(set(patterns), key=lambda p: (-len(p), p))) or r"(?!x)x"


@dataclass(frozen=True)
class Grammar:
    """The patterns that hold a vocabulary's words.

    Attributes
    ----------
    region_of : Pattern
        'the Russian region of Kursk', 'Ukraine's eastern region of Donetsk'.
    standalone_regions : Pattern
        Names that stand for a region on their own ('DPR', 'Luhansk People's Republic').
    bound_after : Pattern
        What lies between a place and the region it is said to be in ('X in
        Ukraine's Kharkiv region').
    object_gap : Pattern
        Text allowed between a verb and the place it acts on ('captured the
        Russian-held town of').
    list_gap : Pattern
        Text allowed between the places of a list.
    force : Pattern
        Troops in a deployment: a count, who they are, a military noun.
    """

    region_of: re.Pattern[str]
    standalone_regions: re.Pattern[str]
    bound_after: re.Pattern[str]
    object_gap: re.Pattern[str]
    list_gap: re.Pattern[str]
    force: re.Pattern[str]

    @classmethod
    def of(cls, vocab: Vocabulary) -> Grammar:
        """The patterns of ``vocab``'s war."""
        adjectives = [_capitalised(w) for w in vocab.demonym_words]
        countries = [_capitalised(w) for w in vocab.country_words]
        possessive = [rf"(?:{c})['’]s" for c in countries]
        sides = _either([*adjectives, *possessive])
        held = _either([*adjectives, *(rf"(?:{a})-held" for a in adjectives)])
        modifier = rf"(?:{MODIFIER_WORDS}|{held})"
        standalone = _either([_capitalised(w) if not w.isupper() else re.escape(w)
                              for w in vocab.standalone_regions])
        return cls(
            region_of=re.compile(
                rf"\b(?:the\s+)?(?:(?:{sides}|eastern|western|southern|northern|north-eastern|"
                rf"northeastern|south-eastern|southeastern|border|neighbouring|neighboring|"
                rf"frontline|front-line)\s+)*{REGION_WORD}\s+of\s+(?P<n1>{CAPS})"),
            standalone_regions=re.compile(rf"\b(?:{standalone})\b"),
            bound_after=re.compile(
                r"^\s*(?:,\s*|\(\s*)?(?:(?:in|of)\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s+(?:district|"
                r"raion|area|community)\s+of\s+(?:the\s+)?)?)?"
                rf"(?:(?:{_either(countries)})['’]s\s+)?"
                r"(?:(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)"
                r"(?:ern)?\s+|border\s+|frontline\s+|front-line\s+)*$"),
            object_gap=re.compile(
                rf"^\s*{Q}\s*(?:(?:control|hold)\s+(?:of|over)\s+)?{WHOLE}?(?:(?:the|a|an)\s+)?"
                rf"(?:\x00+\s+(?:{REGION_WORD}\s+)?)?(?:{modifier}\s+)*"
                rf"(?:{COUNTED_LIST}|(?:{ADJ}\s+){{0,2}}{PLACE_NOUN}\s+(?:of\s+)?)?{Q}$"),
            list_gap=re.compile(
                rf"^\s*(?:\([^()]{{1,60}}\)\s*)?"
                # (the region of the place before: 'A in the Donetsk region and B')
                rf"(?:(?:in|of)\s+(?:the\s+)?\x00+\s+(?:{REGION_WORD}\s+)?)?"
                rf"(?:,?\s*(?:and\s+)?(?:(?:nearby|neighbouring|neighboring|surrounding|"
                rf"several)\s+)?(?:villages|towns|settlements|localities)\s*,?\s*"
                rf"(?:notably|including|such\s+as|among\s+them)\s+|"
                rf",\s*(?:and\s+|as\s+well\s+as\s+)?|and\s+|as\s+well\s+as\s+)"
                rf"(?:{modifier}\s+)*(?:{PLACE_NOUN}\s+(?:of\s+)?)?{Q}$"),
            force=re.compile(
                r"(?:(?P<count>(?:about|around|some|more\s+than|over|up\s+to|at\s+least|roughly|"
                r"nearly|almost|an\s+estimated|approximately)?\s*(?:\d{1,3}(?:[, ]\d{3})+|"
                r"\d+(?:\.\d+)?\s*(?:thousand)?))\s+)?"
                rf"(?:(?P<who>{vocab.force_re})\s+)?(?P<what>(?:military\s+|special\s+|"
                r"combat\s+)?(?:troops|soldiers|units|forces|servicemen|personnel|fighters|"
                r"contingent|mercenaries))\b", re.I),
        )
