//! Reusable error responses for the OpenAPI document (all RFC 9457 problem details).
//! They document what `crate::error::ApiError` sends; they are not used at run time.

use utoipa::ToResponse;

use crate::error::Problem;

macro_rules! problem_response {
    ($name:ident, $status:literal, $slug:literal, $title:literal, $detail:literal, $desc:literal) => {
        #[derive(ToResponse)]
        #[response(
                                    description = $desc,
                                    content_type = "application/problem+json",
                                    example = json!({
                                        "type": concat!("https://coopsante.dev/problems/", $slug),
                                        "title": $title,
                                        "status": $status,
                                        "detail": $detail,
                                        "request_id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0b1d"
                                    })
                                )]
        #[expect(dead_code, reason = "documentation only")]
        pub struct $name(Problem);
    };
}

problem_response!(
    BadRequest,
    400,
    "bad-request",
    "Malformed request",
    "malformed JSON body: expected `,` or `}` at line 1 column 17",
    "Malformed JSON, duplicate key, or an invalid query parameter (each named in `errors`)."
);
problem_response!(
    Unauthorized,
    401,
    "unauthorized",
    "Authentication required",
    "this endpoint needs an Authorization: Bearer token",
    "No token, or an invalid, expired or forged one. Sent with `WWW-Authenticate: Bearer`."
);
problem_response!(
    Forbidden,
    403,
    "forbidden",
    "Not allowed",
    "a reader token may not create cooperatives",
    "The token is valid but its role may not do this."
);
problem_response!(
    NotFound,
    404,
    "not-found",
    "Not found",
    "no cooperative with this id",
    "No resource with this id (a malformed id is also a 404)."
);
problem_response!(
    Conflict,
    409,
    "conflict",
    "Conflict",
    "another cooperative already has this neq",
    "The change conflicts with stored data (a unique key, or records that depend on this one)."
);
problem_response!(
    PreconditionFailed,
    412,
    "precondition-failed",
    "Precondition failed",
    "the resource has changed since it was read (If-Match does not match)",
    "`If-Match` names a version that is no longer current: read again, then retry."
);
problem_response!(
    PayloadTooLarge,
    413,
    "payload-too-large",
    "Request body too large",
    "the body exceeds the limit of 1048576 bytes",
    "The body is over 1 MiB."
);
problem_response!(
    UnsupportedMediaType,
    415,
    "unsupported-media-type",
    "Unsupported media type",
    "expected Content-Type: application/json (or application/merge-patch+json for PATCH)",
    "The body is not sent as JSON."
);
problem_response!(
    TooManyRequests,
    429,
    "too-many-requests",
    "Too many requests",
    "too many requests; retry in 12 s",
    "A rate limit is reached (per client on the whole API; per `client_id` and per address on \
     the token endpoint). Sent with `Retry-After` and the `RateLimit` and `RateLimit-Policy` \
     headers (draft-ietf-httpapi-ratelimit-headers)."
);
problem_response!(
    Unavailable,
    503,
    "unavailable",
    "Service unavailable",
    "the database is unavailable, retry shortly",
    "The database could not be reached in time. Sent with `Retry-After`."
);

/// Validation failed: every invalid field is listed in `errors`.
#[derive(ToResponse)]
#[response(
    content_type = "application/problem+json",
    example = json!({
        "type": "https://coopsante.dev/problems/validation",
        "title": "Invalid request",
        "status": 422,
        "detail": "2 fields are invalid",
        "errors": [
            {"field": "postal_code", "code": "format", "message": "expected a Canadian postal code such as H2X 1Y4"},
            {"field": "region", "code": "format", "message": "expected a Québec administrative region code from \"01\" to \"17\""}
        ],
        "request_id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0b1d"
    })
)]
#[expect(dead_code, reason = "documentation only")]
pub struct ValidationFailed(Problem);
problem_response!(
    Gone,
    410,
    "gone",
    "Gone",
    "changes before this cursor have been purged (kept 90 days): take a new snapshot",
    "What the request points at no longer exists (history older than the retention period)."
);
