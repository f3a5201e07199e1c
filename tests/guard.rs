//! The meaning-change guard from the outside: a memory match that drops a negation is
//! pre-filled as `fuzzy` with its warnings and the TM source, `check` reports it in every
//! format, and `tm lookup` shows it.

mod common;

use common::Project;
use polypress::draft::{Draft, State};

const TMX: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/>
  <body>
    <tu tuid="neg-1">
      <tuv xml:lang="en"><seg>The ministry did not approve the new transport plan.</seg></tuv>
      <tuv xml:lang="tr"><seg>Bakanlık yeni ulaştırma planını onaylamadı.</seg></tuv>
      <tuv xml:lang="ru"><seg>Министерство не одобрило новый транспортный план.</seg></tuv>
    </tu>
    <tu tuid="same-2">
      <tuv xml:lang="en"><seg>Trade between the two countries grew quickly.</seg></tuv>
      <tuv xml:lang="tr"><seg>İki ülke arasındaki ticaret hızla büyüdü.</seg></tuv>
      <tuv xml:lang="ru"><seg>Торговля между двумя странами быстро росла.</seg></tuv>
    </tu>
  </body>
</tmx>
"#;

const ARTICLE: &str = "+++
title = \"Plan\"
lang = \"en\"
date = \"2023-01-01\"
author = \"A. Writer\"
+++

The ministry did approve the new transport plan. Trade between the two countries grew quickly.
";

fn project() -> Project {
    let p = Project::empty();
    p.write("polypress.toml", "languages = [\"en\", \"tr\", \"ru\"]\n");
    p.write("memory/news.tmx", TMX);
    p.write("sources/plan/en.md", ARTICLE);
    p
}

#[test]
fn a_dropped_negation_stays_fuzzy_and_check_reports_it_in_every_format() {
    let p = project();
    p.run(&["prefill"]).expect_code(0);
    for lang in ["tr", "ru"] {
        let d = Draft::parse(
            &p.read(&format!("sources/plan/{lang}.json")),
            std::path::Path::new("d"),
        )
        .unwrap();
        let find = |text: &str| {
            d.segments
                .iter()
                .find(|e| e.source == text)
                .unwrap_or_else(|| panic!("no segment {text:?} in {:?}", d.segments))
        };
        let e = find("The ministry did approve the new transport plan.");
        assert_eq!(e.state, State::Fuzzy, "{lang}");
        let m = e.matched.as_ref().unwrap();
        assert_eq!(
            m.source.as_deref(),
            Some("The ministry did not approve the new transport plan.")
        );
        assert_eq!(m.warnings.len(), 1);
        assert_eq!(m.warnings[0].kind.as_str(), "negation");
        assert_eq!(m.warnings[0].memory, "not");
        // The identical sentence is an exact match without warnings.
        let same = find("Trade between the two countries grew quickly.");
        assert_eq!(same.state, State::Translated);
        assert!(same.matched.as_ref().unwrap().warnings.is_empty());
    }
    let text = p.run(&["check"]);
    assert!(text.stdout.contains("meaning-change"), "{}", text.stdout);
    assert!(
        text.stdout.contains("negation: query —, memory `not`"),
        "{}",
        text.stdout
    );
    for format in ["json", "junit", "github", "sarif"] {
        let r = p.run(&["check", "--format", format]);
        assert!(
            r.stdout.contains("meaning-change") && r.stdout.contains("memory `not`"),
            "{format}:\n{}",
            r.stdout
        );
    }
    let json: serde_json::Value =
        serde_json::from_str(&p.run(&["check", "--format", "json"]).stdout).unwrap();
    let found = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "meaning-change")
        .count();
    assert_eq!(found, 2, "one per target language");
}

