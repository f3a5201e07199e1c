# Türkçe sürümlerin sayfa metinleri.

nav-also-available = Bu yazı şu dillerde de okunabilir:
nav-all-articles = Tüm yazılar
nav-aligned = Paralel metin
article-byline = Yazar: { $author }
article-translated-from = { $source ->
    [en] İngilizceden
    [ru] Rusçadan
   *[tr] Türkçeden
} çevrilmiştir
article-incomplete = Bu çeviri tamamlanmamıştır: { $total } bölümden { $missing } henüz çevrilmedi ve işaretlenerek özgün dilinde gösteriliyor.
article-incomplete-omitted = Bu çeviri tamamlanmamıştır: { $total } bölümden { $missing } henüz çevrilmedi ve yayımlanmadı.
untranslated-title = Henüz çevrilmedi: özgün dilinde gösteriliyor
notes-heading = Notlar
segment-count = { $count ->
    [one] { $count } bölüm
   *[other] { $count } bölüm
}
index-title = Türkçe yazılar
index-incomplete = Eksik çeviri: { $segments } içinden { $translated } çevrildi
root-title = Sürümler
# Paralel metin okuyucusu (output/<dil>/<yazı>/aligned/).
reader-page-title = { $title } — paralel metin
reader-kicker = Paralel metin
reader-this-page-in = Bu sayfanın öteki dilleri:
reader-back = Yazıya dön
reader-qa = Editör görünümü
reader-choice = Diller:
reader-all = Üç dil birden
reader-pair = { $first ->
    [en] İngilizce
    [ru] Rusça
   *[tr] Türkçe
} ve { $second ->
    [en] İngilizce
    [ru] Rusça
   *[tr] Türkçe
}
reader-show = Göster:
reader-hint = Öteki dillerdeki karşılıklarını vurgulamak için bir cümlenin üzerine gelin ya da Tab tuşuyla ona geçin.
reader-gaps = İşaretli bölümler henüz çevrilmedi; özgün dilinde gösteriliyor.
reader-awaiting-review = Çeviri onay bekliyor: özgün dilinde gösteriliyor
reader-omitted = Henüz çevrilmedi
reader-unreviewed = Bu çeviri henüz gözden geçirilmedi
language-name = { $code ->
    [en] İngilizce
    [ru] Rusça
   *[tr] Türkçe
}
# Editörlerin hizalama denetimi (output/aligned/<yazı>-qa.html), kaynak dilde.
qa-title = { $title } — hizalama denetimi
qa-segment = Bölüm
qa-state = { $state ->
    [new] çevrilmedi
    [fuzzy] bulanık eşleşme, kullanılmadı
    [translated] çevrildi
    [reviewed] gözden geçirildi
    [stale] güncel değil: kaynak değişti
   *[other] { $state }
}
qa-score = %{ $score } eşleşme
qa-suggestion = Öneri (kullanılmadı):
qa-reader = Okur görünümü
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
