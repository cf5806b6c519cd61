//! Database and pool errors as the client should see them, and the traits with which a
//! call site says what a violated constraint means for its statement.

use crate::db::{self, Resource};
use crate::i18n::{Message, msg};

use super::{ApiError, ApiResult};

/// Maps a database error to what the client should see, by its SQLSTATE (the message is in
/// the server's language): unique or exclusion -> 409, check -> 422 (both named by the
/// table's [`db::Constraint`] list), foreign key -> 409, a timeout, shutdown or lost
/// connection -> 503, a concurrent transaction's conflict -> 409, a value the database cannot
/// store -> 400; anything else is a logged 500. What a foreign key means depends on the
/// statement: call sites say it with [`OnConstraint`].
impl From<diesel::result::Error> for ApiError {
    fn from(err: diesel::result::Error) -> Self {
        let mapped = from_database(err);
        let kind = match &mapped {
            ApiError::Unavailable => "unavailable",
            ApiError::Conflict(_) => "conflict",
            ApiError::Validation(_) | ApiError::BadRequest(_) => "constraint",
            _ => "internal",
        };
        crate::metrics::DB_ERRORS.with_label_values(&[kind]).inc();
        mapped
    }
}

fn from_database(err: diesel::result::Error) -> ApiError {
    use diesel::result::{DatabaseErrorKind as Kind, Error as E};
    let E::DatabaseError(kind, info) = &err else {
        return ApiError::internal(err);
    };
    let name = info.constraint_name().unwrap_or("");
    let known = db::constraint(name);
    // Class 23 (integrity): diesel-async names these kinds from the SQLSTATE already.
    match kind {
        Kind::UniqueViolation | Kind::ExclusionViolation => {
            return ApiError::Conflict(known.map_or_else(
                || msg!("conflict-existing-record", constraint = name),
                |c| (c.message)(),
            ));
        }
        Kind::ForeignKeyViolation => {
            return ApiError::Conflict(msg!("conflict-broken-reference", constraint = name));
        }
        Kind::CheckViolation | Kind::NotNullViolation => {
            return match known {
                Some(c) => ApiError::invalid(c.field, "constraint", (c.message)()),
                None => ApiError::invalid(
                    "body",
                    "constraint",
                    msg!("violates-rule", constraint = name),
                ),
            };
        }
        _ => {}
    }
    let state = info.sql_state();
    match (Meaning::of(state), kind) {
        (Meaning::Transient, _)
        | (Meaning::Unknown, Kind::ClosedConnection | Kind::UnableToSendCommand) => {
            log::warn!(
                "database unavailable for this request ({}): {}",
                state.unwrap_or("no SQLSTATE"),
                info.message()
            );
            ApiError::Unavailable
        }
        (Meaning::Concurrent, _) | (Meaning::Unknown, Kind::SerializationFailure) => {
            ApiError::Conflict(msg!("conflict-concurrent-change"))
        }
        (Meaning::RefusedValue, _) => {
            // Values are checked before they reach SQL; this is the net under that.
            log::warn!(
                "the database refused a value ({}): {}",
                state.unwrap_or(""),
                info.message()
            );
            ApiError::BadRequest(msg!("bad-request-value-not-storable"))
        }
        (Meaning::Unknown, _) => ApiError::internal(err),
    }
}

/// What a SQLSTATE (PostgreSQL's appendix A) means for the request, beyond class 23.
#[derive(Debug, PartialEq, Eq)]
enum Meaning {
    /// The database cannot serve this request now but may in a moment (503): a statement or
    /// lock timeout, a server shutting down, starting or read-only after a failover, a
    /// connection lost mid-query, resources exhausted.
    Transient,
    /// A concurrent transaction got in the way and this one was rolled back: a serialization
    /// failure or a deadlock (409). A deadlock is the same race as a serialization failure,
    /// not an outage: retrying the request succeeds, and a 503 would count it as one.
    Concurrent,
    /// A value the database cannot store (class 22, data exception): 400.
    RefusedValue,
    /// No SQLSTATE, or one with no meaning of its own here.
    Unknown,
}

impl Meaning {
    fn of(state: Option<&str>) -> Self {
        let Some(state) = state else {
            return Self::Unknown;
        };
        match state.get(..2) {
            // 08: connection exception; 57: operator intervention (57014 query_canceled,
            // 57P01–57P03 shutdown, crash, cannot connect now); 53: insufficient resources.
            Some("08" | "57" | "53") => Self::Transient,
            Some("22") => Self::RefusedValue,
            _ => match state {
                // lock_not_available, read_only_sql_transaction
                "55P03" | "25006" => Self::Transient,
                // serialization_failure, deadlock_detected
                "40001" | "40P01" => Self::Concurrent,
                _ => Self::Unknown,
            },
        }
    }
}

/// No pooled connection in the configured time: 503, and a line in the log.
impl From<db::PoolError> for ApiError {
    fn from(err: db::PoolError) -> Self {
        log::warn!("database connection unavailable: {err}");
        crate::metrics::DB_ERRORS
            .with_label_values(&["unavailable"])
            .inc();
        ApiError::Unavailable
    }
}

impl From<db::Error> for ApiError {
    fn from(err: db::Error) -> Self {
        match err {
            db::Error::Pool(e) => e.into(),
            db::Error::Query(e) => e.into(),
        }
    }
}

/// A constraint's name and the error its violation means here.
pub type ConstraintCase<'a> = (&'a str, fn() -> ApiError);

/// What a violated constraint means, said where the statement is run: the same foreign key
/// means "the parent is missing" on insert and "still in use" on delete.
pub trait OnConstraint<T> {
    /// A violation of the constraint `name` becomes `error()`; other errors map as usual.
    fn on_constraint(self, name: &str, error: impl FnOnce() -> ApiError) -> ApiResult<T>;

