# polypress check: итоговая строка отчёта (русский). Формы: one (1, 21), few (2-4, 22-24),
# many (0, 5-20, 25-30); дробные числа (other) берут форму many.

check-summary =
    проверено: { $articles ->
        [one] { $articles } статья
        [few] { $articles } статьи
       *[many] { $articles } статей
    } на { $languages ->
        [one] { $languages } языке
       *[other] { $languages } языках
    }: { $untranslated ->
        [0] непереведённых сегментов нет
        [one] { $untranslated } непереведённый сегмент
        [few] { $untranslated } непереведённых сегмента
       *[many] { $untranslated } непереведённых сегментов
    } ({ $words ->
        [one] { $words } слово
        [few] { $words } слова
       *[many] { $words } слов
    }), { $errors ->
        [one] { $errors } ошибка
        [few] { $errors } ошибки
       *[many] { $errors } ошибок
    }, { $warnings ->
        [one] { $warnings } предупреждение
        [few] { $warnings } предупреждения
       *[many] { $warnings } предупреждений
    }
check-gates-passed = все пороги пройдены
check-gates-failed = { $failed ->
        [one] не пройден { $failed } порог
        [few] не пройдены { $failed } порога
       *[many] не пройдено { $failed } порогов
    }