#[test]
fn lookup_shows_warnings_in_text_and_json() {
    let p = project();
    let r = p.run(&[
        "tm",
        "lookup",
        "The ministry did approve the new transport plan.",
        "--from",
        "en",
        "--to",
        "tr",
    ]);
    r.expect_code(0);
    assert!(
        r.stdout.contains("warning negation: query —, memory `not`"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("edits: deleted `not` (1)"),
        "{}",
        r.stdout
    );
    let r = p.run(&[
        "--json",
        "tm",
        "lookup",
        "Министерство одобрило новый транспортный план.",
        "--from",
        "ru",
        "--to",
        "en",
    ]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        v["matches"][0]["warnings"],
        serde_json::json!([{"kind": "negation", "query": "", "memory": "не"}])
    );
}

/// A memory of three-way TUs, as a library user builds one.
fn memory(rows: &[(&str, &str, &str)]) -> polypress::memory::Memory {
    use polypress::memory::{Memory, Tu, Variant};
    use polypress::model::Lang;
    let mut m = Memory::new();
    for (en, tr, ru) in rows {
        m.add(Tu {
            variants: [
                (Lang::En, Variant::new(Lang::En, *en)),
                (Lang::Tr, Variant::new(Lang::Tr, *tr)),
                (Lang::Ru, Variant::new(Lang::Ru, *ru)),
            ]
            .into(),
            ..Tu::default()
        });
    }
    m
}

/// The name warnings of the top match of `text`, as (query, memory) words, and that match's
/// source.
fn names(
    m: &polypress::memory::Memory,
    text: &str,
    from: polypress::model::Lang,
) -> (String, Vec<(String, String)>) {
    use polypress::memory::lookup::WarningKind;
    use polypress::model::Lang;
    let to = if from == Lang::En { Lang::Tr } else { Lang::En };
    let r = m.lookup(&polypress::memory::Query::new(text, from, to));
    let top = r.first().unwrap_or_else(|| panic!("no match for {text:?}"));
    let w = top
        .warnings
        .iter()
        .filter(|w| w.kind == WarningKind::Name)
        .map(|w| (w.query.clone(), w.memory.clone()))
        .collect();
    (top.source.clone(), w)
}

fn pair(q: &str, m: &str) -> (String, String) {
    (q.to_string(), m.to_string())
}

const NEWS: &[(&str, &str, &str)] = &[
    (
        "Moscow will host the next round of talks in March.",
        "Görüşmelerin bir sonraki turuna mart ayında Moskova ev sahipliği yapacak.",
        "Москва примет следующий раунд переговоров в марте.",
    ),
    (
        "The delegation flew to Moscow on Tuesday.",
        "Heyet salı günü Moskova'ya uçtu.",
        "Делегация прилетела в Москву во вторник.",
    ),
    (
        "Today the ministers met in Brussels.",
        "Bugün bakanlar Brüksel'de bir araya geldi.",
        "Сегодня министры встретились в Брюсселе.",
    ),
    (
        "Talks resumed today after a long pause.",
        "Görüşmeler uzun bir aradan sonra bugün yeniden başladı.",
        "Переговоры возобновились сегодня после долгого перерыва.",
    ),
    (
        "Trade between the two countries grew quickly.",
        "İki ülke arasındaki ticaret hızla büyüdü.",
        "Торговля между двумя странами быстро росла.",
    ),
    (
        "He spoke at the Ministry of Trade.",
        "Ticaret Bakanlığı'nda konuştu.",
        "Он выступил в Министерстве торговли.",
    ),
    (
        "Cross-border trade fell by a third.",
        "Sınır ötesi ticaret üçte bir azaldı.",
        "Приграничная торговля сократилась на треть.",
    ),
    (
        "Foreign trade is the main topic.",
        "Dış ticaret ana konudur.",
        "Внешняя торговля — главная тема.",
    ),
    (
        "NATO will hold a summit in July.",
        "NATO temmuz ayında bir zirve düzenleyecek.",
        "НАТО проведёт саммит в июле.",
    ),
    (
        "A new trade agreement was signed in Ankara.",
        "Ankara'da yeni bir ticaret anlaşması imzalandı.",
        "В Анкаре подписано новое торговое соглашение.",
    ),
];

#[test]
fn a_name_starting_the_sentence_is_flagged_when_the_memory_knows_it() {
    use polypress::model::Lang;
    let m = memory(NEWS);
    // `Moscow` starts the TM sentence, but the memory writes it capitalized inside one.
    assert_eq!(
        names(
            &m,
            "Ankara will host the next round of talks in March.",
            Lang::En
        ),
        (NEWS[0].0.to_string(), vec![pair("Ankara", "Moscow")])
    );
    // Russian: the memory has the name inflected (`в Москву`), the TM sentence `Москва`.
    assert_eq!(
        names(
            &m,
            "Анкара примет следующий раунд переговоров в марте.",
            Lang::Ru
        )
        .1,
        [pair("Анкара", "Москва")]
    );
    // Turkish writes an apostrophe only before the suffix of a proper name.
    assert_eq!(
        names(
            &m,
            "Moskova'da yeni bir ticaret anlaşması imzalandı.",
            Lang::Tr
        )
        .1,
        [pair("Moskova'da", "Ankara'da")]
    );
    // Two capitals: an acronym.
    assert_eq!(
        names(&m, "OSCE will hold a summit in July.", Lang::En).1,
        [pair("OSCE", "NATO")]
    );
}

#[test]
fn an_ordinary_word_starting_the_sentence_is_not_a_name() {
    use polypress::model::Lang;
    let m = memory(NEWS);
    // `today` is written in lower case elsewhere; `Yesterday` is unknown to the memory.
    assert_eq!(
        names(&m, "Yesterday the ministers met in Brussels.", Lang::En),
        (NEWS[2].0.to_string(), vec![])
    );
    // `Trade` is capitalized once inside a sentence (a ministry's title), in lower case more.
    assert_eq!(
        names(
            &m,
            "Investment between the two countries grew quickly.",
            Lang::En
        ),
        (NEWS[4].0.to_string(), vec![])
    );
    assert!(
        names(&m, "Dün bakanlar Brüksel'de bir araya geldi.", Lang::Tr)
            .1
            .is_empty()
    );
    assert!(
        names(&m, "Вчера министры встретились в Брюсселе.", Lang::Ru)
            .1
            .is_empty()
    );
    // Inside the sentence a capital still marks a name, wherever it is known.
    assert_eq!(
        names(&m, "Today the ministers met in Vienna.", Lang::En).1,
        [pair("Vienna", "Brussels")]
    );
}

/// The negation warnings of the top match of `query` in a memory holding `memory_text` alone
/// (in language `lang`), as (query, memory) words.
fn negations(
    lang: polypress::model::Lang,
    memory_text: &str,
    query: &str,
) -> Vec<(String, String)> {
    use polypress::memory::lookup::WarningKind;
    use polypress::memory::{Memory, Query, Tu, Variant};
    use polypress::model::Lang;
    let other = if lang == Lang::En { Lang::Tr } else { Lang::En };
    let mut m = Memory::new();
    m.add(Tu {
        variants: [
            (lang, Variant::new(lang, memory_text)),
            (other, Variant::new(other, "translation")),
        ]
        .into(),
        ..Tu::default()
    });
    let mut q = Query::new(query, lang, other);
    q.min = 50;
    let r = m.lookup(&q);
    let top = r
        .first()
        .unwrap_or_else(|| panic!("no match for {query:?} against {memory_text:?}"));
    top.warnings
        .iter()
        .filter(|w| w.kind == WarningKind::Negation)
        .map(|w| (w.query.clone(), w.memory.clone()))
        .collect()
}

/// Every negation the README lists, added to and removed from a memory sentence, in all
/// three languages: (language, sentence, negated sentence, the word(s) the warning names on
/// the negated side and on the other).
const NEGATIONS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "en",
        "The ministry did approve the plan.",
        "The ministry did not approve the plan.",
        "not",
        "",
    ),
    (
        "en",
        "The ministry has approved the plan.",
        "The ministry has never approved the plan.",
        "never",
        "",
    ),
    (
        "en",
        "The ministry approved the plan.",
        "The ministry approved no plan.",
        "no",
        "the",
    ),
    (
        "en",
        "The ministry can approve the plan.",
        "The ministry cannot approve the plan.",
        "cannot",
        "can",
    ),
    (
        "en",
        "The ministry has approved the plan.",
        "The ministry hasn't approved the plan.",
        "hasn't",
        "has",
    ),
    (
        "en",
        "Everybody knew about the new plan.",
        "Nobody knew about the new plan.",
        "Nobody",
        "Everybody",
    ),
    (
        "en",
        "Something was said about the plan.",
        "Nothing was said about the plan.",
        "Nothing",
        "Something",
    ),
    (
        "en",
        "The plan is mentioned in the report.",
        "The plan is mentioned nowhere in the report.",
        "nowhere",
        "",
    ),
    (
        "en",
        "Some of the ministers approved the plan.",
        "None of the ministers approved the plan.",
        "None",
        "Some",
    ),
    (
        "en",
        "Either minister approved the plan.",
        "Neither minister approved the plan.",
        "Neither",
        "Either",
    ),
    (
        "en",
        "It was approved and it was funded.",
        "It was approved nor it was funded.",
        "nor",
        "and",
    ),
    (
        "tr",
        "Heyet dün Ankara'ya geldi.",
        "Heyet dün Ankara'ya gelmedi.",
        "gelmedi",
        "geldi",
    ),
    (
        "tr",
        "Şirket bu yıl büyük yatırım yapmış.",
        "Şirket bu yıl büyük yatırım yapmamış.",
        "yapmamış",
        "yapmış",
    ),
    (
        "tr",
        "Kargo her hafta düzenli geliyor.",
        "Kargo her hafta düzenli gelmiyor.",
        "gelmiyor",
        "geliyor",
    ),
    (
        "tr",
        "Bakan yarın toplantıya gelecek.",
        "Bakan yarın toplantıya gelmeyecek.",
        "gelmeyecek",
        "gelecek",
    ),
    (
        "tr",
        "Tren her sabah zamanında gelir.",
        "Tren her sabah zamanında gelmez.",
        "gelmez",
        "gelir",
    ),
    (
        "tr",
        "Bu işlem her gün otomatik olarak yapılır.",
        "Bu işlem her gün otomatik olarak yapılmaz.",
        "yapılmaz",
        "yapılır",
    ),
    (
        "tr",
        "Kullanıcı istediği dili menüden seçebilir.",
        "Kullanıcı istediği dili menüden seçemez.",
        "seçemez",
        "seçebilir",
    ),
    (
        "tr",
        "Proje bu yıl için hazır.",
        "Proje bu yıl için hazır değil.",
        "değil",
        "",
    ),
    (
        "tr",
        "Bu rapor yeterli ve tamamdır.",
        "Bu rapor yeterli ve tamam değildir.",
        "değildir",
        "",
    ),
    (
        "tr",
        "Bu konuda ciddi bir sorun var.",
        "Bu konuda ciddi bir sorun yok.",
        "yok",
        "var",
    ),
    (
        "tr",
        "Dün akşam orada bir sorun vardı.",
        "Dün akşam orada bir sorun yoktu.",
        "yoktu",
        "vardı",
    ),
    (
        "tr",
        "Heyet bu şehri çok ziyaret etti.",
        "Heyet bu şehri hiç ziyaret etti.",
        "hiç",
        "çok",
    ),
    (
        "tr",
        "Bu hatayı kesinlikle tekrarlamayacağız.",
        "Bu hatayı asla tekrarlamayacağız.",
        "asla",
        "kesinlikle",
    ),
    (
        "tr",
        "Evet, toplantı yarın yapılacak.",
        "Hayır, toplantı yarın yapılacak.",
        "Hayır",
        "Evet",
    ),
    (
        "ru",
        "Министерство одобрило новый план.",
        "Министерство не одобрило новый план.",
        "не",
        "",
    ),
    (
        "ru",
        "У министерства есть новый план.",
        "У министерства нет новый план.",
        "нет",
        "есть",
    ),
    (
        "ru",
        "Министр был там и в прошлом году.",
        "Министр был там ни в прошлом году.",
        "ни",
        "и",
    ),
    (
        "ru",
        "Министр всегда одобрял такие планы.",
        "Министр никогда одобрял такие планы.",
        "никогда",
        "всегда",
    ),
    (
        "ru",
        "Министр сказал всё о плане.",
        "Министр сказал ничего о плане.",
        "ничего",
        "всё",
    ),
    (
        "ru",
        "Каждый одобрил этот новый план.",
        "Никто одобрил этот новый план.",
        "Никто",
        "Каждый",
    ),
    (
        "ru",
        "Этот план обсуждали везде в стране.",
        "Этот план обсуждали нигде в стране.",
        "нигде",
        "везде",
    ),
    (
        "ru",
        "Этот план можно одобрить сегодня.",
        "Этот план нельзя одобрить сегодня.",
        "нельзя",
        "можно",
    ),
];

