# Page chrome of English editions. English is complete and is the fallback for checks.
# Keys are scoped by page area (nav-, article-, notes-, index-, aligned-, date-).

nav-also-available = This post is also available in:
nav-all-articles = All articles
nav-aligned = Parallel text
article-byline = By { $author }
article-translated-from = Translated from { $source ->
    [tr] Turkish
    [ru] Russian
   *[en] English
}
article-incomplete = This translation is incomplete: { $missing } of { $total } are not translated yet and are shown in the original language, marked.
article-incomplete-omitted = This translation is incomplete: { $missing } of { $total } are not translated yet and are left out.
untranslated-title = Not translated yet: shown in the original language
notes-heading = Notes
segment-count = { $count ->
    [one] { $count } segment
   *[other] { $count } segments
}
index-title = Articles in English
index-incomplete = Incomplete translation: { $translated } of { $segments } translated
root-title = Editions
# The parallel-text reader (output/<lang>/<slug>/aligned/).
reader-page-title = { $title } — parallel text
reader-kicker = Parallel text
reader-this-page-in = This page in:
reader-back = Back to the article
reader-qa = Editor’s view
reader-choice = Languages:
reader-all = All three
reader-pair = { $first ->
    [tr] Turkish
    [ru] Russian
   *[en] English
} and { $second ->
    [tr] Turkish
    [ru] Russian
   *[en] English
}
reader-show = Show:
reader-hint = Point at a sentence, or move to it with the Tab key, to highlight its counterparts in the other languages.
reader-gaps = Marked passages are not translated yet and appear in the original language.
reader-awaiting-review = Translation awaiting review: shown in the original language
reader-omitted = Not translated yet
reader-unreviewed = This translation has not been reviewed yet
language-name = { $code ->
    [tr] Turkish
    [ru] Russian
   *[en] English
}
# The editors' alignment check (output/aligned/<slug>-qa.html), in the source language.
qa-title = { $title } — alignment check
qa-segment = Segment
qa-state = { $state ->
    [new] not translated
    [fuzzy] fuzzy match, not used
    [translated] translated
    [reviewed] reviewed
    [stale] stale: source changed
   *[other] { $state }
}
qa-score = { $score }% match
qa-suggestion = Suggestion (not used):
qa-reader = Reader’s view
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
