//! The life cycle of a service agreement, as pure functions: draft → negotiating → active
//! ⇄ suspended → terminated (draft or negotiating may also be terminated), and active →
//! expired once `ends_on` has passed. `expired` is never recorded: it follows from
//! `ends_on` on the date asked about. The status on any date follows from the history.

use crate::i18n::{Message, msg};
use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::FieldError;
use super::fields::{self, Fields};
use super::text;
use super::{Invalid, text_enum};

text_enum! {
    /// Where the agreement stands in its life cycle.
    pub enum AgreementStatus {
        Draft = "draft",
        Negotiating = "negotiating",
        Active = "active",
        Suspended = "suspended",
        Expired = "expired",
        Terminated = "terminated",
    }
}

impl AgreementStatus {
    /// The statuses a transition may lead to from this one. `expired` is never a target:
    /// it is reached by the passing of `ends_on`.
    pub fn allowed_moves(self) -> &'static [AgreementStatus] {
        use AgreementStatus::*;
        match self {
            Draft => &[Negotiating, Terminated],
            Negotiating => &[Active, Terminated],
            Active => &[Suspended, Terminated],
            Suspended => &[Active, Terminated],
            Expired | Terminated => &[],
        }
    }

    /// The status as seen on a date: a recorded `active` reads `expired` after `ends_on`.
    pub fn seen_on(self, ends_on: Option<NaiveDate>, on: NaiveDate) -> Self {
        match (self, ends_on) {
            (AgreementStatus::Active, Some(end)) if on > end => AgreementStatus::Expired,
            (status, _) => status,
        }
    }
}

/// One recorded change of status, as far as the life cycle cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub effective_on: NaiveDate,
    pub to: AgreementStatus,
}

/// The status on `on`, from the history (in order) and the agreement's last day.
/// Before its first transition an agreement is a draft.
pub fn status_on(history: &[Step], ends_on: Option<NaiveDate>, on: NaiveDate) -> AgreementStatus {
    history
        .iter()
        .rev()
        .find(|s| s.effective_on <= on)
        .map_or(AgreementStatus::Draft, |s| s.to)
        .seen_on(ends_on, on)
}

/// True when the agreement covers anyone on `on`: active by its history, and within its
/// `starts_on`..=`ends_on` dates where they are set.
pub fn in_force(
    history: &[Step],
    starts_on: Option<NaiveDate>,
    ends_on: Option<NaiveDate>,
    on: NaiveDate,
) -> bool {
    status_on(history, ends_on, on) == AgreementStatus::Active && starts_on.is_none_or(|s| s <= on)
}

/// Why a requested transition cannot be recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoveError {
    /// Not a move of the life cycle from the status on `effective_on` (409).
    Illegal {
        from: AgreementStatus,
        to: AgreementStatus,
    },
    /// `effective_on` is before the last recorded transition (422).
    BeforePrevious(NaiveDate),
    /// Activating after `ends_on` would make the agreement expired at once (422).
    AfterEnd(NaiveDate),
}

