//! `/v1/board-terms`: who held which office on the board, and "who was on the board on
//! date D" (`?on=D`). Personal data: names and offices only; admins and readers read every
//! term, co-op managers and partners only those marked public.

mod list;
pub mod views;

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use serde_json::{Map, Value};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::{Caller, Role};
use crate::db::board::BoardTermRow;
use crate::db::{self, AsyncPgConnection, DbPool};
use crate::domain::board::BoardTermProfile;
use crate::domain::ids::BoardTermId;
use crate::error::{ApiError, ApiResult, ConstraintCase, OnConstraint};
use crate::i18n::msg;
use crate::routes::body::JsonObject;
use crate::routes::crud::{self, Creatable, Deletable, Readable, Updatable};
use crate::routes::resource::load;
use views::{BoardTerm, BoardTermPatch};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_board_terms)
        .service(create_board_term)
        .service(get_board_term)
        .service(update_board_term)
        .service(delete_board_term);
}

/// True when the caller sees only terms marked public.
fn public_only(caller: &Caller) -> bool {
    !matches!(caller.role(), Role::Admin | Role::Reader)
}

/// A term's co-op that is missing, or deleted meanwhile, fails its foreign key.
const UNKNOWN_COOPERATIVE: &[ConstraintCase<'static>] =
    &[("board_terms_cooperative_id_fkey", || {
        ApiError::invalid("cooperative_id", "unknown", msg!("no-such-cooperative"))
    })];

impl Readable for BoardTerm {
    type Row = BoardTermRow;

    /// Every role reads terms; which ones is `load`'s concern.
    fn may_read(_: &Caller) -> ApiResult<()> {
        Ok(())
    }

    async fn load(
        conn: &mut AsyncPgConnection,
        caller: &Caller,
        id: BoardTermId,
    ) -> ApiResult<BoardTermRow> {
        let row = load::<BoardTermRow>(conn, id).await?;
        if public_only(caller) && !row.public {
            return Err(ApiError::not_found(BoardTermId::RESOURCE));
        }
        Ok(row)
    }
}

impl Creatable for BoardTerm {
    type Parent = ();
    type New = BoardTermProfile;

    fn may_create(caller: &Caller) -> ApiResult<()> {
        caller.require(&[Role::Admin], msg!("may-record-board-terms"))
    }

    fn parse(body: Map<String, Value>) -> ApiResult<BoardTermProfile> {
        crud::parse(body)
    }

    async fn insert(
        conn: &mut AsyncPgConnection,
        _: &Caller,
        (): (),
        new: BoardTermProfile,
    ) -> ApiResult<BoardTermRow> {
        db::board::insert(conn, new)
            .await
            .on_constraints(UNKNOWN_COOPERATIVE)
    }

    fn location((): (), row: &BoardTermRow) -> String {
        format!("/v1/board-terms/{}", row.id)
    }
}

impl Updatable for BoardTerm {
    type Profile = BoardTermProfile;

    fn may_update(caller: &Caller, _: BoardTermId) -> ApiResult<()> {
        caller.require(&[Role::Admin], msg!("may-edit-board-terms"))
    }

    fn patched(
        _: &Caller,
        current: BoardTermRow,
        patch: Map<String, Value>,
    ) -> ApiResult<BoardTermProfile> {
        crud::patched::<BoardTerm, _>(current, patch)
    }

    async fn update(
        conn: &mut AsyncPgConnection,
        id: BoardTermId,
        profile: BoardTermProfile,
    ) -> ApiResult<BoardTermRow> {
        db::board::update(conn, id, profile)
            .await
            .on_constraints(UNKNOWN_COOPERATIVE)
    }
}

impl Deletable for BoardTerm {
    fn may_delete(caller: &Caller) -> ApiResult<()> {
        caller.require(&[Role::Admin], msg!("may-delete-board-terms"))
    }
}

/// Record a board term
///
/// Admins only.
#[utoipa::path(
    tag = "board",
    request_body = BoardTermProfile,
    responses(
        (status = 201, description = "Created", body = BoardTerm,
            headers(("Location" = String, description = "URL of the new term"), ("ETag" = String))),
    ),
    security(("bearer" = ["admin"]))
)]
#[post("/board-terms")]
pub async fn create_board_term(
    caller: Caller,
    pool: web::Data<DbPool>,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    crud::create::<BoardTerm>(caller, &pool, (), body.into_inner()).await
}

/// Read a board term
///
/// Admins and readers read any; co-op managers and partners a public one (404 otherwise).
#[utoipa::path(
    tag = "board",
    params(("id" = Uuid, Path, description = "Board term id")),
    responses(
        (status = 200, description = "The term", body = BoardTerm, headers(("ETag" = String))),
        (status = 304, description = "Not modified since the version named in `If-None-Match`"),
    ),
    security(("bearer" = ["admin", "reader", "coop_manager", "partner"]))
)]
#[get("/board-terms/{id}")]
pub async fn get_board_term(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<BoardTermId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    crud::read::<BoardTerm>(caller, &pool, id.into_inner(), &req).await
}

/// Update a board term
///
/// Admins only. A JSON merge patch (e.g. `until` when someone leaves); honours `If-Match`.
#[utoipa::path(
    tag = "board",
    params(("id" = Uuid, Path, description = "Board term id")),
    request_body(content = BoardTermPatch, content_type = "application/merge-patch+json",
        example = json!({"until": "2020-11-05"})),
    responses(
        (status = 200, description = "The updated term", body = BoardTerm, headers(("ETag" = String))),
    ),
    security(("bearer" = ["admin"]))
)]
#[patch("/board-terms/{id}")]
pub async fn update_board_term(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<BoardTermId>,
    req: HttpRequest,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    crud::update::<BoardTerm>(caller, &pool, id.into_inner(), &req, body.into_inner()).await
}

/// Delete a board term
///
/// Admins only, for terms entered by mistake (record `until` when someone leaves).
#[utoipa::path(
    tag = "board",
    params(("id" = Uuid, Path, description = "Board term id")),
    responses((status = 204, description = "Deleted")),
    security(("bearer" = ["admin"]))
)]
#[delete("/board-terms/{id}")]
pub async fn delete_board_term(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<BoardTermId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    crud::delete::<BoardTerm>(caller, &pool, id.into_inner(), &req).await
}
