"""From text to checkable statements: what is counted, where, when, by whom, how many.

The extractor is deliberately literal: it records what the words say (a
figure "entered the country", a "Border Patrol" attribution, "every day"),
and leaves judging them to :mod:`borderflow.claims.check`.  A sentence with no
border-migration subject yields no claim, so dates, money, other statistics
and other languages pass through without verdicts.

Each figure is read with its own scope: the clause it sits in gives its
period, place, component, measure and subgroup; what its clause does not say
comes from the sentence's main clause (the one that names what is counted),
never from a side clause ("second only to Mexicans", "agents say ...").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from borderflow import vocab
from borderflow.claims.numbers import Quantity, find_quantities

MONTHS = {m.lower(): i for i, m in enumerate(
    ("January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"), start=1)}
MONTHS.update({k[:3]: v for k, v in list(MONTHS.items())})
MONTHS["sept"] = 9
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_FULL_MONTH_RE = "|".join(m for m in MONTHS if (len(m) > 3 and m != "sept") or m == "may")

NATIONALITIES = {
    "mexican": "Mexico", "mexicans": "Mexico", "venezuelan": "Venezuela",
    "venezuelans": "Venezuela", "guatemalan": "Guatemala", "guatemalans": "Guatemala",
    "honduran": "Honduras", "hondurans": "Honduras", "salvadoran": "El Salvador",
    "salvadorans": "El Salvador", "cuban": "Cuba", "cubans": "Cuba", "haitian": "Haiti",
    "haitians": "Haiti", "nicaraguan": "Nicaragua", "nicaraguans": "Nicaragua",
    "colombian": "Colombia", "colombians": "Colombia", "ecuadorian": "Ecuador",
    "ecuadorians": "Ecuador", "chinese": "China, People's Republic", "indian": "India",
    "indians": "India", "peruvian": "Peru", "peruvians": "Peru", "brazilian": "Brazil",
    "brazilians": "Brazil", "russian": "Russia", "russians": "Russia", "ukrainian": "Ukraine",
    "ukrainians": "Ukraine", "turkish": "Turkey",
    # countries most monthly releases count only among 'Other' (the OHSS workbook names them)
    "afghan": "Afghanistan", "afghans": "Afghanistan", "senegalese": "Senegal",
    "mauritanian": "Mauritania", "mauritanians": "Mauritania", "uzbek": "Uzbekistan",
    "uzbeks": "Uzbekistan", "pakistani": "Pakistan", "pakistanis": "Pakistan",
    "bangladeshi": "Bangladesh", "bangladeshis": "Bangladesh", "nepalese": "Nepal",
    "eritrean": "Eritrea", "eritreans": "Eritrea", "somali": "Somalia", "somalis": "Somalia",
    "angolan": "Angola", "angolans": "Angola", "egyptian": "Egypt", "egyptians": "Egypt",
    "syrian": "Syria", "syrians": "Syria", "iranian": "Iran", "iranians": "Iran",
    "mauritians": "Mauritius", "kyrgyz": "Kyrgyzstan", "tajik": "Tajikistan",
    "tajiks": "Tajikistan", "vietnamese": "Vietnam", "jamaican": "Jamaica",
    "jamaicans": "Jamaica", "nigerian": "Nigeria", "nigerians": "Nigeria",
    "ghanaian": "Ghana", "ghanaians": "Ghana", "cameroonian": "Cameroon",
    "cameroonians": "Cameroon", "ethiopian": "Ethiopia", "ethiopians": "Ethiopia",
}
_NAT_RE = "|".join(sorted(NATIONALITIES, key=len, reverse=True))

#: words that make a sentence about border migration (one is required)
SUBJECT = re.compile(
    r"\b(?:encounter(?:s|ed)?|apprehen\w+|arrest(?:s|ed)?|inadmissibles?|expul\w+|expelled|"
    r"migrants?|immigrants?|aliens?|illegals|asylum[- ]seekers?|crossings?|crossers?|crossed|"
    r"caught|turned themselves in|processed|unaccompanied|detained|intercepted|family units?|"
    r"got[- ]?aways|gotaways|"
    rf"single adults|{_NAT_RE})\b|\bpeople\b(?=[^.]*\b(?:entered|got into|came into|crossed|"
    r"walked into|poured into|flooded into|streamed into|snuck into|slipped into|cross|"
    r"crossing))",
    re.IGNORECASE)

#: subjects the statistics do not count (checked in the figure's own clause)
TOPICS: tuple[tuple[str, str], ...] = (
    # other agencies' and other CBP programmes' figures (published elsewhere)
    ("drugs", r"\bfentanyl\b|\bseiz(?:ed|ures?|ing)\b|\bpounds of\b|\bnarcotics\b|"
              r"\bmethamphetamine\b|\bcocaine\b|\bheroin\b|\bdrugs?\b"),
    ("rescues", r"\brescu(?:es?|ed|ing)\b"),
    ("removals", r"\bICE\b|\bImmigration and Customs Enforcement\b|"
                 r"\bremov(?:ed|als?)\b(?! from (?:the )?(?:list|office|post|bill))|"
                 r"\bdeport(?:ed|ations?|ing|ees)\b"),
    ("appointments", r"\bCBP One\b"),
    ("custody", r"\bin (?:[\w.]+ ){0,2}custody\b|\bdetention beds?\b|"
                r"\bholding\b|\bdetention\b|\bheld in\b|\bbeing held\b|"
                r"\b(?:are|is|remain|remained|currently|still|being) detained\b|"
                r"\bdetained (?:in|at) (?:\w+ )?(?:facilities|centers|centres|camps)\b|"
                r"\bin (?:its|their) facilities\b"),
    ("shelter", r"\bshelters?\b(?! capacity)(?!\s+say)|\bsheltered\b"),
    ("deaths", r"\bdeaths?\b|\bdied\b|\bbodies\b|\bdrown(?:ed|ings?)\b|\bremains were "
               r"found\b"),
    ("gotaways", r"\bgot[- ]?aways?\b|\bgotaways?\b|\bevaded\b|\bescaped\b|\bevad\w+ "
                 r"(?:capture|detection|agents)\b|\bundetected\b|\b(?:catch|catches|caught|stop|"
                 r"stops|apprehend) (?:only )?(?:about |roughly |around |nearly |some )?(?:half|a "
                 r"third|a quarter|\d+%)(?: of)? (?:the |all )?(?:people|migrants|those|crossers)"
                 r"\b|\btry(?:ing)? to cross\b"),
    ("repeat", r"\bcaught (?:at least )?(?:once|twice|\w+ times) before\b|\bcaught before\b|"
               r"\brecidivis\w+|\brepeat (?:crossers|crossings|offenders|encounters)\b|"
               r"\bprior (?:apprehensions?|encounters?|arrests?)\b|\bre-?encounter\w*\b"),
    ("unique", r"\bunique (?:individuals|people|persons|migrants)\b|\bdistinct (?:individuals|"
               r"people|persons)\b"),
    ("criminal", r"\bcriminal (?:noncitizens|non-citizens|aliens|migrants|illegal aliens|"
                 r"records?|convictions?|histories|history)\b|\bconvicted (?:criminals|of)\b|"
                 r"\bgang members\b|\bsex offenders\b|\bon the terror(?:ist)? watch ?list\b"),
    ("partial", r"\bso far (?:in|this) (?:month|january|february|march|april|may|june|july|"
                r"august|september|october|november|december)\b|\bso far this month\b|"
                r"\bmonth[- ]to[- ]date\b|\bthis month so far\b"),
    ("releases", r"\breleased\b(?=[^.]*\b(?:into|from custody|on parole|onto|on(?:to)? the "
                 r"streets|to the streets|with notices to appear|to sponsors|to (?:family|"
                 r"relatives))\b)|\breleases? into\b|\bnotices? to appear\b|\bparoled\b|"
                 r"\b(?:granted|given|received) (?:humanitarian )?parole\b|\bparole "
                 r"(?:program|process|grants)\b|\bwith sponsors\b|\b(?:HHS|ORR) (?:placed|released|"
                 r"discharged|housed|cared for)\b|\breferred to "
                 r"(?:HHS|ORR|the Office of Refugee Resettlement)\b|\bin (?:HHS|ORR) "
                 r"(?:care|custody|shelters)\b|\bovers?stay\w*\b|\bgreen cards?\b|"
                 r"\brefugees? (?:were )?admi\w+\b|\bTemporary Protected Status\b|\bTPS\b"),
    ("asylum", r"\b(?:granted|denied|approved|won|grant|deny|approve|receiv\w+) asylum\b|"
               r"\basylum (?:cases|claims|decisions|grants|approvals|applications|requests|"
               r"seekers? (?:won|were granted|were denied))\b|\bcredible[- ]fear\b|"
               r"\basylum officers?\b|\bimmigration (?:judges?|courts?)\b|\bbacklog\b"),
)
#: a figure of things in the immigration system the encounter statistics do not count
#: ("3,000 detention beds", "120 deportation flights", "50,000 work permits"): the words right
#: after the figure (staff, troops and miles of wall are no claim about migration at all)
RESOURCE_AFTER = re.compile(
    r"^\+?\s+(?:more |additional |new |extra )?(?:(?:detention|shelter|ICE|deportation|"
    r"removal|charter|work|asylum|humanitarian|immigrant|student|federal) )?(?:beds|visas|"
    r"flights|permits|refugees|sponsors|busloads|immigration judges|green cards)\b",
    re.IGNORECASE)
#: a figure of staff, troops or things ("19,000 agents", "400 miles of wall") is no claim
#: about migration: it is not read
NOT_MIGRANTS_AFTER = re.compile(
    r"^\+?\s+(?:more |additional |new |extra |active[- ]duty )?(?:(?:Border Patrol|CBP|"
    r"National Guard|federal|state|Texas) )?(?:agents|officers|troops|soldiers|guardsmen|"
    r"personnel|employees|staff|miles|vehicles|cameras|towers|drones)\b", re.IGNORECASE)
#: subjects other agencies (or other CBP programmes) count: a figure on them is reported as
#: not checkable only in a text about the border or immigration
OTHER_AGENCY = ("drugs", "rescues", "removals", "appointments", "resources")
BORDER_CONTEXT = re.compile(r"\bborder\b|\bCBP\b|\bICE\b|\bBorder Patrol\b|\bimmigra\w+|"
                            r"\bnoncitizens?\b|\bnon-citizens?\b|\bmigrants?\b|\baliens?\b|"
                            r"\bdeport\w*|\bports? of entry\b|\bCustoms\b|\bDHS\b|"
                            r"\bHomeland Security\b|\bagents\b|\bofficers\b", re.IGNORECASE)
DAILY = re.compile(r"\b(?:a|per|each|every(?: single)?) day\b|\bdaily\b|\ba night\b|"
                   r"\bon (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday) alone\b|"
                   r"\b(?:in|on) (?:a single|one) (?:day|weekend|week)\b|\bsingle[- ]day\b|"
                   r"\blast week\b|\bthis week alone\b|\bon the day (?:before|after|that|when)\b|"
                   r"\bin (?:a|one) 24-hour period\b|\bon (?:a|one|that) (?:single )?day\b",
                   re.IGNORECASE)
ENTRIES = re.compile(r"\bentered\b|\bentries\b|\bgot into\b|\bcame into\b|\bmade it into\b|"
                     r"\b(?:walked|poured|flooded|streamed|snuck|sneaked|slipped) into\b|"
                     r"\bcrossed (?:the border )?into the (?:u\.s\.|us\b|united states\b|"
                     r"country\b)|\b(?:made|got) (?:it )?across\b|\bcrossed over\b|"
                     r"\b(?:slipped|snuck|sneaked|walked|came|poured|streamed|flooded|waltzed|"
                     r"strolled|marched|swarmed|stormed|sauntered) (?:right |straight |just )?"
                     r"(?:across|into)\b|"
                     r"\breleased into\b|\bcross(?:ed|ing)?\b[^.;]{0,50}\billegally\b|"
                     r"\billegally (?:crossed|entered|came)\b", re.IGNORECASE)

COMPONENT_CUES = (
    ("ALL", r"\bCBP\b(?! officers)|\bCustoms and Border Protection\b(?! officers)|"
            r"\bfederal authorities\b|\bU\.S\. authorities\b|\bofficers and agents\b|"
            r"\b(?:including|includ\w+ those at|plus|and at|as well as(?: at)?|both at and "
            r"between|at and between|with) (?:the )?(?:official |land )?ports(?: of entry)?\b|"
            r"\b(?:total|all)\b[^.;]{0,40}\bincluding\b"),
    ("OFO", r"(?<!between )\bports? of entry\b|\bat (?:the )?(?:land |official )?ports\b|"
            r"\bField Operations\b|\bOFO\b|\bofficers\b|"
            r"\binadmissibles?\b|\bField Office\b"),
    ("USBP", r"\bBorder Patrol\b|\bUSBP\b|\bBP\b|\bagents?\b|\bapprehensions?\b|"
             r"\bbetween ports\b"),
)
PLACE_CUES = (
    ("nation", r"\bnationwide\b|\bnationally\b|\bacross the (?:country|nation)\b|"
               r"\ball (?:U\.?S\.? )?borders\b|\bat all borders\b|\bin total\b|"
               r"\b(?:at|across|on) (?:the |our )?(?:(?:U\.S\.|US|American|nation's|"
               r"country's) )?borders\b|"
               r"\bacross all\b"),
    ("southwest", r"\bsouth(?:west|western|ern) (?:land )?border\b|\bU\.?S\.?[- ]Mexico border\b|"
                  r"\bMexican border\b|\bborder with Mexico\b|\bsouthwest\b|\bSW(?:B\b| border\b)"),
    ("northern", r"\bnorthern (?:land )?border\b|\bCanadian border\b|\bborder with Canada\b"),
)
STATES = {"texas": "TX", "arizona": "AZ", "california": "CA", "new mexico": "NM"}
FIELD_OFFICES = ("El Paso", "Laredo", "San Diego", "Tucson", "Atlanta", "Baltimore", "Boston",
                 "Buffalo", "Chicago", "Detroit", "Houston", "Los Angeles", "Miami",
                 "New Orleans", "New York", "Portland", "Preclearance", "San Francisco",
                 "San Juan", "Seattle", "Tampa")
DEMOGRAPHIC_CUES = (
    (vocab.UNACCOMPANIED, r"\bunaccompanied (?:alien |migrant )?(?:children|minors|kids)\b|"
                          r"\bUACs?\b|"
                          r"\b(?:children|minors|kids)\b(?:\W+\w+){0,3}?\W+(?:unaccompanied|"
                          r"alone|without (?:a )?(?:parents?|guardians?|adults?))\b|"
                          r"\bchildren (?:traveling|travelling|who crossed) alone\b"),
    (vocab.FAMILY_UNITS, r"\bfamil(?:y|ies)(?: units?| members)?\b|\bFMUA\b"),
    (vocab.SINGLE_ADULTS, r"\bsingle adults?\b"),
    (vocab.ACCOMPANIED_MINORS, r"\baccompanied minors\b"),
)
#: "apprehensions and expulsions" is the name of what Border Patrol counts (Title 8 and
#: Title 42 together), not a filter to Title 42
_EXPULSION = (r"(?<!apprehensions and )(?<!inadmissibles and )(?<!encounters and )"
              r"(?<!arrests and )(?<!apprehensions or )\bexpul\w+|\bexpelled\b")
AUTHORITY_CUES = (("Title 42", r"\bTitle 42\b|" + _EXPULSION),
                  ("Title 8", r"\bTitle 8\b"))
RANKING = re.compile(r"\bbusiest\b|\bmost (?:active|encounters|apprehensions|crossings)\b|"
                     r"\btop (?:\w+ )?sectors?\b|\bhighest number\b", re.IGNORECASE)
_ORD = (r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|1st|2nd|3rd|"
        r"[4-9]th|10th")
_COUNT_WORD = r"two|three|four|five|six|seven|eight|nine|ten|[2-9]|10"
RANK_ONE = re.compile(
    r"\b(?:was|were|is|are|remained|remains|ranked|ranks|ranking|came in|finished|placed)\s+"
    r"(?:(?:once again|again|still|by far|as|only|just)\s+)?"
    rf"(?:the\s+)?(?:(?P<ord>{_ORD})[- ]?)?\s*(?P<what>busiest|most common|largest|biggest|"
    r"most frequent|most active|top|leading|highest|most numerous)\b"
    r"(?! (?:month|year|day|week))|"
    rf"\b(?:ranked|ranks|ranking|came in|finished|placed)\s+(?:(?:No\.|number)\s*"
    rf"(?P<num>\d{{1,2}})|(?P<ord2>{_ORD}))\b(?! (?:month|year|day|week))|"
    r"\b(?:was|were|is|are|remained|remains)\s+(?:still\s+|again\s+)?the\s+No\.\s*"
    r"(?P<num2>\d{1,2})\b(?= (?:source|nationality|country|sector|group))|"
    rf"\b(?:fell|dropped|slipped|slid|rose|climbed|moved up|jumped) to (?:the )?"
    rf"(?P<ord3>{_ORD})\b(?:[- ](?:busiest|largest|biggest|most common|place))?|"
    rf"\b(?:among|one of|in) the (?:top (?P<topn>{_COUNT_WORD})|(?P<topn2>{_COUNT_WORD}) "
    r"(?:busiest|largest|biggest|most common|leading))\b|"
    r"\b(?:again |once again |still )?(?P<lead>tops|topped|top|leads|led|outpaced|outpaces|"
    r"outnumbered|outnumbers|outnumber)\s+(?:all|every|the other|any other)\b",
    re.IGNORECASE)
#: "Tucson Tops All Border Patrol Sectors", "Texas Again Led All Border States"
_COUNTRY_NAMES = {v.split(",")[0].lower(): v for v in set(NATIONALITIES.values())}
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
            "4th": 4, "fifth": 5, "5th": 5, "sixth": 6, "6th": 6, "seventh": 7, "7th": 7,
            "eighth": 8, "8th": 8, "ninth": 9, "9th": 9, "tenth": 10, "10th": 10}
_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10, **{str(n): n for n in range(2, 11)}}
CHANGE = re.compile(r"\b(?:up|down|rose|risen|rise|rising|fell|fallen|fall|drop(?:ped)?|"
                    r"declin\w*|decreas\w*|increas\w*|jump\w*|surg\w*|grew|grow\w*|climb\w*|"
                    r"plung\w*|plummet\w*|soar\w*|spik\w*|higher|lower|more|fewer|less|below|"
                    r"above)\b", re.IGNORECASE)
DOWN = re.compile(r"\b(?:down|fell|fallen|fall|drop(?:ped)?|declin\w*|decreas\w*|plung\w*|"
                  r"plummet\w*|lower|fewer|less|below)\b", re.IGNORECASE)
RECORD = re.compile(r"(?<!among the )\b(?P<word>lowest|highest|fewest|most|busiest|quietest|"
                    r"slowest)\b(?: (?:for (?:any|a) )?(?P<same>"
                    r"january|february|march|april|may|june|july|august|september|october|"
                    r"november|december)\b)?[^.;]*?\b(?:since (?:at least )?"
                    r"(?:(?P<smonth>january|february|"
                    r"march|april|may|june|july|august|september|october|november|december),? "
                    r")?(?P<since>\d{4})|"
                    r"on record|ever recorded|ever|in (?:the )?(?:agency(?:'s)? )?history)\b|"
                    r"\brecord (?P<rec>low|high)\b|\ball[- ]time (?P<at>high|low)\b|"
                    r"\b(?:a|an all-time|a new) (?P<arec>record)(?= (?:of )?(?:about |nearly |"
                    r"more than |some |roughly )?\d)|"
                    r"\bthe (?P<trec>record) (?=(?:month|high)\b)|"
                    r"\bset (?:a |the |a new )(?P<srec>record)\b(?! (?:low|high))",
                    re.IGNORECASE)
MULTIPLES = (
    (r"\b(?:more than|over) (?:doubled|double)\b", "up", "more", 2.0),
    (r"\b(?:more than|over) (?:tripled|triple)\b", "up", "more", 3.0),
    (r"\b(?:nearly|almost) (?:doubled|double)\b", "up", "nearly", 2.0),
    (r"\b(?:nearly|almost) (?:tripled|triple)\b", "up", "nearly", 3.0),
    (r"\btwice (?:as many|as high|the|what|that|those|its|their)\b", "up", "times", 2.0),
    (r"\b(?:doubled|double)\b", "up", "about", 2.0),
    (r"\b(?:tripled|triple)\b", "up", "about", 3.0),
    (r"\bmore than quadrupled\b", "up", "more", 4.0),
    (r"\bmore than quintupled\b", "up", "more", 5.0),
    (r"\b(?:nearly )?quintupled\b", "up", "about", 5.0),
    (r"\bnearly quadrupled\b", "up", "nearly", 4.0),
    (r"\bquadrupled\b", "up", "about", 4.0),
    (r"\b(?:fell|dropped|declined|plunged) by more than half\b", "down", "more", 2.0),
    (r"\bless than (?:a|one) third of\b", "down", "more", 3.0),
    (r"\bless than half (?:of )?(?:its|their|the)\b", "down", "more", 2.0),
    (r"\bmore than halved\b", "down", "more", 2.0),
    # "fell to about a quarter of the fiscal 2019 total": a fall to 1/x of the base
    (r"\b(?:fell|dropped|declined|plunged|shrank|sank) to (?:about |roughly |around |some )?"
     r"(?:a|one) quarter of\b", "down", "about", 4.0),
    (r"\b(?:fell|dropped|declined|plunged|shrank|sank) to (?:about |roughly |around |some )?"
     r"(?:a|one) third of\b", "down", "about", 3.0),
    (r"\b(?:fell|dropped|declined|plunged|shrank|sank) to (?:about |roughly |around |some )?"
     r"half (?:of )?(?:its|their|the)\b", "down", "about", 2.0),
    (r"\b(?:nearly|almost) halved\b", "down", "nearly", 2.0),
    (r"\b(?:cut|fell|dropped) (?:in|by) half\b|\bhalved\b", "down", "about", 2.0),
    (r"\b(?:rose|grew|jumped|increased|climbed|surged|soared) (?:more than |over )"
     r"(?:two|three|four|five|six|seven|eight|nine|ten)fold\b", "up", "more", 0.0),
    (r"\b(?:rose|grew|jumped|increased|climbed|surged|soared|up) (?:about |roughly |nearly |"
     r"almost )?(?:two|three|four|five|six|seven|eight|nine|ten)fold\b", "up", "times", 0.0),
)
_SMALL = r"one|two|three|four|five|six|seven|eight|nine|ten|[1-9]|10"
SHARE = re.compile(
    r"\b(?P<qual>more than|over|about|roughly|around|nearly|almost|less than|fewer than|"
    r"under|just over|just under|some|close to|approximately)?\s*"
    r"(?<!first )(?<!second )(?<!latter )(?<!last )(?P<frac>half|a third|"
    r"one[- ]third|a quarter|one[- ]quarter|two[- ]thirds|three[- ]quarters|a fifth|"
    r"a majority|the majority|a minority|"
    r"one[- ]fifth|two[- ]fifths|three[- ]fifths|four[- ]fifths|a tenth|one[- ]tenth|"
    rf"(?:{_SMALL}) (?:in|out of|of every) (?:{_SMALL}))\s+(?:of|were|are|was|is|"
    r"(?:[\w.-]+ ){0,3}(?:migrants|encounters|apprehensions|people|crossers|arrests))\b",
    re.IGNORECASE)
FRACTIONS = {"half": 0.5, "a third": 1 / 3, "one third": 1 / 3, "a quarter": 0.25,
             "one quarter": 0.25, "two thirds": 2 / 3, "three quarters": 0.75, "a tenth": 0.1,
             "one tenth": 0.1, "a fifth": 0.2, "one fifth": 0.2, "two fifths": 0.4,
             "three fifths": 0.6, "four fifths": 0.8, "a majority": 0.5, "the majority": 0.5,
             "a minority": 0.5}
IN_N = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
        "eight": 8, "nine": 9, "ten": 10, **{str(n): n for n in range(1, 11)}}
_UP_VERBS = r"rose|rise|rises|increased|increases?|climbed|climbs?|grew|grows?|went up|" \
    r"ticked up|ticks? up|edged up|edges? up|inched up|jumped|jumps?"
_DOWN_VERBS = r"fell|falls?|decreased|decreases?|declined|declines?|dropped|drops?|went down|" \
    r"dipped|dips?|slipped|slips?|ticked down|ticks? down|edged down|edges? down|eased|eases?"
DIRECTION = re.compile(r"\b(?P<verb>" + _UP_VERBS + "|" + _DOWN_VERBS + r")\b\s+(?:(?:slightly|"
                       r"sharply|modestly|somewhat|a bit|again)\s+)?"
                       r"(?:in|during)\s+(?P<m1>" + _FULL_MONTH_RE +
                       r")\b[^.]*?\b(?:compared (?:with|to)|from|over|than)\s+(?P<m2>" +
                       _FULL_MONTH_RE + r")\b", re.IGNORECASE)
PRESENT = re.compile(r"\b(?:is|are|am) (?:\w+ing|receiving|arriving|crossing|coming|in)\b|"
                     r"\b(?:are|is) (?:now|currently)\b|\bthis (?:week|month)\b", re.IGNORECASE)
#: where a figure's clause ends: a comma before a side or contrast clause, a second figure
CLAUSE_BREAK = re.compile(
    r"[,;:]\s+(?=(?:but|while|whereas|and|down|up|from|compared|which|who|second|according|"
    r"officials|a group|after|as|the release|the agency|CBP said|he|she|they|it|more than any|"
    r"advocates|local|that|with|even|despite|amid|including|of which|of whom|of them)\b)|"

    r"\s+(?=(?:down|up) from\b)|"
    r"[,]?\s+(?=(?:as|after|when|because) (?:the|a|an)\b)|"
    r"[,;]\s+(?=(?:many|most|some|several|all|nearly all|half|a third|a quarter) of "
    r"(?:them|whom|those|these)\b)|"
    r"[,]?\s+(?=(?:as|while|amid) (?:agents|officers|officials|authorities|lawmakers|critics|"
    r"advocates|shelters|cities|towns|communities|they|he|she|we)\b)|"
    r",\s+(?=(?:driven|fueled|fuelled|led|spurred|helped) by\b)|"
    r",\s+(?=(?:a|an) (?:\w+ ){1,2}(?:that|which|driven|fueled|fuelled|led|spurred|caused)\b)|"
    r"[,]?\s+(?=more than (?:the|a|an|its|their)\b)|"
    r"[,;]\s+(?=(?:(?:about|roughly|nearly|almost|around|some|more than|over) )?\d[\d,.]*"
    r"(?: (?:million|thousand))? of (?:them|whom|those|these|which)\b)|"
    r"\s+(?=from (?:about |roughly |nearly |some |more than |just )?"
    r"(?:\d|[a-z]+ (?:million|thousand)))|;\s*|\s+(?=compared (?:with|to)\b)|"
    r"\s+[—–]\s+|\s+--\s+|"
    r"(?<!officers)(?<!agents)(?<!Patrol)(?<!CBP)"
    r"\s+(?=and (?:the )?(?:OFO|CBP|Border Patrol|officers|agents|Office of Field Operations|"
    r"U\.S\. Border Patrol)\b)", re.IGNORECASE)
#: a short side clause between commas: the comma that closes it ends it
SIDE_CLAUSE = re.compile(r",\s+(?:second only to|behind|trailing|after|ahead of|followed by|"
                         r"like|unlike|just as|as did|the most since)\b[^,;.]{1,60}(,)\s+",
                         re.IGNORECASE)
BASE_CUE = re.compile(r"\b(?:from|compared (?:with|to)|than|over|versus|vs\.?)\b",
                      re.IGNORECASE)
#: a "sentence" longer than this is cut at a space, so that no input costs more than
#: linear time in the patterns that scan a sentence
MAX_SENTENCE = 1_000
_BYLINE = re.compile(r"^\s*Written by .* on [A-Z][a-z]+ \d{1,2}, \d{4}\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Period:
    """When a claim is about: a span of months, and how the text framed it."""

    kind: str  # month | fy | cy | fytd | span
    first: dt.date
    last: dt.date
    label: str
    explicit: bool = True


@dataclass
class Claim:
    """One checkable statement.

    ``kind`` is ``count``, ``change``, ``direction``, ``multiple``, ``share``,
    ``ranking`` (a set of busiest sectors), ``rank`` (one sector or nationality
    at a rank), ``record``, ``threshold`` (a bound in several periods) or
    ``topic`` (a subject the statistics do not count: ``measure`` names it).
    """

    text: str
    kind: str
    quantity: Quantity | None = None
    measure: str = "encounters"
    component: str | None = None
    place: str | None = None  # nation | southwest | northern | sector | state | field_office
    area: str | None = None
    period: Period | None = None
    base_period: Period | None = None
    daily: bool = False
    citizenship: str | None = None
    demographic: str | None = None
    authority: str | None = None
    ranked: list[str] = field(default_factory=list)
    direction: str | None = None  # up | down
    qualifier: str = "exact"  # for shares, multiples, changes, thresholds
    target: float | None = None  # share fraction, multiple, rank
    rank_of: str | None = None  # sector | citizenship
    name: str | None = None
    extreme: str | None = None  # high | low
    since: dt.date | None = None
    periods: list[Period] = field(default_factory=list)
    #: the words of a claim without a figure of its own ("more than half", "busiest")
    phrase: str = ""


def clean_text(text: str) -> str:
    """Drop repeated bylines and markdown links, and mend sentences broken by page furniture."""
    text = _BYLINE.sub("", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    merged: list[str] = []
    for p in paragraphs:
        if merged and not re.search(r"[.!?:\"”]$", merged[-1]) and p[:1].islower():
            merged[-1] = merged[-1] + " " + p
        else:
            merged.append(p)
    return "\n\n".join(" ".join(p.split()) for p in merged)


def sentences(text: str) -> list[str]:
    """Split into sentences, keeping ``U.S.`` and month abbreviations whole."""
    out: list[str] = []
    for para in clean_text(text).split("\n\n"):
        protected = re.sub(r"\b(U\.S|U\.N|Mr|Mrs|Ms|Dr|St|Sen|Rep|Gov|No|Jan|Feb|Aug|Sept|Oct|"
                           r"Nov|Dec|vs|Inc)\.", lambda m: m.group(1) + "\x00", para)
        for s in re.split(r"(?<=[.!?])[\"”]?\s+(?=[A-Z\"“(])|(?<=:)\s+(?=[\"“])", protected):
            s = s.replace("\x00", ".").strip()
            while len(s) > MAX_SENTENCE:  # no real sentence is this long: bound the work
                cut = s.rfind(" ", 0, MAX_SENTENCE)
                cut = cut if cut > 0 else MAX_SENTENCE
                out.append(s[:cut])
                s = s[cut:].strip()
            if s:
                out.append(s)
    return out


def article_date(text: str) -> dt.date | None:
    """The first full date in the text (``September 25, 2023`` or ``2023-09-25``)."""
    m = re.search(rf"\b({_MONTH_RE})\.? (\d{{1,2}}), (\d{{4}})\b", text, re.IGNORECASE)
    if m:
        return dt.date(int(m[3]), MONTHS[m[1].lower()], int(m[2]))
    m = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", text)
    return dt.date(int(m[1]), int(m[2]), int(m[3])) if m else None


def _month(year: int, month: int) -> dt.date:
    return dt.date(year, month, 1)


def latest_published(article: dt.date) -> dt.date:
    """The newest month CBP had published by ``article`` (mid-month, for the month before)."""
    back = 1 if article.day >= 15 else 2
    return vocab.add_months(article.replace(day=1), -back)


def bare_month(month: int, article: dt.date) -> dt.date:
    """A month named without a year: the most recent such month that had ended by ``article``."""
    year = article.year if month < article.month else article.year - 1
    return _month(year, month)


def month_period(d: dt.date, explicit: bool = True) -> Period:
    return Period("month", d, d, f"{d:%B %Y}", explicit)


def fy_period(y: int) -> Period:
    return Period("fy", vocab.month_start(y, 1), vocab.month_start(y, 12), f"FY{y}")


def cy_period(y: int) -> Period:
    return Period("cy", _month(y, 1), _month(y, 12), f"calendar year {y}")


#: a presidency as a period ("under Biden", "since this administration took office")
ADMINISTRATION = re.compile(
    r"\b(?:under|during|in|since|throughout) (?:the )?(?:(?:president |joe )?(?P<who>biden|trump)"
    r"(?:'s)?(?: (?:administration|presidency|term|watch|years))?|(?P<this>this|the current) "
    r"(?:administration|president(?:'s (?:term|watch))?)(?: took office)?)\b|"
    r"\bsince (?:(?:president )?(?P<who2>biden|trump)|(?P<this2>i|we|this administration|the "
    r"president)) took office\b", re.IGNORECASE)
#: inauguration months (the month is counted whole)
TERMS = {"biden": (dt.date(2021, 1, 1), dt.date(2024, 12, 1)),
         "trump": (dt.date(2025, 1, 1), None)}


def administration(m: re.Match[str], article: dt.date) -> Period | None:
    """The months of the presidency ``m`` names, up to the newest published by ``article``."""
    who = (m["who"] or m["who2"] or "").lower()
    if not who:  # "this administration": the one in office at the text's date
        who = "trump" if article >= TERMS["trump"][0] else "biden"
    if who == "trump" and article < TERMS["trump"][0]:
        return None  # the first term starts before most of the data: not read as a period
    first, end = TERMS[who]
    last = latest_published(article)
    if end is not None:
        last = min(last, end)
    if last < first:
        return None
    return Period("span", first, last, f"{first:%B %Y} to {last:%B %Y}")


def periods_at(sentence: str, article: dt.date) -> list[tuple[int, Period]]:
    """Every time expression in ``sentence`` with its position, in order of appearance."""
    found: list[tuple[int, Period]] = []
    taken: list[tuple[int, int]] = []

    def add(m: re.Match[str], p: Period) -> None:
        if any(a <= m.start() < b or m.start() <= a < m.end() for a, b in taken):
            return
        taken.append((m.start(), m.end()))
        found.append((m.start(), p))

    for m in re.finditer(r"\bsince (?:the start of )?(?:fiscal(?: year)?|FY) ?(\d{4})\b", sentence,
                         re.IGNORECASE):
        first, last = vocab.month_start(int(m[1]), 1), latest_published(article)
        if first <= last:
            add(m, Period("span", first, last, f"{first:%B %Y} to {last:%B %Y}"))
    for m in re.finditer(rf"\b(?:between|from) ({_MONTH_RE})\.? (\d{{4}}) (?:and|to|through) "
                         rf"({_MONTH_RE})\.? (\d{{4}})\b", sentence, re.IGNORECASE):
        first = _month(int(m[2]), MONTHS[m[1].lower()])
        last = _month(int(m[4]), MONTHS[m[3].lower()])
        if first <= last:
            add(m, Period("span", first, last, f"{first:%B %Y} to {last:%B %Y}"))
    for m in re.finditer(rf"\bsince ({_MONTH_RE})\.?,? (\d{{4}})\b", sentence, re.IGNORECASE):
        if re.search(r"\b(?:lowest|highest|fewest|most|busiest|quietest|slowest)\b[^.;]*$",
                     sentence[:m.start()], re.IGNORECASE):
            taken.append((m.start(), m.end()))  # "the lowest since May 2023": a record's start
            continue
        first = _month(int(m[2]), MONTHS[m[1].lower()])
        last = latest_published(article)
        if first <= last:
            add(m, Period("span", first, last, f"{first:%B %Y} to {last:%B %Y}"))
    for m in re.finditer(r"\b(?:over|in|during) the (?:past|last|previous) (12|twelve|six|6|3|"
                         r"three) months\b", sentence, re.IGNORECASE):
        n = {"12": 12, "twelve": 12, "six": 6, "6": 6, "3": 3, "three": 3}[m[1].lower()]
        last = latest_published(article)
        first = vocab.add_months(last, 1 - n)
        add(m, Period("span", first, last, f"{first:%B %Y} to {last:%B %Y}"))
    for m in ADMINISTRATION.finditer(sentence):
        got = administration(m, article)
        if got is not None:
            add(m, got)
    for m in re.finditer(r"\b(?:since|as far back as) (\d{4})\b", sentence, re.IGNORECASE):
        taken.append((m.start(), m.end()))  # a record's baseline, not the figure's period
    _n = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, **{str(k): k for k in range(2, 12)}}
    for m in re.finditer(r"\b(?:in |during |over )?the (?P<w>first|second|last|final) (?:"
                         r"(?P<n>two|three|four|five|six|seven|eight|nine|ten|eleven|\d{1,2}) "
                         r"months|(?P<half>half)|(?P<q>quarter)) of (?:(?P<fy>fiscal(?: year)?|FY)"
                         r"\s?|(?:calendar )?)(?P<y>\d{4})\b", sentence, re.IGNORECASE):
        # "the first six months of fiscal 2024": October to March; "the first half of 2026":
        # January to June; "the second half of 2023": July to December
        k = 6 if m["half"] else 3 if m["q"] else _n.get((m["n"] or "").lower(), 0)
        if m["w"].lower() == "second" and not m["half"]:
            k = 0  # "the second quarter": not read
        if 0 < k < 12:
            year_start = vocab.month_start(int(m["y"]), 1) if m["fy"] else _month(int(m["y"]), 1)
            first = year_start if m["w"].lower() == "first" else \
                vocab.add_months(year_start, 12 - k)
            last = vocab.add_months(first, k - 1)
            add(m, Period("span", first, last, f"{first:%B %Y} to {last:%B %Y}"))
    for m in re.finditer(r"\b(?:the )?(?:full |entire |whole )?(\d{4}) fiscal year\b", sentence,
                         re.IGNORECASE):
        add(m, fy_period(int(m[1])))
    for m in re.finditer(r"\b(?:the )?(?:fiscal year (?:that )?(?:just )?(?:ended|closed)"
                         r"(?: (?:on |in )?"
                         r"(?:Sept?\.?(?:ember)? 30|September))?|just[- ]ended fiscal year|"
                         r"most recent fiscal year|past fiscal year|fiscal year just ended)\b",
                         sentence, re.IGNORECASE):
        # the latest fiscal year that had ended by the text's date
        add(m, fy_period(article.year if article.month >= 10 else article.year - 1))
    for m in re.finditer(rf"\b(?:the )?(?:12|twelve) months (?:ending|ended|through|to) (?:in )?"
                         rf"({_MONTH_RE})\.?(?:,? (\d{{4}}))?\b", sentence, re.IGNORECASE):
        mo = MONTHS[m[1].lower()]
        last = _month(int(m[2]), mo) if m[2] else bare_month(mo, article)
        if mo == 9:  # October to September: the fiscal year
            add(m, fy_period(last.year))
        else:
            first = vocab.add_months(last, -11)
            add(m, Period("span", first, last, f"{first:%B %Y} to {last:%B %Y}"))
    for m in re.finditer(r"\b(?:fiscal(?:[- ]year)?|FY)\s?'?(\d{4}|\d{2})\b", sentence,
                         re.IGNORECASE):
        add(m, fy_period(int(m[1]) + (2000 if len(m[1]) == 2 else 0)))
    for m in re.finditer(r"\b(?:the|this) (?:current )?fiscal year (?:that is ending|that ends|"
                         r"now ending|just ending)\b", sentence, re.IGNORECASE):
        add(m, fy_period(vocab.calendar_to_fiscal(article.year, article.month)[0]))
    for m in re.finditer(r"\bso far (?:this|in) fiscal year\b|\bthis fiscal year\b|"
                         r"\bfiscal year to date\b", sentence, re.IGNORECASE):
        fy = vocab.calendar_to_fiscal(article.year, article.month)[0]
        add(m, Period("fytd", vocab.month_start(fy, 1), latest_published(article),
                      f"FY{fy} to date"))
    for m in re.finditer(rf"\b({_MONTH_RE})\.?(?: of)?,? (\d{{4}})\b", sentence, re.IGNORECASE):
        add(m, month_period(_month(int(m[2]), MONTHS[m[1].lower()])))
    for m in re.finditer(r"\b(?:calendar(?:[- ]year)?|in|during|for|of|throughout|all of) "
                         r"(\d{4})\b|\bCY\s?'?(\d{4}|\d{2})\b|"
                         r"^\W*(?:the |in )?(\d{4}),? (?=(?:saw|total|was|had|figures?|numbers?|"
                         r"count|brought|ended|set|recorded|marked|encounters|apprehensions)\b)|"
                         r"\bthe (\d{4}) (?=(?:total|figure|count|tally)\b)", sentence,
                         re.IGNORECASE):
        raw = m[1] or m[2] or m[3] or m[4]
        y = int(raw) + (2000 if len(raw) == 2 else 0)
        if 1990 <= y <= 2100:
            add(m, cy_period(y))
        elif (m[1] and len(raw) == 4 and 1 <= y < 1990
              and re.match(r",|\s+there\b", sentence[m.end():])):
            # "In 1492, ..." / "In 0001 there were ...": a year before any release is
            # still the claim's period (refused as not published), never dropped for today's.
            add(m, cy_period(y))
    for m in re.finditer(r"\bthe same (?:month|period|time) (?:of |in )?(?:last|the previous|"
                         r"the prior|a) year\b", sentence, re.IGNORECASE):
        taken.append((m.start(), m.end()))  # a comparison base, read by _base_period
    for m in re.finditer(r"\blast month\b|\bthis month\b|\blast (?:calendar )?year\b|"
                         r"\bthis year\b|\blast fiscal year\b", sentence, re.IGNORECASE):
        word = m.group(0).lower().replace("calendar ", "")
        cur = article.replace(day=1)
        if word == "last month":
            add(m, month_period(vocab.add_months(cur, -1)))
        elif word == "this month":
            add(m, month_period(cur))
        elif word == "last year":
            add(m, cy_period(article.year - 1))
        elif word == "last fiscal year":
            add(m, fy_period(vocab.calendar_to_fiscal(article.year, article.month)[0] - 1))
        else:
            add(m, Period("cy", _month(article.year, 1), latest_published(article),
                          f"{article.year} to date"))
    for m in re.finditer(rf"\b(?:in|during|for|of|since|from|than|to|through|last|with|over) "
                         rf"({_FULL_MONTH_RE}|{_MONTH_RE}\.)(?!\.? \d)\b", sentence,
                         re.IGNORECASE):
        name = m[1].rstrip(".").lower()
        d = bare_month(MONTHS[name], article)
        if PRESENT.search(sentence) and MONTHS[name] == article.month:
            d = article.replace(day=1)
        add(m, month_period(d, explicit=False))
    for m in re.finditer(rf"^\W*({_FULL_MONTH_RE})\s+(?=[A-Za-z])(?!\d)|"
                         rf"\b({_FULL_MONTH_RE})\s+(?=(?:(?:southwest|southern|border|Border "
                         rf"Patrol|CBP|migrant|U\.S\.)\s+){{0,3}}(?:encounters|apprehensions|"
                         rf"tally|total|figures?|numbers|count|crossings|arrests)\b)",
                         sentence, re.IGNORECASE):
        name = (m[1] or m[2]).lower()
        if name == "may" and m[1] and not re.match(r"\W*May\b", sentence):
            continue  # "may" the verb
        add(m, month_period(bare_month(MONTHS[name], article), explicit=False))
    for m in re.finditer(rf"\b({_FULL_MONTH_RE})['’]s\b", sentence, re.IGNORECASE):
        # "May's southwest border apprehensions": a bare month in the possessive
        add(m, month_period(bare_month(MONTHS[m[1].lower()], article), explicit=False))
    for m in re.finditer(r"\b(?:a|one) (month|year) (?:earlier|before|ago)\b|"
                         r"\bthe (?:previous|prior) (month|year)\b|\blast (month|year)'s\b",
                         sentence, re.IGNORECASE):
        taken.append((m.start(), m.end()))  # a comparison base, read by _base_period
    return sorted(found, key=lambda t: t[0])


def periods(sentence: str, article: dt.date) -> list[Period]:
    """Every time expression in ``sentence``, in order of appearance."""
    return [p for _, p in periods_at(sentence, article)]


def default_period(sentence: str, article: dt.date) -> Period:
    """No time in the text: the present tense means this month, else the newest published."""
    if PRESENT.search(sentence) or DAILY.search(sentence):
        return month_period(article.replace(day=1), explicit=False)
    return month_period(latest_published(article), explicit=False)


# ------------------------------------------------------------------ clauses

def clauses(sentence: str) -> list[tuple[int, int]]:
    """Spans of the sentence's clauses."""
    bounds = [0]
    lead = re.match(r"(?:while|although|though|as|after|before|when|because|despite|even as|"
                    r"of the|of those|of all)\b"
                    r"[^,]{3,100},\s+", sentence, re.IGNORECASE)
    if lead:  # a leading subordinate clause
        bounds.append(lead.end() - 1)
    for m in CLAUSE_BREAK.finditer(sentence):
        if m.start() > bounds[-1]:
            bounds.append(m.start())
    for m in SIDE_CLAUSE.finditer(sentence):  # ", second only to Mexicans, accounted for"
        if m.start(1) > bounds[-1] or m.start(1) not in bounds:
            bounds.append(m.start(1))
    bounds = sorted(set(bounds))
    bounds.append(len(sentence))
    return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


