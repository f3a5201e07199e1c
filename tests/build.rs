//! `polypress build` on a fixture project of the three sample articles with drafts made from the
//! hand-translated legacy editions (`tests/fixtures/build/sample`): snapshots of every output
//! file, byte-identical rebuilds, removal of stale outputs, and bad input.
//!
//! `POLYPRESS_BLESS=1 cargo test --test build` regenerates the fixture drafts from
//! `tests/fixtures/legacy` and the snapshots under `tests/snapshots/build/sample/`.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{copy_dir, repo, Project};
use polypress::draft::{draft_path, Draft, MatchInfo, State};
use polypress::model::{placeholder_token, scan_placeholders, Article, Code, Lang, Segment};
use polypress::segment::Rules;
use polypress::source::{self, Format};

const FIXTURE: &str = "build/sample";

fn blessing() -> bool {
    std::env::var_os("POLYPRESS_BLESS").is_some_and(|v| v == "1")
}

fn by_block(a: &Article) -> BTreeMap<&str, Vec<&Segment>> {
    let mut m: BTreeMap<&str, Vec<&Segment>> = BTreeMap::new();
    for s in &a.segments {
        m.entry(s.block.as_str()).or_default().push(s);
    }
    m
}

/// Whether `target` (a legacy segment) carries the same codes as `source`: same tokens, each of
/// the same kind.
fn same_codes(source: &Segment, target: &Segment) -> bool {
    polypress::draft::check_placeholders(&source.text, &target.text).is_ok()
        && source.codes.iter().all(|c| {
            target
                .codes
                .iter()
                .any(|t| t.id == c.id && t.role == c.role && t.kind == c.kind)
        })
}

/// Legacy sentences `segs` as one segment: texts joined by a space, placeholders renumbered in
/// order of appearance (each legacy sentence numbers its own from 1).
fn merge(segs: &[&Segment]) -> Segment {
    let mut out = segs[0].clone();
    out.text.clear();
    out.codes.clear();
    let mut next = 0;
    for s in segs {
        let mut map = BTreeMap::new();
        let mut pos = 0;
        if !out.text.is_empty() {
            out.text.push(' ');
        }
        for (range, id, role) in scan_placeholders(&s.text) {
            out.text.push_str(&s.text[pos..range.start]);
            let new = *map.entry(id).or_insert_with(|| {
                next += 1;
                next
            });
            out.text.push_str(&placeholder_token(new, role));
            if let Some(c) = s.codes.iter().find(|c| c.id == id && c.role == role) {
                out.codes.push(Code {
                    id: new,
                    ..c.clone()
                });
            }
            pos = range.end;
        }
        out.text.push_str(&s.text[pos..]);
    }
    out
}

/// Every way to cut `m` items into `n` non-empty runs, as run lengths.
fn cuts(m: usize, n: usize) -> Vec<Vec<usize>> {
    if n == 1 {
        return vec![vec![m]];
    }
    (1..=m.saturating_sub(n - 1))
        .flat_map(|first| {
            cuts(m - first, n - 1).into_iter().map(move |mut rest| {
                rest.insert(0, first);
                rest
            })
        })
        .collect()
}

/// Legacy sentences grouped one run per source sentence, the grouping whose run lengths best
/// follow the source sentences' lengths (a legacy edition often splits a long sentence in two).
fn group(src: &[&Segment], tgt: &[&Segment]) -> Option<Vec<Segment>> {
    let total = |v: &mut dyn Iterator<Item = usize>| v.sum::<usize>().max(1) as f64;
    let st = total(&mut src.iter().map(|s| s.text.chars().count()));
    let tt = total(&mut tgt.iter().map(|s| s.text.chars().count()));
    let best = cuts(tgt.len(), src.len()).into_iter().min_by(|a, b| {
        let cost = |runs: &Vec<usize>| {
            let mut at = 0;
            let mut c = 0.0;
            for (s, &len) in src.iter().zip(runs) {
                let t: usize = tgt[at..at + len]
                    .iter()
                    .map(|t| t.text.chars().count())
                    .sum();
                c += (s.text.chars().count() as f64 / st - t as f64 / tt).powi(2);
                at += len;
            }
            c
        };
        cost(a).total_cmp(&cost(b))
    })?;
    let mut at = 0;
    let mut out = Vec::new();
    for len in best {
        out.push(merge(&tgt[at..at + len]));
        at += len;
    }
    Some(out)
}

