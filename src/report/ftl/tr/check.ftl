# polypress check: rapor özet satırı (Türkçe). Türkçede sayıdan sonra isim tekil kalır.

check-summary =
    { $articles } makale, { $languages } dil denetlendi: { $untranslated ->
        [0] çevrilmemiş segment yok
       *[other] { $untranslated } çevrilmemiş segment
    } ({ $words } kelime), { $errors } hata, { $warnings } uyarı
check-gates-passed = tüm eşikler geçildi
check-gates-failed = { $failed } eşik geçilemedi