impl MoveError {
    pub fn message(&self) -> Message {
        match self {
            MoveError::Illegal { from, to } => {
                let allowed = from.allowed_moves();
                // "none" is selected on in the messages.
                let allowed = if allowed.is_empty() {
                    "none".to_owned()
                } else {
                    allowed
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let (from, to) = (from.as_str(), to.as_str());
                if to == AgreementStatus::Expired.as_str() {
                    msg!("agreement-cannot-expire", from = from, allowed = allowed)
                } else {
                    msg!(
                        "agreement-illegal-move",
                        from = from,
                        to = to,
                        allowed = allowed
                    )
                }
            }
            MoveError::BeforePrevious(last) => {
                msg!("before-previous-transition", last = last.to_string())
            }
            MoveError::AfterEnd(end) => msg!("after-agreement-end", end = end.to_string()),
        }
    }
}

/// Checks a transition to `to` on `effective_on`, given the history so far (in order) and
/// the agreement's last day. The move is judged from the status on that date.
pub fn check_move(
    history: &[Step],
    ends_on: Option<NaiveDate>,
    to: AgreementStatus,
    effective_on: NaiveDate,
) -> Result<AgreementStatus, MoveError> {
    if let Some(last) = history.last()
        && effective_on < last.effective_on
    {
        return Err(MoveError::BeforePrevious(last.effective_on));
    }
    let from = status_on(history, ends_on, effective_on);
    if !from.allowed_moves().contains(&to) {
        return Err(MoveError::Illegal { from, to });
    }
    if let Some(end) = ends_on
        && to == AgreementStatus::Active
        && effective_on > end
    {
        return Err(MoveError::AfterEnd(end));
    }
    Ok(from)
}

/// A requested transition, validated on its own (the history is checked by [`check_move`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransitionRequest {
    pub to: AgreementStatus,
    pub reason: String,
    pub effective_on: NaiveDate,
}

pub const REASON_MAX: usize = 2000;

