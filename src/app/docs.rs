//! The served OpenAPI document, and what a request no documented route matches gets (404,
//! or 405 with `Allow`).

use crate::cors;
use crate::error::{self, ApiError};
use actix_web::dev::ResourceDef;
use actix_web::{Error, HttpRequest, HttpResponse, web};

/// The served OpenAPI document and the routes it names.
pub struct Docs {
    json: web::Bytes,
    routes: Routes,
    /// The operations any origin may read (see `cors`).
    pub(super) public: cors::PublicReads,
}

impl Docs {
    /// The methods of the most specific documented path `path` matches (fewest `{…}`
    /// segments: `…/membership-counts/latest` before `…/membership-counts/{as_of}`).
    pub fn allowed(&self, path: &str) -> Option<&str> {
        self.routes
            .0
            .iter()
            .filter(|(def, _)| def.is_match(path))
            .min_by_key(|(def, _)| def.pattern().map_or(0, |p| p.matches('{').count()))
            .map(|(_, allowed)| allowed.as_str())
    }

    pub(super) fn build() -> Self {
        let api = crate::openapi::spec();
        let json = serde_json::to_vec(&api).expect("the OpenAPI document serialises");
        Self {
            routes: Routes::of(&api),
            public: cors::PublicReads::of(&api),
            json: web::Bytes::from(json),
        }
    }
}

/// The documented paths and their methods, to tell "no such endpoint" (404) from "not with
/// this method" (405 with `Allow`).
struct Routes(Vec<(ResourceDef, String)>);

impl Routes {
    fn of(api: &utoipa::openapi::OpenApi) -> Self {
        let routes = api
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let methods = [
                    ("GET", item.get.is_some()),
                    ("POST", item.post.is_some()),
                    ("PUT", item.put.is_some()),
                    ("PATCH", item.patch.is_some()),
                    ("DELETE", item.delete.is_some()),
                ];
                let allowed: Vec<&str> = methods
                    .iter()
                    .filter(|(_, has)| *has)
                    .map(|(m, _)| *m)
                    .collect();
                (ResourceDef::new(path.as_str()), allowed.join(", "))
            })
            .collect();
        Self(routes)
    }
}

/// A path parameter that does not parse. `PUT …/membership-counts/latest` reaches the handler
/// of `PUT …/{as_of}`, whose date fails to parse; but the path names the documented
/// `…/latest`, which has no PUT: a 405 with `Allow`, as for any other undocumented method.
pub(super) fn path_error(err: actix_web::error::PathError, req: &HttpRequest) -> Error {
    if let Some(docs) = req.app_data::<web::Data<Docs>>()
        && let Some(allowed) = docs.allowed(req.path())
        && !allowed.split(", ").any(|m| m == req.method().as_str())
    {
        return ApiError::MethodNotAllowed(allowed.to_owned()).into();
    }
    error::path_error_handler(err, req)
}

pub(super) async fn not_found(
    req: HttpRequest,
    docs: web::Data<Docs>,
) -> Result<HttpResponse, ApiError> {
    match docs.allowed(req.path()) {
        Some(allowed) => Err(ApiError::MethodNotAllowed(allowed.to_owned())),
        None => Err(ApiError::NotFound(crate::i18n::msg!("no-such-endpoint"))),
    }
}

pub(super) async fn openapi_json(docs: web::Data<Docs>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(mime::APPLICATION_JSON)
        .body(docs.json.clone())
}