    /// [`Self::on_constraint`] for several constraints of one statement.
    fn on_constraints(self, cases: &[ConstraintCase<'_>]) -> ApiResult<T>;

    /// For a delete: any violated foreign key means other records still refer to this one.
    fn still_referenced(self, message: Message) -> ApiResult<T>;
}

impl<T> OnConstraint<T> for diesel::QueryResult<T> {
    fn on_constraint(self, name: &str, error: impl FnOnce() -> ApiError) -> ApiResult<T> {
        use diesel::result::Error as E;
        match self {
            Err(E::DatabaseError(_, info)) if info.constraint_name() == Some(name) => Err(error()),
            other => other.map_err(ApiError::from),
        }
    }

    fn on_constraints(self, cases: &[ConstraintCase<'_>]) -> ApiResult<T> {
        use diesel::result::Error as E;
        match self {
            Err(E::DatabaseError(kind, info)) => {
                let name = info.constraint_name().unwrap_or("");
                match cases.iter().find(|(case, _)| *case == name) {
                    Some((_, error)) => Err(error()),
                    None => Err(E::DatabaseError(kind, info).into()),
                }
            }
            other => other.map_err(ApiError::from),
        }
    }

    fn still_referenced(self, message: Message) -> ApiResult<T> {
        use diesel::result::{DatabaseErrorKind, Error as E};
        match self {
            Err(E::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _)) => {
                Err(ApiError::Conflict(message))
            }
            other => other.map_err(ApiError::from),
        }
    }
}

/// A row that may be missing, as a 404 naming the resource: `R::find(conn, id).await.or_404()`.
pub trait OrNotFound<R> {
    fn or_404(self) -> ApiResult<R>;
}

impl<R: Resource> OrNotFound<R> for diesel::QueryResult<Option<R>> {
    fn or_404(self) -> ApiResult<R> {
        self?.ok_or_else(|| ApiError::not_found(R::NAME))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An error as a French-speaking PostgreSQL reports it: only the code (and the constraint's
    /// name) are to be read.
    struct Reported {
        state: &'static str,
        constraint: Option<&'static str>,
    }

    impl diesel::result::DatabaseErrorInformation for Reported {
        fn message(&self) -> &str {
            "annulation de la requête"
        }
        fn details(&self) -> Option<&str> {
            None
        }
        fn hint(&self) -> Option<&str> {
            None
        }
        fn table_name(&self) -> Option<&str> {
            None
        }
        fn column_name(&self) -> Option<&str> {
            None
        }
        fn constraint_name(&self) -> Option<&str> {
            self.constraint
        }
        fn statement_position(&self) -> Option<i32> {
            None
        }
        fn sql_state(&self) -> Option<&str> {
            Some(self.state)
        }
    }

    fn mapped(state: &'static str) -> ApiError {
        use diesel::result::{DatabaseErrorKind, Error as E};
        from_database(E::DatabaseError(
            DatabaseErrorKind::Unknown,
            Box::new(Reported {
                state,
                constraint: None,
            }),
        ))
    }

    #[test]
    fn database_errors_are_read_by_sqlstate_whatever_the_language_of_the_message() {
        for state in [
            "57014", "55P03", "57P01", "57P02", "57P03", "08000", "08006", "25006", "53300",
        ] {
            assert!(
                matches!(mapped(state), ApiError::Unavailable),
                "{state}: {:?}",
                mapped(state)
            );
        }
        for state in ["40001", "40P01"] {
            assert!(
                matches!(mapped(state), ApiError::Conflict(ref m) if *m == msg!("conflict-concurrent-change")),
                "{state}"
            );
        }
        for state in ["22001", "22003", "22021", "22P02", "22007"] {
            assert!(
                matches!(mapped(state), ApiError::BadRequest(ref m) if *m == msg!("bad-request-value-not-storable")),
                "{state}"
            );
        }
        for state in ["42P01", "XX000", "P0001"] {
            assert!(
                !matches!(
                    mapped(state),
                    ApiError::Unavailable | ApiError::Conflict(_) | ApiError::BadRequest(_)
                ),
                "{state}"
            );
        }
    }

    #[test]
    fn a_connection_lost_before_any_answer_is_unavailable() {
        use diesel::result::{DatabaseErrorKind, Error as E};
        let closed = from_database(E::DatabaseError(
            DatabaseErrorKind::UnableToSendCommand,
            Box::new("connection closed".to_owned()),
        ));
        assert!(matches!(closed, ApiError::Unavailable), "{closed:?}");
    }

    #[test]
    fn a_violated_foreign_key_means_what_the_call_site_says() {
        use diesel::result::{DatabaseErrorKind, Error as E};
        let violation = || -> diesel::QueryResult<()> {
            Err(E::DatabaseError(
                DatabaseErrorKind::ForeignKeyViolation,
                Box::new(Reported {
                    state: "23503",
                    constraint: Some("service_agreements_partner_id_fkey"),
                }),
            ))
        };
        let on_insert = violation()
            .on_constraint("service_agreements_partner_id_fkey", || {
                ApiError::invalid("partner_id", "unknown", msg!("no-such-partner"))
            })
            .unwrap_err();
        assert!(matches!(&on_insert, ApiError::Validation(e) if e[0].field == "partner_id"));
        let on_delete = violation()
            .still_referenced(msg!("partner-has-agreements"))
            .unwrap_err();
        assert!(
            matches!(&on_delete, ApiError::Conflict(m) if *m == msg!("partner-has-agreements"))
        );
        let elsewhere = violation()
            .on_constraint("another_constraint", || ApiError::PreconditionFailed)
            .unwrap_err();
        assert!(matches!(elsewhere, ApiError::Conflict(_)), "{elsewhere:?}");
    }
}
