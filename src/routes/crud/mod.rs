//! What every resource's item routes do, written once over a few traits. A resource says who
//! may do what and how its rows are made (the trait methods); reading with `ETag`/304,
//! creating with `Location`, updating a merge patch under `If-Match`, deleting under
//! `If-Match` and the audit history are these functions. Each route keeps its own handler,
//! named by its operationId and documented by its `#[utoipa::path]`, that calls one of them.

pub mod child;

use std::fmt::Display;
use std::future::Future;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::auth::Caller;
use crate::db::{self, AsyncPgConnection, DbPool, Resource};
use crate::domain::change::ResourceType;
use crate::domain::patch::writable_part;
use crate::domain::profile::Profile;
use crate::error::{ApiError, ApiResult, OnConstraint};
use crate::i18n::{Message, msg};
use crate::routes::body::JsonObject;
use crate::routes::conditional::{self, IfMatch, with_etag};
use crate::routes::pagination::PageParams;
use crate::routes::resource::{load, load_for_update};

// Documented here for the handlers that use the generic ones above.
pub use crate::routes::list_docs::{HistoryResponses, ListResponses};

/// The id of a resource's rows.
pub type IdOf<V> = <<V as Readable>::Row as Resource>::Id;

/// A resource clients read by id: its stored row, its view, and who may see it.
pub trait Readable: Serialize + From<Self::Row> + 'static {
    type Row: Resource<Id: Display + Into<uuid::Uuid>>;

    /// 403 unless the caller's role may read resources of this kind.
    fn may_read(caller: &Caller) -> ApiResult<()>;

    /// The row, or 404 when there is none or the caller may not see it (a partner token
    /// sees its own records only).
    fn load(
        conn: &mut AsyncPgConnection,
        _caller: &Caller,
        id: IdOf<Self>,
    ) -> impl Future<Output = ApiResult<Self::Row>> + Send {
        load::<Self::Row>(conn, id)
    }
}

/// A resource clients create.
pub trait Creatable: Readable {
    /// What a new one is made under: `()` for a top-level resource, the parent's id otherwise.
    type Parent: Copy;
    /// A valid body.
    type New: Send;

    /// 403 unless the caller may create one.
    fn may_create(caller: &Caller) -> ApiResult<()>;

    /// The body, validated: one 422 naming every problem.
    fn parse(body: Map<String, Value>) -> ApiResult<Self::New>;

    /// Stores it, inside the write's transaction; the rules that need the database (a
    /// parent locked, a foreign key's meaning) are checked here.
    fn insert(
        conn: &mut AsyncPgConnection,
        caller: &Caller,
        parent: Self::Parent,
        new: Self::New,
    ) -> impl Future<Output = ApiResult<Self::Row>> + Send;

    /// Where the new one is read (`Location`).
    fn location(parent: Self::Parent, row: &Self::Row) -> String;
}

/// A resource clients change with a JSON merge patch.
pub trait Updatable: Readable {
    /// The writable fields, validated.
    type Profile: Send;

    /// 403 unless the caller may change this one (asked before anything is read).
    fn may_update(caller: &Caller, id: IdOf<Self>) -> ApiResult<()>;

    /// The patch applied to the current (locked) row and validated as a whole; a rule on who
    /// may change which field refuses here.
    fn patched(
        caller: &Caller,
        current: Self::Row,
        patch: Map<String, Value>,
    ) -> ApiResult<Self::Profile>;

    /// Stores the new profile, inside the write's transaction.
    fn update(
        conn: &mut AsyncPgConnection,
        id: IdOf<Self>,
        profile: Self::Profile,
    ) -> impl Future<Output = ApiResult<Self::Row>> + Send;
}

/// A resource clients delete.
pub trait Deletable: Readable {
    /// 403 unless the caller may delete one.
    fn may_delete(caller: &Caller) -> ApiResult<()>;

    /// The 409's sentence while other records refer to it.
    fn in_use() -> Message {
        msg!("delete-referenced")
    }

    /// A rule on the current row that refuses the delete (its own 409).
    fn deletable(_row: &Self::Row) -> ApiResult<()> {
        Ok(())
    }
}

/// A resource whose changes the audit trail records, read at `…/{id}/history`.
pub trait Tracked: Readable {
    const TYPE: ResourceType;

    /// 403 unless the caller may read its history; by default, whoever may read it.
    fn may_read_history(caller: &Caller) -> ApiResult<()> {
        Self::may_read(caller)
    }
}

/// A create body read as a [`Profile`]: one 422 naming every problem.
pub fn parse<P: Profile>(body: Map<String, Value>) -> ApiResult<P> {
    P::from_json(body).map_err(ApiError::Validation)
}