impl TransitionRequest {
    /// `effective_on` defaults to `today` and may not be later.
    pub fn from_json(map: Map<String, Value>, today: NaiveDate) -> Result<Self, Vec<FieldError>> {
        let mut f = Fields::new(map, &["to", "reason", "effective_on"], &[]);
        let to = f.required("to", fields::string(AgreementStatus::parse));
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
    use super::AgreementStatus::*;
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn step(on: &str, to: AgreementStatus) -> Step {
        Step {
            effective_on: d(on),
            to,
        }
    }

    #[test]
    fn edges_same_day_moves_activation_on_the_last_day_and_today() {
        let history = [step("2024-01-01", Negotiating)];
        // A move on the day of the previous one is in order; the day before is not.
        assert_eq!(
            check_move(&history, None, Active, d("2024-01-01")),
            Ok(Negotiating)
        );
        assert_eq!(
            check_move(&history, None, Active, d("2023-12-31")),
            Err(MoveError::BeforePrevious(d("2024-01-01")))
        );
        // An agreement may become active on its last day, not after.
        let end = Some(d("2024-06-30"));
        assert_eq!(
            check_move(&history, end, Active, d("2024-06-30")),
            Ok(Negotiating)
        );
        assert_eq!(
            check_move(&history, end, Active, d("2024-07-01")),
            Err(MoveError::AfterEnd(d("2024-06-30")))
        );
        // A transition may take effect today, not tomorrow.
        let today = d("2026-11-25");
        let request = |on: &str| {
            let body = serde_json::json!({"to": "active", "reason": "Signé", "effective_on": on});
            TransitionRequest::from_json(body.as_object().unwrap().clone(), today)
        };
        assert_eq!(request("2026-11-25").unwrap().effective_on, today);
        let refused = request("2026-11-26").unwrap_err();
        assert_eq!(refused.len(), 1);
        assert_eq!(refused[0].field, "effective_on");
        assert_eq!(refused[0].code, "future_date");
    }

    #[test]
    fn the_life_cycle_allows_exactly_the_documented_moves() {
        let all = AgreementStatus::ALL;
        let allowed: Vec<(AgreementStatus, AgreementStatus)> = all
            .iter()
            .flat_map(|from| from.allowed_moves().iter().map(move |to| (*from, *to)))
            .collect();
        assert_eq!(
            allowed,
            vec![
                (Draft, Negotiating),
                (Draft, Terminated),
                (Negotiating, Active),
                (Negotiating, Terminated),
                (Active, Suspended),
                (Active, Terminated),
                (Suspended, Active),
                (Suspended, Terminated),
            ]
        );
        assert!(all.iter().all(|s| !s.allowed_moves().contains(&Expired)));
    }

    #[test]
    fn active_reads_expired_after_its_last_day_only() {
        let end = Some(d("2021-12-31"));
        assert_eq!(Active.seen_on(end, d("2021-12-31")), Active);
        assert_eq!(Active.seen_on(end, d("2022-01-01")), Expired);
        assert_eq!(Suspended.seen_on(end, d("2022-01-01")), Suspended);
        assert_eq!(Active.seen_on(None, d("2099-01-01")), Active);
    }

    #[test]
    fn the_status_on_a_date_follows_the_history() {
        let h = [
            step("2020-01-10", Negotiating),
            step("2020-03-01", Active),
            step("2020-06-01", Suspended),
            step("2020-07-01", Active),
        ];
        let end = Some(d("2020-12-31"));
        assert_eq!(status_on(&h, end, d("2020-01-09")), Draft);
        assert_eq!(status_on(&h, end, d("2020-01-10")), Negotiating);
        assert_eq!(status_on(&h, end, d("2020-03-01")), Active);
        assert_eq!(status_on(&h, end, d("2020-06-15")), Suspended);
        assert_eq!(status_on(&h, end, d("2020-07-01")), Active);
        assert_eq!(status_on(&h, end, d("2021-01-01")), Expired);
        assert!(in_force(&h, Some(d("2020-04-01")), end, d("2020-04-01")));
        assert!(!in_force(&h, Some(d("2020-04-01")), end, d("2020-03-15")));
        assert!(!in_force(&h, None, end, d("2020-06-15")));
    }

    #[test]
    fn moves_are_judged_on_their_effective_date() {
        let h = [step("2020-01-10", Negotiating), step("2020-03-01", Active)];
        let end = Some(d("2020-12-31"));
        assert_eq!(check_move(&h, end, Suspended, d("2020-05-01")), Ok(Active));
        assert_eq!(
            check_move(&h, end, Suspended, d("2021-05-01")),
            Err(MoveError::Illegal {
                from: Expired,
                to: Suspended
            })
        );
        assert_eq!(
            check_move(&h, end, Terminated, d("2020-02-01")),
            Err(MoveError::BeforePrevious(d("2020-03-01")))
        );
        assert_eq!(
            check_move(&h, end, Active, d("2020-05-01")),
            Err(MoveError::Illegal {
                from: Active,
                to: Active
            })
        );
        let suspended = [h[0], h[1], step("2020-06-01", Suspended)];
        assert_eq!(
            check_move(&suspended, end, Active, d("2021-01-05")),
            Err(MoveError::AfterEnd(d("2020-12-31")))
        );
        assert_eq!(
            check_move(&[], None, Negotiating, d("2019-01-01")),
            Ok(Draft)
        );
        assert!(
            MoveError::Illegal {
                from: Draft,
                to: Active
            }
            .message()
            .render(crate::i18n::Lang::En)
            .contains("allowed from draft: negotiating, terminated")
        );
    }

    #[test]
    fn a_move_to_expired_is_told_that_agreements_expire_by_themselves() {
        let said = |from, to| {
            MoveError::Illegal { from, to }
                .message()
                .render(crate::i18n::Lang::En)
        };
        let to_expired = said(Active, Expired);
        assert!(to_expired.contains("expires by itself"), "{to_expired}");
        let to_active = said(Draft, Active);
        assert!(
            to_active.contains("cannot go from draft to active;"),
            "{to_active}"
        );
        assert!(!to_active.contains("expires by itself"), "{to_active}");
    }

    #[test]
    fn transitions_default_to_today_and_refuse_the_future() {
        let today = d("2026-11-25");
        let obj = |v: Value| v.as_object().cloned().unwrap();
        let t = TransitionRequest::from_json(
            obj(serde_json::json!({"to": "negotiating", "reason": "Offre reçue"})),
            today,
        )
        .unwrap();
        assert_eq!(t.effective_on, today);
        let errors = TransitionRequest::from_json(
            obj(serde_json::json!({"to": "gone", "effective_on": "2026-11-26"})),
            today,
        )
        .unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["to", "reason", "effective_on"]);
    }
}