/// Blocks where the legacy translator merged source sentences: the same translation, cut by
/// hand at the source's sentence boundaries (slug, language, block, one target per segment).
/// `Президент К.-Ж.` is cut where the Russian segmenter cuts the source.
const SPLITS: &[(&str, &str, &str, &[&str])] = &[
    ("central-asia-japan-dialogue", "tr", "/paragraph[1]", &[
        "“Orta Asya+Japonya Diyaloğu” 9. Dışişleri Bakanları Toplantısı 24 Aralık 2022 tarihinde gerçekleştirilecek.",
        "Toplantıda tarafların ortak işbirliğini ve Orta Asya bölgesinin sürdürülebilir kalkınmasını ele alacakları açıklandı.",
        "Gündemde ayrıca Ukrayna ve Afganistan'daki durum da dahil olmak üzere uluslararası meseleler yer alacak.",
        "Japonya Dışişleri Bakanlığı'nın 15 Aralık 2022'de yaptığı açıklamaya göre toplantıya Japonya Dışişleri Bakanı Yoşimasa Hayaşi ile Orta Asyalı mevkidaşları katılacak.{1/}",
        "Bu etkinliğin, karşılıklı çıkar alanlarının tamamında somut bir ortaklığın önünü açması bekleniyor.",
    ]),
    ("central-asia-japan-dialogue", "tr", "/paragraph[8]", &[
        "Bununla birlikte Japonya'nın bölgedeki en önemli avantajlarından biri, ekonomik diplomasisi ve olumlu imajıdır.",
        "Sınır sorunları gibi büyük güçlere özgü meseleler yaşamayan ve politikalarını dayatma ihtimali düşük olan Tokyo, bölgede daha büyük başarılar elde edebilir.",
        "Çünkü bölge devletlerini rahatsız etmeyecek bir dış politika anlayışına sahip.",
    ]),
    ("central-asia-japan-dialogue", "ru", "/paragraph[4]", &[
        "В последнее время Япония уделяет особое внимание развитию отношений со странами Центральной Азии.",
        "В ноябре 2022 г. в Токио была учреждена Парламентская ассоциация дружбы «Япония — Центральная Азия».",
        "Её возглавил Таро Асо — вице-председатель правящей в Японии Либерально-демократической партии и бывший премьер-министр страны.{1/}",
        "Напомним, что 11 августа 2020 г. в формате видеоконференции состоялось внеочередное совещание министров иностранных дел в рамках диалога «Центральная Азия + Япония».",
        "А 24 декабря 2022 г. Токио примет 9-е совещание министров иностранных дел диалога «Центральная Азия + Япония».{1/}",
    ]),
    ("central-asia-japan-dialogue", "ru", "/paragraph[9]", &[
        "Таким образом, можно констатировать, что в последние годы Япония, оценивая возможности и ограничения в Центральной Азии, делает ставку на экономические и человеческие связи, придерживаясь более прагматичного и сбалансированного подхода.",
        "2 декабря 2022 г. в Токио прошёл Инвестиционный форум Центральной Азии 2022, организованный Европейским банком реконструкции и развития (ЕБРР).{1/}",
        "Форум собрал представителей правительств, международных и отраслевых экспертов и представителей ЕБРР из Центральной Азии, Монголии и Японии, а также японских деловых кругов.",
        "Участники форума обсудили такие вопросы, как зелёная энергетика, развитие инфраструктуры и обеспечение целостности транспортно-логистических коридоров.",
        "Сегодня Япония — один из ведущих инвесторов на центральноазиатском рынке.",
        "Можно прогнозировать, что объём этих инвестиций будет расти и дальше.",
    ]),
    ("middle-corridor-trans-caspian-route", "en", "/paragraph[10]", &[
        "To sum up, 2022 opened a rare window of opportunity for the countries of Central Asia and the South Caucasus.",
        "But that window will not stay open forever: if the participants fail, within the next 2–3 years, to solve the problem of port capacity, renew their fleets and agree on a common tariff policy, freight may return to its familiar routes.",
        "The success of the “Middle Corridor” will depend less on the geopolitical situation than on the ability of the states of the region to act in concert.",
    ]),
    ("middle-corridor-trans-caspian-route", "en", "/paragraph[7]", &[
        "For Kazakhstan, developing its transit potential is a strategic priority.",
        "President Kassym-Jomart Tokayev has repeatedly stressed that the country must become a key transport and logistics hub for Eurasia, and according to the Kazakh side, most overland transit between China and Europe already passes through its territory.",
        "Expanding the ports of Aktau and Kuryk and building a container hub on the Caspian will, according to expert estimates, require investment of several billion dollars.",
    ]),
    ("middle-corridor-trans-caspian-route", "tr", "/paragraph[2]", &[
        "Ön tahminlere göre TITR üzerindeki taşıma hacmi 2022 yılı sonunda yaklaşık 1,5 milyon tona ulaşacak, yani bir önceki yıla göre yaklaşık 2,5 kat artacak.{1/}",
        "Bununla birlikte bu rakamları bağlamı içinde değerlendirmek gerekir: söz konusu hacim, Kuzey Koridoru'ndan geçen yük akışının hâlâ küçük bir kısmına karşılık geliyor.",
        "Başka bir deyişle “Orta Koridor” şimdilik geleneksel güzergâhların yerini almaktan çok onları tamamlıyor.",
    ]),
    ("organization-of-turkic-states-samarkand-summit", "en", "/paragraph[6]", &[
        "The year 2022 marked the 30th anniversary of diplomatic relations between Türkiye and the Central Asian republics.",
        "The occasion brought notable steps in bilateral relations as well.",
        "During Kazakh President Kassym-Jomart Tokayev’s visit to Ankara in May 2022, the two countries upgraded their relations to an “Enhanced Strategic Partnership” and announced a bilateral trade target of 10 billion dollars.{1/}",
        "Trade with Uzbekistan is known to have reached around 3.5 billion dollars in 2021, and both sides have since voiced ambitious new targets.",
    ]),
    ("organization-of-turkic-states-samarkand-summit", "en", "/paragraph[8]", &[
        "The war between Russia and Ukraine and the sanctions that followed turned the Northern Corridor, which carries a large share of freight between Asia and Europe, into a risky option.",
        "This markedly increased interest in the Middle Corridor, which runs from China through Kazakhstan, the Caspian Sea, Azerbaijan and Georgia to Türkiye.",
        "Some estimates suggest that cargo volumes along the corridor will grow 2.5-fold in 2022 compared with the previous year.{1/}",
        "However, the limited capacity of the Caspian ports (e.g. Aktau and Kuryk in Kazakhstan), the shortage of ferries and the failure to harmonize tariffs are serious obstacles to the corridor meeting this demand.",
    ]),
    ("organization-of-turkic-states-samarkand-summit", "ru", "/paragraph[6]", &[
        "2022 г. ознаменовался 30-летием установления дипломатических отношений между Турцией и республиками Центральной Азии.",
        "Этот юбилей сопровождался заметными шагами в двусторонних отношениях.",
        "В ходе визита Президента Казахстана К.-Ж. Токаева в Анкару в мае 2022 г. стороны повысили уровень отношений до «расширенного стратегического партнёрства» и объявили о цели довести двусторонний товарооборот до 10 млрд долларов.{1/}",
        "Товарооборот с Узбекистаном в 2021 г., как известно, составил около 3,5 млрд долларов, и стороны озвучивают новые амбициозные цели.",
    ]),
    ("organization-of-turkic-states-samarkand-summit", "ru", "/paragraph[7]", &[
        "Тем не менее не стоит преувеличивать значение этих цифр.",
        "По грубым подсчётам, доля государств — членов ОТГ во внешней торговле Турции по-прежнему составляет около 3%.",
        "В экономиках же самого региона решающую роль и в торговле, и в инвестициях продолжают играть Китай и Россия.",
    ]),
];

