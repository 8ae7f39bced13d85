#!/usr/bin/env python3
"""Generate a realistic Swedish quality handbook of any size, deterministically.

The output is a complete docs-as-code project (``qms.yml``, role registry, process
folders with routines, ``mkdocs.yml``) and, unless ``--no-git``, a Git history whose
commits edit, rename and delete documents over 2023-01-01 .. 2026-11-20.

Same arguments give byte-identical files and identical commit hashes: every random
choice comes from ``random.Random`` seeded from ``--seed``, the history is streamed
through one ``git fast-import`` process with explicit author/committer identities and
dates, and Git runs without user or system configuration.

Usage::

    python benchmarks/generate_handbook.py --documents 1500 --out /tmp/handbok
    python benchmarks/generate_handbook.py --documents 10000 --out /tmp/stor --no-git

The history is planned backwards from the final handbook: the files written to disk
are the final versions, each document's earlier versions differ by reverted line
edits and older review dates, so the working tree always equals the last commit.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import json
import math
import os
import random
import re
import subprocess
import sys
import time
import unicodedata
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

# --------------------------------------------------------------------------------------
# Fixed points in time. The handbook is generated "as of" REFERENCE_DATE so that review
# dates have a known spread of overdue / due soon / current documents.
# --------------------------------------------------------------------------------------

REFERENCE_DATE = dt.date(2026, 11, 22)
HISTORY_START = dt.date(2023, 1, 1)
HISTORY_END = dt.date(2026, 11, 20)
INITIAL_COMMIT_TIME = dt.datetime(2023, 1, 1, 9, 0, 0)
MAX_DEFAULT_COMMITS = 5000
MIN_DOCUMENTS = 5
DUE_SOON_DAYS = 30
MAX_INTERVAL_MONTHS = 36

ORGANISATION_NAME = "Genererad kommun"
EMAIL_DOMAIN = "genererad-kommun.invalid"
IMPORT_AUTHOR = ("Kvalitetsenheten", f"kvalitetsenheten@{EMAIL_DOMAIN}")

# Swedish domain words mapped once to the identifiers used in code.
TYPE_PREFIX = {
    "process": "PROC", "rutin": "RUT", "instruktion": "INS", "checklista": "CHK",
    "mall": "MALL", "riktlinje": "RIK", "styrdokument": "STY",
}
TYPE_WORD = {
    "process": "Process", "rutin": "Rutin", "instruktion": "Instruktion", "checklista": "Checklista",
    "mall": "Mall", "riktlinje": "Riktlinje", "styrdokument": "Styrdokument",
}
# "Rutinen", "Checklistan": how the body refers to its own document.
TYPE_DEFINITE = {
    "process": "processen", "rutin": "rutinen", "instruktion": "instruktionen", "checklista": "checklistan",
    "mall": "mallen", "riktlinje": "riktlinjen", "styrdokument": "styrdokumentet",
}
# Share of non-process documents per type (processes are ~5 % on top of these 95).
TYPE_WEIGHTS = {"rutin": 70, "instruktion": 9, "checklista": 7, "mall": 5, "riktlinje": 3, "styrdokument": 1}
IN_FORCE, DRAFT, WITHDRAWN = "gällande", "utkast", "upphävd"
STATUS_SHARES = {WITHDRAWN: 0.04, DRAFT: 0.03}
OVERDUE_SHARE, DUE_SOON_SHARE = 0.03, 0.02

SOSFS_REFERENCES = (
    "1:1", "1:2", "2:1", "3:1", "3:2", *(f"4:{n}" for n in range(1, 9)), *(f"5:{n}" for n in range(1, 9)),
    "6:1", "6:2", "7:1", "7:2", "3", "4", "5", "6", "7",
)
LAWS = ("SoL", "LSS", "HSL", "PSL", "LVU", "LVM", "LbSB", "OSL", "GDPR", "Lex Sarah", "Lex Maria")
LAW_TITLES = {
    "SoL": "Socialtjänstlagen (2025:400)",
    "LSS": "Lagen (1993:387) om stöd och service till vissa funktionshindrade",
    "HSL": "Hälso- och sjukvårdslagen (2017:30)",
    "PSL": "Patientsäkerhetslagen (2010:659)",
    "LVU": "Lagen (1990:52) med särskilda bestämmelser om vård av unga",
    "LVM": "Lagen (1988:870) om vård av missbrukare i vissa fall",
    "LbSB": "Lagen om bostad med särskild service för barn",
    "OSL": "Offentlighets- och sekretesslagen (2009:400)",
    "GDPR": "Dataskyddsförordningen",
    "Lex Sarah": "Bestämmelserna om lex Sarah och SOSFS 2011:5",
    "Lex Maria": "Bestämmelserna om lex Maria och HSLF-FS 2017:41",
}
# Words in a topic that tie a document to a paragraph of SOSFS 2011:9 or to a law.
TOPIC_SOSFS = (
    ("avvikelse", ("5:4", "5:5")), ("klagomål", ("5:3",)), ("risk", ("5:1",)), ("egenkontroll", ("5:2",)),
    ("samverkan", ("4:6", "4:7")), ("lex sarah", ("5:4",)), ("lex maria", ("5:4",)),
    ("kvalitetsberättelse", ("7:2",)), ("medverkan", ("6:1",)), ("förbättring", ("5:7", "5:8")),
    ("analys", ("5:6",)), ("incident", ("5:4",)), ("tillsyn", ("5:7",)),
)
TOPIC_LAWS = (
    ("lvu", "LVU"), ("lvm", "LVM"), ("lex sarah", "Lex Sarah"), ("lex maria", "Lex Maria"),
    ("sekretess", "OSL"), ("allmän handling", "OSL"), ("personuppgift", "GDPR"), ("lss", "LSS"),
    ("särskild service för barn", "LbSB"), ("läkemedel", "HSL"), ("delegering", "PSL"),
)

# --------------------------------------------------------------------------------------
# Vocabulary. A "kind" is a family of processes (barn och unga, äldreomsorg, HR …) with
# its own activities, routine topics and words; areas are made of one or more kinds.
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    key: str
    care: bool                                   # care recipients (brukare …) rather than staff
    processes: tuple[str, ...]
    activities: tuple[tuple[str, tuple[str, ...]], ...]   # in process order, with routine topics
    clients: tuple[str, ...]
    staff: tuple[str, ...]
    managers: tuple[str, ...]
    records: tuple[str, ...]                     # documents the work produces
    partners: tuple[str, ...]
    laws: tuple[str, ...]
    sosfs: tuple[str, ...]
    facts: tuple[str, ...]
    qualifiers: tuple[str, ...]
    unit_names: tuple[str, ...]                  # templates with {place}
    special_roles: tuple[tuple[str, str], ...] = ()   # (id, title), one per area of this kind


KINDS: dict[str, Kind] = {}


def _kind(**values) -> None:
    kind = Kind(**{key: tuple(value) if isinstance(value, list) else value for key, value in values.items()})
    KINDS[kind.key] = kind


_kind(
    key="barn", care=True,
    processes=["Mottagning och förhandsbedömning", "Utredning av barn och unga", "Placering av barn och unga",
               "Familjehemsvård", "Vård enligt LVU", "Öppenvård för barn och familj",
               "Vårdnad, boende och umgänge", "Ensamkommande barn och unga", "Unga lagöverträdare",
               "Barn som upplevt våld", "Eftervård och avslut av placering", "Kontaktperson och kontaktfamilj"],
    activities=[
        ("Ta emot orosanmälan", ["för mottagning av orosanmälan", "för skyddsbedömning samma dag",
                                 "vid anmälan från skola och förskola", "för orosanmälan under jourtid",
                                 "för återkoppling till anmälare"]),
        ("Göra förhandsbedömning", ["för förhandsbedömning", "för samtal med barnet vid förhandsbedömning",
                                    "för beslut om att inleda utredning", "för kontakt med vårdnadshavare"]),
        ("Inleda och planera utredning", ["för utredningsplan", "för barnets rätt till information och delaktighet",
                                          "för kontakt med referenter",
                                          "för utredning av barn med skyddade personuppgifter"]),
        ("Genomföra utredning", ["för barnsamtal", "för hembesök", "för riskbedömning enligt BBIC",
                                 "för samverkan med barn- och ungdomspsykiatrin och skolan",
                                 "för tolk i utredningsarbetet", "för utredning vid misstanke om våld"]),
        ("Besluta om insats", ["för kommunicering av utredning", "för beslut om bistånd till barn och unga",
                               "för ansökan om vård enligt LVU", "för omedelbart omhändertagande enligt LVU"]),
        ("Verkställa insats", ["för akut placering", "för placering i familjehem", "för placering på HVB",
                               "för matchning av familjehem", "för vårdplan och genomförandeplan",
                               "för hälsoundersökning vid placering"]),
        ("Följa upp insats", ["för uppföljning av placeringar", "för övervägande och omprövning av vård",
                              "för samtal med placerade barn", "för uppföljning av öppenvårdsinsats"]),
        ("Avsluta ärende", ["för avslut av placering", "för eftervård efter placering",
                            "för överflyttning av ärende till annan kommun", "för avslutningssamtal med familjen"]),
    ],
    clients=["barnet", "den unge", "familjen", "vårdnadshavaren", "den enskilde", "klienten"],
    staff=["socialsekreteraren", "handläggaren", "ansvarig socialsekreterare", "familjehemssekreteraren"],
    managers=["enhetschefen", "1:e socialsekreteraren", "gruppledaren"],
    records=["utredningen", "vårdplanen", "genomförandeplanen", "barnets personakt", "beslutet",
             "BBIC-dokumentationen"],
    partners=["skolan", "elevhälsan", "barn- och ungdomspsykiatrin", "polisen", "barnhälsovården", "Barnahus"],
    laws=["SoL", "LVU", "OSL", "GDPR", "Lex Sarah", "LbSB"],
    sosfs=["4:4", "4:6", "4:7", "5:1", "7:1"],
    facts=["En skyddsbedömning ska alltid göras samma dag som anmälan kommer in.",
           "Förhandsbedömningen ska vara klar inom 14 dagar från att anmälan kom in.",
           "En utredning ska vara slutförd senast inom fyra månader.",
           "Barnet ska få relevant information och ges möjlighet att framföra sina åsikter.",
           "Placeringar i familjehem eller på HVB ska följas upp genom regelbundna besök hos barnet.",
           "Inför placeringen ska familjehemmet vara utrett och godkänt av nämnden.",
           "Vård enligt LVU ska övervägas minst en gång var sjätte månad.",
           "Barnets bästa ska vara avgörande vid beslut om vård- och behandlingsinsatser för barn.",
           "Vid placering ska barnets hälsa, skolgång och kontakt med närstående särskilt uppmärksammas.",
           "Placerade barn ska ha en särskilt utsedd socialsekreterare som de kan kontakta."],
    qualifiers=["vid akuta ärenden", "under jourtid", "för barn under tolv år", "för ungdomar",
                "vid skyddade personuppgifter", "i samverkan med skolan"],
    unit_names=["Mottagningsenheten barn och unga {place}", "Utredningsenheten barn och unga {place}",
                "Familjehemsenheten {place}", "Öppenvården barn och familj {place}", "Ungdomsenheten {place}",
                "Familjerätten {place}"],
)

_kind(
    key="vuxen", care=True,
    processes=["Mottagning vuxen", "Utredning av missbruk och beroende", "Vård enligt LVM",
               "Öppenvård vid missbruk och beroende", "Socialpsykiatri och boendestöd", "Bostad och hemlöshet",
               "Våld i nära relationer", "Skyddat boende", "Samordnad individuell plan", "Placering av vuxna",
               "Spelproblem", "Samverkan med frivården"],
    activities=[
        ("Ta emot ansökan eller anmälan", ["för mottagning av ansökan om bistånd", "för anmälan enligt LVM",
                                           "för telefonrådgivning", "för mottagning vid hemlöshet"]),
        ("Bedöma behov", ["för ASI-intervju", "för bedömning av skyddsbehov", "för bedömning av akut boende",
                          "för kartläggning av psykisk ohälsa"]),
        ("Utreda", ["för utredning av vuxna", "för inhämtande av läkarintyg", "för utredning enligt LVM",
                    "för samtal med närstående"]),
        ("Besluta", ["för beslut om bistånd till vuxna", "för ansökan om vård enligt LVM",
                     "för beslut om placering på behandlingshem"]),
        ("Planera insats", ["för samordnad individuell plan", "för genomförandeplan för vuxna",
                            "för samverkan med psykiatrin", "för planering av skyddat boende"]),
        ("Genomföra insats", ["för boendestöd", "för öppenvård vid beroende", "för placering på behandlingshem",
                              "för stöd till våldsutsatta", "för drogtester i öppenvård"]),
        ("Följa upp", ["för uppföljning av placeringar av vuxna", "för uppföljning av boendestöd",
                       "för uppföljning av vård enligt LVM"]),
        ("Avsluta", ["för avslut av insats", "för utskrivning från LVM-hem", "för eftervård efter behandling"]),
    ],
    clients=["klienten", "den enskilde", "brukaren", "personen"],
    staff=["socialsekreteraren", "handläggaren", "behandlaren", "boendestödjaren"],
    managers=["enhetschefen", "1:e socialsekreteraren", "sektionschefen"],
    records=["utredningen", "genomförandeplanen", "den samordnade individuella planen", "journalen", "beslutet",
             "behandlingsplanen"],
    partners=["regionens beroendevård", "psykiatrin", "Kriminalvården", "Statens institutionsstyrelse",
              "polisen", "hyresvärden"],
    laws=["SoL", "LVM", "HSL", "OSL", "GDPR", "Lex Sarah"],
    sosfs=["4:4", "4:5", "4:7", "5:1"],
    facts=["Vid anmälan enligt LVM ska förhandsbedömning göras skyndsamt.",
           "En samordnad individuell plan ska upprättas när den enskilde behöver insatser från både "
           "socialtjänsten och hälso- och sjukvården.",
           "Skyddsbedömningen ska göras innan den enskilde lämnar besöket.",
           "Den enskilde ska erbjudas stöd att behålla eller skaffa en egen bostad.",
           "Placeringar på behandlingshem ska följas upp minst en gång i månaden.",
           "Insatserna ska utformas tillsammans med den enskilde och bygga på frivillighet så långt det är möjligt."],
    qualifiers=["vid akuta ärenden", "för unga vuxna", "vid samsjuklighet", "under jourtid",
                "vid skyddade personuppgifter"],
    unit_names=["Vuxenenheten {place}", "Beroendeenheten {place}", "Socialpsykiatrin {place}",
                "Boendestödet {place}", "Stödboendet {place}", "Relationsvåldsenheten {place}"],
)

_kind(
    key="ekb", care=True,
    processes=["Ekonomiskt bistånd", "Försörjningsstöd för hushåll med barn", "Akut ekonomiskt bistånd",
               "Bistånd till boendekostnad", "Arbetsmarknadsinsatser", "Budget- och skuldrådgivning",
               "Återkrav och felaktiga utbetalningar", "Etableringsinsatser för nyanlända",
               "Ekonomiskt bistånd till unga vuxna", "Bistånd till särskilda behov"],
    activities=[
        ("Ta emot ansökan", ["för mottagning av ansökan om ekonomiskt bistånd", "för e-ansökan",
                             "för nybesök", "för akut ansökan"]),
        ("Utreda behov", ["för utredning av försörjningsstöd", "för kontroll av inkomster och tillgångar",
                          "för hembesök vid ekonomiskt bistånd", "för barnets situation i hushållet"]),
        ("Kontrollera uppgifter", ["för kontroll mot andra myndigheter", "för kontroll av hyresavtal",
                                   "för kontroll av uppgifter i andra kommuner"]),
        ("Besluta", ["för beslut om ekonomiskt bistånd", "för avslag och överklagande",
                     "för beslut om bistånd utöver riksnormen"]),
        ("Betala ut", ["för utbetalning av bistånd", "för direktbetalning till hyresvärd",
                       "för utbetalning vid akuta behov"]),
        ("Planera för egen försörjning", ["för planering mot egen försörjning",
                                          "för samverkan med Arbetsförmedlingen", "för arbetsmarknadsinsatser",
                                          "för sjukskrivna biståndsmottagare"]),
        ("Följa upp", ["för uppföljning av planering", "för uppföljning av långvarigt biståndsmottagande"]),
        ("Återkräva och avsluta", ["för återkrav", "för polisanmälan vid misstänkt bidragsbrott",
                                   "för avslut av ärende"]),
    ],
    clients=["den sökande", "klienten", "den enskilde", "hushållet"],
    staff=["handläggaren", "socialsekreteraren", "ekonomihandläggaren"],
    managers=["enhetschefen", "gruppledaren", "1:e socialsekreteraren"],
    records=["utredningen", "planeringen", "beslutet", "journalen", "ansökan"],
    partners=["Arbetsförmedlingen", "Försäkringskassan", "Skatteverket", "hyresvärden", "Kronofogden"],
    laws=["SoL", "OSL", "GDPR"],
    sosfs=["4:4", "4:8", "5:2"],
    facts=["Riksnormen för försörjningsstöd revideras varje år och ska tillämpas från den första januari.",
           "Beslut ska fattas skyndsamt och normalt inom tio arbetsdagar från att ansökan är komplett.",
           "Kontroll mot andra myndigheter görs vid varje nyansökan.",
           "Barnets bästa ska beaktas vid beslut som berör hushåll med barn.",
           "Den sökande ska informeras om skyldigheten att anmäla ändrade förhållanden."],
    qualifiers=["för hushåll med barn", "för unga vuxna", "vid akut behov", "för nyanlända"],
    unit_names=["Försörjningsstöd {place}", "Mottagningen ekonomiskt bistånd {place}",
                "Arbete och försörjning {place}", "Budget- och skuldrådgivningen {place}"],
)

_kind(
    key="lss", care=True,
    processes=["Handläggning av insatser enligt LSS", "Bostad med särskild service för vuxna",
               "Daglig verksamhet", "Personlig assistans", "Korttidsvistelse", "Ledsagarservice och kontaktperson",
               "Boendestöd vid funktionsnedsättning", "Bostad med särskild service för barn", "Avlösarservice",
               "Individuell plan enligt LSS", "Boende inom socialpsykiatrin", "Fritid och kultur"],
    activities=[
        ("Ta emot ansökan", ["för ansökan om insats enligt LSS", "för information om rätten till individuell plan",
                             "för förhandsbesked om personlig assistans"]),
        ("Utreda", ["för utredning av personkretstillhörighet", "för utredning av personlig assistans",
                    "för utredning av bostad med särskild service"]),
        ("Besluta", ["för beslut om insats enligt LSS", "för beslut om bostad med särskild service för barn",
                     "för rapportering av ej verkställda beslut"]),
        ("Planera genomförande", ["för genomförandeplan", "för individuell plan enligt LSS",
                                  "för inflyttning på gruppbostad", "för introduktion av ny brukare"]),
        ("Genomföra insats", ["för stöd i vardagen på gruppbostad", "för daglig verksamhet",
                              "för hantering av brukares privata medel", "för läkemedelshantering på gruppbostad",
                              "för tydliggörande pedagogik", "för aktiviteter och fritid"]),
        ("Förebygga risker", ["för riskbedömning vid begränsningsåtgärder", "för brandskydd på gruppbostad",
                              "för hantering av hot och våld", "för rapportering enligt lex Sarah"]),
        ("Följa upp", ["för uppföljning av genomförandeplan", "för omprövning av personlig assistans",
                       "för brukarundersökning"]),
        ("Avsluta", ["för avslut av insats", "för utflyttning från gruppbostad",
                     "för överlämning vid byte av utförare"]),
    ],
    clients=["brukaren", "den enskilde", "den boende", "deltagaren"],
    staff=["handläggaren", "personalen", "kontaktpersonalen", "stödassistenten", "boendestödjaren"],
    managers=["enhetschefen", "verksamhetschefen", "samordnaren"],
    records=["genomförandeplanen", "den individuella planen", "den sociala dokumentationen", "beslutet",
             "journalen"],
    partners=["habiliteringen", "god man eller förvaltare", "Försäkringskassan", "regionen", "skolan"],
    laws=["LSS", "SoL", "HSL", "OSL", "Lex Sarah", "LbSB"],
    sosfs=["4:4", "4:6", "5:1", "5:2"],
    facts=["Genomförandeplanen ska upprättas tillsammans med den enskilde inom en månad från att insatsen startat.",
           "Beslut som inte verkställts inom tre månader ska rapporteras till IVO.",
           "Den enskilde ska ges möjlighet till inflytande och medbestämmande över insatsen.",
           "Brukarens privata medel ska hanteras så att de alltid kan redovisas.",
           "Begränsningsåtgärder får inte användas utan stöd i lag."],
    qualifiers=["på gruppbostad", "i daglig verksamhet", "för barn och unga", "vid personlig assistans",
                "under helger"],
    unit_names=["Gruppbostaden {place}", "Servicebostaden {place}", "Daglig verksamhet {place}",
                "Personlig assistans {place}", "Korttidsvistelsen {place}", "LSS-handläggningen {place}"],
)

_kind(
    key="aldre", care=True,
    processes=["Biståndshandläggning inom äldreomsorgen", "Hemtjänst", "Vård- och omsorgsboende",
               "Korttidsvistelse för äldre", "Dagverksamhet för äldre", "Trygghetslarm", "Anhörigstöd",
               "Utskrivning från slutenvård", "Vård i livets slutskede", "Demensvård", "Nattpatrull",
               "Måltider och nutrition"],
    activities=[
        ("Ta emot ansökan", ["för ansökan om bistånd inom äldreomsorgen", "för förenklad biståndshandläggning",
                             "för ansökan om trygghetslarm"]),
        ("Utreda behov", ["för utredning enligt IBIC", "för hembesök vid utredning",
                          "för bedömning av behov av särskilt boende"]),
        ("Besluta", ["för beslut om hemtjänst", "för beslut om vård- och omsorgsboende",
                     "för rapportering av ej verkställda beslut"]),
        ("Planera insatsen", ["för genomförandeplan i hemtjänsten", "för inflyttning på vård- och omsorgsboende",
                              "för kontaktmannaskap", "för planering av insatser vid utskrivning"]),
        ("Utföra insatsen", ["för hemtjänstinsatser", "för nyckelhantering i hemtjänsten",
                             "för måltider och nutrition", "för social samvaro och aktiviteter",
                             "för personlig hygien", "för hantering av brukares pengar"]),
        ("Förebygga risker", ["för riskbedömning av fall, trycksår och undernäring",
                              "för åtgärder när brukaren inte öppnar", "för brandskydd i ordinärt boende",
                              "för krisberedskap i hemtjänsten", "för rapportering enligt lex Sarah"]),
        ("Följa upp", ["för uppföljning av genomförandeplan", "för uppföljning av biståndsbeslut",
                       "för kvalitetsregister i äldreomsorgen"]),
        ("Avsluta", ["för avslut av insats", "för åtgärder vid dödsfall", "för flytt mellan boenden"]),
    ],
    clients=["brukaren", "den enskilde", "den äldre", "kunden"],
    staff=["undersköterskan", "kontaktmannen", "biståndshandläggaren", "omsorgspersonalen", "vårdbiträdet"],
    managers=["enhetschefen", "samordnaren", "verksamhetschefen"],
    records=["genomförandeplanen", "den sociala dokumentationen", "biståndsbeslutet", "journalen",
             "kontaktmannens anteckningar"],
    partners=["hemsjukvården", "regionens primärvård", "anhöriga", "god man", "larmcentralen"],
    laws=["SoL", "HSL", "OSL", "Lex Sarah", "GDPR"],
    sosfs=["4:4", "4:6", "4:7", "5:1", "5:2"],
    facts=["Genomförandeplanen ska upprättas tillsammans med den enskilde inom tre veckor från att insatsen startat.",
           "Kontaktmannen ansvarar för att genomförandeplanen hålls aktuell.",
           "Om brukaren inte öppnar vid ett planerat besök ska personalen agera enligt rutinen och aldrig lämna "
           "platsen utan åtgärd.",
           "Riskbedömningar för fall, trycksår och undernäring görs vid inflyttning och därefter minst var "
           "sjätte månad.",
           "Enhetens plan för krisberedskap ska vara känd av all personal.",
           "Den enskilde ska så långt det är möjligt kunna påverka när och hur insatserna utförs."],
    qualifiers=["i hemtjänsten", "på vård- och omsorgsboende", "nattetid", "vid demenssjukdom",
                "under helger", "vid korttidsvistelse"],
    unit_names=["Hemtjänsten {place}", "Vård- och omsorgsboendet {place}", "Dagverksamheten {place}",
                "Korttidsboendet {place}", "Biståndsenheten {place}", "Nattpatrullen {place}"],
    special_roles=[("socialt-ansvarig-samordnare", "Socialt ansvarig samordnare")],
)

_kind(
    key="hsv", care=True,
    processes=["Läkemedelshantering", "Hemsjukvård", "Rehabilitering och hjälpmedel", "Sårvård och trycksår",
               "Nutrition och munhälsa", "Palliativ vård", "Hygien och smittskydd", "Medicintekniska produkter",
               "Delegering av hälso- och sjukvårdsuppgifter", "Patientsäkerhet och lex Maria",
               "Samordnad vårdplanering", "Journalföring i hälso- och sjukvården"],
    activities=[
        ("Ta emot remiss eller kontakt", ["för inskrivning i hemsjukvården", "för mottagning av remiss",
                                          "för kontakt vid akut försämring"]),
        ("Bedöma och planera", ["för bedömning av hälsotillstånd", "för vårdplan",
                                "för riskbedömning inom hälso- och sjukvården"]),
        ("Delegera", ["för delegering av läkemedelshantering", "för delegering av insulingivning",
                      "för uppföljning av delegeringar"]),
        ("Genomföra åtgärder", ["för läkemedelsgenomgång", "för iordningställande och administrering av läkemedel",
                                "för sårvård", "för hantering av narkotikaklassade läkemedel",
                                "för förskrivning av hjälpmedel", "för basala hygienrutiner"]),
        ("Samverka", ["för samverkan vid utskrivning från slutenvård", "för kontakt med läkare",
                      "för informationsöverföring mellan vårdgivare"]),
        ("Dokumentera", ["för journalföring", "för signering av läkemedel", "för hantering av patientjournal"]),
        ("Följa upp", ["för uppföljning av vårdplan", "för egenkontroll av läkemedelsförråd",
                       "för avvikelser i hälso- och sjukvården", "för anmälan enligt lex Maria"]),
        ("Avsluta", ["för utskrivning från hemsjukvården", "för åtgärder vid dödsfall",
                     "för arkivering av patientjournal"]),
    ],
    clients=["patienten", "den enskilde", "brukaren"],
    staff=["sjuksköterskan", "arbetsterapeuten", "fysioterapeuten", "undersköterskan", "den legitimerade personalen"],
    managers=["enhetschefen", "verksamhetschefen", "den medicinskt ansvariga sjuksköterskan"],
    records=["vårdplanen", "patientjournalen", "läkemedelslistan", "signeringslistan", "delegeringsbeslutet"],
    partners=["regionens primärvård", "slutenvården", "läkaren", "apoteket", "hjälpmedelscentralen"],
    laws=["HSL", "PSL", "Lex Maria", "OSL", "GDPR"],
    sosfs=["4:4", "4:7", "5:1", "5:4"],
    facts=["Delegering av hälso- och sjukvårdsuppgifter ska vara skriftlig och gälla högst ett år.",
           "Läkemedel ska förvaras inlåsta och åtkomsten ska kunna följas upp.",
           "Händelser som har medfört eller hade kunnat medföra en allvarlig vårdskada ska anmälas till IVO "
           "enligt lex Maria.",
           "Basala hygienrutiner ska tillämpas av all personal i vård- och omsorgsarbete.",
           "Patientjournalen ska föras så att den bidrar till en god och säker vård."],
    qualifiers=["i hemsjukvården", "på vård- och omsorgsboende", "nattetid", "vid palliativ vård",
                "för legitimerad personal"],
    unit_names=["Hemsjukvården {place}", "Rehabenheten {place}", "Sjuksköterskeenheten {place}"],
    special_roles=[("medicinskt-ansvarig-sjukskoterska", "Medicinskt ansvarig sjuksköterska (MAS)"),
                   ("medicinskt-ansvarig-for-rehabilitering", "Medicinskt ansvarig för rehabilitering (MAR)")],
)

_kind(
    key="kvalitet", care=True,
    processes=["Ledningssystem för systematiskt kvalitetsarbete", "Avvikelsehantering", "Klagomål och synpunkter",
               "Egenkontroll", "Riskanalys", "Kvalitetsberättelse", "Dokumenthantering", "Lex Sarah",
               "Internkontroll", "Årshjul för kvalitetsarbetet", "Personalens medverkan i kvalitetsarbetet",
               "Verksamhetsplanering och uppföljning"],
    activities=[
        ("Planera", ["för verksamhetsplanering", "för planering av egenkontroller",
                     "för årshjul för kvalitetsarbetet"]),
        ("Identifiera risker", ["för riskanalys", "för risk- och konsekvensanalys vid förändring",
                                "för händelseanalys"]),
        ("Ta emot rapporter", ["för rapportering av avvikelser", "för mottagning av klagomål och synpunkter",
                               "för rapportering enligt lex Sarah", "för anmälan till IVO"]),
        ("Utreda", ["för utredning av avvikelser", "för utredning av missförhållanden enligt lex Sarah",
                    "för hantering av tillsynsärenden"]),
        ("Åtgärda", ["för förbättringsåtgärder", "för handlingsplan efter tillsyn",
                     "för återkoppling till den som rapporterat"]),
        ("Styra dokument", ["för framtagning av styrdokument", "för granskning och fastställande av rutiner",
                            "för upphävande av dokument", "för publicering i kvalitetshandboken"]),
        ("Följa upp och analysera", ["för sammanställning och analys av avvikelser", "för egenkontroll",
                                     "för brukarundersökningar", "för uppföljning av avtal med utförare"]),
        ("Redovisa", ["för kvalitetsberättelse", "för rapportering till nämnden",
                      "för personalens medverkan i kvalitetsarbetet"]),
    ],
    clients=["brukaren", "den enskilde", "klienten", "patienten"],
    staff=["medarbetaren", "kvalitetsutvecklaren", "utredaren", "den dokumentansvariga"],
    managers=["enhetschefen", "kvalitetschefen", "förvaltningschefen", "processägaren"],
    records=["avvikelserapporten", "handlingsplanen", "kvalitetsberättelsen", "egenkontrollplanen", "riskanalysen"],
    partners=["IVO", "nämnden", "revisorerna", "fackliga företrädare", "brukarorganisationer"],
    laws=["SoL", "LSS", "HSL", "PSL", "Lex Sarah", "Lex Maria", "OSL"],
    sosfs=["3:1", "3:2", "4:1", "4:2", "4:3", "5:1", "5:2", "5:6", "5:7", "6:1", "6:2", "7:1", "7:2"],
    facts=["Egenkontroll ska utövas med den frekvens och i den omfattning som krävs för att säkra "
           "verksamhetens kvalitet.",
           "Klagomål och synpunkter ska tas emot, utredas och besvaras skyndsamt.",
           "Rapporter om missförhållanden enligt lex Sarah ska dokumenteras, utredas och avhjälpas utan dröjsmål.",
           "Kvalitetsberättelsen för föregående år fastställs av nämnden under våren.",
           "Personalen ska medverka i det systematiska kvalitetsarbetet.",
           "Resultatet av sammanställningar och analyser ska användas för att förbättra verksamheten."],
    qualifiers=["inom socialförvaltningen", "inom vård- och omsorgsförvaltningen", "för utförare i egen regi",
                "för privata utförare"],
    unit_names=["Förvaltningsledningen", "Kvalitetsenheten", "Juridiska enheten", "Utvecklingsenheten",
                "Kansliet", "Enheten för uppföljning och analys", "Nämndsekretariatet", "Avtalsuppföljningen",
                "Kvalitetsenheten {place}"],
    special_roles=[("forvaltningschef", "Förvaltningschef"), ("kvalitetschef", "Kvalitetschef"),
                   ("dataskyddsombud", "Dataskyddsombud"),
                   ("systemforvaltare-kvalitetshandboken", "Systemförvaltare, kvalitetshandboken")],
)

_kind(
    key="hr", care=False,
    processes=["Rekrytering", "Introduktion av nya medarbetare", "Systematiskt arbetsmiljöarbete",
               "Rehabilitering och sjukfrånvaro", "Kompetensutveckling", "Bemanning och schemaläggning",
               "Avslut av anställning", "Lönehantering", "Registerkontroll vid anställning", "Medarbetarsamtal"],
    activities=[
        ("Planera bemanning", ["för bemanningsplanering", "för schemaläggning", "för timavlönade vikarier"]),
        ("Rekrytera", ["för rekrytering", "för kontroll av belastningsregister", "för referenstagning",
                       "för anställningsavtal"]),
        ("Introducera", ["för introduktion av nyanställda", "för introduktion av vikarier",
                         "för behörigheter i verksamhetssystemet"]),
        ("Utveckla kompetens", ["för kompetensplan", "för utbildning i social dokumentation", "för medarbetarsamtal"]),
        ("Arbeta med arbetsmiljö", ["för systematiskt arbetsmiljöarbete", "för skyddsrond",
                                    "för hot och våld mot personal", "för ensamarbete"]),
        ("Hantera frånvaro", ["för sjukanmälan", "för rehabilitering", "för semesterplanering"]),
        ("Följa upp", ["för medarbetarenkät", "för uppföljning av sjukfrånvaro", "för lönesamtal"]),
        ("Avsluta anställning", ["för avslut av anställning", "för avslutningssamtal",
                                 "för återlämning av nycklar och behörigheter"]),
    ],
    clients=["medarbetaren", "den anställde", "den nyanställde"],
    staff=["HR-konsulten", "HR-specialisten", "lönehandläggaren", "chefen"],
    managers=["närmaste chef", "HR-chefen", "enhetschefen"],
    records=["anställningsavtalet", "introduktionsplanen", "kompetensplanen", "arbetsmiljöplanen", "personakten"],
    partners=["skyddsombudet", "företagshälsovården", "fackliga företrädare", "Försäkringskassan", "lönecentret"],
    laws=["GDPR", "OSL"],
    sosfs=["4:1", "6:1", "6:2"],
    facts=["Utdrag ur belastningsregistret ska kontrolleras före anställning i verksamheter som riktar sig "
           "till barn.",
           "Introduktionen ska vara dokumenterad och följas upp efter tre månader.",
           "Arbetsmiljöarbetet ska bedrivas i samverkan med skyddsombud.",
           "Medarbetare som arbetar ensamma ska ha tillgång till larm och en tydlig rutin för kontakt."],
    qualifiers=["för chefer", "för timavlönade", "inom vård och omsorg", "inom individ- och familjeomsorgen"],
    unit_names=["HR-enheten", "Lönecentret", "Rekryteringscentrum", "Bemanningsenheten", "Arbetsmiljöenheten",
                "Kompetensförsörjningen", "HR-enheten {place}"],
    special_roles=[("hr-chef", "HR-chef")],
)

_kind(
    key="ekonomi", care=False,
    processes=["Budget och prognos", "Inköp och upphandling", "Fakturahantering", "Avtalsuppföljning",
               "Kassahantering", "Intern kontroll av ekonomin", "Attest och delegation",
               "Ersättning till familjehem", "Förvaltning av brukares medel", "Bokslut"],
    activities=[
        ("Planera budget", ["för budgetarbete", "för månadsprognos", "för verksamhetsplan och budget"]),
        ("Beställa", ["för inköp", "för direktupphandling", "för beställning i e-handelssystemet"]),
        ("Upphandla", ["för upphandling av HVB och familjehemsvård", "för avrop från ramavtal",
                       "för behovsanalys inför upphandling"]),
        ("Attestera", ["för attest av fakturor", "för attesträtter och delegation", "för hantering av kontantkassa"]),
        ("Betala", ["för fakturahantering", "för utbetalning av ersättning till familjehem",
                    "för utbetalning av arvoden"]),
        ("Följa upp avtal", ["för avtalsuppföljning", "för uppföljning av leverantörer", "för avvikelser mot avtal"]),
        ("Kontrollera", ["för intern kontroll", "för stickprovskontroll av attester", "för inventering"]),
        ("Stänga räkenskapsåret", ["för tertialbokslut", "för årsbokslut", "för periodisering"]),
    ],
    clients=["verksamheten", "beställaren", "enheten"],
    staff=["ekonomen", "controllern", "ekonomiassistenten", "upphandlaren"],
    managers=["ekonomichefen", "enhetschefen", "den budgetansvariga chefen"],
    records=["avtalet", "budgeten", "attestlistan", "beställningen", "fakturan"],
    partners=["upphandlingsenheten", "leverantören", "revisorerna", "kommunledningskontoret"],
    laws=["OSL", "GDPR"],
    sosfs=["3:1", "4:1", "5:2"],
    facts=["Attest ska alltid göras av två personer: en som granskar och en som beslutar.",
           "Direktupphandlingar ska dokumenteras oavsett belopp.",
           "Fakturor ska betalas i rätt tid för att undvika dröjsmålsränta.",
           "Avtal med utförare ska följas upp minst en gång per år."],
    qualifiers=["för chefer", "vid årsskiftet", "för enheter i egen regi", "vid byte av leverantör"],
    unit_names=["Ekonomienheten", "Upphandlingsenheten", "Redovisningsenheten", "Controllerenheten",
                "Ekonomienheten {place}"],
    special_roles=[("ekonomichef", "Ekonomichef")],
)

_kind(
    key="sakerhet", care=False,
    processes=["Krisberedskap", "Informationssäkerhet", "Incidenthantering", "Brandskydd", "Hot och våld",
               "Behörighetshantering", "Kontinuitetsplanering", "Säkerhetsskydd", "Larm och lås",
               "Skyddade personuppgifter"],
    activities=[
        ("Analysera risker", ["för risk- och sårbarhetsanalys", "för informationsklassning",
                              "för säkerhetsanalys av lokaler"]),
        ("Planera", ["för krisberedskap", "för kontinuitetsplan", "för planering av övningar"]),
        ("Förebygga", ["för behörighetstilldelning", "för lösenord och inloggning", "för brandskyddskontroll",
                       "för hantering av skyddade personuppgifter"]),
        ("Upptäcka", ["för rapportering av informationssäkerhetsincidenter", "för larmhantering",
                      "för hantering av misstänkt intrång"]),
        ("Hantera händelse", ["för krisledning", "för hot och våld mot personal", "för utrymning",
                              "för personuppgiftsincidenter"]),
        ("Återställa", ["för återgång till normal verksamhet", "för reservrutiner vid it-avbrott",
                        "för krisstöd till personal"]),
        ("Följa upp", ["för uppföljning av incidenter", "för behörighetsuppföljning", "för logguppföljning"]),
        ("Öva och utbilda", ["för krisövning", "för utbildning i informationssäkerhet", "för brandövning"]),
    ],
    clients=["medarbetaren", "verksamheten", "den enskilde"],
    staff=["säkerhetssamordnaren", "informationssäkerhetssamordnaren", "systemförvaltaren", "medarbetaren"],
    managers=["säkerhetschefen", "enhetschefen", "förvaltningschefen"],
    records=["krisplanen", "kontinuitetsplanen", "incidentrapporten", "behörighetsbeställningen", "riskanalysen"],
    partners=["räddningstjänsten", "polisen", "kommunens krisledning", "it-avdelningen", "dataskyddsombudet"],
    laws=["OSL", "GDPR"],
    sosfs=["5:1", "4:1"],
    facts=["En personuppgiftsincident ska anmälas till Integritetsskyddsmyndigheten inom 72 timmar.",
           "Behörigheter i verksamhetssystemet ska följas upp minst två gånger per år.",
           "Planen för krisberedskap ska övas minst en gång per år.",
           "Loggar över åtkomst till personuppgifter ska kontrolleras regelbundet."],
    qualifiers=["för chefer", "vid it-avbrott", "utanför kontorstid", "för verksamhetssystemet"],
    unit_names=["Säkerhetsenheten", "Beredskapsenheten", "Informationssäkerhetsfunktionen",
                "Säkerhetsenheten {place}"],
    special_roles=[("sakerhetschef", "Säkerhetschef"),
                   ("informationssakerhetssamordnare", "Informationssäkerhetssamordnare")],
)

_kind(
    key="kommunikation", care=False,
    processes=["Intern kommunikation", "Webb och intranät", "Kriskommunikation", "Medieförfrågningar",
               "Klarspråk och tillgänglighet", "Kontaktcenter", "Utlämnande av allmän handling",
               "Registrering och diarieföring", "Arkivering", "Tolkförmedling"],
    activities=[
        ("Planera kommunikation", ["för kommunikationsplan", "för målgruppsanalys",
                                   "för årsplanering av kommunikation"]),
        ("Ta emot ärende", ["för mottagning av post och e-post", "för kontaktcenter", "för medieförfrågningar"]),
        ("Registrera", ["för diarieföring", "för registrering av allmänna handlingar",
                        "för hantering av sekretessmarkerade handlingar"]),
        ("Pröva utlämnande", ["för utlämnande av allmän handling", "för sekretessprövning",
                              "för beslut om avslag på begäran om allmän handling"]),
        ("Producera", ["för publicering på intranätet", "för klarspråk", "för tillgänglighet i digitala kanaler",
                       "för bild och film med brukare"]),
        ("Publicera", ["för publicering på webbplatsen", "för sociala medier", "för tillgänglighetsredogörelse"]),
        ("Följa upp", ["för uppföljning av webbstatistik", "för uppföljning av tillgänglighetsbrister"]),
        ("Arkivera", ["för arkivering", "för gallring", "för dokumenthanteringsplan"]),
    ],
    clients=["mottagaren", "medborgaren", "den enskilde"],
    staff=["kommunikatören", "registratorn", "arkivarien", "webbredaktören"],
    managers=["kommunikationschefen", "enhetschefen", "kanslichefen"],
    records=["kommunikationsplanen", "diariet", "dokumenthanteringsplanen", "tillgänglighetsredogörelsen"],
    partners=["stadsarkivet", "journalister", "kommunens kontaktcenter", "tolkförmedlingen"],
    laws=["OSL", "GDPR"],
    sosfs=["7:1", "4:1"],
    facts=["En begäran om att ta del av allmän handling ska behandlas skyndsamt, normalt samma dag.",
           "Webbplatser och intranät ska uppfylla kraven i lagen om tillgänglighet till digital offentlig service.",
           "Texter ska skrivas på klarspråk och gå att förstå för alla mottagare.",
           "Bilder på brukare får bara publiceras med skriftligt samtycke."],
    qualifiers=["för chefer", "i kris", "på intranätet", "för medarbetare utan dator"],
    unit_names=["Kommunikationsenheten", "Registraturen", "Arkivet", "Kontaktcenter", "Webbredaktionen",
                "Kommunikationsenheten {place}"],
    special_roles=[("kommunikationschef", "Kommunikationschef")],
)

_kind(
    key="fastighet", care=False,
    processes=["Lokalförsörjning", "Felanmälan och underhåll", "Lokalvård", "Måltidsservice",
               "Fordon och transporter", "Nycklar och passagesystem", "Avfallshantering", "Flytt av verksamhet",
               "Vaktmästeri", "Inventarier och utrustning"],
    activities=[
        ("Planera lokaler", ["för lokalbehovsanalys", "för planering av ombyggnad",
                             "för tillgänglighetsanpassning av lokaler"]),
        ("Beställa", ["för beställning av lokalvård", "för beställning av inventarier",
                      "för beställning av transporter"]),
        ("Felanmäla", ["för felanmälan", "för akuta fel utanför kontorstid", "för vattenskada"]),
        ("Underhålla", ["för underhållsplan", "för tillsyn av lokaler", "för vaktmästeritjänster"]),
        ("Hantera nycklar", ["för nyckelkvittens", "för passagekort", "för borttappade nycklar"]),
        ("Tillhandahålla service", ["för lokalvård", "för måltidsservice", "för fordonshantering",
                                    "för avfallshantering"]),
        ("Följa upp", ["för uppföljning av lokalvård", "för miljörond", "för energiuppföljning"]),
        ("Avveckla", ["för avveckling av lokal", "för flytt av verksamhet", "för kassering av inventarier"]),
    ],
    clients=["verksamheten", "beställaren", "hyresgästen"],
    staff=["fastighetssamordnaren", "vaktmästaren", "lokalvårdaren", "servicehandläggaren"],
    managers=["enhetschefen", "fastighetschefen", "servicechefen"],
    records=["felanmälan", "nyckellistan", "underhållsplanen", "lokalvårdsprogrammet"],
    partners=["fastighetsägaren", "räddningstjänsten", "leverantören", "hyresvärden"],
    laws=["OSL", "GDPR"],
    sosfs=["4:1", "5:1"],
    facts=["Akuta fel utanför kontorstid anmäls till fastighetsjouren.",
           "Nycklar och passagekort kvitteras ut personligen och återlämnas när anställningen upphör.",
           "Lokalerna ska vara tillgängliga för personer med funktionsnedsättning.",
           "Brandskyddet ska kontrolleras enligt enhetens plan för systematiskt brandskyddsarbete."],
    qualifiers=["för boenden", "utanför kontorstid", "vid ombyggnad", "för hyrda lokaler"],
    unit_names=["Fastighetsenheten", "Serviceenheten", "Måltidsenheten", "Vaktmästeriet", "Fordonsenheten",
                "Serviceenheten {place}"],
    special_roles=[("fastighetschef", "Fastighetschef")],
)


@dataclass(frozen=True)
class AreaSpec:
    id: str
    title: str
    code: str                  # the area part of document ids: RUT-BOU-0142
    kinds: tuple[str, ...]
    weight: float


# Ordered: small handbooks take the first six, large ones add support functions and districts.
AREA_CATALOGUE: tuple[AreaSpec, ...] = (
    AreaSpec("barn-och-unga", "Barn och unga", "BOU", ("barn",), 1.3),
    AreaSpec("vuxen", "Vuxen", "VUX", ("vuxen",), 1.0),
    AreaSpec("ekonomiskt-bistand", "Ekonomiskt bistånd", "EKB", ("ekb",), 0.7),
    AreaSpec("funktionsnedsattning", "Funktionsnedsättning", "FUN", ("lss",), 1.1),
    AreaSpec("aldreomsorg", "Äldreomsorg", "ALD", ("aldre",), 1.4),
    AreaSpec("kvalitet-och-ledning", "Kvalitet och ledning", "KVL", ("kvalitet",), 0.6),
    AreaSpec("halso-och-sjukvard", "Kommunal hälso- och sjukvård", "HSV", ("hsv",), 0.9),
    AreaSpec("hr-och-personal", "HR och personal", "HR", ("hr",), 0.5),
    AreaSpec("ekonomi-och-upphandling", "Ekonomi och upphandling", "EKO", ("ekonomi",), 0.4),
    AreaSpec("stadsdel-norr-aldreomsorg", "Stadsdel Norr – äldreomsorg", "NALD", ("aldre",), 1.0),
    AreaSpec("sakerhet-och-beredskap", "Säkerhet och beredskap", "SAK", ("sakerhet",), 0.4),
    AreaSpec("stadsdel-soder-aldreomsorg", "Stadsdel Söder – äldreomsorg", "SALD", ("aldre",), 1.0),
    AreaSpec("kommunikation-och-kansli", "Kommunikation och kansli", "KOM", ("kommunikation",), 0.4),
    AreaSpec("stadsdel-norr-individ-och-familjeomsorg", "Stadsdel Norr – individ- och familjeomsorg", "NIFO",
             ("barn", "vuxen", "ekb"), 1.0),
    AreaSpec("stadsdel-soder-individ-och-familjeomsorg", "Stadsdel Söder – individ- och familjeomsorg", "SIFO",
             ("barn", "vuxen", "ekb"), 1.0),
    AreaSpec("fastighet-och-service", "Fastighet och service", "FAS", ("fastighet",), 0.3),
    AreaSpec("stadsdel-vaster-funktionsnedsattning", "Stadsdel Väster – funktionsnedsättning", "VFUN", ("lss",), 0.9),
    AreaSpec("stadsdel-oster-aldreomsorg", "Stadsdel Öster – äldreomsorg", "OALD", ("aldre",), 1.0),
    AreaSpec("stadsdel-vaster-individ-och-familjeomsorg", "Stadsdel Väster – individ- och familjeomsorg", "VIFO",
             ("barn", "vuxen", "ekb"), 0.9),
    AreaSpec("stadsdel-oster-funktionsnedsattning", "Stadsdel Öster – funktionsnedsättning", "OFUN", ("lss",), 0.8),
)

PROCESS_SUFFIXES = ("planering", "genomförande", "uppföljning", "samverkan", "kvalitetssäkring",
                    "särskilda situationer", "stöd och service", "akuta ärenden")
PLACE_PREFIXES = ("Björk", "Ek", "Lind", "Sol", "Tall", "Gran", "Rönn", "Ask", "Hassel", "Lönn", "Sjö", "Berg",
                  "Ängs", "Mal", "Hag", "Ros", "Al", "Vide", "Sälg", "Fur", "Klöver", "Lärk", "Bok", "Asp")
PLACE_SUFFIXES = ("backen", "gården", "hagen", "dalen", "lunden", "viken", "berga", "ängen", "torp", "holmen",
                  "udden", "åsen", "slätten", "höjden", "parken", "kullen")
# Invented people. Surnames that occur in the seed documents are left out on purpose.
FIRST_NAMES = ("Anna", "Eva", "Maria", "Karin", "Sara", "Lena", "Emma", "Kristina", "Elin", "Johanna", "Linda",
               "Malin", "Sofia", "Jenny", "Helena", "Camilla", "Therese", "Annika", "Ida", "Hanna", "Frida",
               "Amanda", "Josefin", "Matilda", "Ulrika", "Petra", "Cecilia", "Louise", "Nadia", "Fatima", "Amira",
               "Leyla", "Yasmin", "Aisha", "Mirela", "Zeynep", "Erik", "Lars", "Anders", "Johan", "Per", "Karl",
               "Mikael", "Peter", "Fredrik", "Daniel", "Andreas", "Jonas", "Magnus", "Stefan", "Mattias", "Henrik",
               "Marcus", "Niklas", "Tobias", "Oskar", "Ali", "Omar", "Ahmed", "Hassan", "Mehmet", "Dragan", "Goran",
               "Samir", "Kenneth", "Viktor", "Emil", "Robert")
SURNAMES = ("Johansson", "Karlsson", "Nilsson", "Eriksson", "Olsson", "Persson", "Gustafsson", "Pettersson",
            "Jonsson", "Jansson", "Bengtsson", "Jönsson", "Jakobsson", "Magnusson", "Lindström", "Olofsson",
            "Lindqvist", "Lindgren", "Axelsson", "Bergström", "Lundberg", "Lundgren", "Lundqvist", "Mattsson",
            "Berglund", "Fredriksson", "Sandberg", "Henriksson", "Sjöberg", "Wallin", "Engström", "Eklund",
            "Danielsson", "Håkansson", "Lundin", "Bergman", "Gunnarsson", "Holm", "Samuelsson", "Fransson",
            "Wikström", "Isaksson", "Hosseini", "Ahmadi", "Mohammadi", "Yilmaz", "Nyström", "Holmberg", "Åberg",
            "Blom", "Nordin", "Hedlund", "Sundberg", "Söderberg", "Öberg", "Demir", "Nordström", "Hägglund",
            "Strömberg", "Kaya", "Rahimi", "Jovanović", "Virtanen", "Korhonen")

# --------------------------------------------------------------------------------------
# Sentence templates. Slots: {client} {staff} {manager} {record} {partner} {system} {time}
# {subject} {unit} {area} {self} {law}; a capitalised slot name gives a capitalised value.
# --------------------------------------------------------------------------------------

PURPOSE = (
    "Syftet med {self} är att säkerställa att arbetet med {subject} sker på ett rättssäkert, enhetligt och "
    "likvärdigt sätt.",
    "{Self} ska ge medarbetarna stöd så att {client} får insatser av god kvalitet och så att arbetet följer "
    "gällande lagstiftning.",
    "Arbetet med {subject} ska vara förutsägbart för {client} och bygga på delaktighet, självbestämmande och "
    "respekt för integriteten.",
    "{Self} beskriver vem som gör vad, i vilken ordning och hur arbetet dokumenteras.",
    "{Self} är en del av ledningssystemet för systematiskt kvalitetsarbete enligt SOSFS 2011:9 och utgår från "
    "{law}.",
    "Ett gemensamt arbetssätt minskar risken för att uppgifter faller mellan stolarna när ärenden lämnas över "
    "mellan medarbetare eller enheter.",
    "Målet är att ingen ska behöva leta efter rätt version: den gällande versionen av {self} finns alltid i "
    "kvalitetshandboken.",
    "{Self} ska också göra det lättare för nya medarbetare att snabbt komma in i arbetet med {subject}.",
)
SCOPE = (
    "{Self} gäller för alla medarbetare inom {unit} som arbetar med {subject}, även timavlönade och vikarier.",
    "{Self} omfattar samtliga ärenden inom {area} där {subject} är aktuellt.",
    "Den gäller från att ärendet aktualiseras till att insatsen är avslutad och dokumentationen är komplett.",
    "{Self} gäller även kvällar, helger och semesterperioder, då jouren eller bemanningsenheten kan behöva ta "
    "över vissa moment.",
    "Chefer ansvarar för att nyanställda får kännedom om {self} i samband med introduktionen.",
    "För ärenden som rör skyddade personuppgifter gäller dessutom särskilda säkerhetsrutiner.",
    "{Self} gäller både verksamhet i egen regi och verksamhet som bedrivs på uppdrag av nämnden.",
)
RESPONSIBILITY = (
    "- **{Manager}** ansvarar för att {self} är känd och följs på enheten och att medarbetarna har de "
    "förutsättningar som krävs.",
    "- **{Staff}** ansvarar för att utföra och dokumentera arbetet enligt {self}.",
    "- **Processägaren** ansvarar för att {self} granskas minst en gång per år och stämmer överens med processen.",
    "- **Dokumentansvarig** ansvarar för att ändringar fastställs och publiceras i kvalitetshandboken.",
    "- **Medarbetare** ansvarar för att rapportera avvikelser och lämna förbättringsförslag när {self} inte "
    "fungerar i praktiken.",
    "- **Kvalitetsutvecklaren** stödjer enheten vid egenkontroll, riskanalys och uppföljning.",
    "- **Nämnden** har det yttersta ansvaret för att det finns ett ledningssystem för systematiskt kvalitetsarbete.",
)
STEPS_ANY = (
    "{Staff} tar emot ärendet och kontrollerar i {system} om det finns tidigare kontakter.",
    "Registrera uppgifterna i {system} {time}.",
    "Gör en första bedömning av ärendet och ta ställning till om det behöver hanteras akut.",
    "Stäm av med {manager} om ärendet kräver ett beslut som ligger utanför din delegation.",
    "Säkerställ att tolk bokas vid behov och att informationen ges på ett sätt som {client} förstår.",
    "Gå igenom checklistan för {subject} innan ärendet förs vidare.",
    "Överlämna ärendet till nästa ansvariga enhet vid ett gemensamt överlämningsmöte.",
    "Vid frånvaro tar ordinarie ersättare enligt enhetens bemanningsplan över ärendet {time}.",
    "Anteckna vilka som deltagit, vad som sagts och vilka överenskommelser som gjorts.",
    "Informera berörda medarbetare om beslutet vid nästa arbetsplatsträff.",
    "Kontrollera att alla uppgifter är kompletta innan ärendet avslutas.",
    "Spara underlagen i {system} och gallra kopior som inte längre behövs.",
    "Om något avviker från {self} ska det rapporteras som en avvikelse {time}.",
    "Boka en uppföljning {time} och lägg in datumet i {system}.",
    "Ta kontakt med {partner} när det behövs för att ärendet ska kunna hanteras vidare.",
    "Använd mallen i kvalitetshandboken så att alla uppgifter kommer med.",
)
STEPS_CARE = (
    "Kontakta {client} och informera om vad {subject} innebär, vilka uppgifter som behövs och hur de hanteras.",
    "Inhämta samtycke innan kontakt tas med {partner}. Om samtycke saknas görs en sekretessprövning enligt OSL.",
    "Upprätta eller revidera planen tillsammans med {client}. Målen ska vara konkreta och möjliga att följa upp.",
    "Om {client} inte vill medverka ska det dokumenteras och {manager} informeras.",
    "Vid risk för allvarlig skada ska {manager} kontaktas omedelbart och en avvikelse registreras.",
    "Kontrollera att beslutet har skickats och att {client} har fått information om hur man överklagar.",
    "Följ upp att det som överenskommits följs och att insatsen ger avsedd effekt för {client}.",
    "Avsluta ärendet i {system} när insatsen har upphört och informera {client} skriftligt.",
    "Erbjud {client} att ha med sig en närstående eller ett ombud vid mötet.",
    "Ta ställning till om en orosanmälan behöver göras när det finns barn i familjen.",
    "Gör en riskbedömning tillsammans med {client} och dokumentera vilka åtgärder som behövs.",
    "Stäm av med {partner} hur ansvaret fördelas innan insatsen startar.",
)
# Sub-headings under "Gör så här": (heading, only for care work, sentences that belong to it).
SUBSECTIONS: tuple[tuple[str, bool, tuple[str, ...]], ...] = (
    ("Förberedelser", False, (
        "Förbered mötet genom att läsa igenom tidigare anteckningar och {record}.",
        "Kontrollera att lokalen är bokad och att eventuell tolk är bekräftad.",
        "Ta reda på om {client} behöver anpassningar för att kunna delta fullt ut.",
        "Skicka kallelsen i god tid och beskriv syftet med mötet på ett enkelt språk.")),
    ("Vid akuta situationer", False, (
        "Vid akuta situationer har {manager} eller jouren beslutanderätt enligt delegationsordningen.",
        "Ring 112 om det finns fara för liv eller hälsa och informera därefter {manager}.",
        "Dokumentera vad som hänt, vilka åtgärder som vidtagits och vem som fattat beslut så snart situationen "
        "tillåter.",
        "Följ upp händelsen nästa vardag och ta ställning till om den ska rapporteras som avvikelse.")),
    ("Under kvällar och helger", False, (
        "Under kvällar och helger ansvarar jouren för de moment som inte kan vänta till nästa vardag.",
        "Jouren dokumenterar sina åtgärder och lämnar över ärendet till ordinarie handläggare första vardagen.",
        "Telefonnummer till jouren finns i enhetens kontaktlista i kvalitetshandboken.")),
    ("Samverkan med andra aktörer", False, (
        "Samverkan med {partner} sker enligt gällande överenskommelser och ska dokumenteras.",
        "Inför ett samverkansmöte ska det vara tydligt vem som sammankallar och vem som för anteckningar.",
        "Uppgifter får bara lämnas till andra aktörer när det finns samtycke eller stöd i lag.",
        "Oenighet om ansvaret lyfts till {manager} och vid behov till ledningsgruppen.")),
    ("Tolk och tillgänglighet", False, (
        "Tolk ska vara auktoriserad när det är möjligt och får aldrig vara en närstående eller ett barn.",
        "Informationen ska anpassas efter mottagarens ålder, mognad och förutsättningar.",
        "Skriftlig information ska finnas på lätt svenska och vid behov på andra språk.",
        "Boka tolk i god tid och notera i {system} vilket språk som behövs.")),
    ("När den enskilde inte vill medverka", True, (
        "Den enskildes självbestämmande ska respekteras, men {staff} ska ändå erbjuda stöd och dokumentera "
        "kontakten.",
        "Förklara vilka konsekvenser det kan få att avstå och vilka andra möjligheter som finns.",
        "Om det finns oro för att {client} far illa ska {manager} informeras samma dag.")),
    ("Skyddade personuppgifter", True, (
        "Uppgifter om personer med skyddade personuppgifter hanteras enligt särskild instruktion och får aldrig "
        "skickas med vanlig e-post.",
        "Adress och andra uppgifter som kan avslöja var personen bor får inte framgå av handlingar som skickas ut.",
        "Kontrollera alltid skyddsmarkeringen i {system} innan handlingar skickas.")),
    ("Överlämning mellan enheter", False, (
        "Vid överlämning ska den mottagande enheten bekräfta att ärendet tagits emot.",
        "Den som lämnar över ansvarar för ärendet tills överlämningen är bekräftad.",
        "Överlämningen dokumenteras med datum, deltagare och vad som överenskommits.")),
    ("Avslut", False, (
        "När ärendet avslutas ska {client} få information om vart hen kan vända sig om behovet kvarstår.",
        "Kontrollera att alla beslut är verkställda eller avslutade innan ärendet stängs.",
        "Avslutet dokumenteras i {system} med orsak och datum.")),
    ("Vid frånvaro", False, (
        "Vid planerad frånvaro ska ärendet lämnas över skriftligt till ersättaren.",
        "Vid oplanerad frånvaro fördelar {manager} ärendet till en annan medarbetare samma dag.",
        "Ersättaren ska ha tillgång till de uppgifter som behövs för att kunna agera.")),
    ("Information till närstående", True, (
        "Närstående får information endast om {client} samtycker eller om det finns stöd i lag.",
        "Notera i {system} vilka närstående som får information och om vad.",
        "Närstående ska få veta vart de kan vända sig med frågor och synpunkter.")),
    ("Barn i familjen", True, (
        "När det finns barn i familjen ska barnets situation särskilt uppmärksammas och beskrivas.",
        "Om det finns oro för att ett barn far illa ska en orosanmälan göras till socialtjänsten.",
        "Barnets bästa ska beaktas i alla åtgärder som rör barnet.")),
    ("Om uppgifterna är ofullständiga", False, (
        "Om uppgifterna är ofullständiga ska {staff} begära komplettering och ange en svarstid.",
        "Kompletteringen ska begäras skriftligt och dokumenteras.",
        "Om kompletteringen inte kommer in fattas beslut på det underlag som finns.")),
    ("Tidsfrister", False, (
        "Tidsfristerna är maximala: ärenden ska hanteras så snabbt som det går.",
        "Om en tidsfrist inte kan hållas ska orsaken dokumenteras och {manager} informeras.",
        "Ärenden som riskerar att överskrida en tidsfrist tas upp på veckans ärendedragning.")),
    ("Stöd och rådgivning", False, (
        "Kvalitetsenheten kan ge stöd vid tolkning av lagstiftning och föreskrifter.",
        "Vid juridiska frågor kan förvaltningens jurister konsulteras.",
        "Kollegial handledning erbjuds regelbundet och ska användas vid svåra bedömningar.")),
)
DOCUMENTATION = (
    "All dokumentation sker i {system} och ska vara saklig, tydlig och begriplig för {client}.",
    "Anteckningar ska skrivas {time} och innehålla datum, vem som utfört åtgärden och vad som beslutats.",
    "Handlingar som kommer in på papper skannas in; originalet hanteras enligt dokumenthanteringsplanen.",
    "Uppgifter om enskilda får lämnas ut först efter sekretessprövning.",
    "Använd mallen i {system} så att uppgifterna blir sökbara och kan följas upp.",
    "Dokumentationen ska visa hur {client} har varit delaktig och vilka synpunkter som framförts.",
    "Beslut och underlag arkiveras enligt nämndens dokumenthanteringsplan.",
    "Journalanteckningar som rör samma händelse ska samlas under en gemensam rubrik.",
    "Rättelser görs så att det ursprungliga innehållet fortfarande går att läsa.",
)
FOLLOW_UP = (
    "{Manager} följer upp att {self} följs genom stickprov i samband med den årliga egenkontrollen.",
    "Avvikelser från {self} rapporteras i avvikelsesystemet och sammanställs varje tertial.",
    "{Self} granskas en gång per år enligt årshjulet och vid förändringar i lagstiftning eller organisation.",
    "Resultatet av uppföljningen redovisas i verksamhetens kvalitetsberättelse.",
    "Synpunkter och klagomål som rör {subject} analyseras och används i förbättringsarbetet.",
    "Medarbetarna involveras i uppföljningen på arbetsplatsträffar där erfarenheter och förbättringsförslag tas upp.",
    "Processägaren sammanställer resultatet och föreslår förbättringsåtgärder till ledningsgruppen.",
    "Om uppföljningen visar brister tas en handlingsplan fram med ansvariga och tidpunkter.",
    "Effekten av genomförda förbättringar följs upp vid nästa egenkontroll.",
)
PROCESS_PURPOSE = (
    "Processen beskriver hur arbetet med {subject} bedrivs inom {area}, från att ett behov uppmärksammas till att "
    "arbetet följs upp och avslutas.",
    "Processen ska säkerställa att {client} får ett likvärdigt och rättssäkert bemötande oavsett vilken enhet som "
    "handlägger ärendet.",
    "Aktiviteterna och deras ordning är fastställda enligt SOSFS 2011:9, 4 kap. 2–3 §.",
    "Till varje aktivitet hör en eller flera rutiner som beskriver hur aktiviteten ska utföras och vem som ansvarar.",
)
# Each activity on a process page: one sentence naming it, one general sentence.
PROCESS_ACTIVITY_NAMED = (
    "Aktiviteten omfattar de moment som behövs för att {activity_lower}.",
    "Här beskrivs hur medarbetarna ska {activity_lower} och vilka rutiner som gäller.",
    "Syftet med aktiviteten är att {activity_lower} på ett rättssäkert och enhetligt sätt.",
    "Att {activity_lower} är ett eget steg i processen med ett tydligt ansvar.",
)
PROCESS_ACTIVITY = (
    "{Staff} ansvarar för att aktiviteten genomförs och dokumenteras i {system}.",
    "Aktiviteten ska vara genomförd {time}.",
    "Vid behov stäms aktiviteten av med {partner}.",
    "Resultatet är underlag för nästa steg i processen.",
    "{Manager} ansvarar för att det finns resurser för aktiviteten.",
    "Avvikelser i aktiviteten rapporteras enligt rutinen för avvikelsehantering.",
    "Aktiviteten följs upp vid den årliga egenkontrollen.",
    "Tidsåtgången för aktiviteten följs upp varje tertial.",
    "Information om ändringar i aktiviteten ges på arbetsplatsträffar.",
    "Aktiviteten kan behöva samordnas med andra enheter i förvaltningen.",
)
SYSTEMS = ("verksamhetssystemet", "journalsystemet", "ärendehanteringssystemet", "verksamhetssystemet")
TIMES = ("inom 14 dagar", "samma dag", "senast nästa vardag", "inom en vecka", "så snart som möjligt",
         "inom tre arbetsdagar", "inom en månad")
# Edits in the history: (final wording, wording before the edit, commit message verb).
EDIT_SUBSTITUTIONS = (
    (" ska ", " bör ", "Skärp kravet i"),
    ("den enskilde", "brukaren", "Enhetlig terminologi i"),
    ("inom 14 dagar", "inom en månad", "Justera tidsfrist i"),
    ("samma dag", "senast nästa vardag", "Justera tidsfrist i"),
    ("inom en vecka", "inom två veckor", "Justera tidsfrist i"),
    ("kvalitetshandboken", "intranätet", "Hänvisa till kvalitetshandboken i"),
    ("verksamhetssystemet", "journalsystemet", "Rätta systemnamn i"),
    ("en gång per år", "vartannat år", "Ändra granskningsintervall i"),
    ("avvikelse", "händelse", "Förtydliga avvikelsebegreppet i"),
    ("enhetschefen", "gruppledaren", "Förtydliga ansvar i"),
    ("Enhetschefen", "Gruppledaren", "Förtydliga ansvar i"),
)
OBSOLETE_SENTENCES = (
    "Blanketten finns i pärmen på expeditionen.",
    "Rutinen finns även utskriven i personalrummet.",
    "Vid frågor kontaktas samordnaren för det tidigare ledningssystemet.",
    "Se även den tidigare versionen på intranätet.",
    "Brådskande handlingar kan skickas med fax.",
    "Läs också det gamla PM:et om samma sak.",
)
REVIEW_MESSAGES = ("Årlig granskning av", "Granskning utan större ändringar:", "Uppdatera efter granskning:",
                   "Revidera")


# --------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------

_NON_ASCII_SLUG = re.compile(r"[^a-z0-9]+")
_PLAIN_YAML = re.compile(r"[A-Za-zÅÄÖåäöÉé][\w ()\-–.]*")
_YAML_SPECIAL_WORDS = {"y", "n", "yes", "no", "true", "false", "on", "off", "null"}
_PLACEHOLDER = re.compile("\x00(\\d+)#([^\x00]*)\x00")


def ascii_slug(text: str) -> str:
    """File, folder and registry ids: lowercase a–z, digits and single hyphens."""
    folded = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode("ascii")
    return _NON_ASCII_SLUG.sub("-", folded).strip("-")


def heading_slug(text: str) -> str:
    """The anchor of a heading, as the site makes it."""
    from qms_tools.handbook.markdown_scan import slugify
    return slugify(text)


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    last_day = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last_day))


def yaml_scalar(text: str) -> str:
    """A plain YAML scalar where that is unambiguous, else a double-quoted one."""
    if _PLAIN_YAML.fullmatch(text) and text.lower() not in _YAML_SPECIAL_WORDS and not text.endswith(" "):
        return text
    return json.dumps(text, ensure_ascii=False)


def yaml_flow_list(items: Iterable[str], quote_all: bool = False) -> str:
    return "[" + ", ".join(json.dumps(item, ensure_ascii=False) if quote_all else yaml_scalar(item)
                           for item in items) + "]"


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def lower_first(text: str) -> str:
    """'Hemtjänsten Ekbacken' -> 'hemtjänsten Ekbacken', but 'HR-enheten' and 'LSS-boende' stay."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def area_text(area: "Area") -> str:
    return area.spec.title if area.spec.title.startswith("Stadsdel") else lower_first(area.spec.title)


