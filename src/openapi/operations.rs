//! What every operation of a kind has, added to the spec once: date bounds, closed request
//! bodies, the change-feed cursor of lists, the shared errors, `If-Match`, `Idempotency-Key`.

use utoipa::openapi::path::{Operation, Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
use utoipa::openapi::security::SecurityRequirement;
use utoipa::openapi::{Ref, RefOr, Required};

/// The dates the API accepts (`domain::fields::Day`: 1900-01-01 to 2100-12-31), said in every
/// `format: date` schema as a pattern, so clients and contract testers know the range.
pub(super) const DATE_PATTERN: &str =
    r"^(19[0-9]{2}|20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";

pub(super) fn bound_dates(api: &mut utoipa::openapi::OpenApi) {
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
pub(super) fn refuse_unknown_fields(api: &mut utoipa::openapi::OpenApi) {
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

/// Every list (a 200 with a `Link` header) gives the change-feed position of what it read.
pub(super) fn add_changes_cursor(operation: &mut Operation) {
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
pub(super) fn shared_errors(
    path: &str,
    operation: &Operation,
) -> Vec<(&'static str, &'static str)> {
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

pub(super) fn add_shared_errors(path: &str, operation: &mut Operation) {
    for (status, name) in shared_errors(path, operation) {
        operation
            .responses
            .responses
            .entry(status.to_owned())
            .or_insert_with(|| RefOr::Ref(Ref::from_response_name(name)));
    }
}

/// `If-Match` on a write that does not document its own.
pub(super) fn add_if_match(operation: &mut Operation, verb: &str) {
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

pub(super) fn idempotency_key() -> Parameter {
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