def _first(text: str, cues: tuple[tuple[str, str], ...]) -> str | None:
    best: tuple[int, str] | None = None
    for name, pattern in cues:
        m = re.search(pattern, text, re.IGNORECASE)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), name)
    return best[1] if best else None


def _component(text: str) -> str | None:
    """``ALL``, ``USBP``, ``OFO`` or None (nothing said)."""
    found = {name for name, pattern in COMPONENT_CUES if re.search(pattern, text, re.IGNORECASE)}
    if "OFO" in found and "USBP" in found:
        return "ALL"  # "apprehensions and encounters at ports", "officers and agents"
    if "ALL" in found and re.search(COMPONENT_CUES[0][1], text, re.IGNORECASE) and \
            re.search(r"\bincluding\b|\bplus\b|\bboth\b|\bas well as\b|\bat and between\b",
                      text, re.IGNORECASE):
        return "ALL"  # "total southwest border encounters, including ports of entry"
    for name in ("OFO", "USBP", "ALL"):
        if name in found:
            return name
    return None


def sectors_in(sentence: str) -> list[str]:
    """Border Patrol sectors named in the sentence, in order."""
    names = sorted({*(s.name for s in vocab.SECTORS), "Lower Rio Grande Valley", "RGV"},
                   key=len, reverse=True)
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for name in names:
        for m in re.finditer(rf"\b{re.escape(name)}\b(?! (?i:field office))", sentence):
            if any(a <= m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            canonical = vocab.canonical(vocab.SECTOR_ALIASES, name) or name
            found.append((m.start(), canonical))
    return list(dict.fromkeys(n for _, n in sorted(found)))


def _place(text: str) -> tuple[str, str | None] | None:
    m = re.search(r"\b(" + "|".join(FIELD_OFFICES) + r")(?:'s)? (?i:field office)\b", text)
    if m:
        land = re.search(r"\bland ports?\b|\bsouthwest\b|\bborder with Mexico\b", text,
                         re.IGNORECASE)
        return ("field_office_sw" if land else "field_office"), m[1]
    named = re.search(r"\b(" + "|".join(s.name for s in vocab.SECTORS) + r"|Lower Rio Grande "
                      r"Valley) [Ss]ector\b", text)
    if named:
        return "sector", vocab.canonical(vocab.SECTOR_ALIASES, named[1]) or named[1]
    cue = _first(text, PLACE_CUES)
    for name, code in STATES.items():
        if re.search(rf"\b{name}\b", text, re.IGNORECASE) and cue != "nation":
            # "Texas ... on the southwest border": the state's land border, without airports
            # a state "along its border", "Arizona's stretch of the border": the state's
            # southwest land border (a state's airports are never "the border")
            sw = cue == "southwest" or re.search(r"\bborder\b|\bland ports?\b", text,
                                                 re.IGNORECASE)
            return ("state_sw" if sw else "state"), code
    if cue:
        return cue, None
    sectors = sectors_in(text)
    if sectors:
        return "sector", sectors[0]
    return None


def _citizenship(text: str) -> str | None:
    m = re.search(rf"\b({_NAT_RE})\b", text, re.IGNORECASE)
    if m:
        return NATIONALITIES[m[1].lower()]
    # "migrants from Venezuela", "citizens of Mexico"
    m = re.search(r"\b(?:(?:migrants|people|persons|families|children|minors|adults|"
                  r"individuals|travelers|nationals|citizens|asylum seekers|those|arrivals) "
                  r"from|citizens of|nationals of|natives of)\s+(" + "|".join(
        sorted(_COUNTRY_NAMES, key=len, reverse=True)) + r")\b", text, re.IGNORECASE)
    return _COUNTRY_NAMES[m[1].lower()] if m else None


#: words that count events at the border: a figure they count is no figure of entries
#: ("agents apprehended 50,000 migrants who crossed into the U.S.")
ENCOUNTER_VERBS = re.compile(r"\b(?:apprehended|encountered|caught|stopped|arrested|"
                             r"intercepted|apprehensions|encounters|arrests)\b", re.IGNORECASE)


def _measure(text: str) -> str:
    if ENTRIES.search(text) and not ENCOUNTER_VERBS.search(text):
        return "entries"
    if re.search(_EXPULSION, text, re.IGNORECASE):
        return "expulsions"
    if re.search(r"\binadmissibles?\b", text, re.IGNORECASE):
        return "inadmissibles"
    if re.search(r"\bapprehensions?\b", text, re.IGNORECASE):
        return "apprehensions"  # the noun is Border Patrol's measure; "apprehended",
        # "arrests" count encounters (events) of whoever the clause names
    return "encounters"


@dataclass
class Scope:
    """What one clause, or the main clause behind it, says about a figure."""

    period: Period | None = None
    place: tuple[str, str | None] | None = None
    component: str | None = None
    citizenship: str | None = None
    demographic: str | None = None
    authority: str | None = None
    measure: str = "encounters"


ATTRIBUTION = re.compile(
    r"\b(?:the )?(?:U\.S\. )?(?:Border Patrol|CBP|Customs and Border Protection|agency|"
    r"officials|DHS)(?: data| figures| statistics)? (?:said|says|announced|show(?:s|ed)?|"
    r"reported that)\b(?: that)?|"
    # "according to Border Patrol data", "agents say", "Border Patrol officials said"
    r"\b(?:according to|citing|per) (?:the )?(?:U\.S\. )?(?:Border Patrol|CBP|Customs and "
    r"Border Protection|DHS|federal|agency|government|official)(?:'s)?(?: (?:agents|officers|"
    r"officials|data|figures|statistics|numbers|records))*\b|"
    r"\b(?:(?:U\.S\. |federal )?(?:Border Patrol|CBP) )?(?:agents|officers|officials|"
    r"authorities|sources)(?: on the ground)? (?:say|said|says|told [\w.]+|reported|"
    r"noted|estimate[sd]?)\b", re.IGNORECASE)


#: a speaker's party and state ("Rep. Smith (R-Texas)", "Texas Gov. Abbott") is no place
AFFILIATION = re.compile(
    r"\(?\b[RDI]-(?:[A-Z][a-z]+\.?(?: [A-Z][a-z]+\.?)?|[A-Z]\.[A-Z]\.)\)?|"
    r"\b(?:Texas|Arizona|California|New Mexico)(?:'s)? (?:Gov\.|Governor|governor|Sen\.|"
    r"Senator|senator|Rep\.|Representative|Republicans?|Democrats?|Democratic|GOP|"
    r"Attorney General|attorney general|[Cc]ongress(?:man|woman)|lawmakers?|delegation)\b")


#: a period after these words is the comparison base, not the figure's ("more than" is no cue)
OWN_BASE = re.compile(r"\b(?:from|compared (?:with|to)|(?<!more )(?<!less )(?<!fewer )"
                      r"(?<!rather )than|versus|vs\.?)\b", re.IGNORECASE)


def _scope_of(text: str, article: dt.date, at: int | None = None) -> Scope:
    text = ATTRIBUTION.sub(lambda m: " " * len(m.group(0)), text)  # who said it is no filter
    text = AFFILIATION.sub(lambda m: " " * len(m.group(0)), text)
    found = periods_at(text, article)
    period = None
    if found:
        if at is None:
            period = found[0][1]
        else:  # the time expression nearest after the figure, else nearest before
            after = [p for pos, p in found if pos >= at and not OWN_BASE.search(text[at:pos])
                     and not OWN_BASE.match(text[pos:])]
            before = [p for pos, p in found if pos < at]
            period = after[0] if after else before[-1] if before else found[-1][1]
    return Scope(period, _place(text), _component(text), _citizenship(text),
                 _first(text, DEMOGRAPHIC_CUES), _first(text, AUTHORITY_CUES), _measure(text))


def figure_scope(sentence: str, pos: int, article: dt.date) -> Scope:
    """The scope of the figure at ``pos``: its clause, then the main clause."""
    spans = clauses(sentence)
    own_i = next(i for i, (a, b) in enumerate(spans) if a <= pos < b)
    a, b = spans[own_i]
    own = _scope_of(sentence[a:b], article, pos - a)
    had_period = own.period is not None
    main_i = next((i for i, (x, y) in enumerate(spans) if SUBJECT.search(sentence[x:y])), 0)
    parallel = False
    from_to = re.match(r"[\s,;]*(?:\w+ )?from\b(?P<a>[^;]*?)\bto\b", sentence[a:b],
                       re.IGNORECASE)
    if not had_period and from_to and own_i > 0:
        # "fell from 2.48 million in fiscal 2023 to 2.14 million in fiscal 2024, while those at
        # ports rose from 430,000 to 604,000": each figure takes the period in its place
        pairs = [periods(sentence[x:y], article) for x, y in spans[:own_i]]
        pair = next((ps for ps in reversed(pairs) if len(ps) == 2), None)
        if pair is not None:
            own.period = pair[0] if pos < a + from_to.end() else pair[1]
            parallel = True
    if own.period is None and own_i > main_i:
        # "In May, ... were 206,690; in June, after Title 42 ended, they fell to 144,556"
        for x, y in reversed(spans[main_i + 1:own_i]):
            found_between = periods_at(sentence[x:y], article)
            if found_between:
                own.period = found_between[-1][1]
                break
    if from_to and own_i - 1 > main_i:  # "..., while those at ports of entry rose from A to B"
        x, y = spans[own_i - 1]
        head = _scope_of(sentence[x:y], article)
        own.place = own.place or head.place
        own.component = own.component or head.component
        own.citizenship = own.citizenship or head.citizenship
        own.demographic = own.demographic or head.demographic
        own.authority = own.authority or head.authority
    if main_i != own_i:
        x, y = spans[main_i]
        main = _scope_of(sentence[x:y], article)
        own.period = own.period or main.period
        own.place = own.place or main.place
        own.component = own.component or main.component
        own.citizenship = own.citizenship or main.citizenship
        own.demographic = own.demographic or main.demographic
        own.authority = own.authority or main.authority
        if own.measure == "encounters":
            own.measure = main.measure
    if own.period is None:
        found = periods(sentence, article)
        own.period = found[0] if found else None
    if not had_period and not parallel and own.period is not None and own_i > main_i:
        clause = sentence[a:b]
        if own.period.kind == "month" and YEAR_AGO.search(clause):
            # "189,000, compared with 193,000 a year earlier": the same month a year before
            own.period = month_period(vocab.add_months(own.period.first, -12))
        elif own.period.kind == "month" and MONTH_AGO.search(clause):
            own.period = month_period(vocab.add_months(own.period.first, -1))
        elif re.match(r"[\s,;]*(?:(?:up|down|rising|falling|increasing|decreasing|climbing) )?"
                      r"from\b", clause, re.IGNORECASE) or YEAR_AGO.search(clause):
            own.period = previous(own.period)  # "2.5 million, up from 2.4 million"
    return own


YEAR_AGO = re.compile(r"\b(?:a|one) year (?:earlier|before|ago)\b|\bthe (?:previous|prior) "
                      r"year\b|\bthe year before\b|\bthe same (?:month|period) (?:a |last |the "
                      r"previous )?year\b", re.IGNORECASE)
MONTH_AGO = re.compile(r"\b(?:a|one) month (?:earlier|before|ago)\b|\bthe (?:previous|prior) "
                       r"month\b|\bthe month before\b", re.IGNORECASE)


def previous(p: Period) -> Period:
    """The period before ``p`` of the same kind."""
    if p.kind == "fy":
        return fy_period(vocab.calendar_to_fiscal(p.last.year, p.last.month)[0] - 1)
    if p.kind == "cy":
        return cy_period(p.first.year - 1)
    if p.kind == "month":
        return month_period(vocab.add_months(p.first, -1))
    first, last = vocab.add_months(p.first, -12), vocab.add_months(p.last, -12)
    return Period(p.kind, first, last, f"{first:%B %Y} to {last:%B %Y}")


def _apply(claim: Claim, scope: Scope, sentence: str, article: dt.date) -> Claim:
    claim.period = claim.period or scope.period or default_period(sentence, article)
    if scope.place:
        claim.place, claim.area = scope.place
    comp = scope.component
    if comp is None and scope.measure == "apprehensions":
        comp = "USBP"
    if comp is None and scope.measure == "inadmissibles":
        comp = "OFO"
    claim.component = None if comp in (None, "ALL") else comp
    if claim.place == "sector":
        claim.component = vocab.USBP
    if claim.place == "field_office":
        claim.component = vocab.OFO
    claim.citizenship = scope.citizenship
    claim.demographic = scope.demographic
    claim.authority = scope.authority
    claim.measure = scope.measure
    return claim


# ------------------------------------------------------------------ forms

def _topic(text: str) -> str | None:
    for name, pattern in TOPICS:
        if re.search(pattern, text, re.IGNORECASE):
            return name
    return None


def _base_period(sentence: str, period: Period, article: dt.date, after: int) -> Period:
    """The comparison base: "from a year earlier", "compared with January", "from FY2022"."""
    rest = sentence[after:]
    year_ago = bool(re.search(r"\byear[- ]over[- ]year\b|\b(?:from|than|compared (?:with|to)) "
                              r"(?:a|one|the same (?:month|period)(?: a)?) year (?:earlier|"
                              r"before|ago)\b|\bthe same (?:month|period|time) (?:of |in )?"
                              r"(?:last|the previous|the prior|a) year\b", rest, re.IGNORECASE)
                    or re.search(r"\byear[- ]over[- ]year\b", sentence, re.IGNORECASE))
    if year_ago:
        rest = ""
    cue = re.search(r"\b(?:from|compared (?:with|to)|than|(?<!-)over(?!-)|versus|vs\.?|since)\b",
                    rest, re.IGNORECASE)
    rest = rest[cue.start():] if cue else ""
    found = periods_at(rest, article)
    if found:
        p = found[0][1]
        if p.kind == "month" and not p.explicit and period.kind == "month" and \
                p.first >= period.first:
            p = month_period(_month(period.first.year - (p.first.month > period.first.month),
                                    p.first.month))
        return p
    if not year_ago and re.search(r"\b(?:a|one) month (?:earlier|before|ago)\b|\b(?:previous|"
                                  r"prior|last) month\b|\bmonth[- ]over[- ]month\b", sentence,
                                  re.IGNORECASE) and period.kind == "month":
        return month_period(vocab.add_months(period.first, -1))
    first, last = vocab.add_months(period.first, -12), vocab.add_months(period.last, -12)
    if period.kind == "fy":
        return fy_period(vocab.calendar_to_fiscal(first.year, first.month)[0])
    if period.kind == "cy":
        return cy_period(first.year)
    if period.kind == "month":
        return month_period(first)
    return Period(period.kind, first, last, f"{first:%B %Y} to {last:%B %Y}")


def _share(sentence: str, article: dt.date) -> Claim | None:
    m = SHARE.search(sentence)
    pct = re.search(r"\b(?P<qual>more than|over|about|roughly|around|some|approximately|"
                    r"close to|nearly|almost|just under|less than|fewer than|under)?\s*"
                    r"(?P<n>\d+(?:\.\d+)?)\s*(?:%|percent) of (?:all |the )?(?:\w+ ){0,4}"
                    r"(?:encounters|apprehensions|migrants)\b", sentence, re.IGNORECASE)
    if not m and not pct:
        return None
    if m:
        frac = m["frac"].lower().replace("-", " ")
        n_in = re.fullmatch(r"(\w+) (?:in|out of|of every) (\w+)", frac)
        if n_in:  # "one in five", "nine in ten", "3 out of 4"
            value = IN_N[n_in[1]] / IN_N[n_in[2]]
            if not 0 < value < 1:
                return None
        else:
            value = FRACTIONS[frac]
        qual_word = m["qual"] or ""
        if frac in ("a majority", "the majority", "a minority"):
            qual_word = "more than" if "majority" in frac else "less than"
        start = m.end()
    else:
        assert pct is not None
        value, qual_word, start = float(pct["n"]) / 100, pct["qual"] or "", pct.end()
    # a bare fraction is right within 2 points (a bare percentage within 1), "about" within 3
    qual = {"more than": "more", "over": "more", "just over": "more", "about": "about",
            "roughly": "about", "around": "about", "some": "about", "close to": "about",
            "approximately": "about", "nearly": "nearly",
            "almost": "nearly", "just under": "nearly", "less than": "less",
            "fewer than": "less", "under": "less"}.get(qual_word.lower(), "exact")
    rest = sentence[start:]
    found = m or pct
    assert found is not None
    before = sentence[:found.start()]
    own_end = next(b for a, b in clauses(sentence) if a <= found.start() < b)
    topic = _topic(sentence[:own_end])  # a side clause after the share sets no topic
    if topic:  # "agents catch only about half of the people who try to cross": not in the data
        q = Quantity(found.group(0).strip(), value, qual, 0.0, "share", found.start(),
                     found.end())
        c = Claim(sentence, "topic", quantity=q, qualifier=qual)
        _apply(c, _scope_of(sentence, article), sentence, article)
        c.kind, c.measure = "topic", topic
        return c
    claim = Claim(sentence, "share", qualifier=qual, target=value, phrase=found.group(0).strip())
    scope = _scope_of(sentence, article)
    _apply(claim, scope, sentence, article)
    claim.citizenship = _citizenship(before) or _citizenship(rest)
    claim.demographic = _first(before, DEMOGRAPHIC_CUES) or _first(rest, DEMOGRAPHIC_CUES)
    if claim.citizenship is None:  # "Mexico accounted for 38% of ..."
        country = re.search(r"\b(" + "|".join(sorted(_COUNTRY_NAMES, key=len, reverse=True)) +
                            r")\b", before, re.IGNORECASE)
        claim.citizenship = _COUNTRY_NAMES[country[1].lower()] if country else None
    part_place, whole_place = _place(before), _place(rest)
    state = next((code for name, code in STATES.items()
                  if re.search(rf"\b{name}\b", AFFILIATION.sub(" ", sentence), re.IGNORECASE)),
                 None)
    if claim.citizenship is None and claim.demographic is None and state and \
            _first(rest, PLACE_CUES) == "southwest" and _first(before, PLACE_CUES) is None:
        # "more than half of all southwest border encounters ... took place in Texas"
        claim.rank_of = "state_share"
        claim.place, claim.area = "state_sw", state
        return claim
    if claim.citizenship is None and claim.demographic is None and part_place and \
            part_place[0] in ("southwest", "northern", "state", "state_sw") and \
            whole_place and whole_place[0] == "nation":
        # "the southwest border accounted for about three quarters of nationwide encounters"
        claim.rank_of = "region"
        claim.place, claim.area = part_place
        return claim
    part_comp, whole_comp = _component(before), _component(rest)
    tail = re.search(r"\b(?:were|was|are|is|came from|involved|happened)\b", rest,
                     re.IGNORECASE)
    if part_comp is None and tail is not None:
        # "two-thirds of southwest border encounters were Border Patrol apprehensions"
        part_comp = _component(rest[tail.end():])
        whole_comp = _component(rest[:tail.start()])
    if claim.citizenship is None and claim.demographic is None and \
            part_comp in ("OFO", "USBP") and whole_comp in (None, "ALL"):
        # "encounters at ports of entry made up more than a quarter of all encounters"
        claim.rank_of, claim.component = "component", part_comp
        return claim
    if claim.citizenship is None and claim.demographic is None:
        named = sectors_in(sentence)
        if named and claim.authority is None:
            # "more than half of all Border Patrol apprehensions ... happened there (RGV)"
            claim.rank_of, claim.place, claim.area = "sector", "sector", named[0]
            claim.component = vocab.USBP
            return claim
        if claim.authority is None:
            return None
        claim.rank_of = "authority"  # "Title 42 expulsions made up more than half of ..."
        return claim
    claim.rank_of = "citizenship" if claim.citizenship else "demographic"
    return claim


BETWEEN = re.compile(r"\b(?:between|from)\s+(?P<a>[^.;,]{2,40}?)\s+(?:and|to|through)\s+"
                     r"(?P<b>[^.;,]{2,40})", re.IGNORECASE)


def _between(sentence: str, article: dt.date) -> tuple[Period, Period] | None:
    """"between fiscal 2020 and fiscal 2021", "from July 2025 to July 2026": the later
    period and its base (a second year without its kind takes the first's)."""
    for m in BETWEEN.finditer(sentence):
        first = [p for p in periods(f"in {m['a']}", article) if p.kind != "span"]
        if not first or find_quantities_count(m["a"]):
            continue  # "from 400,000 in fiscal 2020 to ...": figures, not a pair of periods
        second = [p for p in periods(f"in {m['b']}", article) if p.kind != "span"]
        if second and first[0].kind == second[0].kind == "month" and \
                not first[0].explicit and first[0].first >= second[0].first:
            # "between December and January": the December before that January
            first = [month_period(vocab.add_months(second[0].first, -(
                (second[0].first.month - first[0].first.month) % 12 or 12)))]
        if not second:
            y = re.match(r"\s*(?:FY\s?)?(\d{4})\b", m["b"])
            if not y or first[0].kind not in ("fy", "cy"):
                continue
            second = [fy_period(int(y[1])) if first[0].kind == "fy" else cy_period(int(y[1]))]
        if second[0] != first[0]:
            return second[0], first[0]
    return None


def find_quantities_count(text: str) -> bool:
    """Does ``text`` hold a count (not a year or a date)?"""
    return any(q.kind == "count" for q in find_quantities(text))


def _compared(sentence: str, article: dt.date) -> tuple[Period, Period] | None:
    """"fiscal 2022 compared with fiscal 2020": the period and its base, side by side."""
    between = _between(sentence, article)
    if between is not None:
        return between
    m = re.search(r"\b(?:compared (?:with|to)|versus|vs\.?|against)\b", sentence,
                  re.IGNORECASE)
    if not m:
        return None
    before = [p for _, p in periods_at(sentence[:m.start()], article) if p.kind != "span"]
    after = [p for _, p in periods_at(sentence[m.end():], article) if p.kind != "span"]
    if before and after:
        return before[-1], after[0]
    return None


FRACTION_CHANGE = re.compile(
    r"\b(?P<verb>rose|fell|dropped|declined|decreased|increased|grew|climbed|jumped|plunged|"
    r"were (?:up|down)|was (?:up|down))\s+by\s+(?:(?P<qual>about|roughly|around|nearly|"
    r"almost|more than|over|less than|some)\s+)?(?P<frac>a third|one[- ]third|a quarter|"
    r"one[- ]quarter|two[- ]thirds|a fifth|one[- ]fifth|three[- ]quarters)\b", re.IGNORECASE)


def _fraction_change(sentence: str, article: dt.date) -> Claim | None:
    """"Fell by roughly a third": a change in percent, given as a fraction (+-2.5 points)."""
    m = FRACTION_CHANGE.search(sentence)
    if not m:
        return None
    frac = {"a third": 100 / 3, "one third": 100 / 3, "a quarter": 25.0, "one quarter": 25.0,
            "two thirds": 200 / 3, "a fifth": 20.0, "one fifth": 20.0,
            "three quarters": 75.0}[m["frac"].lower().replace("-", " ")]
    qual = {"about": "about", "roughly": "about", "around": "about", "some": "about",
            "nearly": "nearly", "almost": "nearly", "more than": "more", "over": "more",
            "less than": "less"}.get((m["qual"] or "").lower(), "about")
    q = Quantity(m.group(0), frac, qual, 5.0, "percent", m.start(), m.end())
    claim = Claim(sentence, "change", quantity=q, qualifier=qual)
    scope = figure_scope(sentence, m.start(), article)
    pair = _compared(sentence, article)
    if pair:
        scope.period = pair[0]
    _apply(claim, scope, sentence, article)
    assert claim.period is not None
    verb = m["verb"].lower()
    claim.direction = "up" if verb in ("rose", "increased", "grew", "climbed", "jumped",
                                       "were up", "was up") else "down"
    claim.base_period = pair[1] if pair else _base_period(sentence, claim.period, article,
                                                            m.end())
    if (claim.base_period.first, claim.base_period.last) == \
            (claim.period.first, claim.period.last):
        claim.base_period = _base_period("", claim.period, article, 0)
    return claim


#: "about 3.5 times what they had been", "four times as many"
TIMES = re.compile(r"\b(?:(?P<qual>about|roughly|around|nearly|almost|more than|over)\s+)?"
                   r"(?P<n>\d+(?:\.\d+)?|two|three|four|five|six|ten)\s+times\s+(?:what|the|as|"
                   r"higher|more|larger|greater|that|those|its|their)\b", re.IGNORECASE)
_TIMES_N = {"two": 2.0, "three": 3.0, "four": 4.0, "five": 5.0, "six": 6.0, "seven": 7.0,
            "eight": 8.0, "nine": 9.0, "ten": 10.0}


def _multiple(sentence: str, article: dt.date) -> Claim | None:
    found = [(p, d, q, v) for p, d, q, v in MULTIPLES]
    t = TIMES.search(sentence)
    if t:
        n = _TIMES_N.get(t["n"].lower()) or float(t["n"])
        qual = {"about": "times", "roughly": "times", "around": "times", "nearly": "nearly",
                "almost": "nearly", "more than": "more", "over": "more"}.get(
                    (t["qual"] or "").lower(), "times")
        found.insert(0, (re.escape(t.group(0)), "up", qual, n))
    for pattern, direction, qual, value in found:
        m = re.search(pattern, sentence, re.IGNORECASE)
        if m and value == 0.0:  # "fivefold": the multiple is in the word
            fold = re.search(r"(\w+)fold\b", m.group(0), re.IGNORECASE)
            assert fold is not None
            value = float(_TIMES_N.get(fold[1].lower(), 0.0))
            if re.search(r"\b(?:nearly|almost) \w+fold", m.group(0), re.IGNORECASE):
                qual = "nearly"
            if not value:
                continue
        if m:
            claim = Claim(sentence, "multiple", direction=direction, qualifier=qual,
                          target=value, phrase=m.group(0))
            scope = figure_scope(sentence, m.start(), article)
            pair = _compared(sentence, article)
            spots = periods_at(sentence, article)
            ahead = [p for pos, p in spots if pos < m.start()]
            behind = [p for pos, p in spots if pos >= m.end()]
            if pair is None and ahead and behind:  # "in fiscal 2024 were 3.5 times ... 2022"
                pair = (ahead[-1], behind[0])
            if pair:
                scope.period = pair[0]
            _apply(claim, scope, sentence, article)
            assert claim.period is not None
            claim.base_period = pair[1] if pair else \
                _base_period(sentence, claim.period, article, m.end())
            if (claim.base_period.first, claim.base_period.last) == \
                    (claim.period.first, claim.period.last):
                claim.base_period = _base_period("", claim.period, article, 0)
            return claim
    return None


def _rank(sentence: str, article: dt.date) -> Claim | None:
    m = RANK_ONE.search(sentence)
    if not m:
        return None
    top = m["topn"] or m["topn2"]
    num = m["num"] or m["num2"]
    rank = _COUNTS[top.lower()] if top else int(num) if num else \
        ORDINALS.get((m["ord"] or m["ord2"] or m["ord3"] or "").lower(), 1)
    before = sentence[:m.start()]
    rest = sentence[m.end():]
    found = periods(sentence, article)
    period = found[0] if found else default_period(sentence, article)
    what = (m["what"] or "").lower()
    phrase = m.group(0).strip()
    if m["lead"]:
        kind = re.match(r"[^.;]{0,40}?\b(sectors?|states?|nationality|nationalities|"
                        r"countries|country|groups?)\b", rest, re.IGNORECASE)
        if not kind:
            return None
        phrase = sentence[m.start():m.end() + kind.end()]
        rest = "sector" if kind[1].lower().startswith("sector") else \
            "state" if kind[1].lower().startswith("state") else "nationality"
    if m["lead"] and rest == "state":
        state = next((code for name, code in STATES.items()
                      if re.search(rf"\b{name}\b", before, re.IGNORECASE)), None)
        if state is None:
            return None
        return Claim(sentence, "rank", period=period, rank_of="state", name=state,
                     target=float(rank), phrase=phrase)
    if re.match(r"\s*(?:\w+ ){0,3}sectors?\b", rest, re.IGNORECASE) or what == "busiest":
        sectors = sectors_in(before)
        if not sectors:
            return None
        own = _place(before)  # "WIVB Buffalo: Swanton Sector, ...": the one called a sector
        name = own[1] if own and own[0] == "sector" and own[1] else sectors[0]
        north = re.search(PLACE_CUES[2][1], sentence, re.IGNORECASE)
        return Claim(sentence, "rank", period=period, rank_of="sector", name=name,
                     target=float(rank), component=vocab.USBP, phrase=phrase,
                     qualifier="top" if top else "exact", place="northern" if north else None)
    nat = _citizenship(before)
    if nat is None:  # "Venezuela was only the fifth-largest source"
        country = re.search(r"\b(" + "|".join(sorted(_COUNTRY_NAMES, key=len, reverse=True)) +
                            r")\b", before, re.IGNORECASE)
        nat = _COUNTRY_NAMES[country[1].lower()] if country else None
    if nat and (re.match(r"\s*(?:(?:among|of) (?:all )?(?:the )?(?:\w+ )?)?(?:nationality|"
                         r"nationalities|citizenships?|country|countries|group|source|"
                         r"sending country|\w+ of)", rest, re.IGNORECASE) or
                re.search(r"\b(?:among|of) (?:all )?(?:the )?(?:nationalities|countries|"
                          r"citizenships)\b", before, re.IGNORECASE)):
        claim = Claim(sentence, "rank", period=period, rank_of="citizenship", name=nat,
                      target=float(rank), phrase=phrase, qualifier="top" if top else "exact")
        scope = _scope_of(sentence, article)
        claim.place = scope.place[0] if scope.place else None
        comp = scope.component or ("USBP" if scope.measure == "apprehensions" else None)
        claim.component = None if comp in (None, "ALL") else comp
        return claim
    return None


def _record(sentence: str, article: dt.date) -> Claim | None:
    m = RECORD.search(sentence)
    if not m:
        return None
    named_record = m["arec"] or m["trec"] or m["srec"]  # "a record", "the record month"
    word = (m["word"] or m["rec"] or m["at"] or ("high" if named_record else "")).lower()
    extreme = "low" if word in ("lowest", "fewest", "low", "quietest", "slowest") else "high"
    claim = Claim(sentence, "record", extreme=extreme, phrase=m.group(0))
    scope = figure_scope(sentence, m.start(), article)
    _apply(claim, scope, sentence, article)
    # "since 2000": from January 2000; "since January 2021": the months after it (the month
    # named is the last one that was lower, or higher)
    claim.since = (vocab.add_months(_month(int(m["since"]), MONTHS[m["smonth"].lower()]), 1)
                   if m["smonth"] else _month(int(m["since"]), 1)) if m["since"] else None
    claim.rank_of = "same month" if m["same"] else None
    qs = [q for q in find_quantities(sentence) if q.kind == "count" and q.value >= 10]
    claim.quantity = qs[0] if qs else None
    return claim


def _threshold(sentence: str, article: dt.date) -> Claim | None:
    m = re.search(r"\bin (?:both|each of|each) (.+?) and (.+?)(?:[.,;]|$)", sentence,
                  re.IGNORECASE)
    if not m:
        return None
    qs = [q for q in find_quantities(sentence[:m.start()]) if q.kind == "count"]
    if not qs:
        return None
    p1 = periods(m[1], article)
    p2 = periods(m[2], article)
    if not p1:
        return None
    if not p2:  # "fiscal 2021 and 2022"
        y = re.search(r"\d{4}", m[2])
        if not y:
            return None
        p2 = [fy_period(int(y[0])) if p1[0].kind == "fy" else cy_period(int(y[0]))]
    claim = Claim(sentence, "threshold", quantity=qs[0], qualifier=qs[0].qualifier,
                  periods=[p1[0], p2[0]])
    _apply(claim, _scope_of(sentence[:m.start()], article), sentence, article)
    claim.period = p1[0]
    return claim


#: "May Border Patrol Apprehensions on Southwest Border Dip From April"
DIRECTION_HEAD = re.compile(r"^\W*(?P<m1>" + _FULL_MONTH_RE + r")\b(?!\.? \d)[^.;]{0,80}?\b"
                            r"(?P<verb>" + _UP_VERBS + "|" + _DOWN_VERBS + r")\s+(?:(?:slightly|"
                            r"sharply|modestly|somewhat|a bit)\s+)?(?:from|compared (?:with|to)|"
                            r"over)\s+(?P<m2>" + _FULL_MONTH_RE + r")\b(?!\.? \d)",
                            re.IGNORECASE)


OUTNUMBER = re.compile(rf"\b(?P<a>{_NAT_RE})\s+(?:again |once again |still )?"
                       rf"(?P<verb>outnumbered|outnumber|outnumbers|outpaced|outpace|outpaces)\s+"
                       rf"(?P<b>{_NAT_RE})\b", re.IGNORECASE)


def _outnumber(sentence: str, article: dt.date) -> Claim | None:
    """"Guatemalans outnumbered Mexicans at the southwest border in fiscal 2023"."""
    m = OUTNUMBER.search(sentence)
    if not m:
        return None
    claim = Claim(sentence, "outnumber", phrase=m.group(0))
    rest = sentence[:m.start()] + " " + sentence[m.end():]
    _apply(claim, _scope_of(rest, article), sentence, article)
    claim.ranked = [NATIONALITIES[m["a"].lower()], NATIONALITIES[m["b"].lower()]]
    claim.citizenship = None
    return claim


def _direction(sentence: str, article: dt.date) -> Claim | None:
    m = DIRECTION.search(sentence) or DIRECTION_HEAD.search(sentence)
    if not m:
        return None
    d = bare_month(MONTHS[m["m1"].lower()], article)
    base = bare_month(MONTHS[m["m2"].lower()], article)
    if base >= d:
        base = _month(base.year - 1, base.month)
    up = re.fullmatch(_UP_VERBS, m["verb"], re.IGNORECASE) is not None
    claim = Claim(sentence, "direction", direction="up" if up else "down", phrase=m.group(0))
    head = m.re is DIRECTION_HEAD  # the subject sits between the month and the verb
    _apply(claim, _scope_of(sentence[:m.start("verb") if head else m.start()], article),
           sentence, article)
    claim.period, claim.base_period = month_period(d), month_period(base)
    return claim


def extract(text: str, article: dt.date) -> list[Claim]:
    """Every checkable statement in ``text``, dated against ``article``."""
    claims: list[Claim] = []
    context: Claim | None = None  # the last figure read, or the scope of a prediction
    for sentence in sentences(text):
        got = extract_sentence(sentence, article)
        if not got and context is not None and context.kind == "count":
            got = _continuation(sentence, context, article)
        elif got and context is not None and context.period is not None and \
                periods(context.text, article) and not periods(sentence, article) and \
                not PRESENT.search(sentence) and not DAILY.search(sentence):
            for c in got:  # "Nearly 19,000 of them ...": the sentence before's period and place
                c.period = context.period
                if c.place is None:
                    c.place, c.area = context.place, context.area
        if got:
            context = got[-1]
        elif PREDICTION.search(sentence) and SUBJECT.search(sentence):
            context = _apply(Claim(sentence, "count"), _scope_of(sentence, article), sentence,
                             article)
        claims.extend(got)
    return claims


def _continuation(sentence: str, prev: Claim, article: dt.date) -> list[Claim]:
    """A short sentence with a figure and a period or place but no subject ("Fiscal 2023:
    2.5 million.", "Arizona had about 560,000.") counts what the sentence before counted."""
    if len(sentence.split()) > 16:
        return []
    qs = [q for q in find_quantities(sentence) if q.kind == "count" and q.value >= 10]
    found = periods(sentence, article)
    place = _place(sentence)
    comp = _component(sentence)
    if len(qs) != 1 or not (found or place or comp in ("USBP", "OFO")):
        return []
    c = replace(prev, text=sentence, quantity=qs[0], qualifier=qs[0].qualifier,
                period=found[0] if found else prev.period)
    if place:  # "Arizona had about 560,000."
        c.place, c.area = place
    if comp in ("USBP", "OFO"):  # "Border Patrol alone: 137,480."
        c.component = comp
    return [c]


PREDICTION = re.compile(
    r"\b(?:will|would|could|may|might)\s+(?:\w+\s+)?(?:top|reach|exceed|hit|be|surpass|rise|"
    r"fall|climb|drop)\b|\b(?:expected|projected|forecast|likely)\s+to\b", re.IGNORECASE)


#: a figure "at the southern border" without a subject word ("260k+ at the southern border
#: in August") counts border crossings, unless the sentence counts something else
AT_BORDER = re.compile(r"\b(?:at|on|along|across) (?:the |our )?(?:southern|southwest|SW|"
                       r"U\.S\.[- ]Mexico) border\b", re.IGNORECASE)
OTHER_COUNTS = re.compile(r"\b(?:troops|soldiers|National Guard|guardsmen|miles|wall|barriers?|"
                          r"fentanyl|pounds|drugs|seiz\w+|deployed|agents|officers|employees|"
                          r"jobs|dollars|cameras|towers|vehicles)\b", re.IGNORECASE)


def _about_migration(sentence: str) -> bool:
    if SUBJECT.search(sentence):
        return True
    return bool(AT_BORDER.search(sentence) and not OTHER_COUNTS.search(sentence) and any(
        q.kind == "count" and q.value >= 100 for q in find_quantities(sentence)))


def extract_sentence(sentence: str, article: dt.date) -> list[Claim]:
    ranking = bool(RANKING.search(sentence) and re.search(r"\bsectors?\b", sentence))
    headline_record = bool(RECORD.search(sentence) and re.search(
        r"\bborder\b|\bBorder Patrol\b|\bCBP\b", sentence, re.IGNORECASE))
    topic = _topic(sentence) or ("resources" if any(
        RESOURCE_AFTER.match(sentence[q.end:]) for q in find_quantities(sentence)
        if q.kind == "count") else None)
    if topic in OTHER_AGENCY and not BORDER_CONTEXT.search(sentence):
        topic = None  # "police seized 40 pounds of cocaine": no claim about the border
    if not _about_migration(sentence) and not ranking and not RANK_ONE.search(sentence) and \
            topic in (None, "shelter") and not headline_record:
        return []  # a shelter's beds are no claim about border migration
    # a dateline ("WIVB Buffalo: Swanton Sector ... was the busiest") names no sector
    undated = re.sub(r"^[^:.;]{1,40}:\s+", "", sentence)
    if ranking and len(sectors_in(undated)) >= 2:
        found = periods(sentence, article)
        c = Claim(sentence, "ranking", ranked=sectors_in(sentence),
                  period=found[0] if found else default_period(sentence, article),
                  component=vocab.USBP)
        return [c]
    quantities = [q for q in find_quantities(sentence)
                  if ((q.kind == "count" and q.value >= 10) or q.kind == "percent")
                  and not NOT_MIGRANTS_AFTER.match(sentence[q.end:])]
    for make in (_rank, _share, _multiple, _fraction_change, _threshold, _direction,
                 _outnumber):
        got = make(sentence, article)
        if got is not None:
            if got.kind in ("rank", "multiple", "direction") and \
                    not PREDICTION.search(sentence):
                # "Venezuelans were the second largest nationality ..., with 266,071
                # encounters", "Arizona saw 577,000 ..., more than double the year before":
                # the figures beside the form are claims of their own, in the text's order
                at = _form_at(got, sentence)
                counts = [q for q in quantities if q.kind == "count"]
                return [*_figures(sentence, article, [q for q in counts if q.start < at]),
                        got, *_figures(sentence, article, [q for q in counts if q.start >= at])]
            return [got]
    if PREDICTION.search(sentence):
        return []  # a prediction, not a statement of what was counted
    if RECORD.search(sentence) and not any(q.kind == "percent" for q in quantities) and \
            not _topic(sentence) and sum(q.kind == "count" for q in quantities) < 2:
        got = _record(sentence, article)
        if got is not None:
            return [got]
    return _figures(sentence, article, quantities)


def _form_at(claim: Claim, sentence: str) -> int:
    """Where the words of a rank, multiple or direction claim start in ``sentence``."""
    patterns = {"rank": [RANK_ONE.pattern],
                "direction": [DIRECTION.pattern, DIRECTION_HEAD.pattern],
                "multiple": [p for p, *_ in MULTIPLES]}[claim.kind]
    starts = [m.start() for p in patterns if (m := re.search(p, sentence, re.IGNORECASE))]
    return min(starts, default=0)


def _figures(sentence: str, article: dt.date, quantities: list[Quantity]) -> list[Claim]:
    """A count or change claim for each figure, read with its own clause."""
    out: list[Claim] = []
    for q in quantities:
        spans = clauses(sentence)
        a, b = next((x, y) for x, y in spans if x <= q.start < y)
        own = sentence[a:b]
        main = next((sentence[x:y] for x, y in spans if SUBJECT.search(sentence[x:y])), own)
        topic = _topic(own) or ("resources" if RESOURCE_AFTER.match(sentence[q.end:]) else
                                _topic(main))
        daily = bool(DAILY.search(own) or DAILY.search(main))
        scope = figure_scope(sentence, q.start, article)
        if q.kind == "percent" and topic:
            c = Claim(sentence, "topic", quantity=q, qualifier=q.qualifier)
            _apply(c, scope, sentence, article)
            c.kind, c.measure = "topic", topic
            out.append(c)
            continue
        if q.kind == "percent":
            if not CHANGE.search(sentence):
                continue
            c = Claim(sentence, "change", quantity=q, qualifier=q.qualifier)
            pair = _between(sentence, article)
            cue = None if pair else BASE_CUE.search(sentence, q.end)
            if pair:
                scope.period = pair[0]
            if cue:  # the figure's period comes before the comparison base
                before = sentence[:cue.start()]
                spots = periods_at(before, article)
                if spots:
                    after_q = [p for pos, p in spots if pos >= q.start]
                    scope.period = after_q[0] if after_q else spots[-1][1]
            _apply(c, scope, sentence, article)
            c.direction = "down" if DOWN.search(sentence[:q.end + 1]) or \
                DOWN.search(own) else "up"
            assert c.period is not None
            c.base_period = pair[1] if pair else _base_period(sentence, c.period, article,
                                                               q.end)
            if (c.base_period.first, c.base_period.last) == (c.period.first, c.period.last):
                c.base_period = _base_period("", c.period, article, 0)
            out.append(c)
            continue
        c = Claim(sentence, "count", quantity=q, qualifier=q.qualifier, daily=daily)
        _apply(c, scope, sentence, article)
        if topic:
            c.kind, c.measure = "topic", topic
        elif daily:
            c.kind = "topic"
            c.measure = "daily"
        out.append(c)
    return out
