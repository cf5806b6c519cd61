use crate::i18n::msg;
use actix_web::{HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::views::{ChangePage, FeedChange};
use crate::auth::Caller;
use crate::db::position::Position;
use crate::db::{self, DbPool};
use crate::domain::FieldError;
use crate::domain::change::ResourceType;
use crate::error::{ApiError, ApiResult};
use crate::routes::export::{self, Format};
use crate::routes::pagination::bad_query;
use crate::routes::query;

/// Where to resume and what to follow.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ChangesParams {
    /// The `next_cursor` (or an item's `position`) you processed last; none starts from the
    /// oldest change still kept.
    #[param(example = "1042.88310", pattern = r"^[0-9]{1,18}\.[0-9]{1,18}$")]
    after: Option<String>,
    /// Changes per page, 1–1000 (default 100).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 1000, example = 100)]
    limit: Option<crate::routes::pagination::Limit>,
    /// Only these resource types, comma-separated (default: every type the token may
    /// follow).
    #[param(example = "cooperative,membership_count")]
    types: Option<String>,
    /// `json` (pages, default), or `csv` / `ndjson`: every change after `after`, streamed
    /// (`limit` is then ignored). `Accept: text/csv` or `application/x-ndjson` does the same.
    #[param(example = "ndjson", value_type = Option<crate::routes::export::Format>)]
    format: Option<String>,
}

const DEFAULT_LIMIT: u32 = 100;
const MAX_LIMIT: u32 = 1000;

/// Follow changes
///
/// Every create, update and deletion (agreement transitions and batch rows included), in
/// commit order: poll with the last `next_cursor` you saw and you get every committed change
/// exactly once, never one twice, however writers interleave. Each change carries the
/// resource's new state (as its `GET` returns it), or null for a deletion.
///
/// What a token follows is what it may read: admins and readers everything; a co-op manager
/// its co-op, its membership counts and its enrolments; a partner its own record, its
/// agreements, their transitions and enrolments. The feed can be followed back a configured
/// period (90 days by default; the audit trail keeps the events longer): a cursor older than
/// that is 410, and so is a cursor from changes the database lost when it was restored from
/// a backup; either way the consumer must take a new snapshot (any list's first page or
/// export gives a `Changes-Cursor` to follow from).
#[utoipa::path(
    tag = "changes",
    params(ChangesParams),
    responses(
        (status = 200, description = "The next changes, oldest first; or with `format=csv|ndjson` every one after `after`",
            content(
                (ChangePage = "application/json"),
                (String = "text/csv"),
                (super::views::FeedChange = "application/x-ndjson"),
            )),
        (status = 410, response = crate::routes::responses::Gone),
    ),
    security(("bearer" = ["admin", "reader", "coop_manager", "partner"]))
)]
#[get("/changes")]
pub async fn list_changes(
    caller: Caller,
    pool: web::Data<DbPool>,
    params: web::Query<ChangesParams>,
    req: actix_web::HttpRequest,
) -> ApiResult<HttpResponse> {
    let params = params.into_inner();
    let followable = ResourceType::followable_by(caller.binding());
    let mut errors = Vec::new();
    let after = params.after.as_deref().and_then(|raw| {
        raw.parse::<Position>()
            .map_err(|()| {
                errors.push(FieldError::new(
                    "after",
                    "invalid",
                    msg!("feed-after-invalid"),
                ))
            })
            .ok()
    });
    let limit = crate::routes::pagination::Limit::checked(
        &mut errors,
        params.limit.clone(),
        DEFAULT_LIMIT,
        MAX_LIMIT,
    );
    let types = match params.types {
        None => followable.to_vec(),
        Some(raw) => query::list(&mut errors, "types", Some(raw), ResourceType::parse),
    };
    let format = crate::routes::pagination::format(&mut errors, &req, params.format.as_deref())?;
    if !errors.is_empty() {
        return Err(bad_query(errors));
    }
    if let Some(refused) = types.iter().find(|t| !followable.contains(t)) {
        return Err(ApiError::Forbidden(msg!(
            "feed-type-forbidden",
            role = caller.role_name(),
            kind = refused.to_string()
        )));
    }
    let mut conn = db::conn(&pool).await?;
    // Read before the changes, so that nothing committed in between can sort before it.
    let head = db::position::head(&conn).await?;
    if let Some(after) = after {
        if db::changes::purge::restored_over(&mut conn, after).await? {
            return Err(ApiError::Gone(msg!("feed-restored")));
        }
        if db::changes::purge::lost_after(&mut conn, after).await? {
            return Err(ApiError::Gone(msg!("feed-purged")));
        }
        if after.sequence > head.sequence {
            return Err(bad_query(vec![FieldError::new(
                "after",
                "invalid",
                msg!("feed-after-ahead"),
            )]));
        }
    }
    let start = match after {
        Some(after) => after,
        None => db::changes::purge::feed_start(&mut conn).await?,
    };
    if format != Format::Json {
        drop(conn);
        let binding = caller.binding();
        // Converted while fetched: a recorded row that no longer reads back is an error
        // before the first byte, not a gap in the stream.
        let fetch = export::fetcher(move |conn, after: Option<Position>, limit| {
            let types = types.clone();
            Box::pin(async move {
                let rows = db::changes::feed::read(
                    conn.connection(),
                    after.unwrap_or(start),
                    &types,
                    binding,
                    limit,
                )
                .await?;
                rows.into_iter()
                    .map(|row| Ok((row.place(), super::view(row)?)))
                    .collect::<Result<Vec<_>, ApiError>>()
            })
        });
        let mut response = export::respond(
            &pool,
            format,
            "changes",
            None,
            fetch,
            |(place, _): &(Position, FeedChange)| *place,
            |(_, change)| change,
        )
        .await?;
        response.headers_mut().remove(export::CHANGES_CURSOR);
        return Ok(response);
    }
    let rows = db::changes::feed::read(&conn, start, &types, caller.binding(), limit).await?;
    let next_cursor = match (rows.last(), after) {
        (Some(last), _) => last.place(),
        (None, Some(after)) => after,
        // Nothing this token may see has ever been committed: resume from the end.
        (None, None) => head,
    };
    let items = rows
        .into_iter()
        .map(super::view)
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(ChangePage {
            items,
            next_cursor: next_cursor.to_string(),
        }))
}
