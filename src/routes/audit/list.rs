use crate::i18n::{Message, msg};
use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use utoipa::IntoParams;

use super::views::AuditEvent;
use crate::auth::{Caller, Role};
use crate::db::changes::ChangeRow;
use crate::db::changes::audit::AuditFilter;
use crate::db::position::Position;
use crate::db::{self, DbPool};
use crate::domain::FieldError;
use crate::domain::change::{ChangeAction, ResourceType};
use crate::error::ApiResult;
use crate::routes::export::fetch;
use crate::routes::list_docs::ListResponses;
use crate::routes::pagination::{Paging, bad_query};

/// Filters and page of the audit trail.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListAuditEventsParams {
    /// Page size, 1–500 (default 50).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 500, example = 50)]
    limit: Option<crate::routes::pagination::Limit>,
    /// `next_cursor` of the previous page.
    #[param(min_length = 1)]
    cursor: Option<String>,
    /// Only changes to this kind of resource.
    #[param(value_type = Option<ResourceType>, example = "cooperative")]
    resource_type: Option<String>,
    /// Only changes to the resource with this id.
    #[param(value_type = Option<uuid::Uuid>)]
    resource_id: Option<String>,
    /// Only writes by this actor (an API client's id, a token's subject, `cli`, `seed`).
    #[param(example = "cli")]
    actor: Option<String>,
    /// Only this kind of write.
    #[param(value_type = Option<ChangeAction>, example = "updated")]
    action: Option<String>,
    /// From this time (RFC 3339) or day (`YYYY-MM-DD`, from its start in UTC), inclusive.
    #[param(example = "2026-11-01")]
    from: Option<String>,
    /// Before this time (RFC 3339) or day (`YYYY-MM-DD`, before its start in UTC).
    #[param(example = "2026-12-01T00:00:00Z")]
    to: Option<String>,
    /// `json` (pages, default), or `csv` / `ndjson`: every matching event, streamed
    /// (`limit` is then ignored). `Accept: text/csv` or `application/x-ndjson` does the same.
    #[param(example = "ndjson", value_type = Option<crate::routes::export::Format>)]
    format: Option<String>,
}

/// Newest first.
const SORT: &str = "newest";

/// A time bound given as RFC 3339 or as a day (its start, UTC).
fn instant(errors: &mut Vec<FieldError>, name: &str, raw: Option<String>) -> Option<DateTime<Utc>> {
    let raw = raw?;
    if let Ok(t) = DateTime::parse_from_rfc3339(&raw) {
        return Some(t.with_timezone(&Utc));
    }
    if let Ok(d) = NaiveDate::parse_from_str(&raw, "%Y-%m-%d") {
        return Some(d.and_time(chrono::NaiveTime::MIN).and_utc());
    }
    errors.push(FieldError::new(name, "format", msg!("time-or-day-format")));
    None
}

fn parsed<T>(
    errors: &mut Vec<FieldError>,
    name: &str,
    raw: Option<String>,
    parse: impl Fn(&str) -> Option<T>,
    expected: Message,
) -> Option<T> {
    let raw = raw?;
    parse(&raw)
        .ok_or_else(|| errors.push(FieldError::new(name, "invalid", expected)))
        .ok()
}

/// The checked filter of a request, or the problems with it.
pub(super) fn filter(
    errors: &mut Vec<FieldError>,
    params: &mut ListAuditEventsParams,
) -> AuditFilter {
    AuditFilter {
        resource_type: parsed(
            errors,
            "resource_type",
            params.resource_type.take(),
            |s| ResourceType::parse(s).ok(),
            msg!("expected-one-of", values = ResourceType::expected()),
        ),
        resource_id: parsed(
            errors,
            "resource_id",
            params.resource_id.take(),
            |s| s.parse().ok(),
            msg!("uuid-format"),
        ),
        actor: params.actor.take(),
        action: parsed(
            errors,
            "action",
            params.action.take(),
            |s| ChangeAction::parse(s).ok(),
            msg!("expected-one-of", values = ChangeAction::expected()),
        ),
        from: instant(errors, "from", params.from.take()),
        to: instant(errors, "to", params.to.take()),
    }
}

/// Serves a filtered slice of the audit trail as pages or as an export.
pub(super) async fn respond(
    pool: web::Data<DbPool>,
    req: &HttpRequest,
    mut errors: Vec<FieldError>,
    filter: AuditFilter,
    limit: Option<crate::routes::pagination::Limit>,
    cursor: Option<&str>,
    format: Option<&str>,
) -> ApiResult<HttpResponse> {
    let paging = Paging::<Position>::parse(&mut errors, limit, cursor, SORT);
    let format = crate::routes::pagination::format(&mut errors, req, format)?;
    if !errors.is_empty() {
        return Err(bad_query(errors));
    }
    let fetch = fetch!(filter => |conn, before, limit| {
        db::changes::audit::list(conn, &filter, before, limit)
    });
    paging
        .serve(
            req,
            &pool,
            (format, "audit-events"),
            fetch,
            ChangeRow::place,
            AuditEvent::from,
        )
        .await
}

/// List audit events
///
/// Every recorded write, newest first: creations, updates, deletions, agreement
/// transitions, batch rows and API client management, each with who made it and the fields
/// it changed (old and new values). Recorded in the writing transaction, so a write that
/// failed or was rolled back has no event. Secrets are never recorded.
#[utoipa::path(
    tag = "audit",
    params(ListAuditEventsParams),
    responses(
        ListResponses<AuditEvent>,
    ),
    security(("bearer" = ["admin"]))
)]
#[get("/audit-events")]
pub async fn list_audit_events(
    caller: Caller,
    pool: web::Data<DbPool>,
    params: web::Query<ListAuditEventsParams>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], msg!("may-read-the-audit-trail"))?;
    let mut params = params.into_inner();
    let mut errors = Vec::new();
    let filter = filter(&mut errors, &mut params);
    respond(
        pool,
        &req,
        errors,
        filter,
        params.limit,
        params.cursor.as_deref(),
        params.format.as_deref(),
    )
    .await
}