/// A draft of `article` into `lang` aligned block by block with the legacy hand translation:
/// sentence k translates sentence k, or a run of legacy sentences translates one source
/// sentence where the legacy edition split it, or the hand cuts of [`SPLITS`] where it merged
/// them. Blocks that fit none of these, or whose inline codes disagree, stay `new`.
fn align_legacy(article: &Article, lang: Lang) -> Draft {
    let rel = PathBuf::from("tests/fixtures/legacy")
        .join(&article.slug)
        .join(format!("{lang}.md"));
    let text = std::fs::read_to_string(repo().join(&rel)).unwrap();
    let legacy = source::parse(
        &text,
        &rel,
        &article.slug,
        lang,
        Format::Article,
        &Rules::builtin(lang),
    )
    .unwrap();
    let (src, tgt) = (by_block(article), by_block(&legacy));
    let mut draft = Draft::empty(article, lang);
    for (block, segs) in &src {
        let split = SPLITS
            .iter()
            .find(|(slug, l, b, _)| *slug == article.slug && *l == lang.code() && b == block);
        let targets: Vec<String> = if let Some((_, _, _, texts)) = split {
            assert_eq!(texts.len(), segs.len(), "{} {lang} {block}", article.slug);
            for (s, t) in segs.iter().zip(*texts) {
                polypress::draft::check_placeholders(&s.text, t).unwrap();
            }
            texts.iter().map(|t| t.to_string()).collect()
        } else {
            let Some(t) = tgt.get(block).and_then(|t| group(segs, t)) else {
                continue;
            };
            if !segs.iter().zip(&t).all(|(s, t)| same_codes(s, t)) {
                continue;
            }
            t.into_iter().map(|t| t.text).collect()
        };
        for (s, t) in segs.iter().zip(targets) {
            let e = draft.segments.iter_mut().find(|e| e.id == s.id).unwrap();
            e.target = t;
            e.state = State::Translated;
            e.matched = Some(MatchInfo {
                score: 100,
                kind: "alignment".into(),
                origin: rel.to_string_lossy().into_owned(),
                adapted: Vec::new(),
                ..MatchInfo::default()
            });
        }
    }
    draft
}

