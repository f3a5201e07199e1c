//! English abbreviations. Titles, references and Latin shorthands never end a sentence; company
//! suffixes and `etc.` often do, so they end one when a capitalised word follows.

use super::LangData;

pub(crate) const DATA: LangData = LangData {
    never: &[
        // Titles and ranks: always followed by a name.
        "Mr.", "Mrs.", "Ms.", "Mx.", "Dr.", "Prof.", "St.", "Gen.", "Col.", "Capt.", "Lt.", "Sgt.",
        "Maj.", "Adm.", "Cmdr.", "Gov.", "Sen.", "Rep.", "Amb.", "Pres.", "Hon.", "Rev.", "Fr.",
        "Mt.", "Ft.", "Ave.", "Blvd.", "Rd.", "Dept.", "Univ.", "Assoc.", "Asst.", "Supt.",
        "Messrs.", "Mme.", "Mlle.",
        // Country and organisation initialisms that precede a noun far more often than they
        // end a sentence ("the U.S. Government").
        "U.S.", "U.K.", "U.N.", "U.S.A.", // Latin shorthands and references.
        "e.g.", "i.e.", "cf.", "viz.", "vs.", "v.", "approx.", "ca.", "c.", "fig.", "Fig.",
        "figs.", "p.", "pp.", "para.", "paras.", "vol.", "vols.", "ch.", "Ch.", "sec.", "Sec.",
        "ed.", "eds.", "trans.", "op.", "Op.", "cit.", "ibid.", "est.", "Est.",
        // Months and weekdays: "on Jan. 5".
        "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.",
        "Dec.", "Mon.", "Tue.", "Tues.", "Wed.", "Thu.", "Thurs.", "Fri.", "Sat.", "Sun.",
    ],
    may_end: &[
        "etc.", "Inc.", "Corp.", "Ltd.", "Co.", "Bros.", "Jr.", "Sr.", "a.m.", "p.m.", "Ph.D.",
        "al.", "LLC.", "plc.", "B.A.", "M.A.", "B.Sc.", "M.Sc.",
    ],
    may_end_after_number: &[],
    never_before_number: &["No.", "Nos.", "Art.", "Arts.", "Nr."],
    dotted_ordinals: false,
    starters: &[
        "A", "After", "Also", "Although", "An", "And", "Are", "As", "At", "Before", "But", "Can",
        "Could", "Did", "Do", "Does", "For", "He", "Her", "His", "How", "However", "I", "If", "In",
        "Is", "It", "Its", "My", "Now", "On", "Our", "She", "So", "That", "The", "Their", "There",
        "These", "They", "This", "Those", "Then", "To", "Today", "Was", "We", "Were", "What",
        "When", "Where", "Which", "While", "Who", "Why", "Will", "Would", "Yet", "You", "Your",
    ],
};
