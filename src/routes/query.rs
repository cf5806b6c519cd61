//! Parsing of list filters given as query parameters.

use crate::domain::FieldError;
use crate::domain::Invalid;
use crate::domain::text::clean_line;
use crate::i18n::msg;

/// A comma-separated list of values, each parsed by `parse`; errors name the parameter.
pub fn list<T>(
    errors: &mut Vec<FieldError>,
    name: &str,
    raw: Option<String>,
    parse: impl Fn(&str) -> Result<T, Invalid>,
) -> Vec<T> {
    let Some(raw) = raw else { return Vec::new() };
    let mut out = Vec::new();
    for item in raw.split(',').map(str::trim) {
        match parse(item) {
            Ok(v) => out.push(v),
            Err(e) => errors.push(FieldError::new(
                name,
                e.code,
                msg!(
                    "list-item-invalid",
                    item = format!("{item:?}"),
                    reason = e.message
                ),
            )),
        }
    }
    out
}

/// The words of a `q` search (at most 10, each at most 100 characters).
pub fn words(errors: &mut Vec<FieldError>, raw: Option<String>) -> Vec<String> {
    let Some(raw) = raw.filter(|q| !q.trim().is_empty()) else {
        return Vec::new();
    };
    let text = match clean_line(&raw, 200) {
        Ok(t) => t,
        Err(e) => {
            errors.push(FieldError::new("q", e.code, e.message));
            return Vec::new();
        }
    };
    let words: Vec<String> = text.split_whitespace().map(str::to_owned).collect();
    if words.len() > 10 {
        errors.push(FieldError::new(
            "q",
            "length",
            msg!("search-words-at-most", max = 10),
        ));
    }
    words
}

/// A date given as a query parameter (`YYYY-MM-DD`); errors name the parameter.
pub fn date(
    errors: &mut Vec<FieldError>,
    name: &str,
    raw: Option<String>,
) -> Option<chrono::NaiveDate> {
    crate::domain::fields::date(&serde_json::Value::String(raw?))
        .map_err(|e| errors.push(FieldError::new(name, e.code, e.message)))
        .ok()
}
