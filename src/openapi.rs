//! The OpenAPI document: generated from the handlers' annotations, committed as
//! `openapi/openapi.json`, and compared with the code by a test.

use actix_web::App;
use utoipa::openapi::path::{Operation, Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
use utoipa::openapi::security::SecurityRequirement;
use utoipa::openapi::security::{
    ClientCredentials, Flow, Http, HttpAuthScheme, OAuth2, Scopes, SecurityScheme,
};
use utoipa::openapi::{Ref, RefOr, Required};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;

use crate::routes::{self, responses};

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

/// The dates the API accepts (`domain::fields::Day`: 1900-01-01 to 2100-12-31), said in every
/// `format: date` schema as a pattern, so clients and contract testers know the range.
const DATE_PATTERN: &str =
    r"^(19[0-9]{2}|20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";

fn bound_dates(api: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::schema::{ArrayItems, Schema};
    fn walk(schema: &mut RefOr<Schema>) {
        let RefOr::T(schema) = schema else { return };
        match schema {
            Schema::Object(object) => {
                let is_date = matches!(
                    &object.format,
                    Some(utoipa::openapi::SchemaFormat::KnownFormat(
                        utoipa::openapi::KnownFormat::Date
                    ))
                );
                if is_date && object.pattern.is_none() {
                    object.pattern = Some(DATE_PATTERN.to_owned());
                }
                object.properties.values_mut().for_each(walk);
            }
            Schema::Array(array) => {
                if let ArrayItems::RefOrSchema(items) = &mut array.items {
                    walk(items);
                }
            }
            Schema::AllOf(all) => all.items.iter_mut().for_each(walk),
            Schema::OneOf(one) => one.items.iter_mut().for_each(walk),
            Schema::AnyOf(any) => any.items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    if let Some(components) = api.components.as_mut() {
        components.schemas.values_mut().for_each(walk);
    }
    for item in api.paths.paths.values_mut() {
        let operations = [
            item.get.as_mut(),
            item.put.as_mut(),
            item.post.as_mut(),
            item.delete.as_mut(),
            item.patch.as_mut(),
        ];
        for operation in operations.into_iter().flatten() {
            for parameter in operation.parameters.iter_mut().flatten() {
                if let RefOr::T(parameter) = parameter
                    && let Some(schema) = parameter.schema.as_mut()
                {
                    walk(schema);
                }
            }
        }
    }
}

/// Request bodies refuse fields they do not define (a 422 names them): their schemas say
/// `additionalProperties: false`, so that generated clients and contract testers agree.
fn refuse_unknown_fields(api: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::schema::{AdditionalProperties, Schema};
    let Some(components) = api.components.as_mut() else {
        return;
    };
    for (name, schema) in components.schemas.iter_mut() {
        let body = name.ends_with("Input")
            || name.ends_with("Patch")
            || [
                "MembershipCountReplacement",
                "MembershipCountBatch",
                "MembershipCountBatchItem",
            ]
            .contains(&name.as_str());
        if body && let RefOr::T(Schema::Object(object)) = schema {
            object.additional_properties = Some(Box::new(AdditionalProperties::FreeForm(false)));
        }
    }
}

/// What the service POSTs to a webhook subscription (OpenAPI 3.1 `webhooks`).
fn webhooks() -> utoipa::openapi::Paths {
    use utoipa::openapi::path::{HttpMethod, OperationBuilder, ParameterBuilder, PathItem};
    use utoipa::openapi::request_body::RequestBodyBuilder;
    use utoipa::openapi::{
        ContentBuilder, ObjectBuilder, PathsBuilder, Ref, Required, ResponseBuilder, Type,
    };
    let header = |name: &str, description: &str| {
        ParameterBuilder::new()
            .name(name)
            .parameter_in(ParameterIn::Header)
            .required(Required::True)
            .description(Some(description))
            .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
            .build()
    };
    let operation = OperationBuilder::new()
        .tag("webhooks")
        .operation_id(Some("receive_change"))
        .summary(Some("A change, pushed to a subscription"))
        .description(Some(
            "POSTed to the subscription's `url` for every matching change, in commit order. \
             Verify `webhook-signature` with the subscription's secret (any Standard Webhooks \
             library does), refuse a `webhook-timestamp` more than 5 minutes off, and \
             deduplicate on `webhook-id`, the same on every retry. Answer 2xx within 15 \
             seconds; anything else is retried after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and \
             10 h, then the delivery fails (an admin may redeliver it). 410 Gone disables the \
             subscription.",
        ))
        .parameter(header(
            "webhook-id",
            "The delivery's id: the same on every attempt.",
        ))
        .parameter(header(
            "webhook-timestamp",
            "When this attempt was signed, in Unix seconds.",
        ))
        .parameter(header(
            "webhook-signature",
            "`v1,` then the base64 HMAC-SHA256 of `{webhook-id}.{webhook-timestamp}.{body}`, keyed with the base64-decoded part of the secret after `whsec_`. During the grace period after a rotation, two such signatures separated by a space, the new secret's first: accept the delivery when either matches.",
        ))
        .request_body(Some(
            RequestBodyBuilder::new()
                .required(Some(Required::True))
                .content(
                    "application/json",
                    ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("WebhookPayload")))
                        .build(),
                )
                .build(),
        ))
        // The receiver authenticates the call by its signature headers, not by a bearer token.
        .securities(Some(Vec::<utoipa::openapi::security::SecurityRequirement>::new()))
        .response("200", ResponseBuilder::new().description("Received (any 2xx)"))
        .response(
            "410",
            ResponseBuilder::new().description("Gone: the service disables the subscription"),
        )
        .build();
    PathsBuilder::new()
        .path("change", PathItem::new(HttpMethod::Post, operation))
        .build()
}

/// Every list (a 200 with a `Link` header) gives the change-feed position of what it read.
fn add_changes_cursor(operation: &mut Operation) {
    let Some(RefOr::T(ok)) = operation.responses.responses.get_mut("200") else {
        return;
    };
    if !ok.headers.contains_key("Link") {
        return;
    }
    let header = utoipa::openapi::HeaderBuilder::new()
        .schema(Some(
            utoipa::openapi::ObjectBuilder::new().schema_type(utoipa::openapi::Type::String),
        ))
        .description(Some(
            "On a first page (no `cursor`) and on an export: the change-feed position of the \
             snapshot the data was read from. Follow `/v1/changes?after=` from it to get exactly \
             the changes the data does not contain.",
        ))
        .build();
    ok.headers
        .insert("Changes-Cursor".to_owned(), RefOr::T(header));
}

/// The error responses an operation can give because of its shape, whatever its handler does.
fn shared_errors(path: &str, operation: &Operation) -> Vec<(&'static str, &'static str)> {
    let mut errors = Vec::new();
    // Everything under /v1 is rate limited.
    if path.starts_with("/v1/") {
        errors.push(("429", "TooManyRequests"));
    }
    // The token endpoint answers in OAuth's shape (RFC 6749 §5.2) and documents the rest.
    if path.starts_with("/v1/auth/") {
        return errors;
    }
    let has_query = operation
        .parameters
        .iter()
        .flatten()
        .any(|p| matches!(p, RefOr::T(p) if p.parameter_in == ParameterIn::Query));
    let has_body = operation.request_body.is_some();
    let conditional = operation
        .parameters
        .iter()
        .flatten()
        .any(|p| matches!(p, RefOr::T(p) if p.name == "If-Match"));
    let needs_token = operation
        .security
        .iter()
        .flatten()
        .any(|requirement| requirement != &SecurityRequirement::default());
    // A malformed body or query string (actix's extractors, `crate::error`).
    if has_body || has_query {
        errors.push(("400", "BadRequest"));
    }
    if needs_token {
        errors.push(("401", "Unauthorized"));
        errors.push(("403", "Forbidden"));
    }
    // A path with an id names a resource that may not exist (a malformed id is a 404 too).
    if path.contains('{') {
        errors.push(("404", "NotFound"));
    }
    // `format` or else `Accept` chooses the representation (lists, the annual report).
    let negotiated = operation.parameters.iter().flatten().any(
        |p| matches!(p, RefOr::T(p) if p.name == "format" && p.parameter_in == ParameterIn::Query),
    );
    if negotiated {
        errors.push(("406", "NotAcceptable"));
    }
    // A query string can make the URI longer than `crate::limits::MAX_URI`.
    if has_query {
        errors.push(("414", "UriTooLong"));
    }
    if conditional {
        errors.push(("412", "PreconditionFailed"));
    }
    if has_body {
        errors.push(("413", "PayloadTooLarge"));
        errors.push(("415", "UnsupportedMediaType"));
        errors.push(("422", "ValidationFailed"));
    }
    // Everything under /v1 reads the database, which may be out of reach.
    if path.starts_with("/v1/") {
        errors.push(("503", "Unavailable"));
    }
    errors
}

fn add_shared_errors(path: &str, operation: &mut Operation) {
    for (status, name) in shared_errors(path, operation) {
        operation
            .responses
            .responses
            .entry(status.to_owned())
            .or_insert_with(|| RefOr::Ref(Ref::from_response_name(name)));
    }
}

/// `If-Match` on a write that does not document its own.
fn add_if_match(operation: &mut Operation, verb: &str) {
    let parameters = operation.parameters.get_or_insert_with(Vec::new);
    if parameters
        .iter()
        .any(|p| matches!(p, RefOr::T(p) if p.name == "If-Match"))
    {
        return;
    }
    let if_match = ParameterBuilder::new()
        .name("If-Match")
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(format!(
            "{verb} only if this is still the current `ETag`"
        )))
        .schema(Some(
            ObjectBuilder::new().schema_type(SchemaType::from_iter([Type::String, Type::Null])),
        ))
        .build();
    parameters.push(RefOr::T(if_match));
}

fn idempotency_key() -> Parameter {
    ParameterBuilder::new()
        .name("Idempotency-Key")
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(
            "Makes the request safe to retry: the same key with the same body replays the first \
             response for 24 hours (`Idempotent-Replayed: true`); with another body it is a 422.",
        ))
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .min_length(Some(1))
                .max_length(Some(255))
                // Visible ASCII, as the server checks.
                .pattern(Some("^[!-~]{1,255}$")),
        ))
        .build()
}

/// The document as committed: pretty JSON with a final newline.
pub fn spec_json() -> String {
    let mut json = spec()
        .to_pretty_json()
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    json.push('\n');
    json
}
