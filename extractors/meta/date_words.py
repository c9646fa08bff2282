"""The vocabulary of written dates: month names, time zones, date-line labels and the words that
may stand around a date."""

from __future__ import annotations

import re

# Labels in front of a date line: "Published November 20, 2024 04:45PM EST".
DATE_LABEL = re.compile(
    r"^\s*(?P<label>first published|published|posted|updated|last updated|last modified|modified"
    r"|date|created|publié|veröffentlicht|publicado|pubblicato|atualizado|actualizado|mis à jour"
    r"|aktualisiert|aggiornato)?\s*(?:on|at|em|el|le|am|il|:|-)?\s*",
    re.IGNORECASE,
)
# Labels that mark a later revision rather than the publication.
UPDATE_LABELS = frozenset(
    {
        "updated",
        "last updated",
        "last modified",
        "modified",
        "atualizado",
        "actualizado",
        "mis à jour",
        "aktualisiert",
        "aggiornato",
    }
)
# Time-zone abbreviations seen in date lines, as UTC offsets in minutes.
TIMEZONE_OFFSETS: dict[str, int] = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "WET": 0,
    "EST": -300,
    "EDT": -240,
    "ET": -300,
    "CST": -360,
    "CDT": -300,
    "CT": -360,
    "MST": -420,
    "MDT": -360,
    "MT": -420,
    "PST": -480,
    "PDT": -420,
    "PT": -480,
    "AKST": -540,
    "AKDT": -480,
    "HST": -600,
    "BST": 60,
    "CET": 60,
    "CEST": 120,
    "WEST": 60,
    "EET": 120,
    "EEST": 180,
    "MSK": 180,
    "IST": 330,
    "PKT": 300,
    "SGT": 480,
    "HKT": 480,
    "JST": 540,
    "KST": 540,
    "AEST": 600,
    "AEDT": 660,
    "ACST": 570,
    "AWST": 480,
    "NZST": 720,
    "NZDT": 780,
}
MONTHS: dict[str, int] = {
    "jan": 1,
    "january": 1,
    "feb": 2,
    "february": 2,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "jun": 6,
    "june": 6,
    "jul": 7,
    "july": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}
# Month names of the other languages whose date lines the text rules read ("22 de janeiro de
# 2018", "3. März 2024", "12 juillet 2023"): Spanish, Portuguese, French, German, Italian, Dutch.
MONTHS_ELSEWHERE: dict[int, tuple[str, ...]] = {
    1: ("enero", "janeiro", "janvier", "januar", "jänner", "gennaio", "januari"),
    2: ("febrero", "fevereiro", "février", "fevrier", "februar", "febbraio", "februari"),
    3: ("marzo", "março", "marco", "mars", "märz", "maart"),
    4: ("abril", "avril", "aprile"),
    5: ("mayo", "maio", "mai", "maggio", "mei"),
    6: ("junio", "junho", "juin", "juni", "giugno"),
    7: ("julio", "julho", "juillet", "juli", "luglio"),
    8: ("agosto", "août", "aout", "augustus"),
    9: ("septiembre", "setiembre", "setembro", "septembre", "settembre"),
    10: ("octubre", "outubro", "octobre", "oktober", "ottobre"),
    11: ("noviembre", "novembro", "novembre"),
    12: ("diciembre", "dezembro", "décembre", "decembre", "dezember", "dicembre"),
}
MONTHS.update({name: number for number, names in MONTHS_ELSEWHERE.items() for name in names})


# Words that may stand around the date of a date line: weekday names and joiners ("on", "às",
# "um ... Uhr"), in English and the languages of MONTHS_ELSEWHERE.
DATE_LINE_WORDS = frozenset(
    word
    for words in (
        "on at am pm and by updated published posted last first modified time local",
        "monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri sat sun",
        "lunes martes miércoles jueves viernes sábado domingo de del el las",
        "segunda terça quarta quinta sexta feira às em",
        "lundi mardi mercredi jeudi vendredi samedi dimanche le à",
        "montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag um uhr",
        "lunedì martedì mercoledì giovedì venerdì sabato domenica alle ore il",
        "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag om",
    )
    for word in words.split()
)
# "/2024/02/12/", "/2024-02-12-", "/20240212/": a full date in the path.
URL_DATE = re.compile(
    r"/(?P<year>(?:19|20)\d{2})[/_-](?P<month>[01]?\d)[/_-](?P<day>[0-3]?\d)(?:[/_.-]|$)"
    r"|/(?P<cyear>(?:19|20)\d{2})(?P<cmonth>[01]\d)(?P<cday>[0-3]\d)(?:[/_.-]|$)"
)
