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
    starters: &[],
};
