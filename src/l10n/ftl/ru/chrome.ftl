# Оформление страниц русских изданий. Месяцы в родительном падеже: «24 декабря 2022 г.».

nav-also-available = Эта статья доступна также на языках:
nav-all-articles = Все статьи
nav-aligned = Параллельный текст
article-byline = Автор: { $author }
article-translated-from = Перевод с { $source ->
    [en] английского
    [tr] турецкого
   *[ru] русского
}
article-incomplete = Перевод не завершён: { $missing } из { $total } { $count ->
    [one] пока не переведён и показан
   *[other] пока не переведены и показаны
} на языке оригинала с пометкой.
article-incomplete-omitted = Перевод не завершён: { $missing } из { $total } { $count ->
    [one] пока не переведён и опущен.
   *[other] пока не переведены и опущены.
}
untranslated-title = Ещё не переведено: показано на языке оригинала
notes-heading = Примечания
segment-count = { $count ->
    [one] { $count } сегмент
    [few] { $count } сегмента
    [many] { $count } сегментов
   *[other] { $count } сегмента
}
index-title = Статьи на русском языке
index-incomplete = Перевод не завершён: переведено { $translated } из { $total }
root-title = Издания
# Читалка параллельного текста (output/<язык>/<статья>/aligned/).
reader-page-title = { $title } — параллельный текст
reader-kicker = Параллельный текст
reader-this-page-in = Эта страница на других языках:
reader-back = Вернуться к статье
reader-qa = Редакторский вид
reader-choice = Языки:
reader-all = Все три
reader-pair = { $first ->
    [en] Английский
    [tr] Турецкий
   *[ru] Русский
} и { $second ->
    [en] английский
    [tr] турецкий
   *[ru] русский
}
reader-show = Показать:
reader-hint = Наведите указатель на предложение или перейдите к нему клавишей Tab, чтобы подсветить его соответствия на других языках.
reader-gaps = Отмеченные фрагменты ещё не переведены и показаны на языке оригинала.
reader-awaiting-review = Перевод ждёт проверки: показан на языке оригинала
reader-omitted = Ещё не переведено
reader-unreviewed = Этот перевод ещё не проверен
language-name = { $code ->
    [en] Английский
    [tr] Турецкий
   *[ru] Русский
}
# Проверка выравнивания для редакторов (output/aligned/<статья>-qa.html), на языке оригинала.
qa-title = { $title } — проверка выравнивания
qa-segment = Сегмент
qa-state = { $state ->
    [new] не переведён
    [fuzzy] нечёткое совпадение, не используется
    [translated] переведён
    [reviewed] проверен
    [stale] устарел: исходный текст изменился
   *[other] { $state }
}
qa-score = совпадение { $score } %
qa-suggestion = Предложение (не используется):
qa-reader = Вид для читателя
date-day-month-year = { $day } { $month } { $year } г.
date-month-1 = января
date-month-2 = февраля
date-month-3 = марта
date-month-4 = апреля
date-month-5 = мая
date-month-6 = июня
date-month-7 = июля
date-month-8 = августа
date-month-9 = сентября
date-month-10 = октября
date-month-11 = ноября
date-month-12 = декабря
