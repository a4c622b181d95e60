# The same one date format in Spanish: "7 de diciembre de 2026" (month names from
# Django's own Spanish catalogue, in lower case as Spanish writes them).
DATE_FORMAT = r"j \d\e F \d\e Y"
DATETIME_FORMAT = r"j \d\e F \d\e Y, H:i"
SHORT_DATE_FORMAT = r"j \d\e F \d\e Y"
SHORT_DATETIME_FORMAT = r"j \d\e F \d\e Y, H:i"
MONTH_DAY_FORMAT = r"j \d\e F"
YEAR_MONTH_FORMAT = r"F \d\e Y"