/// Rewrites the fixture's drafts from the legacy editions.
fn bless_drafts() {
    let root = repo().join("tests/fixtures").join(FIXTURE);
    for f in source::discover(&root, &[]).unwrap() {
        let a = source::load(&root, &f, &Rules::builtin(f.lang)).unwrap();
        for lang in Lang::ALL.into_iter().filter(|l| *l != a.lang) {
            align_legacy(&a, lang)
                .save(&root, &draft_path(&a.slug, lang))
                .unwrap();
        }
    }
}

fn files_under(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                );
            }
        }
    }
    out
}

#[test]
fn sample_editions_match_snapshots() {
    if blessing() {
        bless_drafts();
    }
    let p = Project::fixture(FIXTURE);
    p.run(&["build"]).expect_code(0);
    let got = files_under(&p.path().join("output"));
    let snap = repo().join("tests/snapshots/build/sample");
    if blessing() {
        let _ = std::fs::remove_dir_all(&snap);
        copy_dir(&p.path().join("output"), &snap);
        return;
    }
    let want = files_under(&snap);
    let names = |m: &BTreeMap<PathBuf, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(&got),
        names(&want),
        "set of output files (POLYPRESS_BLESS=1 to update)"
    );
    for (name, bytes) in &want {
        assert!(
            got[name] == *bytes,
            "{} differs from its snapshot (POLYPRESS_BLESS=1 to update, then review the diff)",
            name.display()
        );
    }
}

#[test]
fn source_markdown_edition_is_the_source_file() {
    let p = Project::fixture(FIXTURE);
    p.run(&["build"]).expect_code(0);
    for f in source::discover(p.path(), &[]).unwrap() {
        let out = format!("output/{}/{}.md", f.lang, f.slug);
        assert_eq!(p.read(&out), p.read(&f.path.to_string_lossy()), "{out}");
    }
}