#[test]
fn every_listed_negation_is_flagged_added_and_removed_in_all_three_languages() {
    use polypress::model::Lang;
    for &(code, plain, negated, neg, other) in NEGATIONS {
        let lang: Lang = code.parse().unwrap();
        let pair = |q: &str, m: &str| (q.to_string(), m.to_string());
        let added = negations(lang, plain, negated);
        assert!(
            added.contains(&pair(neg, other)),
            "{code}: query {negated:?}, memory {plain:?}: {added:?}"
        );
        let removed = negations(lang, negated, plain);
        assert!(
            removed.contains(&pair(other, neg)),
            "{code}: query {plain:?}, memory {negated:?}: {removed:?}"
        );
    }
}

#[test]
fn inflections_that_are_not_negations_stay_quiet() {
    use polypress::model::Lang;
    for (plain, other) in [
        ("Ali kitabı masaya bıraktı.", "Ali kitabım masaya bıraktı."),
        (
            "Bakan hükümete çağrıda bulundu.",
            "Bakan hükümetin çağrıda bulundu.",
        ),
        (
            "Heyet dün Ankara'ya geldi.",
            "Heyet dün Ankara'ya geldiler.",
        ),
    ] {
        assert_eq!(negations(Lang::Tr, plain, other), [], "{plain} / {other}");
        assert_eq!(negations(Lang::Tr, other, plain), [], "{other} / {plain}");
    }
    for (plain, other) in [
        ("The note was approved.", "The notes were approved."),
        (
            "Министр видел небо над городом.",
            "Министр видел небе над городом.",
        ),
    ] {
        let lang = if plain.is_ascii() { Lang::En } else { Lang::Ru };
        assert_eq!(negations(lang, plain, other), [], "{plain} / {other}");
    }
}

