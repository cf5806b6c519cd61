//! Free text as we store it: trimmed, NFC-normalised, no control characters (so no NUL,
//! which PostgreSQL cannot store), and within a length in characters.

use crate::i18n::msg;
use unicode_normalization::UnicodeNormalization;

use super::Invalid;

/// Cleans free text; `max` counts characters, not bytes, so accents and emoji cost one.
pub fn clean(raw: &str, max: usize) -> Result<String, Invalid> {
    if raw
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(Invalid::new(
            "control_character",
            msg!("text-control-characters"),
        ));
    }
    let text: String = raw.trim().nfc().collect();
    let len = text.chars().count();
    if len == 0 {
        return Err(Invalid::new("length", msg!("text-empty")));
    }
    if len > max {
        return Err(Invalid::new(
            "length",
            msg!("text-too-long", max = max, length = len),
        ));
    }
    Ok(text)
}

/// Single-line text: names, municipalities, streets.
pub fn clean_line(raw: &str, max: usize) -> Result<String, Invalid> {
    if raw.contains(['\n', '\t']) {
        return Err(Invalid::new("control_character", msg!("text-single-line")));
    }
    clean(raw, max)
}

super::profile::text_value!(Name);
super::profile::text_value!(const MAX: Line<MAX>, Text<MAX>);

/// A name: one line, 1 to 200 characters.
#[derive(Debug, Clone, PartialEq, Eq, diesel::expression::AsExpression)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub struct Name(String);

impl Name {
    pub const MAX: usize = 200;

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        clean_line(raw, Self::MAX).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A single line of text of at most `MAX` characters.
#[derive(Debug, Clone, PartialEq, Eq, diesel::expression::AsExpression)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub struct Line<const MAX: usize>(String);

impl<const MAX: usize> Line<MAX> {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        clean_line(raw, MAX).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// Free text of at most `MAX` characters, several lines allowed (notes, descriptions).
#[derive(Debug, Clone, PartialEq, Eq, diesel::expression::AsExpression)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub struct Text<const MAX: usize>(String);

impl<const MAX: usize> Text<MAX> {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        clean(raw, MAX).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// Notes kept on a record: up to 5,000 characters.
pub type Notes = Text<5000>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_composed() {
        // "e" + combining acute (NFD) becomes the single NFC character.
        let name = Name::parse("  Coop sante\u{301} ").unwrap();
        assert_eq!(name.as_str(), "Coop santé");
    }

    #[test]
    fn nul_and_newlines_are_refused_in_names() {
        assert_eq!(
            Name::parse("a\u{0}b").unwrap_err().code,
            "control_character"
        );
        assert_eq!(Name::parse("a\nb").unwrap_err().code, "control_character");
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        assert!(Name::parse(&"é".repeat(200)).is_ok());
        assert_eq!(Name::parse(&"🩺".repeat(201)).unwrap_err().code, "length");
        assert_eq!(Name::parse("   ").unwrap_err().code, "length");
    }
}

/// Free text against single lines, case by case.
#[cfg(test)]
mod clean_tests {
    use super::*;

    #[test]
    fn free_text_keeps_its_lines_and_tabs_and_single_lines_do_not() {
        // (raw text, limit, what `clean` gives, what `clean_line` gives: Ok(text) or Err(code))
        type Case = (
            &'static str,
            usize,
            Result<&'static str, &'static str>,
            Result<&'static str, &'static str>,
        );
        const CASES: &[Case] = &[
            (
                "  Rapport\u{a0}2020 ",
                20,
                Ok("Rapport\u{a0}2020"),
                Ok("Rapport\u{a0}2020"),
            ),
            (
                "ligne 1\nligne 2",
                20,
                Ok("ligne 1\nligne 2"),
                Err("control_character"),
            ),
            (
                "col 1\tcol 2",
                20,
                Ok("col 1\tcol 2"),
                Err("control_character"),
            ),
            ("\n  texte \n", 20, Ok("texte"), Err("control_character")),
            (
                "a\rb",
                20,
                Err("control_character"),
                Err("control_character"),
            ),
            (
                "a\u{0}b",
                20,
                Err("control_character"),
                Err("control_character"),
            ),
            (
                "a\u{1b}[31mb",
                20,
                Err("control_character"),
                Err("control_character"),
            ),
            (
                "a\u{7f}b",
                20,
                Err("control_character"),
                Err("control_character"),
            ),
            ("", 20, Err("length"), Err("length")),
            (" \u{3000} ", 20, Err("length"), Err("length")),
            ("abc", 3, Ok("abc"), Ok("abc")),
            ("abcd", 3, Err("length"), Err("length")),
            ("  abc  ", 3, Ok("abc"), Ok("abc")),
            ("e\u{301}te\u{301}", 3, Ok("été"), Ok("été")),
        ];
        for &(raw, max, text, line) in CASES {
            assert_eq!(
                clean(raw, max).as_deref().map_err(|e| e.code),
                text,
                "clean({raw:?}, {max})"
            );
            assert_eq!(
                clean_line(raw, max).as_deref().map_err(|e| e.code),
                line,
                "clean_line({raw:?}, {max})"
            );
        }
    }

    #[test]
    fn a_line_is_bounded_by_its_own_length() {
        // (raw text, accepted as a Line<5>)
        const CASES: &[(&str, bool)] = &[
            ("12345", true),
            ("123456", false),
            ("🩺🩺🩺🩺🩺", true),
            ("🩺🩺🩺🩺🩺🩺", false),
            ("a\nb", false),
        ];
        for &(raw, accepted) in CASES {
            assert_eq!(Line::<5>::parse(raw).is_ok(), accepted, "{raw:?}");
        }
    }
}
