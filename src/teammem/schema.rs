//! The database schema, as numbered migrations compiled into the binary and applied by
//! `polypress tm init-db`.

use crate::model::Lang;

/// The schema version this build reads and writes.
pub const VERSION: i32 = 6;

/// A variant's full-text lexemes, as SQL over its `stems` and `ntok` (qualified by `$t`): each
/// stem character with the variant's length bucket, `c:b` (the same buckets as
/// `stems::bucket`), so that a lookup reads the posting lists of its length window only.
macro_rules! lexemes {
    ($t:literal) => {
        concat!(
            "array_to_tsvector(string_to_array(regexp_replace(",
            $t,
            "stems, '(\\S)', '\\1:' || (CASE WHEN ",
            $t,
            "ntok <= 48 THEN ",
            $t,
            "ntok ELSE 49 + least((",
            $t,
            "ntok - 49) / 16, 59) END)::text, 'g'), ' '))"
        )
    };
}
pub(crate) use lexemes;

/// `lexemes!` over the unqualified columns: the expression of the stem indexes.
pub const LEXEMES: &str = lexemes!("");

/// The stem tables, one per project language: a lookup names its language's table in the
/// statement, as the migrations name them.
pub const STEM_TABLES: [&str; 3] = ["pp_stem_en", "pp_stem_tr", "pp_stem_ru"];

/// The stem table of `lang`.
pub fn stem_table(lang: Lang) -> &'static str {
    match lang {
        Lang::En => STEM_TABLES[0],
        Lang::Tr => STEM_TABLES[1],
        Lang::Ru => STEM_TABLES[2],
    }
}

/// The secondary indexes of `pp_variant` and the stem tables (name, statement), as the
/// migrations leave them: a large `tm push` drops them and builds them again after its
/// inserts, which is several times faster than updating them row by row.
pub fn variant_indexes() -> Vec<(String, String)> {
    let mut out = vec![(
        "pp_variant_norm".to_string(),
        "CREATE INDEX pp_variant_norm ON pp_variant USING hash (norm)".to_string(),
    )];
    for t in STEM_TABLES {
        out.push((
            format!("{t}_lexb"),
            format!("CREATE INDEX {t}_lexb ON {t} USING gin (({LEXEMES}))"),
        ));
    }
    for t in STEM_TABLES {
        out.push((
            format!("{t}_ntok"),
            format!("CREATE INDEX {t}_ntok ON {t} (ntok)"),
        ));
    }
    out
}

/// One stem table of migration 5, filled from `pp_variant` before its keys and indexes are
/// made (one pass, no per-row checks).
macro_rules! stem_table {
    ($l:literal) => {
        concat!(
            "CREATE TABLE pp_stem_",
            $l,
            " (tu_id bigint NOT NULL, ntok int NOT NULL, stems text NOT NULL);\n",
            "INSERT INTO pp_stem_",
            $l,
            " SELECT tu_id, ntok, stems FROM pp_variant WHERE lang = '",
            $l,
            "';\n",
            "ALTER TABLE pp_stem_",
            $l,
            " ADD PRIMARY KEY (tu_id), ",
            "ADD FOREIGN KEY (tu_id) REFERENCES pp_tu (id) ON DELETE CASCADE;\n",
            "CREATE INDEX pp_stem_",
            $l,
            "_lexb ON pp_stem_",
            $l,
            " USING gin ((",
            lexemes!(""),
            "));\n",
            "CREATE INDEX pp_stem_",
            $l,
            "_ntok ON pp_stem_",
            $l,
            " (ntok);\n",
            "ANALYZE pp_stem_",
            $l,
            ";\n"
        )
    };
}

/// Migration `i` brings the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE pp_schema (version int NOT NULL);
INSERT INTO pp_schema VALUES (0);

-- The characters stem strings are written with (see teammem::stems), by position.
CREATE TABLE pp_alphabet (pos int PRIMARY KEY, ch text NOT NULL UNIQUE);

-- One row per TMX file of the memory, `project.tmx` included.
CREATE TABLE pp_file (id serial PRIMARY KEY, path text NOT NULL UNIQUE);
INSERT INTO pp_file (path) VALUES ('project.tmx');

-- A translation unit. `tmx` is its `<tu>` element as polypress writes it: every variant,
-- prop, note, date, attribute and inline code, so nothing is lost; the columns beside it are
-- what queries filter on. (Migration 6 leaves `tmx` NULL where the later `plain` column holds
-- the whole TU.)
CREATE TABLE pp_tu (
    id bigserial PRIMARY KEY,
    file_id int NOT NULL REFERENCES pp_file (id),
    line int NOT NULL DEFAULT 0,
    -- Hash of the normalized variant set; `copy` numbers repeats within one file.
    vset bigint NOT NULL,
    copy int NOT NULL DEFAULT 0,
    tuid text,
    created text,
    created_by text,
    changed text,
    changed_by text,
    props jsonb NOT NULL DEFAULT '[]',
    tmx text NOT NULL,
    CONSTRAINT pp_tu_variant_set UNIQUE (file_id, vset, copy)
);