/// A merge patch applied to the writable part of the stored row's view, read as a
/// [`Profile`].
pub fn patched<V: Readable, P: Profile>(
    current: V::Row,
    patch: Map<String, Value>,
) -> ApiResult<P> {
    let before = writable_part(&V::from(current), P::WRITABLE);
    P::patched(before, patch).map_err(ApiError::Validation)
}

/// 200 with the resource and its `ETag`, or 304 when `If-None-Match` names its version.
pub async fn read<V: Readable>(
    caller: Caller,
    pool: &DbPool,
    id: IdOf<V>,
    req: &HttpRequest,
) -> ApiResult<HttpResponse> {
    V::may_read(&caller)?;
    let mut conn = db::conn(pool).await?;
    let row = V::load(&mut conn, &caller, id).await?;
    Ok(conditional::read(req, row.version(), V::from(row)))
}

/// 201 with the new resource, its `Location` and its `ETag`.
pub async fn create<V: Creatable>(
    caller: Caller,
    pool: &DbPool,
    parent: V::Parent,
    body: JsonObject,
) -> ApiResult<HttpResponse> {
    V::may_create(&caller)?;
    let new = V::parse(body.0)?;
    let mut conn = db::conn(pool).await?;
    let row = db::write(&mut conn, &caller.actor(), async |conn| {
        V::insert(conn, &caller, parent, new).await
    })
    .await?;
    let mut response = HttpResponse::Created();
    response.insert_header((header::LOCATION, V::location(parent, &row)));
    Ok(with_etag(response, row.version(), V::from(row)))
}

/// 200 with the patched resource: read and locked, checked against `If-Match` (412), the
/// patch applied and validated, stored, in one transaction.
pub async fn update<V: Updatable>(
    caller: Caller,
    pool: &DbPool,
    id: IdOf<V>,
    req: &HttpRequest,
    body: JsonObject,
) -> ApiResult<HttpResponse> {
    update_checked::<V>(caller, pool, id, req, body, |_, _| Ok(())).await
}

/// [`update`], with `check` asked of the locked row before `If-Match` (a child's parent and
/// writer, see [`child`]).
pub(crate) async fn update_checked<V: Updatable>(
    caller: Caller,
    pool: &DbPool,
    id: IdOf<V>,
    req: &HttpRequest,
    body: JsonObject,
    check: impl Fn(&Caller, &V::Row) -> ApiResult<()>,
) -> ApiResult<HttpResponse> {
    V::may_update(&caller, id)?;
    let if_match = IfMatch::of(req);
    let mut conn = db::conn(pool).await?;
    let row = db::write(&mut conn, &caller.actor(), async |conn| {
        let current = load_for_update::<V::Row>(conn, id).await?;
        check(&caller, &current)?;
        if_match.check(current.version())?;
        let profile = V::patched(&caller, current, body.0)?;
        V::update(conn, id, profile).await
    })
    .await?;
    Ok(with_etag(HttpResponse::Ok(), row.version(), V::from(row)))
}

/// 204 once deleted: 404 when there is none, 412 when `If-Match` names another version, 409
/// while other records refer to it or its own rule refuses.
pub async fn delete<V: Deletable>(
    caller: Caller,
    pool: &DbPool,
    id: IdOf<V>,
    req: &HttpRequest,
) -> ApiResult<HttpResponse> {
    delete_checked::<V>(caller, pool, id, req, |_, _| Ok(())).await
}

/// [`delete`], with `check` asked of the locked row before `If-Match`.
pub(crate) async fn delete_checked<V: Deletable>(
    caller: Caller,
    pool: &DbPool,
    id: IdOf<V>,
    req: &HttpRequest,
    check: impl Fn(&Caller, &V::Row) -> ApiResult<()>,
) -> ApiResult<HttpResponse> {
    V::may_delete(&caller)?;
    let if_match = IfMatch::of(req);
    let mut conn = db::conn(pool).await?;
    db::write(&mut conn, &caller.actor(), async |conn| {
        let current = load_for_update::<V::Row>(conn, id).await?;
        check(&caller, &current)?;
        if_match.check(current.version())?;
        V::deletable(&current)?;
        V::Row::delete(conn, id).await.still_referenced(V::in_use())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The resource's audit events, newest first, in pages (or exported), for whoever may read
/// it.
pub async fn history<V: Tracked>(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: IdOf<V>,
    params: PageParams,
    req: &HttpRequest,
) -> ApiResult<HttpResponse> {
    V::may_read_history(&caller)?;
    {
        let mut conn = db::conn(&pool).await?;
        V::load(&mut conn, &caller, id).await?;
    }
    crate::routes::audit::history::respond(pool, req, V::TYPE, id.into(), params).await
}
