# Türkçe sürümlerin sayfa metinleri.

nav-also-available = Bu yazı şu dillerde de okunabilir:
nav-all-articles = Tüm yazılar
nav-aligned = Hizalı sürüm
article-byline = Yazar: { $author }
article-translated-from = { $source ->
    [en] İngilizceden
    [ru] Rusçadan
   *[tr] Türkçeden
} çevrilmiştir
article-incomplete = Bu çeviri tamamlanmamıştır: { $total } bölümden { $missing } henüz çevrilmedi ve işaretlenerek özgün dilinde gösteriliyor.
untranslated-title = Henüz çevrilmedi: özgün dilinde gösteriliyor
notes-heading = Notlar
segment-count = { $count ->
    [one] { $count } bölüm
   *[other] { $count } bölüm
}
index-title = Türkçe yazılar
index-incomplete = Eksik çeviri: { $segments } içinden { $translated } çevrildi
root-title = Sürümler
aligned-title = { $title } (hizalı)
aligned-segment = Bölüm
date-day-month-year = { $day } { $month } { $year }
date-month-1 = Ocak
date-month-2 = Şubat
date-month-3 = Mart
date-month-4 = Nisan
date-month-5 = Mayıs
date-month-6 = Haziran
date-month-7 = Temmuz
date-month-8 = Ağustos
date-month-9 = Eylül
date-month-10 = Ekim
date-month-11 = Kasım
date-month-12 = Aralık