/// A number the Turkish target spells out and a changed name: `prefill` keeps both `fuzzy`
/// with their warnings, `check` reports each, and the Russian target, which has the digits, is
/// adapted without a number warning.
#[test]
fn number_and_name_warnings_stay_fuzzy_and_are_reported() {
    let p = Project::empty();
    p.write("polypress.toml", "languages = [\"en\", \"tr\", \"ru\"]\n");
    p.write(
        "memory/news.tmx",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/>
  <body>
    <tu><tuv xml:lang="en"><seg>The leaders signed 15 documents at the summit.</seg></tuv>
        <tuv xml:lang="tr"><seg>Liderler zirvede on beş belge imzaladı.</seg></tuv>
        <tuv xml:lang="ru"><seg>Лидеры подписали на саммите 15 документов.</seg></tuv></tu>
    <tu><tuv xml:lang="en"><seg>President Tokayev visited Tokyo on Monday.</seg></tuv>
        <tuv xml:lang="tr"><seg>Cumhurbaşkanı Tokayev pazartesi günü Tokyo'yu ziyaret etti.</seg></tuv>
        <tuv xml:lang="ru"><seg>Президент Токаев посетил Токио в понедельник.</seg></tuv></tu>
  </body>
</tmx>
"#,
    );
    p.write(
        "sources/visit/en.md",
        "+++\ntitle = \"Visit\"\nlang = \"en\"\ndate = \"2023-01-01\"\nauthor = \"A. Writer\"\n+++\n\nThe leaders signed 16 documents at the summit. President Tokayev visited Ankara on Monday.\n",
    );
    p.run(&["prefill"]).expect_code(0);
    let kinds = |lang: &str| -> Vec<(String, State, Vec<String>)> {
        let d = Draft::parse(
            &p.read(&format!("sources/visit/{lang}.json")),
            std::path::Path::new("d"),
        )
        .unwrap();
        d.segments
            .iter()
            .filter_map(|e| {
                let m = e.matched.as_ref()?;
                Some((
                    e.target.clone(),
                    e.state,
                    m.warnings.iter().map(ToString::to_string).collect(),
                ))
            })
            .collect()
    };
    let s = |x: &str| x.to_string();
    assert_eq!(
        kinds("tr"),
        [
            (
                s("Liderler zirvede on beş belge imzaladı."),
                State::Fuzzy,
                vec![s("number: query `16`, memory `15`")]
            ),
            (
                s("Cumhurbaşkanı Tokayev pazartesi günü Tokyo'yu ziyaret etti."),
                State::Fuzzy,
                vec![s("name: query `Ankara`, memory `Tokyo`")]
            ),
        ]
    );
    assert_eq!(
        kinds("ru"),
        [
            (
                s("Лидеры подписали на саммите 16 документов."),
                State::Fuzzy,
                vec![]
            ),
            (
                s("Президент Токаев посетил Токио в понедельник."),
                State::Fuzzy,
                vec![s("name: query `Ankara`, memory `Tokyo`")]
            ),
        ]
    );
    let json: serde_json::Value =
        serde_json::from_str(&p.run(&["check", "--format", "json"]).stdout).unwrap();
    let mut found: Vec<String> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "meaning-change")
        .map(|f| f["message"].as_str().unwrap_or_default().to_string())
        .collect();
    found.sort();
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(
        found
            .iter()
            .filter(|m| m.contains("name: query `Ankara`, memory `Tokyo`"))
            .count()
            == 2,
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|m| m.contains("number: query `16`, memory `15`")),
        "{found:?}"
    );
}
