# polypress check: the summary line of the text report (English, the fallback).
# Variables: $articles, $languages, $untranslated (segments), $words, $errors, $warnings, $failed.

check-summary =
    checked { $articles ->
        [one] 1 article
       *[other] { $articles } articles
    } in { $languages ->
        [one] 1 language
       *[other] { $languages } languages
    }: { $untranslated ->
        [0] no untranslated segments
        [one] 1 untranslated segment
       *[other] { $untranslated } untranslated segments
    } ({ $words ->
        [one] 1 word
       *[other] { $words } words
    }), { $errors ->
        [one] 1 error
       *[other] { $errors } errors
    }, { $warnings ->
        [one] 1 warning
       *[other] { $warnings } warnings
    }
check-gates-passed = all gates passed
check-gates-failed = { $failed ->
        [one] 1 gate failed
       *[other] { $failed } gates failed
    }
