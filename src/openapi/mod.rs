//! The OpenAPI document: generated from the handlers' annotations, committed as
//! `openapi/openapi.json`, and compared with the code by a test.

use actix_web::App;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::SecurityRequirement;
use utoipa::openapi::security::{
    ClientCredentials, Flow, Http, HttpAuthScheme, OAuth2, Scopes, SecurityScheme,
};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;

use crate::routes::{self, responses};

mod operations;
mod webhooks;

use operations::{
    add_changes_cursor, add_if_match, add_shared_errors, bound_dates, idempotency_key,
    refuse_unknown_fields,
};
use webhooks::webhooks;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "coopsante",
        // The crate's version is the API's (see CHANGELOG.md, "Versioning").
        version = env!("CARGO_PKG_VERSION"),
        description = "API of record of the Fédération québécoise des coopératives de santé (FQCS): \
the register of member cooperatives and its public directory, each co-op's membership counts, \
federation statistics as of any date, the strategic plans with their orientations, objectives \
and measured progress (the summary of an adopted plan is public), and the federation's partners, \
the service agreements negotiated with them (with their life cycle and its history) and the co-ops \
enrolled in them, with an eligibility check for partners' systems.\n\n\
Errors are RFC 9457 problem details (`application/problem+json`). Their `title`, `detail` and \
`errors[].message` are in French by default (the federation's language) or in English when \
`Accept-Language` prefers it (`en`, `en-CA`, q-values honoured); the response says which in \
`Content-Language`. `type`, `errors[].field` and `errors[].code` are the same in both languages: \
match on those, not on the text. Lists are cursor-paginated \
(`limit`, `cursor`, `next_cursor`, `Link: rel=\"next\"`). Every resource carries a `version`, \
sent as `ETag`; reads honour `If-None-Match` and writes `If-Match`. A POST may carry an \
`Idempotency-Key`: retrying it with the same key and body replays the first response (for 24 \
hours); the same key with another body is a 422. Lists can be exported whole as CSV or NDJSON \
(`format=csv|ndjson` or `Accept`), streamed.\n\n\
Authentication: `Authorization: Bearer <JWT>` with one of the roles `admin`, `reader`, \
`coop_manager` (bound to one cooperative) or `partner` (bound to one partner). An API client \
gets one by OAuth 2.0 client credentials at `POST /v1/auth/token`, discoverable from \
`/.well-known/oauth-authorization-server` (RFC 8414).",
        license(name = "MIT OR Apache-2.0", identifier = "MIT OR Apache-2.0"),
        contact(name = "FQCS", url = "https://github.com/fqcs/coopsante"),
    ),
    servers((url = "/", description = "The server that serves this document")),
    modifiers(&BearerAuth),
    components(schemas(crate::error::Problem, crate::domain::FieldError, crate::routes::webhooks::views::WebhookPayload,
        // Named only by query parameters, which utoipa does not collect schemas from.
        crate::routes::export::Format, crate::routes::reports::ReportFormat), responses(
        responses::BadRequest,
        responses::Unauthorized,
        responses::Forbidden,
        responses::NotFound,
        responses::Conflict,
        responses::PreconditionFailed,
        responses::PayloadTooLarge,
        responses::UnsupportedMediaType,
        responses::NotAcceptable,
        responses::UriTooLong,
        responses::ValidationFailed,
        responses::TooManyRequests,
        responses::Unavailable,
        responses::Gone,
    )),
    tags(
        (name = "cooperatives", description = "The register of the federation's cooperatives."),
        (name = "membership", description = "Each co-op's members by category (users, workers, supporting) over time."),
        (name = "statistics", description = "Federation membership on any date and over time."),
        (name = "strategic-plans", description = "Strategic plans, orientations, objectives, measurements and progress."),
        (name = "directory", description = "The public directory of member cooperatives (no token)."),
        (name = "partners", description = "The federation's partners: brokers, insurers, service providers, sponsors."),
        (name = "service-agreements", description = "Service agreements with partners, their life cycle (draft, negotiating, active, suspended, expired, terminated) and eligibility checks."),
        (name = "enrollments", description = "Co-ops enrolled in service agreements, from a date, possibly until a date."),
        (name = "events", description = "The federation's events (members' days, national days, AGMs, committees), the co-ops that attended and the presentations given."),
        (name = "projects", description = "The federation's projects and studies, their dated status transitions (planned, in_progress, paused, completed, abandoned), the plan's orientations and objectives they serve, and their funders."),
        (name = "representations", description = "The federation's briefs and meetings with authorities (ministries), and their numbered requests with their outcomes."),
        (name = "board", description = "Terms on the federation's board: names and offices only; who was on the board on a date."),
        (name = "reports", description = "The annual report of a fiscal year, assembled from recorded data only, with how complete each section is; JSON or a printable French HTML page."),
        (name = "api-clients", description = "Credentials of outside systems (partners' integrations, co-ops' front ends, scripts): created, rotated and revoked by admins."),
        (name = "auth", description = "Tokens for API clients (OAuth 2.0 client credentials)."),
        (name = "changes", description = "The change feed: every committed change, in commit order, to follow from a snapshot without missing or repeating one."),
        (name = "webhooks", description = "Subscriptions that push changes to partners' systems, signed the Standard Webhooks way, and their delivery log (admins)."),
        (name = "audit", description = "The audit trail: who changed what, when, field by field (admins)."),
        (name = "operations", description = "Health checks for load balancers."),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.schemas.extend(routes::page_schemas());
        let mut scheme = Http::new(HttpAuthScheme::Bearer);
        scheme.bearer_format = Some("JWT".to_owned());
        scheme.description = Some(
            "A JWT signed by this service (HS256): an API client gets one from \
             `POST /v1/auth/token` (OAuth 2.0 client credentials); `coopsante token` makes one \
             for development."
                .to_owned(),
        );
        components.add_security_scheme("bearer", SecurityScheme::Http(scheme));
        let mut basic = Http::new(HttpAuthScheme::Basic);
        basic.description = Some(
            "An API client's `client_id` and `client_secret`, for `POST /v1/auth/token` only."
                .to_owned(),
        );
        components.add_security_scheme("basic", SecurityScheme::Http(basic));
        components.add_security_scheme("oauth2", SecurityScheme::OAuth2(oauth2()));
    }
}

