//! English abbreviations. Titles, references and Latin shorthands never end a sentence; company
//! suffixes and `etc.` often do, so they end one when a capitalised word follows.

use super::LangData;

pub(crate) const DATA: LangData = LangData {
    never: &[
        // Titles and ranks: always followed by a name.
        "Mr.", "Mrs.", "Ms.", "Mx.", "Dr.", "Prof.", "St.", "Gen.", "Col.", "Capt.", "Lt.", "Sgt.",
        "Maj.", "Adm.", "Cmdr.", "Gov.", "Sen.", "Rep.", "Amb.", "Pres.", "Hon.", "Rev.", "Fr.",
        "Mt.", "Ft.", "Ave.", "Blvd.", "Rd.", "Dept.", "Univ.", "Assoc.", "Asst.", "Supt.",
        "Messrs.", "Mme.", "Mlle.", "Drs.", "Profs.", "Reps.", "Sens.", "Gens.",
        // Postscripts open the sentence they stand in: "P.S. I am moving".
        "P.S.", "PS.", "P.P.S.",
        // Country and organisation initialisms that precede a noun far more often than they
        // end a sentence ("the U.S. Government").
        // (Dotted initialisms such as "U.S." need no entry: before a frequent sentence
        // starter they end the sentence, before any other word they are part of a name.)
        // Latin shorthands and references.
        "e.g.", "i.e.", "cf.", "viz.", "vs.", "v.", "approx.", "ca.", "c.", "fig.", "Fig.", "figs.",
        "p.", "pp.", "para.", "paras.", "vol.", "vols.", "ch.", "Ch.", "sec.", "Sec.", "ed.",
        "eds.", "trans.", "op.", "Op.", "cit.", "ibid.", "est.", "Est.",
        // Months and weekdays: "on Jan. 5".
        "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.",
        "Dec.",
    ],
    may_end: &[
        // "Jane and co. at the party" / "Let's ask Jane and co. They know."
        "co.", "etc.", "Inc.", "Corp.", "Ltd.", "Co.", "Bros.", "Jr.", "Sr.", "a.m.", "p.m.",
        "Ph.D.", "al.", "LLC.", "plc.", "B.A.", "M.A.", "B.Sc.", "M.Sc.",
    ],
    may_end_after_number: &[],
    // Weekdays come before a date ("Fri. 5 May") but also end lists ("on Fri, Sat, or Sun.").
    never_before_number: &[
        "No.", "Nos.", "N°.", "Nº.", "Art.", "Arts.", "Nr.", "Mon.", "Tue.", "Tues.", "Wed.",
        "Thu.", "Thurs.", "Fri.", "Sat.", "Sun.",
    ],
    dotted_ordinals: false,
    starters: &[
        "A", "After", "Also", "Although", "An", "And", "Are", "As", "At", "Before", "But", "Can",
        "Could", "Did", "Do", "Does", "For", "He", "Her", "His", "How", "However", "I", "If", "In",
        "Is", "It", "Its", "My", "Now", "On", "Our", "She", "So", "That", "The", "Their", "There",
        "These", "They", "This", "Those", "Then", "To", "Today", "Was", "We", "Were", "What",
        "When", "Where", "Which", "While", "Who", "Why", "Will", "Would", "Yet", "You", "Your",
    ],
    lower_start_min_len: Some(3),
    lower_start_vowel_end: false,
    lower_after_question: true,
    capital_pronoun: Some("I"),
    continue_before_lower: &[
        "approx", "esp", "incl", "excl", "max", "min", "misc", "govt", "dept", "ext", "tel", "ref",
        "avg", "yr", "yrs", "hr", "hrs", "mo", "mos", "wk", "wks", "lb", "lbs", "oz", "ft", "sq",
        "cu", "no", "nos", "vol", "vols", "pp", "ch", "sec", "fig", "figs", "ed", "eds", "rev",
        "repr", "resp", "orig", "abbr", "aka", "cca", "ibid", "viz", "etc", "al", "et", "cf",
        "inc", "ltd", "corp", "bros", "jr", "sr", "dr", "mr", "mrs", "ms", "st", "mt", "ave", "pt",
        "pts", "tbsp", "tsp", "qty", "dept", "univ", "assn", "assoc", "intl", "natl", "mfg",
    ],
    quantity_heads: &[],
    title_before_starter_ends: false,
    name_heads: &[
        // Plural words that are part of a name after an initialism ("U.S. Forces Korea",
        // "U.S. Airways said", "U.K. Securities and ..."); singular ones never trigger the rule.
        "Forces",
        "Marines",
        "States",
        "News",
        "Airways",
        "Airlines",
        "Industries",
        "Securities",
        "Holdings",
        "Systems",
        "Communications",
        "Services",
        "Games",
        "Nations",
        "Islands",
        "Armed",
        "Affairs",
        "Works",
        "Sciences",
        "Studies",
        "Telecoms",
    ],
    model: include_str!("../model/en.txt"),
};
