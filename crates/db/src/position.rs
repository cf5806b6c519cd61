//! Where the change feed stands: a change's place in commit order ([`Position`]) and the
//! feed's head, the place of the last committed change. A module of its own below both the
//! changes and the lists, since every list's first page reads the head (`db::list`).

use std::fmt;
use std::str::FromStr;

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::schema::{change_clock, change_commits, changes};

/// A change's place in commit order: its transaction's commit number, then its own
/// position within the transaction. Written `sequence.position` in cursors.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct Position {
    pub sequence: i64,
    pub position: i64,
}

impl Position {
    /// Before every change.
    pub const START: Position = Position {
        sequence: 0,
        position: 0,
    };
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.sequence, self.position)
    }
}

impl FromStr for Position {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        let (sequence, position) = s.split_once('.').ok_or(())?;
        let number = |t: &str| -> Result<i64, ()> {
            if t.is_empty() || t.len() > 18 || !t.bytes().all(|b| b.is_ascii_digit()) {
                return Err(());
            }
            t.parse().map_err(drop)
        };
        Ok(Position {
            sequence: number(sequence)?,
            position: number(position)?,
        })
    }
}

/// The position of the last committed change: a reader that has this position has seen
/// everything committed so far (in the reader's snapshot). One statement, since every first
/// page of a list reads it (most read it inside the page's own statement: `db::list`).
pub async fn head(mut conn: &AsyncPgConnection) -> QueryResult<Position> {
    let (sequence, position): (Option<i64>, Option<i64>) =
        diesel::select((head_sequence(), head_position()))
            .get_result(&mut conn)
            .await?;
    Ok(Position {
        sequence: sequence.unwrap_or(0),
        position: position.unwrap_or(0),
    })
}

/// The head's commit number, as a subquery. With the query builder, so that statements
/// using it are prepared once per connection (raw SQL is parsed on every call).
#[diesel::dsl::auto_type]
pub(super) fn head_sequence() -> _ {
    change_clock::table
        .select(change_clock::sequence)
        .single_value()
}

/// The head's position within its commit, as a subquery: the last commit's transaction
/// first, then its greatest position, one backward step of `changes_tx_idx` however many
/// changes that commit made (as a join, PostgreSQL read all of them: 5 ms after a batch of
/// 10,000).
#[diesel::dsl::auto_type]
pub(super) fn head_position() -> _ {
    let last_tx = change_commits::table
        .filter(change_commits::sequence.nullable().eq(head_sequence()))
        .select(change_commits::tx)
        .single_value();
    // `max` has no type of that name in `dsl`: auto_type needs it spelled out.
    let greatest: diesel::helper_types::max<changes::position> =
        diesel::dsl::max(changes::position);
    changes::table
        .filter(changes::tx.nullable().eq(last_tx))
        .select(greatest)
        .single_value()
}

#[cfg(test)]
mod tests {
    use super::Position;

    #[test]
    fn positions_read_back_what_they_write_and_refuse_anything_else() {
        let p = Position {
            sequence: 42,
            position: 1007,
        };
        assert_eq!(p.to_string().parse::<Position>(), Ok(p));
        for bad in [
            "",
            "1",
            "1.",
            ".1",
            "-1.2",
            "1.-2",
            "1.2.3",
            "a.b",
            "1 .2",
            "99999999999999999999.1",
        ] {
            assert_eq!(bad.parse::<Position>(), Err(()), "{bad:?}");
        }
    }
}