/// The same bearer tokens, as OAuth 2.0 client libraries get them: client credentials at
/// `/v1/auth/token`. The scopes are the roles: a client is registered with one and every
/// token it gets carries that one (it does not request scopes).
fn oauth2() -> OAuth2 {
    let scopes = Scopes::from_iter([
        ("admin", "Everything"),
        ("reader", "Read everything, change nothing"),
        ("coop_manager", "One cooperative's own records"),
        ("partner", "One partner's agreements and eligibility checks"),
    ]);
    OAuth2::with_description(
        [Flow::ClientCredentials(ClientCredentials::new(
            "/v1/auth/token",
            scopes,
        ))],
        "OAuth 2.0 client credentials (metadata at `/.well-known/oauth-authorization-server`, \
         RFC 8414): the token is the `bearer` scheme's JWT. The scopes are the roles: a \
         client's role is set when it is registered, and every token it gets carries it.",
    )
}

/// Every operation open to bearer tokens lists `oauth2` with the same roles as an
/// alternative (separate requirements are ORed), so that OAuth-aware tools offer it.
fn add_oauth2(operation: &mut Operation) {
    let Some(security) = operation.security.as_mut() else {
        return;
    };
    let alternatives: Vec<SecurityRequirement> = security
        .iter()
        .filter_map(|requirement| {
            let value = serde_json::to_value(requirement).ok()?;
            let roles = value.get("bearer")?.as_array()?;
            let roles = roles.iter().filter_map(|r| r.as_str().map(str::to_owned));
            Some(SecurityRequirement::new(
                "oauth2",
                roles.collect::<Vec<_>>(),
            ))
        })
        .collect();
    security.extend(alternatives);
}

/// The complete document, exactly as served at `/openapi.json`.
pub fn spec() -> utoipa::openapi::OpenApi {
    let (_, api) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(routes::configure)
        .split_for_parts();
    finish(api)
}

/// What applies to every operation of a kind, added once here rather than on each handler,
/// so that an annotation shows only what is particular to its operation:
/// - every POST takes an `Idempotency-Key` (see `crate::idempotency`), but those whose answer
///   holds a secret;
/// - every PUT, PATCH and DELETE honours `If-Match` (see `crate::routes::conditional`);
/// - the error responses that follow from the operation's shape (see [`shared_errors`]).
pub fn finish(mut api: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    api.webhooks = Some(webhooks());
    refuse_unknown_fields(&mut api);
    for (path, item) in api.paths.paths.iter_mut() {
        let writes = [
            (item.put.as_mut(), "Replace"),
            (item.patch.as_mut(), "Apply"),
            (item.delete.as_mut(), "Delete"),
        ];
        for (operation, verb) in writes {
            if let Some(operation) = operation {
                add_if_match(operation, verb);
            }
        }
        let operations = [
            item.get.as_mut(),
            item.put.as_mut(),
            item.post.as_mut(),
            item.delete.as_mut(),
            item.patch.as_mut(),
        ];
        for operation in operations.into_iter().flatten() {
            add_shared_errors(path, operation);
            add_oauth2(operation);
        }
        if let Some(get) = item.get.as_mut()
            && path != "/v1/directory/cooperatives"
        {
            add_changes_cursor(get);
        }
        if let Some(post) = item
            .post
            .as_mut()
            .filter(|_| crate::idempotency::remembers(path))
        {
            post.parameters
                .get_or_insert_with(Vec::new)
                .push(RefOr::T(idempotency_key()));
            // A malformed or reused key is a 422, body or not.
            post.responses
                .responses
                .entry("422".to_owned())
                .or_insert_with(|| RefOr::Ref(Ref::from_response_name("ValidationFailed")));
        }
    }
    bound_dates(&mut api);
    crate::deprecation::mark(&mut api, &crate::deprecation::current());
    api
}

/// The document as committed: pretty JSON with a final newline.
pub fn spec_json() -> String {
    let mut json = spec()
        .to_pretty_json()
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    json.push('\n');
    json
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::spec;
    use crate::deprecation::{Deprecated, mark};

    #[test]
    fn the_spec_marks_a_deprecated_operation_and_says_until_when() {
        let mut api = spec();
        let list = [Deprecated {
            path: "/v1/cooperatives/{id}",
            method: "GET",
            since: NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
            sunset: NaiveDate::from_ymd_opt(2027, 7, 1).unwrap(),
            successor: Some("/v1/new"),
        }];
        mark(&mut api, &list);
        let get = api.paths.paths["/v1/cooperatives/{id}"]
            .get
            .as_ref()
            .unwrap();
        assert!(matches!(
            get.deprecated,
            Some(utoipa::openapi::Deprecated::True)
        ));
        assert!(
            get.description
                .as_deref()
                .unwrap()
                .contains("removed after 2027-07-01")
        );
        let patch = api.paths.paths["/v1/cooperatives/{id}"]
            .patch
            .as_ref()
            .unwrap();
        assert!(patch.deprecated.is_none());
    }
}