-- One row per project-language variant of a TU.
CREATE TABLE pp_variant (
    tu_id bigint NOT NULL REFERENCES pp_tu (id) ON DELETE CASCADE,
    lang text NOT NULL CHECK (lang IN ('en', 'tr', 'ru')),
    text text NOT NULL,
    norm text NOT NULL,
    ntok int NOT NULL,
    stems text NOT NULL,
    created text,
    created_by text,
    changed text,
    changed_by text,
    PRIMARY KEY (tu_id, lang)
);
CREATE INDEX pp_variant_norm ON pp_variant USING hash (norm);
CREATE INDEX pp_variant_stems_en ON pp_variant USING gin (stems gin_trgm_ops) WHERE lang = 'en';
CREATE INDEX pp_variant_stems_tr ON pp_variant USING gin (stems gin_trgm_ops) WHERE lang = 'tr';
CREATE INDEX pp_variant_stems_ru ON pp_variant USING gin (stems gin_trgm_ops) WHERE lang = 'ru';
CREATE INDEX pp_variant_length ON pp_variant (lang, ntok);
"#,
    // A TU of plain variants (text only: no codes, dates, props or other attributes) is also
    // stored as its languages and texts, `lang U+0001 text U+0001 …`, which lookups read back
    // without parsing TMX (U+0001 cannot occur in TMX text). NULL for every other TU.
    //
    // `pp_df` counts, per language, the stored variants holding each stem character: lookups
    // ask for enough of a query's rarest characters (see `stems::probes`) through a full-text
    // index of the stem strings, one lexeme per character. The counts only steer which
    // characters are asked for, never what is found, so they may run ahead of deletions.
    r#"
DO $$ BEGIN
  IF EXISTS (SELECT 1 FROM pp_alphabet WHERE array_to_string(tsvector_to_array(to_tsvector('simple', ch)), '') <> ch) THEN
    RAISE EXCEPTION 'the stem alphabet does not read as one word per character in this database''s locale (create it with --locale=C.UTF-8)';
  END IF;
END $$;
DROP INDEX pp_variant_stems_en, pp_variant_stems_tr, pp_variant_stems_ru;
CREATE INDEX pp_variant_lex_en ON pp_variant USING gin (to_tsvector('simple', stems)) WHERE lang = 'en';
CREATE INDEX pp_variant_lex_tr ON pp_variant USING gin (to_tsvector('simple', stems)) WHERE lang = 'tr';
CREATE INDEX pp_variant_lex_ru ON pp_variant USING gin (to_tsvector('simple', stems)) WHERE lang = 'ru';
ALTER TABLE pp_tu ADD COLUMN plain text;
CREATE TABLE pp_df (lang text NOT NULL, ch text NOT NULL, df bigint NOT NULL, PRIMARY KEY (lang, ch));
INSERT INTO pp_df (lang, ch, df)
SELECT v.lang, c, count(DISTINCT v.tu_id) FROM pp_variant v, unnest(string_to_array(v.stems, ' ')) AS c
WHERE c <> '' GROUP BY v.lang, c;
"#,
    // How the memory writes each word, per language: how often capitalized inside a sentence
    // and how often in lower case (memory::lookup::CaseLexicon), by the word's first four
    // letters (`stem`, folded). The name warning asks it whether a capitalized word at the
    // start of a sentence is a name; a lookup reads the entries of the stems it may ask about,
    // so its warnings are those of the whole memory. `tm init-db` counts the TUs already
    // stored when it applies this migration; `push` and `learn` keep it.
    r#"
CREATE TABLE pp_case (
    lang text NOT NULL,
    stem text NOT NULL,
    word text NOT NULL,
    caps bigint NOT NULL,
    lower bigint NOT NULL,
    PRIMARY KEY (lang, stem, word)
);
"#,
    // The full-text index of the stem strings writes each stem character with the variant's
    // length bucket (see `lexemes!`): a lookup asks for its rare characters in the buckets of
    // its length window only, and with the count each length needs. In a memory of long TUs a
    // query's rare stems occur in many TUs far outside its window (the same sentence inside
    // longer ones), whose posting entries were all read before.
    concat!(
        "SET LOCAL maintenance_work_mem = '512MB';\n",
        "CREATE INDEX IF NOT EXISTS pp_variant_lexb_en ON pp_variant USING gin ((",
        lexemes!(""),
        ")) WHERE lang = 'en';\n",
        "CREATE INDEX IF NOT EXISTS pp_variant_lexb_tr ON pp_variant USING gin ((",
        lexemes!(""),
        ")) WHERE lang = 'tr';\n",
        "CREATE INDEX IF NOT EXISTS pp_variant_lexb_ru ON pp_variant USING gin ((",
        lexemes!(""),
        ")) WHERE lang = 'ru';\n",
        "DROP INDEX IF EXISTS pp_variant_lex_en, pp_variant_lex_tr, pp_variant_lex_ru;\n"
    ),
    // The columns lookups filter on (token count and stem string) move out of `pp_variant`
    // into a narrow table per language, with that language's stem and length indexes. The
    // index only admits candidates; each is then read for its similarity, and in a memory of
    // ten million TUs the wide variant rows (text, key, dates) did not stay in memory: those
    // reads went to disk. The stem rows of one language are a tenth of the size.
    concat!(
        "SET LOCAL maintenance_work_mem = '512MB';\n",
        stem_table!("en"),
        stem_table!("tr"),
        stem_table!("ru"),
        "DROP INDEX IF EXISTS pp_variant_lexb_en, pp_variant_lexb_tr, pp_variant_lexb_ru, pp_variant_length;\n",
        "ALTER TABLE pp_variant DROP COLUMN ntok, DROP COLUMN stems;\n"
    ),
    // A new process (every `tm lookup`) reads the schema version and the stem alphabet as
    // one row: aggregating the 20,992 rows of `pp_alphabet` took 6.8 ms of every process
    // (server log, 10M TUs). `init-db` writes the string after the migrations.
    //
    // A TU stored in `plain` form no longer repeats itself as TMX: `tmx` is NULL for it (the
    // rows stored before keep theirs). Readers take `plain` first, as they always did. In the
    // bench's 1M memory a plain TU averages 150 bytes of `plain` beside 331 of `tmx`.
    r#"
ALTER TABLE pp_schema ADD COLUMN IF NOT EXISTS alphabet text;
ALTER TABLE pp_tu ALTER COLUMN tmx DROP NOT NULL;
"#,
];
