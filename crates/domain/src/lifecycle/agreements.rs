//! The life cycle of a service agreement: draft → negotiating → active ⇄ suspended →
//! terminated (draft or negotiating may also be terminated), and active → expired once
//! `ends_on` has passed. `expired` is never recorded: it follows from `ends_on` on the date
//! asked about.

use crate::i18n::{Message, msg};
use chrono::NaiveDate;

use super::{Lapse, Lifecycle, Status};
use crate::text_enum;

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

impl Status for AgreementStatus {
    const INITIAL: Self = AgreementStatus::Draft;

    /// `expired` is never a target: it is reached by the passing of `ends_on`.
    fn allowed_moves(self) -> &'static [AgreementStatus] {
        use AgreementStatus::*;
        match self {
            Draft => &[Negotiating, Terminated],
            Negotiating => &[Active, Terminated],
            Active => &[Suspended, Terminated],
            Suspended => &[Active, Terminated],
            Expired | Terminated => &[],
        }
    }

    fn illegal_move(from: Self, to: Self, allowed: String) -> Message {
        if to == AgreementStatus::Expired {
            msg!(
                "agreement-cannot-expire",
                from = from.as_str(),
                allowed = allowed
            )
        } else {
            msg!(
                "agreement-illegal-move",
                from = from.as_str(),
                to = to.as_str(),
                allowed = allowed
            )
        }
    }

    /// A recorded `active` reads `expired` after `ends_on`; activating after it is refused.
    fn lapse(self, end: NaiveDate) -> Option<Lapse<Self>> {
        (self == AgreementStatus::Active).then(|| Lapse {
            into: AgreementStatus::Expired,
            too_late: msg!("after-agreement-end", end = end.to_string()),
        })
    }
}

impl AgreementStatus {
    /// The status as seen on a date: a recorded `active` reads `expired` after `ends_on`.
    pub fn seen_on(self, ends_on: Option<NaiveDate>, on: NaiveDate) -> Self {
        super::seen_on(self, ends_on, on)
    }
}

impl Lifecycle<AgreementStatus> {
    /// True when the agreement covers anyone on `on`: active by its history, and on or
    /// after its `starts_on` where it is set (its `ends_on` is the life cycle's last day).
    pub fn in_force(&self, starts_on: Option<NaiveDate>, on: NaiveDate) -> bool {
        self.status_on(on) == AgreementStatus::Active && starts_on.is_none_or(|s| s <= on)
    }
}

#[cfg(test)]
mod tests {
    use super::AgreementStatus::*;
    use super::*;
    use crate::lifecycle::{MoveError, Step, TransitionRequest};
    use serde_json::Value;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn step(on: &str, to: AgreementStatus) -> Step<AgreementStatus> {
        Step {
            effective_on: d(on),
            to,
        }
    }

    type History = [Step<AgreementStatus>];

    fn life(history: &History, ends_on: Option<NaiveDate>) -> Lifecycle<AgreementStatus> {
        Lifecycle::new(history.to_vec()).ending_on(ends_on)
    }

    fn check_move(
        history: &History,
        ends_on: Option<NaiveDate>,
        to: AgreementStatus,
        on: NaiveDate,
    ) -> Result<AgreementStatus, MoveError<AgreementStatus>> {
        life(history, ends_on).check_move(to, on)
    }

    fn status_on(history: &History, ends_on: Option<NaiveDate>, on: NaiveDate) -> AgreementStatus {
        life(history, ends_on).status_on(on)
    }

    fn in_force(
        history: &History,
        starts_on: Option<NaiveDate>,
        ends_on: Option<NaiveDate>,
        on: NaiveDate,
    ) -> bool {
        life(history, ends_on).in_force(starts_on, on)
    }

    /// The refusal of an activation dated after the last day `end`.
    fn after_end(end: &str) -> MoveError<AgreementStatus> {
        MoveError::AfterEnd(msg!("after-agreement-end", end = d(end).to_string()))
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
            Err(after_end("2024-06-30"))
        );
        // A transition may take effect today, not tomorrow.
        let today = d("2026-11-25");
        let request = |on: &str| {
            let body = serde_json::json!({"to": "active", "reason": "Signé", "effective_on": on});
            TransitionRequest::<AgreementStatus>::from_json(
                body.as_object().unwrap().clone(),
                today,
            )
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
            Err(after_end("2020-12-31"))
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
        let t = TransitionRequest::<AgreementStatus>::from_json(
            obj(serde_json::json!({"to": "negotiating", "reason": "Offre reçue"})),
            today,
        )
        .unwrap();
        assert_eq!(t.effective_on, today);
        let errors = TransitionRequest::<AgreementStatus>::from_json(
            obj(serde_json::json!({"to": "gone", "effective_on": "2026-11-26"})),
            today,
        )
        .unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["to", "reason", "effective_on"]);
    }
}