def random_date(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def largest_remainder(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` into integers proportional to ``weights`` (exact sum)."""
    weight_sum = sum(weights)
    raw = [total * weight / weight_sum for weight in weights]
    counts = [int(value) for value in raw]
    order = sorted(range(len(weights)), key=lambda index: (-(raw[index] - counts[index]), index))
    for index in order[: total - sum(counts)]:
        counts[index] += 1
    return counts


def stockholm_offset(moment: dt.datetime) -> int:
    """UTC offset in minutes for a Stockholm wall-clock time (EU summer time rules)."""
    def last_sunday(year: int, month: int) -> dt.date:
        day = dt.date(year, month + 1, 1) - dt.timedelta(days=1)
        return day - dt.timedelta(days=(day.weekday() + 1) % 7)
    start = dt.datetime.combine(last_sunday(moment.year, 3), dt.time(2, 0))
    end = dt.datetime.combine(last_sunday(moment.year, 10), dt.time(3, 0))
    return 120 if start <= moment < end else 60


class _Slots(dict):
    """Fills sentence templates; every missing slot is drawn afresh so wording varies."""

    def __init__(self, rng: random.Random, kind: Kind, fixed: dict[str, str]):
        super().__init__()
        self.rng = rng
        self.kind = kind
        self.fixed = fixed

    def __missing__(self, key: str) -> str:
        lower = key.lower()
        if lower in self.fixed:
            value = self.fixed[lower]
        else:
            kind, rng = self.kind, self.rng
            pool = {"client": kind.clients, "staff": kind.staff, "manager": kind.managers,
                    "record": kind.records, "partner": kind.partners, "system": SYSTEMS, "time": TIMES}[lower]
            value = rng.choice(pool)
        return capitalise(value) if key[0].isupper() else value


# --------------------------------------------------------------------------------------
# The handbook model
# --------------------------------------------------------------------------------------


@dataclass
class Holder:
    name: str
    github: list[str]
    email: str
    until: dt.date | None = None


@dataclass
class Role:
    id: str
    title: str
    unit: str
    area: str
    holder: Holder | None


@dataclass
class Unit:
    id: str
    title: str
    area: str


@dataclass
class Area:
    spec: AreaSpec
    units: list[Unit] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.spec.id


@dataclass
class Edit:
    commit: int
    line: int               # index into Document.lines
    old_text: str           # the line's wording before this edit
    verb: str               # commit message wording


@dataclass
class Version:
    status: str
    reviewed: dt.date
    review_date: dt.date
    replaced_by: str | None


@dataclass
class Document:
    index: int
    type: str
    process: "Process"
    area: Area
    kind: Kind
    status: str = IN_FORCE
    id: str = ""
    title: str = ""
    topic: str = ""
    filename: str = ""
    owner: str = ""
    reviewed: dt.date = REFERENCE_DATE
    review_date: dt.date = REFERENCE_DATE
    sosfs: list[str] = field(default_factory=list)
    laws: list[str] = field(default_factory=list)
    replaced_by: "Document | None" = None
    activity: int | None = None                      # index into the process's activities
    deleted_in_history: bool = False                 # exists only before a delete commit
    sections: list[tuple[str, int, list[list[str]]]] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)   # final body, links as placeholders
    withdrawal_line: int | None = None
    link_targets: list[int] = field(default_factory=list)
    old_filename: str | None = None
    rename_commit: int | None = None
    delete_commit: int | None = None
    edits: list[Edit] = field(default_factory=list)
    versions: list[Version] = field(default_factory=list)

    @property
    def folder(self) -> str:
        return self.process.folder

    @property
    def path(self) -> str:
        return f"{self.process.folder}/{self.filename}"

    def path_at(self, commit: int) -> str:
        if self.rename_commit is not None and commit < self.rename_commit:
            return f"{self.process.folder}/{self.old_filename}"
        return self.path

    @property
    def is_process(self) -> bool:
        return self.type == "process"


@dataclass
class Process:
    index: int
    area: Area
    kind: Kind
    title: str
    slug: str
    home_unit: Unit
    document: Document | None = None
    members: list[Document] = field(default_factory=list)
    activities: list[tuple[str, list[Document]]] = field(default_factory=list)
    activity_indices: list[int] = field(default_factory=list)

    @property
    def folder(self) -> str:
        return f"processes/{self.area.id}/{self.slug}"


@dataclass
class Commit:
    index: int
    when: dt.datetime                 # Stockholm wall-clock time
    kind: str                         # "edit" | "rename" | "delete"
    capacity: int = 1
    documents: list[Document] = field(default_factory=list)
    author: tuple[str, str] = IMPORT_AUTHOR
    message: str = ""


@dataclass
class GeneratedHandbook:
    """What was generated: counts, the final document ids and a few history facts."""

    out: Path
    documents: int
    processes: int
    areas: int
    units: int
    roles: int
    commits: int                          # history commits after the initial one
    ids: list[str]
    renamed: list[tuple[str, str]] = field(default_factory=list)     # (old path, new path)
    deleted: list[str] = field(default_factory=list)                 # paths deleted in history
    head: str | None = None
    seconds: float = 0.0


# --------------------------------------------------------------------------------------
# Building the organisation
# --------------------------------------------------------------------------------------


def area_count(documents: int) -> int:
    if documents < 60:
        return max(1, min(6, documents // 10))
    return min(len(AREA_CATALOGUE), 6 + max(0, documents - 600) // 650)


def _place_names(rng: random.Random) -> Iterator[str]:
    names = [prefix + suffix for prefix in PLACE_PREFIXES for suffix in PLACE_SUFFIXES]
    rng.shuffle(names)
    round_number = 1
    while True:
        for name in names:
            yield name if round_number == 1 else f"{name} {round_number}"
        round_number += 1


class _People:
    """Invented, unique names with GitHub handles and e-mail addresses."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used_names: set[str] = set()
        self.used_handles: set[str] = set()

    def next(self) -> Holder:
        rng = self.rng
        while True:
            first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
            name = f"{first} {last}"
            if name not in self.used_names or len(self.used_names) > len(FIRST_NAMES) * len(SURNAMES) // 2:
                break
        self.used_names.add(name)
        first_ascii, last_ascii = ascii_slug(first), ascii_slug(last).replace("-", "")
        handle = f"{first_ascii[0]}{last_ascii}"
        number = 2
        while handle in self.used_handles:
            handle = f"{first_ascii[0]}{last_ascii}{number}"
            number += 1
        self.used_handles.add(handle)
        handles = [handle]
        if rng.random() < 0.12:
            second = f"{first_ascii}-{last_ascii}"
            if second not in self.used_handles:
                self.used_handles.add(second)
                handles.append(second)
        email = f"{first_ascii}.{last_ascii}@{EMAIL_DOMAIN}"
        return Holder(name=name, github=handles, email=email)


def build_organisation(documents: int, rng: random.Random) -> list[Area]:
    areas = [Area(spec) for spec in AREA_CATALOGUE[: area_count(documents)]]
    unit_total = max(len(areas), round(documents / 40))
    unit_counts = [1 + extra for extra in
                   largest_remainder(unit_total - len(areas), [area.spec.weight for area in areas])]
    places = _place_names(rng)
    used_unit_ids: set[str] = set()
    for area, count in zip(areas, unit_counts):
        templates = [name for kind in area.spec.kinds for name in KINDS[kind].unit_names]
        fixed = [name for name in templates if "{place}" not in name]
        placed = [name for name in templates if "{place}" in name]
        for number in range(count):
            if number < len(fixed):
                title = fixed[number]
            elif number - len(fixed) < len(placed):
                title = placed[number - len(fixed)].replace(" {place}", "")
            else:
                title = placed[(number - len(fixed)) % len(placed)].format(place=next(places))
            unit_id = ascii_slug(title)
            while unit_id in used_unit_ids:
                title = placed[number % len(placed)].format(place=next(places))
                unit_id = ascii_slug(title)
            used_unit_ids.add(unit_id)
            area.units.append(Unit(unit_id, title, area.id))

    people = _People(rng)
    used_role_ids: set[str] = set()

    def add_role(area: Area, role_id: str, title: str, unit: Unit) -> None:
        # An id is at most MAX_ID_LENGTH characters (a longer one is an error of the
        # registry): a role named after a long unit name is cut, numbered when cut twice.
        from qms_tools.handbook.plain_text import MAX_ID_LENGTH

        base, number = role_id, 2
        role_id = base[:MAX_ID_LENGTH].rstrip("-")
        while role_id in used_role_ids:
            suffix = f"-{number}"
            role_id = base[:MAX_ID_LENGTH - len(suffix)].rstrip("-") + suffix
            number += 1
        used_role_ids.add(role_id)
        area.roles.append(Role(role_id, title, unit.id, area.id, people.next()))

    for area in areas:
        head_unit = area.units[0]
        add_role(area, f"verksamhetschef-{area.id}", f"Verksamhetschef, {area_text(area)}", head_unit)
        add_role(area, f"kvalitetsutvecklare-{area.id}", f"Kvalitetsutvecklare, {area_text(area)}", head_unit)
        for kind_key in area.spec.kinds:
            for role_id, title in KINDS[kind_key].special_roles:
                add_role(area, role_id, title, head_unit)
        for unit in area.units:
            add_role(area, f"enhetschef-{unit.id}", f"Enhetschef, {lower_first(unit.title)}", unit)
            if rng.random() < 0.3:
                if any(KINDS[kind].key in ("barn", "vuxen", "ekb") for kind in area.spec.kinds):
                    add_role(area, f"forste-socialsekreterare-{unit.id}",
                             f"1:e socialsekreterare, {lower_first(unit.title)}", unit)
                else:
                    add_role(area, f"samordnare-{unit.id}", f"Samordnare, {lower_first(unit.title)}", unit)

    # A few vacant roles and a few whose holder has left: the ownership problem the
    # audit found, so that tools have something to report.
    roles = [role for area in areas for role in area.roles]
    candidates = roles[:]
    rng.shuffle(candidates)
    share = max(1, round(len(roles) * 0.04)) if len(roles) >= 4 else 0
    for role in candidates[:share]:
        role.holder = None
    for role in candidates[share: 2 * share]:
        assert role.holder is not None
        role.holder.until = random_date(rng, dt.date(2025, 9, 1), dt.date(2026, 10, 31))
    return areas


# --------------------------------------------------------------------------------------
# Building documents
# --------------------------------------------------------------------------------------


def _process_titles(area: Area, count: int, rng: random.Random) -> list[tuple[str, Kind]]:
    kinds = [KINDS[key] for key in area.spec.kinds]
    bases: list[tuple[str, Kind]] = []
    longest = max(len(kind.processes) for kind in kinds)
    for position in range(longest):
        for kind in kinds:
            if position < len(kind.processes):
                bases.append((kind.processes[position], kind))
    titles = bases[:count]
    suffix_round = 0
    while len(titles) < count:
        suffix = PROCESS_SUFFIXES[suffix_round % len(PROCESS_SUFFIXES)]
        repeat = suffix_round // len(PROCESS_SUFFIXES)
        for base, kind in bases:
            if len(titles) == count:
                break
            title = f"{base} – {suffix}" + (f" {repeat + 1}" if repeat else "")
            titles.append((title, kind))
        suffix_round += 1
    return titles


def _choose_statuses(processes: list[Process], documents: int, rng: random.Random) -> None:
    """Withdrawn and draft documents, chosen so that every process keeps four routines in force."""
    members = [doc for process in processes for doc in process.members]
    order = members[:]
    rng.shuffle(order)
    in_force_left = {process.index: len(process.members) for process in processes}
    wanted = [(WITHDRAWN, round(documents * STATUS_SHARES[WITHDRAWN])),
              (DRAFT, round(documents * STATUS_SHARES[DRAFT]))]
    position = 0
    for status, count in wanted:
        while count > 0 and position < len(order):
            doc = order[position]
            position += 1
            if in_force_left[doc.process.index] > 4:
                doc.status = status
                in_force_left[doc.process.index] -= 1
                count -= 1


def _split_into_activities(process: Process, rng: random.Random) -> None:
    in_force = [doc for doc in process.members if doc.status == IN_FORCE]
    rng.shuffle(in_force)
    total = len(in_force)
    available = len(process.kind.activities)
    lowest = max(min(4, total), math.ceil(total / 6))
    highest = max(lowest, min(8, available, total))
    count = min(rng.randint(lowest, highest), available)
    process.activity_indices = sorted(rng.sample(range(available), count))
    sizes = [1] * count
    listed = min(total, 6 * count)
    for _ in range(listed - count):
        open_slots = [index for index, size in enumerate(sizes) if size < 6]
        sizes[rng.choice(open_slots)] += 1
    position = 0
    for activity_number, size in zip(process.activity_indices, sizes):
        chunk = in_force[position: position + size]
        position += size
        for doc in chunk:
            doc.activity = activity_number
        process.activities.append((process.kind.activities[activity_number][0], chunk))
    for doc in process.members:
        if doc.activity is None:
            doc.activity = rng.choice(process.activity_indices)


def _title_for(doc: Document, used: set[str], rng: random.Random) -> None:
    kind = doc.kind
    topics = list(kind.activities[doc.activity or 0][1])
    rng.shuffle(topics)
    word = TYPE_WORD[doc.type]
    qualifiers = list(kind.qualifiers)
    rng.shuffle(qualifiers)
    def fits(topic: str, qualifier: str) -> bool:
        return qualifier.split()[-1] not in topic and "vid" not in (topic.split()[0], qualifier.split()[0])

    candidates = [(topic, f"{word} {topic}") for topic in topics]
    candidates += [(topic, f"{word} {topic} {qualifier}") for qualifier in qualifiers for topic in topics
                   if fits(topic, qualifier)]
    if doc.replaced_by is not None and doc.replaced_by.topic:
        topic = doc.replaced_by.topic
        candidates = [(topic, f"{word} {topic} {qualifier}") for qualifier in qualifiers
                      if fits(topic, qualifier)] + candidates
    for topic, title in candidates:
        if title not in used:
            break
    else:
        number = 2
        topic = topics[0]
        while f"{word} {topic} del {number}" in used:
            number += 1
        title = f"{word} {topic} del {number}"
    used.add(title)
    doc.topic = topic
    doc.title = title


def _subject(doc: Document) -> str:
    if doc.is_process:
        return doc.title[0].lower() + doc.title[1:]
    return doc.topic.split(" ", 1)[1]


def _sosfs_for(doc: Document, rng: random.Random) -> list[str]:
    if doc.is_process:
        references = {"4:2", "4:3"}
        if rng.random() < 0.5:
            references.add("4:4")
    elif doc.type == "styrdokument":
        references = {"3:1", "3:2"}
    elif doc.type == "riktlinje":
        references = {"4:1", "4:4"}
    else:
        references = {"4:4"}
    text = doc.title.lower()
    for word, refs in TOPIC_SOSFS:
        if word in text:
            references.update(refs)
    for _ in range(rng.choice((0, 0, 1, 1, 2))):
        references.add(rng.choice(doc.kind.sosfs))
    ordered = sorted(references, key=lambda ref: tuple(int(part) for part in ref.split(":")))
    if rng.random() < 0.05 and ordered:
        # Some authors cite a whole chapter.
        ordered[-1] = ordered[-1].split(":")[0]
        ordered = sorted(set(ordered), key=lambda ref: tuple(int(part) for part in ref.split(":")))
    return ordered


def _laws_for(doc: Document, rng: random.Random) -> list[str]:
    kind_laws = list(doc.kind.laws)
    chosen = {kind_laws[0]} if doc.kind.care or rng.random() < 0.6 else set()
    for _ in range(rng.choice((0, 1, 1, 2))):
        chosen.add(rng.choice(kind_laws))
    text = doc.title.lower()
    for word, law in TOPIC_LAWS:
        if word in text:
            chosen.add(law)
    return [law for law in LAWS if law in chosen]


def _review_dates(category: str, rng: random.Random) -> tuple[dt.date, dt.date]:
    """(reviewed, review_date) for 'overdue', 'soon' or 'current' documents as of REFERENCE_DATE."""
    last_possible_review = HISTORY_END
    if category == "overdue":
        due = random_date(rng, dt.date(2025, 12, 1), REFERENCE_DATE - dt.timedelta(days=1))
        return add_months(due, -12), due
    if category == "soon":
        due = random_date(rng, REFERENCE_DATE + dt.timedelta(days=2),
                          REFERENCE_DATE + dt.timedelta(days=DUE_SOON_DAYS - 2))
        return add_months(due, -12), due
    if rng.random() < 0.7:
        due = random_date(rng, dt.date(2027, 1, 4), dt.date(2027, 11, 19))
    else:
        due = random_date(rng, dt.date(2027, 11, 22), dt.date(2028, 6, 30))
    intervals = [months for months in (12, 24, 36) if add_months(due, -months) <= last_possible_review]
    weights = [{12: 6, 24: 3, 36: 1}[months] for months in intervals]
    months = rng.choices(intervals, weights)[0]
    return add_months(due, -months), due


def build_documents(areas: list[Area], documents: int, extra_withdrawn: int,
                    rng: random.Random) -> tuple[list[Process], list[Document]]:
    """All processes and documents with front-matter facts; bodies come later."""
    process_total = min(max(len(areas), round(documents * 0.05)), documents // 5)
    per_area = [1 + extra for extra in
                largest_remainder(process_total - len(areas), [area.spec.weight for area in areas])]
    processes: list[Process] = []
    for area, count in zip(areas, per_area):
        used_slugs: set[str] = set()
        for number, (title, kind) in enumerate(_process_titles(area, count, rng)):
            slug = ascii_slug(title)
            while slug in used_slugs:
                slug += "-2"
            used_slugs.add(slug)
            processes.append(Process(len(processes), area, kind, title, slug, area.units[number % len(area.units)]))

    members_total = documents - process_total
    weights = [rng.uniform(0.4, 1.6) for _ in processes]
    sizes = [4 + extra for extra in largest_remainder(members_total - 4 * len(processes), weights)]
    type_counts = largest_remainder(members_total, list(TYPE_WEIGHTS.values()))
    types = [doc_type for doc_type, count in zip(TYPE_WEIGHTS, type_counts) for _ in range(count)]
    rng.shuffle(types)
    all_docs: list[Document] = []
    type_iter = iter(types)
    for process, size in zip(processes, sizes):
        process.document = Document(len(all_docs), "process", process, process.area, process.kind)
        process.document.title = process.title
        all_docs.append(process.document)
        for _ in range(size):
            doc = Document(len(all_docs), next(type_iter), process, process.area, process.kind)
            process.members.append(doc)
            all_docs.append(doc)
    _choose_statuses(processes, documents, rng)

    # Withdrawn documents that a later commit deletes: present only in the history.
    for _ in range(extra_withdrawn):
        process = rng.choice(processes)
        doc = Document(len(all_docs), rng.choice(("rutin", "rutin", "instruktion", "checklista")), process,
                       process.area, process.kind, status=WITHDRAWN, deleted_in_history=True)
        process.members.append(doc)
        all_docs.append(doc)

    for process in processes:
        _split_into_activities(process, rng)

    # Replacements: mostly a document in force in the same process, preferably of the same
    # type; the withdrawn document was a narrower routine on the same topic.
    for process in processes:
        in_force = [doc for doc in process.members if doc.status == IN_FORCE]
        for doc in process.members:
            if doc.status != WITHDRAWN or (not doc.deleted_in_history and rng.random() < 0.12):
                continue
            same_type = [other for other in in_force if other.type == doc.type]
            doc.replaced_by = rng.choice(same_type or in_force)
            doc.activity = doc.replaced_by.activity

    # Ids, titles, file names, owners, references and dates.
    counters: dict[tuple[str, str], int] = {}
    categories = (["overdue"] * round(documents * OVERDUE_SHARE) + ["soon"] * round(documents * DUE_SOON_SHARE))
    categories += ["current"] * (documents - len(categories))
    rng.shuffle(categories)
    category_iter = iter(categories)
    for process in processes:
        area = process.area
        used_titles: set[str] = {process.title}
        used_files: set[str] = {"index.md"}
        ordered = [process.document] + sorted(process.members, key=lambda doc: (doc.replaced_by is not None,
                                                                                  doc.activity or 0, doc.index))
        area_roles = area.roles
        unit_roles = [role for role in area_roles if role.unit == process.home_unit.id]
        for doc in ordered:
            assert doc is not None
            prefix = TYPE_PREFIX[doc.type]
            key = (prefix, area.spec.code)
            counters[key] = counters.get(key, 0) + rng.choice((1, 1, 1, 2, 3))
            width = 3 if doc.is_process else 4
            doc.id = f"{prefix}-{area.spec.code}-{counters[key]:0{width}d}"
            if doc.is_process:
                doc.filename = "index.md"
                doc.owner = (area_roles[0] if rng.random() < 0.75 else rng.choice(area_roles[:3])).id
            else:
                _title_for(doc, used_titles, rng)
                filename = ascii_slug(doc.title) + ".md"
                number = 2
                while filename in used_files:
                    filename = f"{ascii_slug(doc.title)}-{number}.md"
                    number += 1
                used_files.add(filename)
                doc.filename = filename
                draw = rng.random()
                if draw < 0.6 and unit_roles:
                    doc.owner = rng.choice(unit_roles).id
                elif draw < 0.85:
                    doc.owner = rng.choice([role for role in area_roles if role.id.startswith("enhetschef-")]
                                           or area_roles).id
                else:
                    doc.owner = rng.choice(area_roles).id
            doc.sosfs = _sosfs_for(doc, rng)
            doc.laws = _laws_for(doc, rng)
            if doc.deleted_in_history:
                doc.reviewed = random_date(rng, dt.date(2021, 6, 1), dt.date(2022, 11, 30))
                doc.review_date = add_months(doc.reviewed, 12)
            else:
                doc.reviewed, doc.review_date = _review_dates(next(category_iter), rng)

    return processes, all_docs


# --------------------------------------------------------------------------------------
# Bodies
# --------------------------------------------------------------------------------------


def _fill(template: str, slots: _Slots) -> str:
    return template.format_map(slots)


def _word_count(text: str) -> int:
    return len(text.split())


class _Pool:
    """Templates drawn without repetition, so that no sentence appears twice in a document."""

    def __init__(self, templates: Iterable[str], rng: random.Random, first: Iterable[str] = ()):
        first_list = [template for template in first]
        rng.shuffle(first_list)
        rest = [template for template in templates if template not in first_list]
        rng.shuffle(rest)
        self.templates = first_list[:1] + rest + first_list[1:]

    def __bool__(self) -> bool:
        return bool(self.templates)

    def draw(self) -> str:
        return self.templates.pop(0)


def build_body_sections(doc: Document, rng: random.Random) -> None:
    """Headings and prose (without links) for one document."""
    kind, area = doc.kind, doc.area
    subject = _subject(doc)
    definite = TYPE_DEFINITE[doc.type]
    law = LAW_TITLES[doc.laws[0]] if doc.laws else "gällande lagstiftning"
    if law.startswith(("Lagen", "Bestämmelserna")):
        law = lower_first(law)
    slots = _Slots(rng, kind, {"subject": subject, "unit": doc.process.home_unit.title,
                               "area": area_text(area), "self": definite, "law": law})
    sections: list[tuple[str, int, list[list[str]]]] = []

    def sentences(pool: _Pool, count: int) -> list[str]:
        return [_fill(pool.draw(), slots) for _ in range(count) if pool]

    if doc.is_process:
        purpose = _Pool(PROCESS_PURPOSE, rng, first=PROCESS_PURPOSE[:1])
        sections.append(("Syfte", 2, [[" ".join(sentences(purpose, 2))], [" ".join(sentences(purpose, 2))]]))
        sections.append(("Omfattning", 2, [[" ".join(sentences(_Pool(SCOPE, rng, first=SCOPE[:2]), 2))]]))
        sections.append(("Ansvar", 2, [[
            "- **Processägaren** ansvarar för att processen är beskriven, fastställd och följs upp.",
            _fill(RESPONSIBILITY[rng.randrange(2)], slots),
            "- **Enhetscheferna** ansvarar för att rutinerna i processen är kända och följs på enheterna.",
        ]]))
        sections.append(("Aktiviteter", 2, [[
            f"Processen har {len(doc.process.activities)} aktiviteter som utförs i den ordning de beskrivs "
            "nedan. Under varje aktivitet listas de rutiner som styr den."]]))
        general = _Pool(PROCESS_ACTIVITY, rng)
        for activity_name, _members in doc.process.activities:
            slots.fixed["activity_lower"] = lower_first(activity_name)
            text = _fill(rng.choice(PROCESS_ACTIVITY_NAMED), slots) + " " + _fill(general.draw(), slots)
            sections.append((activity_name, 3, [[text]]))
        sections.append(("Uppföljning", 2, [[" ".join(sentences(_Pool(FOLLOW_UP, rng), 2))]]))
        sections.append(("Relaterade dokument", 2, []))
        doc.sections = sections
        doc.anchors = [heading_slug(title) for title, _level, _blocks in sections]
        return

    target = 300 + int(1150 * rng.random() ** 1.7)
    steps_pool = _Pool(STEPS_ANY + (STEPS_CARE if kind.care else ()) + kind.facts, rng)
    purpose_pool = _Pool(PURPOSE, rng, first=(PURPOSE[0], PURPOSE[1], PURPOSE[4]))
    scope_pool = _Pool(SCOPE, rng, first=SCOPE[:2])
    responsibility_pool = _Pool(RESPONSIBILITY, rng, first=RESPONSIBILITY[:2])
    documentation_pool = _Pool(DOCUMENTATION, rng)
    follow_up_pool = _Pool(FOLLOW_UP, rng)
    subsection_pool = [entry for entry in SUBSECTIONS if kind.care or not entry[1]]
    rng.shuffle(subsection_pool)

    purpose = sentences(purpose_pool, 2)
    scope = sentences(scope_pool, rng.randint(1, 2))
    responsibility = sentences(responsibility_pool, rng.randint(3, 4))
    steps = sentences(steps_pool, rng.randint(4, 6))
    documentation = sentences(documentation_pool, 2)
    follow_up = sentences(follow_up_pool, 2)
    subsections: list[tuple[str, list[str]]] = []
    count = sum(_word_count(text) for text in purpose + scope + responsibility + steps + documentation + follow_up)
    growable = [(purpose, purpose_pool, 6), (scope, scope_pool, 5), (documentation, documentation_pool, 6),
                (follow_up, follow_up_pool, 6), (responsibility, responsibility_pool, 7)]
    while count < target:
        choice = rng.random()
        added: list[str] = []
        if choice < 0.35 and steps_pool and len(steps) < 16:
            added = sentences(steps_pool, 1)
            steps.extend(added)
        elif choice < 0.75 and subsection_pool:
            title, _care, templates = subsection_pool.pop()
            chosen = rng.sample(templates, len(templates))
            split = rng.randint(2, len(chosen))
            lines = [" ".join(_fill(template, slots) for template in chosen[:split])]
            if chosen[split:]:
                lines.append(" ".join(_fill(template, slots) for template in chosen[split:]))
            subsections.append((title, lines))
            added = lines
        else:
            open_lists = [(target_list, pool) for target_list, pool, limit in growable
                          if pool and len(target_list) < limit]
            if open_lists:
                target_list, pool = rng.choice(open_lists)
                added = sentences(pool, 1)
                target_list.extend(added)
            elif not subsection_pool and not (steps_pool and len(steps) < 16):
                break       # every pool is used up: the document is as long as it gets
        count += sum(_word_count(text) for text in added)

    def split_paragraphs(texts: list[str]) -> list[list[str]]:
        blocks, current = [], []
        for text in texts:
            current.append(text)
            if len(current) >= 3 or (len(current) >= 2 and rng.random() < 0.4):
                blocks.append([" ".join(current)])
                current = []
        if current:
            blocks.append([" ".join(current)])
        return blocks

    sections.append(("Syfte", 2, split_paragraphs(purpose)))
    sections.append(("Omfattning", 2, split_paragraphs(scope)))
    sections.append(("Ansvar", 2, [responsibility]))
    sections.append(("Gör så här", 2, [[f"{number}. {step}" for number, step in enumerate(steps, 1)]]))
    for title, lines in subsections:
        sections.append((title, 3, [[line] for line in lines]))
    sections.append(("Dokumentation", 2, split_paragraphs(documentation)))
    sections.append(("Uppföljning", 2, split_paragraphs(follow_up)))
    sections.append(("Relaterade dokument", 2, []))
    doc.sections = sections
    doc.anchors = [heading_slug(title) for title, _level, _blocks in sections if title != "Relaterade dokument"]


def _link(target: Document, anchor: str = "") -> str:
    return f"[{target.title}](\x00{target.index}#{anchor}\x00)"


def add_links(processes: list[Process], all_docs: list[Document], rng: random.Random) -> None:
    """Relative links between documents; targets are always documents in force."""
    in_force_by_area: dict[str, list[Document]] = {}
    for doc in all_docs:
        if doc.status == IN_FORCE and not doc.deleted_in_history:
            in_force_by_area.setdefault(doc.area.id, []).append(doc)
    everything = [doc for docs in in_force_by_area.values() for doc in docs]
    area_ids = list(in_force_by_area)

    def anchor_for(target: Document) -> str:
        return rng.choice(target.anchors) if target.anchors and rng.random() < 0.35 else ""

    for process in processes:
        process_doc = process.document
        assert process_doc is not None
        siblings = [doc for doc in process.members if doc.status == IN_FORCE]
        # The process page: every activity lists its routines, then related processes.
        for title, level, blocks in process_doc.sections:
            if level == 3:
                members = next(chunk for name, chunk in process.activities if name == title)
                blocks.append([f"- {_link(member)}" for member in members])
                process_doc.link_targets.extend(member.index for member in members)
        others = [doc.process.document for doc in in_force_by_area[process.area.id] if doc.is_process
                  and doc is not process_doc]
        related = rng.sample(others, min(len(others), rng.randint(1, 2)))
        related_lines = [f"- {_link(other)}" for other in related if other is not None]
        related_lines.append("- SOSFS 2011:9 om ledningssystem för systematiskt kvalitetsarbete")
        process_doc.sections[-1][2].append(related_lines)
        process_doc.link_targets.extend(other.index for other in related if other is not None)

        for doc in process.members:
            wanted = rng.choices((1, 2, 3, 4), (30, 35, 25, 10))[0]
            targets: list[Document] = []
            if doc.status == WITHDRAWN and doc.replaced_by is not None:
                targets.append(doc.replaced_by)
            attempts = 0
            while len(targets) < wanted and attempts < 30:
                attempts += 1
                draw = rng.random()
                if draw < 0.5 and siblings:
                    candidate = rng.choice(siblings)
                elif draw < 0.65:
                    candidate = process_doc
                elif draw < 0.85:
                    candidate = rng.choice(in_force_by_area[process.area.id])
                else:
                    candidate = rng.choice(in_force_by_area[rng.choice(area_ids)] or everything)
                if candidate is not doc and candidate not in targets:
                    targets.append(candidate)
            links = [(target, anchor_for(target)) for target in targets]
            doc.link_targets = [target.index for target in targets]
            related_lines: list[str] = []
            position = 0
            if doc.status == WITHDRAWN:
                position = 1 if doc.replaced_by is not None else 0
            if position < len(links) and rng.random() < 0.4:
                target, anchor = links[position]
                position += 1
                gor = next(blocks for title, _level, blocks in doc.sections if title == "Gör så här")
                ending = " för hur nästa steg går till" if target.process is process else ""
                gor.append([f"Se även {_link(target, anchor)}{ending}."])
            related_lines.extend(f"- {_link(target, anchor)}" for target, anchor in links[position:])
            related_lines.extend(f"- {LAW_TITLES[law]}" for law in doc.laws[:2])
            related_lines.append("- SOSFS 2011:9 om ledningssystem för systematiskt kvalitetsarbete")
            doc.sections[-1][2].append(related_lines)


def assemble_lines(doc: Document) -> None:
    lines = [f"# {doc.title}", ""]
    if doc.status == WITHDRAWN:
        doc.withdrawal_line = len(lines)
        if doc.replaced_by is not None:
            lines.append(f"> Dokumentet är upphävt och ersätts av {_link(doc.replaced_by)}.")
        else:
            lines.append("> Dokumentet är upphävt och ersätts inte av något annat dokument.")
        lines.append("")
    elif doc.status == DRAFT:
        lines.extend(["> Utkast. Dokumentet är inte fastställt och gäller inte ännu.", ""])
    for title, level, blocks in doc.sections:
        lines.append(f"{'#' * level} {title}")
        lines.append("")
        for block in blocks:
            lines.extend(block)
            lines.append("")
    while lines and lines[-1] == "":
        lines.pop()
    doc.lines = lines
    doc.sections = []   # no longer needed; keeps memory flat for large handbooks


# --------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------


def relative_link(source_folder: str, target_path: str) -> str:
    source_parts = source_folder.split("/")
    target_parts = target_path.split("/")
    common = 0
    while (common < len(source_parts) and common < len(target_parts) - 1
           and source_parts[common] == target_parts[common]):
        common += 1
    return "../" * (len(source_parts) - common) + "/".join(target_parts[common:])


def front_matter(doc: Document, version: Version) -> str:
    lines = [
        "---",
        f"id: {doc.id}",
        f"type: {doc.type}",
        f"status: {version.status}",
        f"owner: {doc.owner}",
        f"area: {doc.area.id}",
        f"review_date: {version.review_date.isoformat()}",
        f"reviewed: {version.reviewed.isoformat()}",
        f"sosfs: {yaml_flow_list(doc.sosfs, quote_all=True)}",
        f"laws: {yaml_flow_list(doc.laws)}",
    ]
    if version.replaced_by:
        lines.append(f"replaced_by: {version.replaced_by}")
    if doc.is_process:
        lines.append("activities:")
        for name, members in doc.process.activities:
            lines.append(f"  - name: {yaml_scalar(name)}")
            lines.append(f"    routines: [{', '.join(member.id for member in members)}]")
    lines.append("---")
    return "\n".join(lines) + "\n"


class Renderer:
    """Turns a document version into file bytes, with links resolved for a given commit."""

    def __init__(self, all_docs: list[Document]):
        self.all_docs = all_docs

    def body(self, doc: Document, version: int, commit: int) -> str:
        lines = doc.lines
        if version < len(doc.edits):
            lines = lines[:]
            for edit in reversed(doc.edits[version:]):
                lines[edit.line] = edit.old_text
        text = "\n".join(lines)
        if "\x00" not in text:
            return text
        folder = doc.folder
        docs = self.all_docs

        def replace(match: re.Match) -> str:
            target = docs[int(match.group(1))]
            anchor = match.group(2)
            link = relative_link(folder, target.path_at(commit))
            return f"{link}#{anchor}" if anchor else link

        return _PLACEHOLDER.sub(replace, text)

    def render(self, doc: Document, version: int, commit: int) -> bytes:
        return (front_matter(doc, doc.versions[version]) + "\n" + self.body(doc, version, commit) + "\n").encode()


def organisation_yaml(areas: list[Area]) -> str:
    out = [
        "# Rollregister. Dokument ägs av roller, inte av personer: när någon slutar",
        "# ändras bara \"holder\" här. Genererad av benchmarks/generate_handbook.py.",
        f"organisation: {yaml_scalar(ORGANISATION_NAME)}",
        "",
        "areas:",
    ]
    out += [f"  - {{id: {area.id}, title: {yaml_scalar(area.spec.title)}}}" for area in areas]
    out += ["", "units:"]
    out += [f"  - {{id: {unit.id}, title: {yaml_scalar(unit.title)}, area: {unit.area}}}"
            for area in areas for unit in area.units]
    out += ["", "roles:"]
    for area in areas:
        out.append(f"  # {area.spec.title}")
        for role in area.roles:
            out.append(f"  - id: {role.id}")
            out.append(f"    title: {yaml_scalar(role.title)}")
            out.append(f"    unit: {role.unit}")
            if role.holder is None:
                out.append("    holder: null")
                continue
            out.append("    holder:")
            out.append(f"      name: {yaml_scalar(role.holder.name)}")
            out.append(f"      github: {yaml_flow_list(role.holder.github)}")
            if role.holder.until is not None:
                out.append(f"      until: {role.holder.until.isoformat()}")
    return "\n".join(out) + "\n"


QMS_YML = """\
content_dir: processes
organisation: processes/organisation.yml
regulations: [sosfs-2011-9]
site_url: https://example.invalid/handbok/
review:
  due_soon_days: 30
  max_interval_months: 36
  interval_months: 12
"""


def mkdocs_yml() -> str:
    """The site configuration. Kept in one place so the project's own plugin can be added here."""
    return """\
site_name: Kvalitetshandbok
docs_dir: docs
theme:
  name: material
  language: sv
plugins:
  - search
"""


TOMBSTONE_PATH = "processes/borttagna.yml"


def tombstones_yaml(deleted: list[Document]) -> bytes:
    """The project's registry of deleted ids, so that old QR codes and links still lead somewhere."""
    out = ["# Dokument som tagits bort ur handboken. Id:n återanvänds aldrig.", ""]
    for doc in deleted:
        out.append(f"- id: {doc.id}")
        out.append(f"  title: {yaml_scalar(doc.title)}")
        if doc.replaced_by is not None:
            out.append(f"  replaced_by: {doc.replaced_by.id}")
        out.append("  reason: Dokumentet var upphävt och har tagits bort ur handboken.")
    return ("\n".join(out) + "\n").encode()


def static_files(areas: list[Area]) -> dict[str, bytes]:
    return {
        ".gitignore": b"site/\n",
        "qms.yml": QMS_YML.encode(),
        "mkdocs.yml": mkdocs_yml().encode(),
        "docs/index.md": "# Kvalitetshandbok\n\nGenererad handbok för tester och prestandamätningar.\n".encode(),
        "processes/organisation.yml": organisation_yaml(areas).encode(),
    }


# --------------------------------------------------------------------------------------
# History planning
# --------------------------------------------------------------------------------------


def default_commits(documents: int) -> int:
    return min(MAX_DEFAULT_COMMITS, 3 * documents)


def _commit_times(count: int, rng: random.Random) -> list[dt.datetime]:
    """Increasing weekday office-hour times, the last one on HISTORY_END."""
    if count == 0:
        return []
    first = HISTORY_START + dt.timedelta(days=1)
    weekdays = [first + dt.timedelta(days=offset) for offset in range((HISTORY_END - first).days + 1)]
    weekdays = [day for day in weekdays if day.weekday() < 5]
    # Activity grows as more units move their routines into the handbook.
    days = sorted(weekdays[min(len(weekdays) - 1, int(len(weekdays) * rng.random() ** 0.8))]
                  for _ in range(count))
    days[-1] = HISTORY_END
    days.sort()
    seconds = [rng.randint(7 * 3600 + 1800, 16 * 3600 + 1800) for _ in range(count)]
    times: list[dt.datetime] = []
    by_day: dict[dt.date, list[int]] = {}
    for day, second in zip(days, seconds):
        by_day.setdefault(day, []).append(second)
    for day in sorted(by_day):
        previous = -1
        for second in sorted(by_day[day]):
            second = max(second, previous + 1)
            previous = second
            times.append(dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=second))
    return times


def _variant(line: str, rng: random.Random) -> tuple[str, str]:
    """An earlier wording of a line and the commit message verb for changing it."""
    options = [(final, old, verb) for final, old, verb in EDIT_SUBSTITUTIONS if final in line]
    if options and rng.random() < 0.75:
        final, old, verb = rng.choice(options)
        start = line.find(final)
        return line[:start] + old + line[start + len(final):], verb
    return line + " " + rng.choice(OBSOLETE_SENTENCES), "Ta bort inaktuell hänvisning i"


def plan_history(all_docs: list[Document], commits: int, rng: random.Random) -> list[Commit]:
    """Decide which commit changes, renames or deletes what; fills Document.edits/versions."""
    final_docs = [doc for doc in all_docs if not doc.deleted_in_history]
    extras = [doc for doc in all_docs if doc.deleted_in_history]
    times = _commit_times(commits, rng)
    history = [Commit(index + 1, when, "edit") for index, when in enumerate(times)]

    # Renames and deletions happen anywhere but in the last commit.
    referrers: dict[int, set[int]] = {}
    for doc in all_docs:
        for target in doc.link_targets:
            referrers.setdefault(target, set()).add(doc.index)
    positions = list(range(max(0, commits - 1)))
    rng.shuffle(positions)
    delete_positions = sorted(positions[: len(extras)])
    for doc, position in zip(extras, delete_positions):
        history[position].kind = "delete"
        history[position].documents = [doc]
        doc.delete_commit = history[position].index
    rename_count = 0 if commits < 3 else max(1, commits // 40)
    candidates = [doc for doc in final_docs if not doc.is_process and len(referrers.get(doc.index, ())) <= 2]
    rng.shuffle(candidates)
    rename_positions = positions[len(extras): len(extras) + rename_count]
    for doc, position in zip(candidates, sorted(rename_positions)):
        commit = history[position]
        commit.kind = "rename"
        commit.documents = [doc]
        doc.old_filename = doc.id.lower() + ".md"
        doc.rename_commit = commit.index

    edit_commits = [commit for commit in history if commit.kind == "edit"]
    for commit in edit_commits:
        commit.capacity = rng.choices((1, 2, 3), (25, 35, 40))[0]
    final_edit: dict[int, int] = {}             # doc index -> position in edit_commits
    if edit_commits:
        edit_dates = [commit.when.date() for commit in edit_commits]
        releases = sorted(((bisect.bisect_left(edit_dates, doc.reviewed), rng.random(), doc) for doc in final_docs),
                          key=lambda item: (item[0], item[1]))
        waiting: deque[Document] = deque()
        next_release = 0
        finals_at: list[list[Document]] = [[] for _ in edit_commits]
        for position, commit in enumerate(edit_commits):
            while next_release < len(releases) and releases[next_release][0] <= position:
                waiting.append(releases[next_release][2])
                next_release += 1
            while waiting and len(finals_at[position]) < commit.capacity:
                finals_at[position].append(waiting.popleft())
        # The last commit must carry some document's final version, so that every
        # earlier commit has a document whose final version is still to come.
        if not finals_at[-1]:
            donor = next((position for position in range(len(edit_commits) - 2, -1, -1) if finals_at[position]),
                         None)
            if donor is not None:
                finals_at[-1].append(finals_at[donor].pop())
        for position, docs in enumerate(finals_at):
            for doc in docs:
                final_edit[doc.index] = position
        # Earlier, intermediate edits of documents whose final version comes later.
        by_final = sorted(final_edit.items(), key=lambda item: item[1])
        final_positions = [position for _index, position in by_final]
        touched_at: list[list[Document]] = [list(docs) for docs in finals_at]
        for position, commit in enumerate(edit_commits):
            first_candidate = bisect.bisect_right(final_positions, position)
            if first_candidate >= len(by_final):
                continue
            tries = 0
            while len(touched_at[position]) < commit.capacity and tries < 6:
                tries += 1
                doc = all_docs[by_final[rng.randrange(first_candidate, len(by_final))][0]]
                if doc not in touched_at[position]:
                    touched_at[position].append(doc)
        for position, commit in enumerate(edit_commits):
            commit.documents = touched_at[position]

    # Line edits and the front-matter of every version.
    edits_of: dict[int, list[Commit]] = {}
    for commit in edit_commits:
        for doc in commit.documents:
            edits_of.setdefault(doc.index, []).append(commit)
    for doc in all_docs:
        final = Version(doc.status, doc.reviewed, doc.review_date, doc.replaced_by.id if doc.replaced_by else None)
        commits_of_doc = edits_of.get(doc.index, [])
        if not commits_of_doc:
            doc.versions = [final]
            continue
        editable = [number for number, line in enumerate(doc.lines)
                    if line and not line.startswith(("#", ">")) and "\x00" not in line]
        # Newest edit first: each earlier wording is derived from the wording that follows
        # it, so every edit really changes the text.
        wording: dict[int, str] = {}
        edits: list[Edit] = []
        for number in range(len(commits_of_doc) - 1, -1, -1):
            commit = commits_of_doc[number]
            if number == len(commits_of_doc) - 1 and doc.status == WITHDRAWN and doc.withdrawal_line is not None:
                line = doc.withdrawal_line
                old = f"Dokumentet beskriver arbetssättet {doc.topic} inom {doc.area.spec.title.lower()}."
                verb = "Upphäv"
            else:
                fresh = [line for line in editable if line not in wording] or editable
                line = rng.choice(fresh)
                old, verb = _variant(wording.get(line, doc.lines[line]), rng)
            wording[line] = old
            edits.append(Edit(commit.index, line, old, verb))
        doc.edits = edits[::-1]
        earlier_status = IN_FORCE if doc.status == WITHDRAWN else doc.status
        reviewed = random_date(rng, dt.date(2021, 11, 1), dt.date(2022, 11, 30))
        versions = [Version(earlier_status, reviewed, add_months(reviewed, 12), None)]
        for commit in commits_of_doc[:-1]:
            day = commit.when.date()
            if versions[-1].reviewed < day < doc.reviewed:
                versions.append(Version(earlier_status, day, add_months(day, 12), None))
            else:
                versions.append(versions[-1])
        versions.append(final)
        doc.versions = versions
    return history


def assign_authors_and_messages(history: list[Commit], areas: list[Area], all_docs: list[Document],
                                rng: random.Random) -> None:
    roles = {role.id: role for area in areas for role in area.roles}
    holders = [role.holder for role in roles.values() if role.holder is not None]
    quality = [role.holder for role in roles.values() if role.holder is not None
               and role.id.startswith(("kvalitetsutvecklare", "kvalitetschef", "systemforvaltare"))]

    def active(people: list[Holder], day: dt.date) -> list[Holder]:
        return [person for person in people if person.until is None or person.until >= day]

    for commit in history:
        day = commit.when.date()
        first = commit.documents[0] if commit.documents else None
        owner = roles.get(first.owner).holder if first is not None and first.owner in roles else None
        if commit.kind == "edit" and owner is not None and (owner.until is None or owner.until >= day) \
                and rng.random() < 0.6:
            person = owner
        else:
            pool = active(quality if commit.kind != "edit" and quality else holders, day) or holders
            person = rng.choice(pool) if pool else None
        commit.author = (person.name, person.email) if person else IMPORT_AUTHOR

        if commit.kind == "delete":
            doc = commit.documents[0]
            replacement = f" (ersatt av {doc.replaced_by.id})" if doc.replaced_by else ""
            commit.message = f"Ta bort upphävt dokument {doc.id}{replacement}\n"
        elif commit.kind == "rename":
            doc = commit.documents[0]
            commit.message = (f"Byt filnamn på {doc.id} till ett läsbart namn\n\n"
                              f"{doc.old_filename} -> {doc.filename}. Länkar i andra dokument är uppdaterade.\n")
        else:
            edits = [next(edit for edit in doc.edits if edit.commit == commit.index) for doc in commit.documents]
            doc = commit.documents[0]
            verb = edits[0].verb
            if verb == "Upphäv":
                subject = f"Upphäv {doc.id}" + (f", ersätts av {doc.replaced_by.id}" if doc.replaced_by else "")
            elif rng.random() < 0.3:
                subject = f"{rng.choice(REVIEW_MESSAGES)} {doc.id} {doc.title}"
            else:
                subject = f"{verb} {doc.id} {doc.title}"
            if len(commit.documents) > 1:
                subject += " m.fl."
            body = "\n".join(f"- {other.id}: {other.title}" for other in commit.documents)
            commit.message = f"{subject}\n\n{body}\n"


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------


def _git_environment() -> dict[str, str]:
    """Git without user/system configuration, hooks, signing or inherited repository."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    environment.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull, LC_ALL="C",
                       GIT_AUTHOR_NAME=IMPORT_AUTHOR[0], GIT_AUTHOR_EMAIL=IMPORT_AUTHOR[1],
                       GIT_COMMITTER_NAME=IMPORT_AUTHOR[0], GIT_COMMITTER_EMAIL=IMPORT_AUTHOR[1],
                       GIT_AUTHOR_DATE="2026-11-20T17:00:00+01:00", GIT_COMMITTER_DATE="2026-11-20T17:00:00+01:00")
    return environment


GIT_OPTIONS = ("-c", f"user.name={IMPORT_AUTHOR[0]}", "-c", f"user.email={IMPORT_AUTHOR[1]}",
               "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false", "-c", "core.hooksPath=/dev/null",
               "-c", "core.autocrlf=false", "-c", "core.fsmonitor=false", "-c", "init.defaultBranch=main")


def _git(out: Path, *arguments: str, stdin=None) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *GIT_OPTIONS, "-C", str(out), *arguments], env=_git_environment(),
                          stdin=stdin, capture_output=True, check=True)


def _identity(person: tuple[str, str], when: dt.datetime) -> bytes:
    offset = stockholm_offset(when)
    epoch = int((when - dt.timedelta(minutes=offset) - dt.datetime(1970, 1, 1)).total_seconds())
    sign = "+" if offset >= 0 else "-"
    return f"{person[0]} <{person[1]}> {epoch} {sign}{offset // 60:02d}{offset % 60:02d}".encode()


def _data(payload: bytes) -> bytes:
    return b"data %d\n" % len(payload) + payload + b"\n"


def fast_import_stream(history: list[Commit], all_docs: list[Document], renderer: Renderer,
                       static: dict[str, bytes]) -> Iterator[bytes]:
    def commit_header(person: tuple[str, str], when: dt.datetime, message: str) -> bytes:
        identity = _identity(person, when)
        return (b"commit refs/heads/main\nauthor " + identity + b"\ncommitter " + identity + b"\n"
                + _data(message.encode()))

    def modify(path: str, content: bytes) -> bytes:
        return b"M 100644 inline " + path.encode() + b"\n" + _data(content)

    yield commit_header(IMPORT_AUTHOR, INITIAL_COMMIT_TIME,
                        "Importera kvalitetshandboken från det tidigare ledningssystemet\n")
    for path, content in static.items():
        yield modify(path, content)
    for doc in all_docs:
        yield modify(doc.path_at(0), renderer.render(doc, 0, 0))

    referrers: dict[int, set[int]] = {}
    for source in all_docs:
        for target in source.link_targets:
            referrers.setdefault(target, set()).add(source.index)
    version = {doc.index: 0 for doc in all_docs}
    deleted: list[Document] = []
    for commit in history:
        chunks = [commit_header(commit.author, commit.when, commit.message)]
        if commit.kind == "delete":
            deleted.append(commit.documents[0])
            chunks.append(b"D " + commit.documents[0].path_at(commit.index).encode() + b"\n")
            chunks.append(modify(TOMBSTONE_PATH, tombstones_yaml(deleted)))
        elif commit.kind == "rename":
            doc = commit.documents[0]
            chunks.append(f"R {doc.path_at(commit.index - 1)} {doc.path}\n".encode())
            for referrer_index in sorted(referrers.get(doc.index, ())):
                referrer = all_docs[referrer_index]
                if referrer.delete_commit is not None and referrer.delete_commit <= commit.index:
                    continue
                chunks.append(modify(referrer.path_at(commit.index),
                                     renderer.render(referrer, version[referrer.index], commit.index)))
        else:
            for doc in commit.documents:
                version[doc.index] += 1
                chunks.append(modify(doc.path_at(commit.index), renderer.render(doc, version[doc.index],
                                                                                 commit.index)))
        yield b"".join(chunks)
    yield b"done\n"


def write_tree(out: Path, files: Iterable[tuple[str, bytes]]) -> None:
    made: set[str] = set()
    for path, content in files:
        folder = path.rpartition("/")[0]
        if folder and folder not in made:
            (out / folder).mkdir(parents=True, exist_ok=True)
            made.add(folder)
        (out / path).write_bytes(content)


def write_git(out: Path, history: list[Commit], all_docs: list[Document], renderer: Renderer,
              static: dict[str, bytes]) -> str:
    _git(out, "init", "-q", "--template=", "--initial-branch=main")
    process = subprocess.Popen(["git", *GIT_OPTIONS, "-C", str(out), "fast-import", "--quiet", "--done",
                                "--date-format=raw"], stdin=subprocess.PIPE, env=_git_environment(),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stdin is not None and process.stderr is not None
    try:
        for chunk in fast_import_stream(history, all_docs, renderer, static):
            process.stdin.write(chunk)
        process.stdin.close()
    except BrokenPipeError:
        pass
    errors = process.stderr.read()
    if process.wait() != 0:
        raise RuntimeError(f"git fast-import failed: {errors.decode(errors='replace')}")
    # The files on disk are already the final versions: build the index from HEAD and
    # check that nothing differs, which proves that the planned history ends in them.
    _git(out, "reset", "-q", "main")
    changed = subprocess.run(["git", *GIT_OPTIONS, "-C", str(out), "status", "--porcelain"],
                             env=_git_environment(), capture_output=True, check=True).stdout
    if changed:
        raise RuntimeError(f"internal error: the last commit differs from the written files:\n{changed.decode()}")
    return _git(out, "rev-parse", "HEAD").stdout.decode().strip()


# --------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------


def generate(out: Path, documents: int, commits: int | None = None, seed: int = 0,
             git: bool = True) -> GeneratedHandbook:
    """Write a handbook with ``documents`` documents to ``out`` (created; must be empty)."""
    started = time.perf_counter()
    if documents < MIN_DOCUMENTS:
        raise ValueError(f"documents must be at least {MIN_DOCUMENTS} (one process and four routines)")
    if commits is None:
        commits = default_commits(documents) if git else 0
    if commits < 0:
        raise ValueError("commits must not be negative")
    if not git:
        commits = 0
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty")
    out.mkdir(parents=True, exist_ok=True)

    def rng(purpose: str) -> random.Random:
        return random.Random(f"{seed}:{purpose}")

    areas = build_organisation(documents, rng("organisation"))
    extra_withdrawn = 0 if commits < 3 else max(1, commits // 250)
    processes, all_docs = build_documents(areas, documents, extra_withdrawn, rng("documents"))
    for doc in all_docs:
        build_body_sections(doc, random.Random(f"{seed}:body:{doc.index}"))
    add_links(processes, all_docs, rng("links"))
    for doc in all_docs:
        assemble_lines(doc)
    history = plan_history(all_docs, commits, rng("history"))
    assign_authors_and_messages(history, areas, all_docs, rng("authors"))

    renderer = Renderer(all_docs)
    final_docs = [doc for doc in all_docs if not doc.deleted_in_history]
    static = static_files(areas)
    deleted = sorted((doc for doc in all_docs if doc.delete_commit is not None), key=lambda doc: doc.delete_commit)
    final_static = {**static, TOMBSTONE_PATH: tombstones_yaml(deleted)} if deleted else static
    write_tree(out, [*final_static.items(),
                     *((doc.path, renderer.render(doc, len(doc.versions) - 1, commits + 1)) for doc in final_docs)])
    head = write_git(out, history, all_docs, renderer, static) if git else None
    return GeneratedHandbook(
        out=out, documents=len(final_docs), processes=len(processes), areas=len(areas),
        units=sum(len(area.units) for area in areas), roles=sum(len(area.roles) for area in areas),
        commits=len(history), ids=[doc.id for doc in final_docs],
        renamed=[(f"{doc.folder}/{doc.old_filename}", doc.path) for doc in final_docs if doc.old_filename],
        deleted=[doc.path for doc in all_docs if doc.deleted_in_history],
        head=head, seconds=time.perf_counter() - started,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generera en realistisk kvalitetshandbok för tester och mätningar.")
    parser.add_argument("--documents", type=int, required=True, help="antal dokument (minst 5)")
    parser.add_argument("--out", type=Path, required=True, help="katalog att skapa (måste vara tom)")
    parser.add_argument("--commits", type=int, default=None,
                        help=f"antal commits efter den första (standard: min({MAX_DEFAULT_COMMITS}, 3 × dokument))")
    parser.add_argument("--seed", type=int, default=0, help="slumpfrö; samma frö ger samma handbok")
    parser.add_argument("--no-git", dest="git", action="store_false", help="skriv bara filerna, ingen historik")
    arguments = parser.parse_args(argv)
    try:
        result = generate(arguments.out, arguments.documents, arguments.commits, arguments.seed, arguments.git)
    except (ValueError, FileExistsError) as error:
        parser.error(str(error))
    print(f"{result.documents} dokument i {result.processes} processer, {result.areas} områden, "
          f"{result.units} enheter, {result.roles} roller; {result.commits} commits"
          + (f" (HEAD {result.head[:12]})" if result.head else "")
          + f"; {result.seconds:.1f} s → {result.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