#[test]
fn second_run_is_byte_identical_and_writes_nothing() {
    let p = Project::fixture(FIXTURE);
    let first = p.run(&["build"]);
    first.expect_code(0);
    assert!(first
        .stdout
        .contains("output/tr/central-asia-japan-dialogue/index.html"));
    let before = files_under(&p.path().join("output"));
    let second = p.run(&["build"]);
    second.expect_code(0);
    assert_eq!(
        second.stdout, "",
        "no file is rewritten when nothing changed"
    );
    assert!(second.stderr.contains("0 written"), "{}", second.stderr);
    assert!(before == files_under(&p.path().join("output")));
}

#[test]
fn removes_outputs_of_deleted_articles_but_not_foreign_files() {
    let p = Project::fixture(FIXTURE);
    p.run(&["build"]).expect_code(0);
    p.write("output/notes-by-hand.txt", "mine");
    std::fs::remove_dir_all(p.path().join("sources/middle-corridor-trans-caspian-route")).unwrap();
    let r = p.run(&["build"]);
    r.expect_code(0);
    assert!(r.stderr.contains("removed"), "{}", r.stderr);
    for gone in [
        "output/ru/middle-corridor-trans-caspian-route.md",
        "output/en/middle-corridor-trans-caspian-route/index.html",
        "output/aligned/middle-corridor-trans-caspian-route.tmx",
    ] {
        assert!(!p.path().join(gone).exists(), "{gone} left behind");
    }
    assert!(!p
        .path()
        .join("output/en/middle-corridor-trans-caspian-route")
        .exists());
    assert_eq!(p.read("output/notes-by-hand.txt"), "mine");
    assert!(!p.read("output/manifest.json").contains("middle-corridor"));
}

#[test]
fn broken_draft_names_the_file_and_leaves_output_untouched() {
    let p = Project::fixture(FIXTURE);
    p.run(&["build"]).expect_code(0);
    let before = files_under(&p.path().join("output"));
    p.write(
        "sources/central-asia-japan-dialogue/tr.json",
        "{\n  \"format\": \"polypress-draft/1\",\n  oops\n}\n",
    );
    std::fs::remove_file(
        p.path()
            .join("sources/organization-of-turkic-states-samarkand-summit/tr.md"),
    )
    .unwrap();
    let r = p.run(&["build"]);
    // Either error stops the build: here the broken layout or the draft, whichever comes first.
    r.expect_code(2);
    assert!(
        r.stderr.starts_with("polypress: error: sources/"),
        "{}",
        r.stderr
    );
    assert!(
        before == files_under(&p.path().join("output")),
        "output changed on error"
    );
    let p = Project::fixture(FIXTURE);
    p.write(
        "sources/central-asia-japan-dialogue/tr.json",
        "{\n  \"format\": \"polypress-draft/1\",\n  oops\n}\n",
    );
    let r = p.run(&["build"]);
    r.expect_code(2);
    assert!(
        r.stderr
            .contains("sources/central-asia-japan-dialogue/tr.json:3:3:"),
        "{}",
        r.stderr
    );
    assert!(
        !p.path().join("output").exists(),
        "nothing written on error"
    );
}

#[test]
fn stale_entries_are_reported_by_file_and_segment() {
    let p = Project::fixture(FIXTURE);
    let rel = "sources/central-asia-japan-dialogue/tr.json";
    let mut d = Draft::parse(&p.read(rel), Path::new(rel)).unwrap();
    let e = d
        .segments
        .iter_mut()
        .find(|e| e.state == State::Translated && !e.source.starts_with('{'))
        .unwrap();
    let (id, target) = (e.id.clone(), e.target.clone());
    e.source.push_str(" (older wording)");
    p.write(rel, d.to_json());
    let r = p.run(&["build", "--json"]);
    r.expect_code(0);
    assert!(
        r.stderr
            .contains(&format!("warning: {rel}: segment `{id}`"))
            && r.stderr.contains("stale"),
        "{}",
        r.stderr
    );
    let md = p.read("output/tr/central-asia-japan-dialogue.md");
    assert!(!md.contains(&target), "stale target mixed in");
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(json["stale"][0]["id"], id.as_str());
    assert_eq!(json["stale"][0]["draft"], rel);
}

