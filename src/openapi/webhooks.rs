//! The spec's `webhooks`: what the service POSTs to a subscription.

use utoipa::openapi::path::ParameterIn;

/// What the service POSTs to a webhook subscription (OpenAPI 3.1 `webhooks`).
pub(super) fn webhooks() -> utoipa::openapi::Paths {
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
