//! Database and pool errors as the client should see them, and the traits with which a
//! call site says what a violated constraint means for its statement.

use crate::db::{self, Resource};
use crate::i18n::{Message, msg};

use super::{ApiError, ApiResult};

/// Maps a database error to what the client should see: unique or exclusion -> 409,
/// check -> 422 (both named by the table's [`db::Constraint`] list), foreign key -> 409,
/// lost connection -> 503, serialization failure -> 409; anything else is a logged 500.
/// What a foreign key means depends on the statement: call sites say it with
/// [`OnConstraint`].
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
    {
        use diesel::result::{DatabaseErrorKind as Kind, Error as E};
        let E::DatabaseError(kind, info) = &err else {
            return ApiError::internal(err);
        };
        let name = info.constraint_name().unwrap_or("");
        let known = db::constraint(name);
        match kind {
            Kind::UniqueViolation | Kind::ExclusionViolation => {
                ApiError::Conflict(known.map_or_else(
                    || msg!("conflict-existing-record", constraint = name),
                    |c| (c.message)(),
                ))
            }
            Kind::ForeignKeyViolation => {
                ApiError::Conflict(msg!("conflict-broken-reference", constraint = name))
            }
            Kind::CheckViolation | Kind::NotNullViolation => match known {
                Some(c) => ApiError::invalid(c.field, "constraint", (c.message)()),
                None => ApiError::invalid(
                    "body",
                    "constraint",
                    msg!("violates-rule", constraint = name),
                ),
            },
            Kind::ClosedConnection => ApiError::Unavailable,
            Kind::SerializationFailure => ApiError::Conflict(msg!("conflict-concurrent-change")),
            _ if transient(info.message()) => {
                log::warn!("database unavailable for this request: {}", info.message());
                ApiError::Unavailable
            }
            _ if refused_value(info.message()) => {
                // Values are checked before they reach SQL; this is the net under that.
                log::warn!("the database refused a value: {}", info.message());
                ApiError::BadRequest(msg!("bad-request-value-not-storable"))
            }
            _ => ApiError::internal(err),
        }
    }
}

/// The database cannot serve this request now but may in a moment: a statement or lock
/// timeout, a server shutting down or starting, a connection lost mid-query.
fn transient(message: &str) -> bool {
    [
        "canceling statement due to statement timeout",
        "canceling statement due to lock timeout",
        "terminating connection due to administrator command",
        "the database system is shutting down",
        "the database system is starting up",
        "the database system is in recovery mode",
        "connection closed",
        "server closed the connection",
    ]
    .iter()
    .any(|m| message.contains(m))
}

/// PostgreSQL's data exceptions (SQLSTATE class 22) for a value it cannot store.
fn refused_value(message: &str) -> bool {
    [
        "invalid byte sequence",
        "out of range",
        "value too long",
        "invalid input syntax",
        "numeric field overflow",
        "unsupported Unicode escape",
    ]
    .iter()
    .any(|m| message.contains(m))
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

    #[test]
    fn a_violated_foreign_key_means_what_the_call_site_says() {
        use diesel::result::{DatabaseErrorInformation, DatabaseErrorKind, Error as E};
        struct Info;
        impl DatabaseErrorInformation for Info {
            fn message(&self) -> &str {
                "violates foreign key constraint"
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
                Some("service_agreements_partner_id_fkey")
            }
            fn statement_position(&self) -> Option<i32> {
                None
            }
        }
        let violation = || -> diesel::QueryResult<()> {
            Err(E::DatabaseError(
                DatabaseErrorKind::ForeignKeyViolation,
                Box::new(Info),
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