/// Sets the state of the `n`-th body entry of a fixture draft (keeping its target).
fn set_state(p: &Project, rel: &str, n: usize, state: State) -> String {
    let mut d = Draft::parse(&p.read(rel), Path::new(rel)).unwrap();
    let e = d
        .segments
        .iter_mut()
        .filter(|e| !e.source.starts_with('{'))
        .nth(n)
        .unwrap();
    e.state = state;
    if state == State::New {
        e.target.clear();
    }
    let source = e.source.clone();
    p.write(rel, d.to_json());
    source
}

#[test]
fn untranslated_modes() {
    let p = Project::fixture(FIXTURE);
    p.run(&["build", "--untranslated", "fail", "--fail-incomplete"])
        .expect_code(0);
    let rel = "sources/central-asia-japan-dialogue/tr.json";
    let missing = set_state(&p, rel, 5, State::New);
    let fuzzy = set_state(&p, rel, 7, State::Fuzzy);
    std::fs::remove_dir_all(p.path().join("output")).unwrap();
    let r = p.run(&["build", "--untranslated", "fail"]);
    r.expect_code(2);
    assert!(
        r.stderr.contains(&format!("error: {rel}: segment `"))
            && r.stderr.contains("is not translated (missing)"),
        "{}",
        r.stderr
    );
    assert!(
        !p.path().join("output").exists(),
        "nothing written on error"
    );

    p.run(&["build", "--untranslated", "omit"]).expect_code(0);
    let md = p.read("output/tr/central-asia-japan-dialogue.md");
    assert!(
        !md.contains("class=\"untranslated\"") && !md.contains(&missing) && !md.contains(&fuzzy)
    );

    let r = p.run(&["build"]);
    r.expect_code(0);
    assert!(
        r.stderr
            .contains("incomplete: tr/central-asia-japan-dialogue (37/39 segments translated)"),
        "{}",
        r.stderr
    );
    let md = p.read("output/tr/central-asia-japan-dialogue.md");
    for text in [&missing, &fuzzy] {
        assert!(md.contains(&format!("<span class=\"untranslated\" lang=\"en\" title=\"Henüz çevrilmedi: özgün dilinde gösteriliyor\">{text}</span>")), "{md}");
    }
    let html = p.read("output/tr/central-asia-japan-dialogue/index.html");
    assert!(html.contains("<p class=\"incomplete\" role=\"note\">Bu çeviri tamamlanmamıştır: 39 bölümden 2 bölüm henüz çevrilmedi"), "{html}");
    assert!(p
        .read("output/tr/index.html")
        .contains("Eksik çeviri: 39 bölüm içinden 37 çevrildi"));
    let manifest: serde_json::Value =
        serde_json::from_str(&p.read("output/manifest.json")).unwrap();
    let incomplete: Vec<_> = manifest["editions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["complete"] == false)
        .collect();
    assert_eq!(incomplete.len(), 1);
    assert_eq!(
        (
            incomplete[0]["translated"].as_u64(),
            incomplete[0]["total"].as_u64()
        ),
        (Some(37), Some(39))
    );
    p.run(&["build", "--fail-incomplete"]).expect_code(1);

    p.run(&["build", "--allow-fuzzy"]).expect_code(0);
    let md = p.read("output/tr/central-asia-japan-dialogue.md");
    assert!(
        !md.contains(&format!(">{fuzzy}</span>")) && md.contains(&format!(">{missing}</span>"))
    );
}

#[test]
fn russian_chrome_counts_plurals() {
    let p = Project::fixture(FIXTURE);
    for n in 0..3 {
        set_state(
            &p,
            "sources/middle-corridor-trans-caspian-route/en.json",
            n,
            State::New,
        );
    }
    let rel = "sources/central-asia-japan-dialogue/ru.json";
    set_state(&p, rel, 0, State::New);
    p.run(&["build"]).expect_code(0);
    let html = p.read("output/ru/central-asia-japan-dialogue/index.html");
    assert!(
        html.contains("Перевод не завершён: 1 сегмент из 39 пока не переведён и показан"),
        "{html}"
    );
    for n in 1..5 {
        set_state(&p, rel, n, State::New);
    }
    p.run(&["build"]).expect_code(0);
    let html = p.read("output/ru/central-asia-japan-dialogue/index.html");
    assert!(
        html.contains("Перевод не завершён: 5 сегментов из 39 пока не переведены"),
        "{html}"
    );
    let en = p.read("output/en/middle-corridor-trans-caspian-route/index.html");
    assert!(
        en.contains("This translation is incomplete: 3 segments of 41"),
        "{en}"
    );
}

#[test]
fn sample_project_builds() {
    // The repository's own sample project, whatever drafts it has: every edition is produced.
    let p = Project::sample();
    p.run(&["build"]).expect_code(0);
    let manifest: serde_json::Value =
        serde_json::from_str(&p.read("output/manifest.json")).unwrap();
    let editions = manifest["editions"].as_array().unwrap();
    assert_eq!(editions.len(), 9);
    for e in editions {
        assert!(p
            .path()
            .join("output")
            .join(e["html"].as_str().unwrap())
            .is_file());
        assert!(p
            .path()
            .join("output")
            .join(e["markdown"].as_str().unwrap())
            .is_file());
    }
}

#[test]
fn chrome_is_localized_on_each_edition() {
    let p = Project::fixture(FIXTURE);
    p.run(&["build"]).expect_code(0);
    let en = p.read("output/en/central-asia-japan-dialogue/index.html");
    assert!(en.contains("<html lang=\"en\">"));
    assert!(en.contains("This post is also available in: <a href=\"../../tr/central-asia-japan-dialogue/index.html\" hreflang=\"tr\" lang=\"tr\">Türkçe</a> <a href=\"../../ru/central-asia-japan-dialogue/index.html\" hreflang=\"ru\" lang=\"ru\">Русский</a>"), "{en}");
    assert!(en.contains(">20 December 2022</time>"));
    assert!(
        en.contains("<aside class=\"author-note\" lang=\"tr\">"),
        "raw HTML passes through"
    );
    let tr = p.read("output/tr/central-asia-japan-dialogue/index.html");
    assert!(tr.contains("<html lang=\"tr\">") && tr.contains(">20 Aralık 2022</time>"));
    assert!(tr.contains("İngilizceden çevrilmiştir"));
    assert!(tr.contains("<link rel=\"alternate\" hreflang=\"en\" href=\"../../en/central-asia-japan-dialogue/index.html\">"));
    let ru = p.read("output/ru/central-asia-japan-dialogue/index.html");
    assert!(ru.contains(">20 декабря 2022 г.</time>") && ru.contains("Перевод с английского"));
    assert!(ru.contains("Эта статья доступна также на языках:"));
    assert!(!ru.contains('\u{2068}'), "no isolation marks");
}

/// The Nu HTML Checker's jar: `$VNU_JAR`, else the `vnu-jar` npm package installed globally.
fn vnu_jar() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("VNU_JAR") {
        return Some(PathBuf::from(p));
    }
    let npm_root = std::process::Command::new("npm")
        .args(["root", "-g"])
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    [
        npm_root.unwrap_or_default().as_str(),
        "/usr/lib/node_modules",
        "/usr/local/lib/node_modules",
    ]
    .iter()
    .map(|r| Path::new(r).join("vnu-jar/build/dist/vnu.jar"))
    .find(|p| p.is_file())
}

#[test]
fn html_is_valid() {
    let Some(jar) = vnu_jar() else {
        eprintln!("skipping html_is_valid: the Nu HTML Checker is not installed (npm install -g vnu-jar, or set VNU_JAR; needs java)");
        return;
    };
    let p = Project::fixture(FIXTURE);
    p.run(&["build"]).expect_code(0);
    let pages: Vec<PathBuf> = files_under(&p.path().join("output"))
        .into_keys()
        .filter(|f| f.extension().is_some_and(|e| e == "html"))
        .map(|f| p.path().join("output").join(f))
        .collect();
    assert_eq!(
        pages.len(),
        9 + 3 + 3 + 1,
        "editions, aligned, language indexes, root"
    );
    let out = match std::process::Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .arg("--errors-only")
        .args(&pages)
        .output()
    {
        Ok(o) => o,
        Err(e) => {
            eprintln!("skipping html_is_valid: cannot run java ({e})");
            return;
        }
    };
    let report = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && report.trim().is_empty(),
        "HTML errors:\n{report}"
    );
}
