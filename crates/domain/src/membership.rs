//! Membership counts: a co-op's members per category at a date, and the rules they obey.

use crate::i18n::msg;
use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::FieldError;
use super::cooperative::LegalForm;
use super::fields::{self, Fields};
use super::text::clean;
use super::{Invalid, text_enum};

text_enum! {
    /// Where a count comes from.
    pub enum CountSource {
        AnnualReport = "annual_report",
        Agm = "agm",
        Estimate = "estimate",
        PartnerReport = "partner_report",
        Other = "other",
    }
}

/// Upper bound of one category: far above any co-op, far below integer overflow in sums.
pub const MAX_COUNT: i64 = 10_000_000;

/// What the rules need to know about the co-op a count belongs to.
#[derive(Debug, Clone, Copy)]
pub struct CoopFacts {
    pub legal_form: LegalForm,
    pub founded_on: Option<NaiveDate>,
}

/// A valid count: whole numbers, a positive total, users only for a consumer co-op, a date
/// neither in the future nor before the co-op was founded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MembershipCount {
    pub as_of: NaiveDate,
    pub users: i32,
    pub workers: i32,
    pub supporting: i32,
    pub source: CountSource,
    pub note: Option<String>,
}

/// The fields of a count in a request body.
pub const FIELDS: &[&str] = &["as_of", "users", "workers", "supporting", "source", "note"];
pub const READ_ONLY: &[&str] = &[
    "id",
    "cooperative_id",
    "total",
    "created_at",
    "updated_at",
    "version",
];

fn count(v: &Value) -> Result<i32, Invalid> {
    // JSON has one number type: 1500.0 is the integer 1500 (as JSON Schema's `integer` says).
    let whole = v.as_i64().or_else(|| {
        v.as_f64()
            .filter(|f| f.fract() == 0.0 && f.abs() <= f64::from(i32::MAX))
            .map(|f| f as i64)
    });
    match whole {
        Some(n) if (0..=MAX_COUNT).contains(&n) => Ok(n as i32),
        Some(n) if n < 0 => Err(Invalid::new("range", msg!("not-negative"))),
        Some(_) => Err(Invalid::new("range", msg!("at-most", max = MAX_COUNT))),
        None if v.is_number() => Err(Invalid::new("type", msg!("must-be-whole-number"))),
        None => Err(Invalid::new("type", msg!("whole-number-expected"))),
    }
}

impl MembershipCount {
    /// Reads the fields of one count from `f` (errors are collected there), then checks the
    /// rules against the co-op. `as_of` is given when it comes from the path (PUT).
    pub fn read(
        f: &mut Fields,
        path_as_of: Option<NaiveDate>,
        facts: Option<CoopFacts>,
        today: NaiveDate,
    ) -> Option<Self> {
        let as_of = match path_as_of {
            Some(path) => {
                // The date is in the path; repeating it in the body is fine, contradicting it is not.
                if f.optional("as_of", fields::date)
                    .is_ok_and(|body| body.is_some_and(|d| d != path))
                {
                    f.error(
                        "as_of",
                        Invalid::new(
                            "mismatch",
                            msg!("as-of-path-mismatch", date = path.to_string()),
                        ),
                    );
                }
                Some(path)
            }
            None => f.required("as_of", fields::date),
        };
        let users = f.optional("users", count);
        let workers = f.optional("workers", count);
        let supporting = f.optional("supporting", count);
        let source = f.required("source", fields::string(CountSource::parse));
        let note = f.optional("note", fields::string(|s| clean(s, 2000)));

        if let Some(d) = as_of {
            if d > today {
                f.error("as_of", Invalid::new("future_date", msg!("future-date")));
            }
            if let Some(founded) = facts.and_then(|c| c.founded_on)
                && d < founded
            {
                let message = msg!("before-founding", founded = founded.to_string());
                f.error("as_of", Invalid::new("before_founding", message));
            }
        }
        let (Ok(users), Ok(workers), Ok(supporting)) = (users, workers, supporting) else {
            return None;
        };
        let (users, workers, supporting) = (
            users.unwrap_or(0),
            workers.unwrap_or(0),
            supporting.unwrap_or(0),
        );
        if users + workers + supporting == 0 {
            f.error(
                "users",
                Invalid::new("total", msg!("membership-total-positive")),
            );
        }
        if facts.is_some_and(|c| c.legal_form == LegalForm::Consumer) {
            for (field, n) in [("workers", workers), ("supporting", supporting)] {
                if n > 0 {
                    f.error(
                        field,
                        Invalid::new("consumer_users_only", msg!("consumer-users-only")),
                    );
                }
            }
        }
        Some(Self {
            as_of: as_of?,
            users,
            workers,
            supporting,
            source: source?,
            note: note.ok()?,
        })
    }

    /// A whole request body for one count (`path_as_of` for PUT).
    pub fn from_json(
        map: Map<String, Value>,
        path_as_of: Option<NaiveDate>,
        facts: CoopFacts,
        today: NaiveDate,
    ) -> Result<Self, Vec<FieldError>> {
        let mut f = Fields::new(map, FIELDS, READ_ONLY);
        match Self::read(&mut f, path_as_of, Some(facts), today) {
            Some(count) if !f.has_errors() => Ok(count),
            _ => Err(f.into_errors()),
        }
    }

    pub fn total(&self) -> i32 {
        self.users + self.workers + self.supporting
    }
}

#[cfg(test)]
mod tests;
