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
    "Requête mal formée",
    "corps JSON mal formé : expected `,` or `}` at line 1 column 17",
    "Malformed JSON, duplicate key, or an invalid query parameter (each named in `errors`)."
);
problem_response!(
    Unauthorized,
    401,
    "unauthorized",
    "Authentification requise",
    "ce point de terminaison exige un jeton Authorization: Bearer",
    "No token, or an invalid, expired or forged one. Sent with `WWW-Authenticate: Bearer`."
);
problem_response!(
    Forbidden,
    403,
    "forbidden",
    "Action non permise",
    "un jeton reader ne peut pas inscrire des coopératives au registre",
    "The token is valid but its role may not do this."
);
problem_response!(
    NotFound,
    404,
    "not-found",
    "Introuvable",
    "aucune coopérative avec cet identifiant",
    "No resource with this id (a malformed id is also a 404)."
);
problem_response!(
    Conflict,
    409,
    "conflict",
    "Conflit",
    "une autre coopérative a déjà ce neq",
    "The change conflicts with stored data (a unique key, or records that depend on this one)."
);
problem_response!(
    PreconditionFailed,
    412,
    "precondition-failed",
    "Condition préalable non remplie",
    "la ressource a changé depuis sa lecture (If-Match ne correspond pas)",
    "`If-Match` names a version that is no longer current: read again, then retry."
);
problem_response!(
    PayloadTooLarge,
    413,
    "payload-too-large",
    "Corps de requête trop volumineux",
    "le corps dépasse la limite de 1048576 octets",
    "The body is over 1 MiB."
);
problem_response!(
    UnsupportedMediaType,
    415,
    "unsupported-media-type",
    "Type de média non pris en charge",
    "Content-Type: application/json attendu (ou application/merge-patch+json pour PATCH)",
    "The body is not sent as JSON."
);
problem_response!(
    UriTooLong,
    414,
    "uri-too-long",
    "URI trop longue",
    "l'URI dépasse 64512 octets ; envoyer des paramètres de requête moins nombreux ou plus courts",
    "The path and query string are over 63 KiB (64512 bytes)."
);
problem_response!(
    NotAcceptable,
    406,
    "not-acceptable",
    "Non acceptable",
    "l'en-tête Accept n'admet aucun des types de média offerts : application/json, text/csv, application/x-ndjson",
    "`Accept` allows none of the media types the operation answers in (a list: JSON, CSV, \
     NDJSON); `detail` names them. `format` wins over `Accept`."
);
problem_response!(
    TooManyRequests,
    429,
    "too-many-requests",
    "Trop de requêtes",
    "trop de requêtes ; réessayer dans 12 s",
    "A rate limit is reached (per client on the whole API; per `client_id` and per address on \
     the token endpoint). Sent with `Retry-After` and the `RateLimit` and `RateLimit-Policy` \
     headers (draft-ietf-httpapi-ratelimit-headers)."
);
problem_response!(
    Unavailable,
    503,
    "unavailable",
    "Service indisponible",
    "la base de données est indisponible ; réessayer sous peu",
    "The database could not be reached in time. Sent with `Retry-After`."
);

/// Validation failed: every invalid field is listed in `errors`.
#[derive(ToResponse)]
#[response(
    content_type = "application/problem+json",
    example = json!({
        "type": "https://coopsante.dev/problems/validation",
        "title": "Requête invalide",
        "status": 422,
        "detail": "2 champs sont invalides",
        "errors": [
            {"field": "postal_code", "code": "format", "message": "code postal canadien attendu, par exemple H2X 1Y4"},
            {"field": "region", "code": "format", "message": "code de région administrative du Québec attendu, de \"01\" à \"17\""}
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
    "Supprimé définitivement",
    "les changements après ce curseur ont été purgés (plus anciens que la période de rétention) : prendre un nouvel instantané et suivre à partir de son Changes-Cursor",
    "What the request points at no longer exists (changes older than the feed's retention, or lost by a restore from a backup)."
);
