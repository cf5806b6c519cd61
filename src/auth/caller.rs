//! The authenticated caller of a request, and what each role may do.

use crate::i18n::{Message, msg};
use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};

use super::revocation::Revoked;
use super::{Claims, TokenKeys};
use crate::domain::api_client::Binding;
use crate::domain::ids::{ApiClientId, CooperativeId};
use crate::domain::role::Role;
use crate::error::ApiError;

/// Who is calling. Extracting it requires a valid bearer token (401 otherwise).
#[derive(Debug, Clone)]
pub struct Caller {
    claims: Claims,
    /// The role with what it is bound to, checked once when the token is verified.
    binding: Binding,
}

impl Caller {
    pub fn role(&self) -> Role {
        self.claims.role
    }

    /// The role with the co-op or partner it is bound to.
    pub fn binding(&self) -> Binding {
        self.binding
    }

    /// Whom the token was issued to (an API client's id, or the subject of a development
    /// token).
    pub fn subject(&self) -> &str {
        &self.claims.sub
    }

    pub fn is_admin(&self) -> bool {
        self.claims.role == Role::Admin
    }

    /// Fails with 403 unless the caller has one of `roles`.
    pub fn require(&self, roles: &[Role], action: Message) -> Result<(), ApiError> {
        if roles.contains(&self.claims.role) {
            Ok(())
        } else {
            Err(ApiError::Forbidden(msg!(
                "forbidden-role",
                role = self.role_name(),
                action = action
            )))
        }
    }

    /// True when the caller manages this co-op.
    pub fn manages(&self, cooperative: CooperativeId) -> bool {
        self.binding == Binding::CoopManager(cooperative)
    }

    pub fn role_name(&self) -> &'static str {
        self.claims.role.as_str()
    }
}

fn authenticate(req: &HttpRequest) -> Result<Caller, ApiError> {
    let keys = req
        .app_data::<web::Data<TokenKeys>>()
        .ok_or_else(|| ApiError::internal("token keys are not configured"))?;
    let value = req
        .headers()
        .get(header::AUTHORIZATION)
        .ok_or_else(|| ApiError::Unauthorized(msg!("token-missing")))?;
    let token = value
        .to_str()
        .ok()
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| ApiError::Unauthorized(msg!("token-not-bearer")))?;
    let claims = keys.verify(token).map_err(ApiError::Unauthorized)?;
    // A token of an API client dies with the client's revocation, before it expires.
    if let (Ok(client), Some(revoked)) = (
        claims.sub.parse::<ApiClientId>(),
        req.app_data::<web::Data<Revoked>>(),
    ) && revoked.contains(client)
    {
        return Err(ApiError::Unauthorized(msg!("token-client-revoked")));
    }
    let binding = claims.binding().map_err(ApiError::Unauthorized)?;
    Ok(Caller { claims, binding })
}

impl Caller {
    /// The caller of a request, verified once: the middlewares that key on it (rate limits,
    /// idempotency) and the handler share the result kept in the request's extensions.
    pub fn of(req: &HttpRequest) -> Result<Caller, ApiError> {
        if let Some(caller) = req.extensions().get::<Caller>() {
            return Ok(caller.clone());
        }
        let caller = authenticate(req)?;
        req.extensions_mut().insert(caller.clone());
        Ok(caller)
    }
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Caller::of(req))
    }
}

impl Caller {
    /// The caller as the author of a write, for the audit trail and the change feed.
    pub fn actor(&self) -> crate::db::Actor {
        crate::db::Actor {
            id: self.claims.sub.clone(),
            role: self.role_name().to_owned(),
            request_id: crate::request_id::current(),
        }
    }
}
