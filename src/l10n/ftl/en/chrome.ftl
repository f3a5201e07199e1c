# Page chrome of English editions. English is complete and is the fallback for checks.
# Keys are scoped by page area (nav-, article-, notes-, index-, aligned-, date-).

nav-also-available = This post is also available in:
nav-all-articles = All articles
nav-aligned = Aligned edition
article-byline = By { $author }
article-translated-from = Translated from { $source ->
    [tr] Turkish
    [ru] Russian
   *[en] English
}
article-incomplete = This translation is incomplete: { $missing } of { $total } are not translated yet and are shown in the original language, marked.
untranslated-title = Not translated yet: shown in the original language
notes-heading = Notes
segment-count = { $count ->
    [one] { $count } segment
   *[other] { $count } segments
}
index-title = Articles in English
index-incomplete = Incomplete translation: { $translated } of { $segments } translated
root-title = Editions
aligned-title = { $title } (aligned)
aligned-segment = Segment
date-day-month-year = { $day } { $month } { $year }
date-month-1 = January
date-month-2 = February
date-month-3 = March
date-month-4 = April
date-month-5 = May
date-month-6 = June
date-month-7 = July
date-month-8 = August
date-month-9 = September
date-month-10 = October
date-month-11 = November
date-month-12 = December
