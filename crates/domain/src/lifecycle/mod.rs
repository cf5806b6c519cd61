//! Dated life cycles: a status that changes only through recorded transitions, each
//! effective on a date. The status on any date follows from the history; a move is judged
//! from the status on its effective date (409 when the life cycle does not allow it, 422
//! when it is dated before the previous one or in the future). Each resource with a life
//! cycle names its statuses and moves by implementing [`Status`]; the rest is written once.

mod agreements;
mod projects;

pub use agreements::AgreementStatus;
pub use projects::ProjectStatus;

use crate::i18n::{Message, msg};
use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::fields::{self, Fields};
use super::{FieldError, Invalid, TextEnum, text};

/// The statuses of one life cycle and the moves between them.
pub trait Status: TextEnum {
    /// The status before the first transition.
    const INITIAL: Self;

    /// The statuses a transition may lead to from this one.
    fn allowed_moves(self) -> &'static [Self];

    /// The sentence of the 409 for a move not allowed from `from`; `allowed` lists the moves
    /// that are, or is "none" (the messages select on it).
    fn illegal_move(from: Self, to: Self, allowed: String) -> Message;

    /// For a life cycle whose last day is `end`: how this status lapses once that day has
    /// passed, if it does (an active agreement reads expired). The default: none lapses.
    fn lapse(self, end: NaiveDate) -> Option<Lapse<Self>> {
        let _ = end;
        None
    }
}

/// What a status becomes once the last day of its life cycle has passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lapse<S> {
    /// What the status reads as after the last day.
    pub into: S,
    /// Why a move into the status dated after the last day is refused: it would lapse at
    /// once (422).
    pub too_late: Message,
}

/// The status `recorded` as seen on `on`, given the life cycle's last day.
pub fn seen_on<S: Status>(recorded: S, last_day: Option<NaiveDate>, on: NaiveDate) -> S {
    match last_day {
        Some(end) if on > end => recorded.lapse(end).map_or(recorded, |lapse| lapse.into),
        _ => recorded,
    }
}

/// One recorded change of status, as far as the life cycle cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step<S> {
    pub effective_on: NaiveDate,
    pub to: S,
}

/// The history of one resource's status (in order), and its last day where it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lifecycle<S> {
    history: Vec<Step<S>>,
    last_day: Option<NaiveDate>,
}

impl<S: Status> FromIterator<Step<S>> for Lifecycle<S> {
    fn from_iter<I: IntoIterator<Item = Step<S>>>(steps: I) -> Self {
        Self::new(steps.into_iter().collect())
    }
}

/// Why a requested transition cannot be recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoveError<S> {
    /// Not a move of the life cycle from the status on `effective_on` (409).
    Illegal { from: S, to: S },
    /// `effective_on` is before the last recorded transition (422).
    BeforePrevious(NaiveDate),
    /// Into a status that would lapse at once, dated after the last day (422); carries why.
    AfterEnd(Message),
}

impl<S: Status> MoveError<S> {
    pub fn message(&self) -> Message {
        match self {
            MoveError::Illegal { from, to } => {
                let allowed = from.allowed_moves();
                // "none" is selected on in the messages.
                let allowed = if allowed.is_empty() {
                    "none".to_owned()
                } else {
                    let names: Vec<&str> = allowed.iter().map(|s| s.as_str()).collect();
                    names.join(", ")
                };
                S::illegal_move(*from, *to, allowed)
            }
            MoveError::BeforePrevious(last) => {
                msg!("before-previous-transition", last = last.to_string())
            }
            MoveError::AfterEnd(why) => why.clone(),
        }
    }
}

impl<S: Status> Lifecycle<S> {
    /// A life cycle without a last day, from its history in order.
    pub fn new(history: Vec<Step<S>>) -> Self {
        Self {
            history,
            last_day: None,
        }
    }

    /// The same history, with the last day after which a status may lapse.
    pub fn ending_on(self, last_day: Option<NaiveDate>) -> Self {
        Self { last_day, ..self }
    }

    /// True when no transition has been recorded.
    pub fn is_empty(&self) -> bool {
        self.history.is_empty()
    }

    /// The status on `on`: the last transition at or before it ([`Status::INITIAL`] before
    /// the first), as seen on that date.
    pub fn status_on(&self, on: NaiveDate) -> S {
        let recorded = self
            .history
            .iter()
            .rev()
            .find(|s| s.effective_on <= on)
            .map_or(S::INITIAL, |s| s.to);
        seen_on(recorded, self.last_day, on)
    }

    /// Checks a move to `to` on `effective_on`, judged from the status on that date;
    /// returns the status it leaves.
    pub fn check_move(&self, to: S, effective_on: NaiveDate) -> Result<S, MoveError<S>> {
        if let Some(last) = self.history.last()
            && effective_on < last.effective_on
        {
            return Err(MoveError::BeforePrevious(last.effective_on));
        }
        let from = self.status_on(effective_on);
        if !from.allowed_moves().contains(&to) {
            return Err(MoveError::Illegal { from, to });
        }
        if let Some(end) = self.last_day
            && effective_on > end
            && let Some(lapse) = to.lapse(end)
        {
            return Err(MoveError::AfterEnd(lapse.too_late));
        }
        Ok(from)
    }
}

/// A requested transition, validated on its own (the history is checked by
/// [`Lifecycle::check_move`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransitionRequest<S> {
    pub to: S,
    pub reason: String,
    pub effective_on: NaiveDate,
}

pub const REASON_MAX: usize = 2000;

impl<S: Status> TransitionRequest<S> {
    /// `effective_on` defaults to `today` and may not be later.
    pub fn from_json(map: Map<String, Value>, today: NaiveDate) -> Result<Self, Vec<FieldError>> {
        let mut f = Fields::new(map, &["to", "reason", "effective_on"], &[]);
        let to = f.required("to", fields::string(S::parse));
        let reason = f.required("reason", fields::string(|s| text::clean(s, REASON_MAX)));
        let effective_on = f.optional("effective_on", fields::date);
        if let Ok(Some(on)) = effective_on
            && on > today
        {
            f.error(
                "effective_on",
                Invalid::new("future_date", msg!("transition-future")),
            );
        }
        match (to, reason, effective_on) {
            (Some(to), Some(reason), Ok(on)) if !f.has_errors() => Ok(Self {
                to,
                reason,
                effective_on: on.unwrap_or(today),
            }),
            _ => Err(f.into_errors()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_life_cycle_refuses_a_transition_dated_tomorrow_in_the_same_words() {
        let today: NaiveDate = "2026-11-25".parse().expect("a date");
        let body = |to: &str| {
            let body = serde_json::json!({"to": to, "reason": "r", "effective_on": "2026-11-26"});
            body.as_object().cloned().expect("an object")
        };
        let agreement = TransitionRequest::<AgreementStatus>::from_json(body("active"), today);
        let project = TransitionRequest::<ProjectStatus>::from_json(body("paused"), today);
        let expected = vec![FieldError::new(
            "effective_on",
            "future_date",
            msg!("transition-future"),
        )];
        assert_eq!(agreement.unwrap_err(), expected);
        assert_eq!(project.unwrap_err(), expected);
    }
}
