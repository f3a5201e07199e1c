//! Turkish abbreviations (TDK's list, trimmed to what news and think-tank prose uses) and the
//! dotted ordinal: Turkish writes `9.` for "9th", so a number with a dot before a word is an
//! ordinal, never a sentence end (see [`LangData::dotted_ordinals`]).

use super::LangData;

pub(crate) const DATA: LangData = LangData {
    never: &[
        // Titles and academic ranks: "Doç. Dr. Ayşe Kaya", "Yrd. Doç.", "Öğr. Gör.".
        "Dr.", "Prof.", "Doç.", "Yrd.", "Av.", "Müh.", "Uzm.", "Öğr.", "Gör.", "Arş.", "Sn.", "Hz.",
        "Alb.", "Gen.", "Org.", "Korg.", "Tümg.", "Tuğg.", "Yzb.", "Bşk.", "Başk.", "Bkz.", "Mr.",
        "Mrs.", "St.", // References and shorthands inside a sentence.
        "örn.", "bkz.", "krş.", "s.", "ss.", "sf.", "c.", "yy.", "çev.", "haz.", "ed.", "yay.",
        "a.g.e.", "age.", "agm.", "bl.", "md.", "mad.",
        // Organisations and addresses: "T.C. Dışişleri Bakanlığı", "Tic. Ltd. Şti.".
        "T.C.", "A.Ş.", "Ltd.", "Tic.", "San.", "Koll.", "Cad.", "Sok.", "Mah.", "Blv.", "Apt.",
        "Bul.", "M.Ö.", "M.S.", "e.g.", "i.e.",
    ],
    may_end: &[
        // "... ve benzeri.", "... vesaire.", "ve diğerleri."
        "vb.",
        "vs.",
        "vd.",
        "Şti.",
        "Ltd. Şti.",
        "dk.",
        "sn.",
        "Inc.",
        "Corp.",
    ],
    may_end_after_number: &[],
    never_before_number: &["No.", "Nr."],
    dotted_ordinals: true,
    // Words that open sentences and do not follow an ordinal: after `16.` one of these means
    // the number closed the sentence before (`... 16. En ilkel şekilde ...`).
    starters: &[
        "Ama", "Ancak", "Fakat", "Lakin", "Oysa", "Yani", "Ve", "Veya", "Çünkü", "Zira", "Bu",
        "Bunu", "Buna", "Bunun", "Bunlar", "Bunların", "Şu", "O", "Onu", "Ona", "Onun", "Onlar",
        "Ben", "Sen", "Biz", "Siz", "Bence", "Bana", "Bize", "Size", "Böylece", "Böyle", "Şöyle",
        "Ayrıca", "Hatta", "Üstelik", "Sonra", "Sonuçta", "Şimdi", "Bugün", "Yarın", "Dün",
        "Artık", "Hâlâ", "Hala", "Henüz", "İşte", "Belki", "Ne", "Neden", "Nasıl", "Niçin",
        "Kim", "Kimse", "Hiç", "Hiçbir", "Her", "Hem", "Daha", "En", "Çok", "Bir", "Bazı",
        "Birçok", "Tüm", "Bütün", "Eğer", "Gerçi", "Madem", "Yine", "Gene", "Öte", "Aksine",
        "Özellikle", "Ayrıca", "Örneğin", "Mesela", "Aslında", "Kısacası", "Dolayısıyla",
    ],
    lower_start_min_len: Some(4),
    lower_start_vowel_end: false,
    lower_after_question: false,
    continue_before_lower: &[],
    // `katılımcı sayısı 40. Oturum yarın`: a number after a count is the count, not an ordinal.
    quantity_heads: &[
        "sayısı", "sayısının", "toplam", "toplamı", "oranı", "miktarı", "tutarı", "yaşı",
        "yüzde", "adet", "kadar", "yaklaşık", "fiyatı", "nüfusu", "puanı", "skor", "sonuç",
    ],
    model: include_str!("../model/tr.txt"),
};
