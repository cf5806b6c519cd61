//! The life cycle of an agreement: its history, and recording a change of status.

use crate::i18n::msg;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};

use super::scope;
use super::views::{Transition, TransitionInput, TransitionList};
use crate::auth::{Caller, Role};
use crate::db::agreements::AgreementRow;
use crate::db::transitions::NewTransition;
use crate::db::{self, DbPool, Resource};
use crate::domain::ids::AgreementId;
use crate::domain::lifecycle::{AgreementStatus, Lifecycle, MoveError, TransitionRequest};
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::routes::conditional::{IfMatch, etag};
use crate::routes::export::{self, Format};
use crate::routes::pagination::{bad_query, format};
use crate::routes::{body::JsonObject, responses, today};

/// `format` alone: a whole list that is never long enough to page.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FormatParams {
    /// `json` (default), or `csv` / `ndjson`. `Accept: text/csv` or `application/x-ndjson`
    /// does the same.
    #[param(example = "csv", value_type = Option<crate::routes::export::Format>)]
    format: Option<String>,
}

/// List an agreement's transitions
///
/// The history of its status, oldest first (by `effective_on`, then by recording order).
/// The status on any date is the `to` of the last transition at or before it (`draft`
/// before the first), read as `expired` after an active agreement's `ends_on`.
/// Visible to whoever may read the agreement (404 otherwise).
#[utoipa::path(
    tag = "service-agreements",
    params(("id" = Uuid, Path, description = "Agreement id"), FormatParams),
    responses(
        (status = 200, description = "The history, oldest first; or as CSV / NDJSON with `format`",
            content(
                (TransitionList = "application/json"),
                (String = "text/csv"),
                (Transition = "application/x-ndjson"),
            )),
    ),
    security(("bearer" = ["admin", "reader", "coop_manager", "partner"]))
)]
#[get("/service-agreements/{id}/transitions")]
pub async fn list_agreement_transitions(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<AgreementId>,
    params: web::Query<FormatParams>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    let mut errors = Vec::new();
    let format = format(&mut errors, &req, params.format.as_deref())?;
    if !errors.is_empty() {
        return Err(bad_query(errors));
    }
    let mut conn = db::conn(&pool).await?;
    let agreement = db::agreements::find_visible(&mut conn, id.into_inner(), scope(&caller))
        .await
        .or_404()?;
    if format != Format::Json {
        drop(conn);
        let agreement = agreement.id;
        // One agreement's history is short: one fetch holds all of it.
        let fetch = export::fetcher(move |conn, after: Option<()>, _| {
            Box::pin(async move {
                Ok(match after {
                    None => db::transitions::history(conn.connection(), agreement).await?,
                    Some(()) => Vec::new(),
                })
            })
        });
        return export::respond(
            &pool,
            format,
            "transitions",
            None,
            fetch,
            |_| (),
            Transition::from,
        )
        .await;
    }
    let rows = db::transitions::history(&conn, agreement.id).await?;
    let items = rows.into_iter().map(Transition::from).collect();
    Ok(HttpResponse::Ok().json(TransitionList { items }))
}

fn refusal(e: MoveError<AgreementStatus>) -> ApiError {
    match e {
        MoveError::Illegal { .. } => ApiError::Conflict(e.message()),
        MoveError::BeforePrevious(_) | MoveError::AfterEnd(_) => {
            ApiError::invalid("effective_on", "date_order", e.message())
        }
    }
}

/// Change an agreement's status
///
/// Admins only. Allowed moves: draft → negotiating → active ⇄ suspended; draft, negotiating,
/// active or suspended → terminated. `expired` is never recorded: an active agreement is
/// read as expired once `ends_on` has passed. The move is judged from the status on
/// `effective_on`; an illegal one is a 409 naming the allowed ones. `effective_on` defaults
/// to today, may be in the past to record history after the fact, but never before the
/// previous transition nor in the future (422). Honours `If-Match` (the agreement's `ETag`);
/// the response's `ETag` is the agreement's new one.
#[utoipa::path(
    tag = "service-agreements",
    params(
        ("id" = Uuid, Path, description = "Agreement id"),
        ("If-Match" = Option<String>, Header, description = "Apply only if this is still the agreement's current `ETag`"),
    ),
    request_body = TransitionInput,
    responses(
        (status = 201, description = "Recorded", body = Transition,
            headers(("Location" = String, description = "The agreement's history"), ("ETag" = String, description = "The agreement's new `ETag`"))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin"]))
)]
#[post("/service-agreements/{id}/transitions")]
pub async fn create_agreement_transition(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<AgreementId>,
    req: HttpRequest,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    caller.require(
        &[Role::Admin],
        msg!("may-change-the-status-of-service-agreements"),
    )?;
    let id = id.into_inner();
    let request =
        TransitionRequest::from_json(body.into_inner().0, today()).map_err(ApiError::Validation)?;
    let if_match = IfMatch::of(&req);
    let recorded_by = caller.subject().to_owned();
    let mut conn = db::conn(&pool).await?;
    let (transition, agreement) = db::write(&mut conn, &caller.actor(), async |conn| {
        // The lock serialises transitions of one agreement: each sees the last one.
        let agreement = AgreementRow::find_for_update(conn, id).await.or_404()?;
        if_match.check(agreement.version)?;
        let history = db::transitions::history(conn, id).await?;
        let lifecycle: Lifecycle<_> = history.iter().map(|t| t.step()).collect();
        let from = lifecycle
            .ending_on(agreement.ends_on)
            .check_move(request.to, request.effective_on)
            .map_err(refusal)?;
        let new = NewTransition {
            from,
            to: request.to,
            reason: request.reason,
            effective_on: request.effective_on,
            recorded_by,
        };
        Ok::<_, ApiError>(db::transitions::record(conn, id, new).await?)
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/v1/service-agreements/{id}/transitions"),
        ))
        .insert_header((header::ETAG, etag(agreement.version)))
        .json(Transition::from(transition)))
}
