//! The life cycle of a project: planned → in_progress ⇄ paused → completed, and abandoned
//! from any open status.

use crate::i18n::{Message, msg};

use super::Status;
use crate::text_enum;

text_enum! {
    /// Where the project stands.
    pub enum ProjectStatus {
        Planned = "planned",
        InProgress = "in_progress",
        Completed = "completed",
        Paused = "paused",
        Abandoned = "abandoned",
    }
}

impl Status for ProjectStatus {
    const INITIAL: Self = ProjectStatus::Planned;

    fn allowed_moves(self) -> &'static [ProjectStatus] {
        use ProjectStatus::*;
        match self {
            Planned => &[InProgress, Abandoned],
            InProgress => &[Paused, Completed, Abandoned],
            Paused => &[InProgress, Abandoned],
            Completed | Abandoned => &[],
        }
    }

    fn illegal_move(from: Self, to: Self, allowed: String) -> Message {
        msg!(
            "project-illegal-move",
            from = from.as_str(),
            to = to.as_str(),
            allowed = allowed
        )
    }
}

#[cfg(test)]
mod tests {
    use super::ProjectStatus::*;
    use super::*;
    use crate::lifecycle::{Lifecycle, MoveError, Step};
    use chrono::NaiveDate;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_project_may_pause_and_resume_but_not_reopen_once_closed() {
        let h = Lifecycle::new(vec![
            Step {
                effective_on: d("2019-10-01"),
                to: InProgress,
            },
            Step {
                effective_on: d("2020-03-13"),
                to: Paused,
            },
        ]);
        assert_eq!(h.status_on(d("2019-09-30")), Planned);
        assert_eq!(h.status_on(d("2020-03-13")), Paused);
        assert_eq!(h.check_move(InProgress, d("2020-09-01")), Ok(Paused));
        assert_eq!(
            h.check_move(Completed, d("2020-09-01")),
            Err(MoveError::Illegal {
                from: Paused,
                to: Completed
            })
        );
        assert_eq!(
            h.check_move(Abandoned, d("2020-01-01")),
            Err(MoveError::BeforePrevious(d("2020-03-13")))
        );
        assert!(Completed.allowed_moves().is_empty() && Abandoned.allowed_moves().is_empty());
        // No project status lapses: a last day changes nothing.
        let ending = h.ending_on(Some(d("2019-12-31")));
        assert_eq!(ending.status_on(d("2020-09-01")), Paused);
        assert_eq!(ending.check_move(InProgress, d("2020-09-01")), Ok(Paused));
    }
}
