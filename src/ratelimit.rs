//! Rate limits: each client on the whole API (a runaway script must not starve the others),
//! and the token endpoint per `client_id` and per source address (against guessing secrets).
//! GCRA (`governor`), kept in memory per instance: with N instances behind a load balancer a
//! client gets up to N times the limit, unless `COOPSANTE_REDIS_URL` is set: then every
//! instance draws from one budget per client in Redis (`shared`), and falls back to its own
//! when Redis does not answer. Answers carry the IETF draft's headers
//! (draft-ietf-httpapi-ratelimit-headers: `RateLimit-Policy` and `RateLimit`); a refusal is a
//! 429 problem with `Retry-After`. A caller's address is the peer's, or behind a trusted proxy
//! the one it forwards (`COOPSANTE_TRUSTED_PROXIES`). Keys idle long enough to be full again are forgotten every
//! minute, so the state cannot grow without bound.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderMap, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, ResponseError, web};
use governor::clock::{Clock, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{NotUntil, Quota, RateLimiter};

use crate::auth::Caller;
use crate::config::{RateLimitConfig, TrustedProxies};
use crate::error::ApiError;

mod shared;
pub use shared::{Answer, Shared};

type Keyed =
    RateLimiter<String, DefaultKeyedStateStore<String>, DefaultClock, StateInformationMiddleware>;

/// One limit: a quota per minute for each key.
pub struct Limit {
    name: &'static str,
    per_minute: u32,
    /// `RateLimit-Policy`, the same on every answer.
    policy: HeaderValue,
    limiter: Keyed,
    /// The budget every instance shares, when there is one.
    shared: Option<Arc<Shared>>,
}

/// What a check says: the headers to send, and whether the request may go on.
pub struct Verdict {
    headers: Vec<(HeaderName, HeaderValue)>,
    retry_after: Option<u64>,
}

impl Verdict {
    /// Adds the rate-limit headers to a response.
    pub fn annotate(&self, headers: &mut HeaderMap) {
        for (name, value) in &self.headers {
            headers.insert(name.clone(), value.clone());
        }
    }

    /// 429 when the limit is reached.
    pub fn into_result(self) -> Result<Self, ApiError> {
        match self.retry_after {
            None => Ok(self),
            Some(seconds) => Err(ApiError::TooManyRequests {
                retry_after: seconds,
                headers: self.headers,
            }),
        }
    }
}

impl Limit {
    fn new(name: &'static str, per_minute: u32, shared: Option<Arc<Shared>>) -> Self {
        let per_minute = per_minute.max(1);
        let quota = Quota::per_minute(NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN));
        let policy = format!("\"{name}\";q={per_minute};w=60");
        Self {
            name,
            per_minute,
            policy: HeaderValue::from_str(&policy).unwrap_or_else(|_| HeaderValue::from_static("")),
            limiter: RateLimiter::keyed(quota).with_middleware::<StateInformationMiddleware>(),
            shared,
        }
    }

    /// Counts one request of `key`: against the shared budget when there is one and it
    /// answers, else against this instance's.
    pub async fn check(&self, key: &str) -> Verdict {
        if let Some(shared) = &self.shared
            && let Some(answer) = shared.check(self.name, key, self.per_minute).await
        {
            return match answer {
                Answer::Allowed { remaining, reset } => self.verdict(remaining, reset, None),
                Answer::Refused { retry_after } => self.verdict(0, retry_after, Some(retry_after)),
            };
        }
        self.check_here(key)
    }

    /// Counts one request of `key` against this instance's budget.
    pub fn check_here(&self, key: &str) -> Verdict {
        let (remaining, reset, retry_after) = match self.limiter.check_key(&key.to_owned()) {
            Ok(snapshot) => {
                let remaining = snapshot.remaining_burst_capacity();
                (remaining, self.seconds_to_full(remaining), None)
            }
            Err(not_until) => {
                let wait = wait(&not_until);
                (0, wait, Some(wait.max(1)))
            }
        };
        self.verdict(remaining, reset, retry_after)
    }

    fn verdict(&self, remaining: u32, reset: u64, retry_after: Option<u64>) -> Verdict {
        let state = format!("\"{}\";r={remaining};t={reset}", self.name);
        let state = HeaderValue::from_str(&state).unwrap_or_else(|_| HeaderValue::from_static(""));
        Verdict {
            headers: vec![
                (
                    HeaderName::from_static("ratelimit-policy"),
                    self.policy.clone(),
                ),
                (HeaderName::from_static("ratelimit"), state),
            ],
            retry_after,
        }
    }

    /// Roughly when the quota is whole again.
    fn seconds_to_full(&self, remaining: u32) -> u64 {
        let used = u64::from(self.per_minute.saturating_sub(remaining));
        (used * 60).div_ceil(u64::from(self.per_minute))
    }

    fn prune(&self) {
        self.limiter.retain_recent();
        self.limiter.shrink_to_fit();
    }
}

fn wait(not_until: &NotUntil<<DefaultClock as Clock>::Instant>) -> u64 {
    let wait: Duration = not_until.wait_time_from(DefaultClock::default().now());
    wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
}

/// Every limit of an instance.
pub struct RateLimits {
    /// Each client on the whole API.
    pub api: Limit,
    /// The token endpoint, per source address.
    pub token_address: Limit,
    /// The token endpoint, per `client_id`.
    pub token_client: Limit,
}

impl RateLimits {
    /// Each instance's own budgets.
    pub fn new(config: RateLimitConfig) -> Self {
        Self::sharing(config, None)
    }

    /// Budgets shared through `shared` (Redis), each instance's own as the fallback.
    pub fn sharing(config: RateLimitConfig, shared: Option<Shared>) -> Self {
        let shared = shared.map(Arc::new);
        Self {
            api: Limit::new("api", config.per_client, shared.clone()),
            token_address: Limit::new("token-address", config.token_requests, shared.clone()),
            token_client: Limit::new("token-client", config.token_requests, shared),
        }
    }

    /// Forgets keys whose quota is whole again; run every minute.
    pub fn prune(&self) {
        self.api.prune();
        self.token_address.prune();
        self.token_client.prune();
    }
}

/// Who a request counts against: the verified subject of its token, else its address (an
/// invalid token is refused later, but still counts against the address that sent it).
fn api_key(req: &ServiceRequest) -> String {
    match Caller::of(req.request()) {
        Ok(caller) => format!("sub:{}", caller.subject()),
        Err(_) => format!("addr:{}", address(req)),
    }
}

fn address(req: &ServiceRequest) -> String {
    client_address(req).map_or_else(|| "unknown".to_owned(), |ip| ip.to_string())
}

/// The client's address, as the rate limits and the access log count it: the peer's, or
/// what a trusted proxy says it is (`X-Forwarded-For`, see [`TrustedProxies::client`]).
pub fn client_address(req: &ServiceRequest) -> Option<IpAddr> {
    let peer = req.peer_addr()?.ip();
    let Some(proxies) = req.app_data::<web::Data<TrustedProxies>>() else {
        return Some(peer);
    };
    let forwarded = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok());
    Some(proxies.client(peer, forwarded))
}

pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let Some(limits) = req.app_data::<web::Data<RateLimits>>().cloned() else {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    };
    let path = req.path();
    let verdict = if path == "/v1/auth/token" {
        limits.token_address.check(&address(&req)).await
    } else if path.starts_with("/v1/") {
        limits.api.check(&api_key(&req)).await
    } else {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    };
    let verdict = match verdict.into_result() {
        Ok(verdict) => verdict,
        Err(refusal) => {
            let response = refusal.error_response();
            return Ok(req.into_response(response).map_into_boxed_body());
        }
    };
    let mut response = next.call(req).await?.map_into_boxed_body();
    verdict.annotate(response.headers_mut());
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_key_has_its_own_quota() {
        let limit = Limit::new("token-client", 2, None);
        assert!(limit.check_here("a").retry_after.is_none());
        assert!(limit.check_here("a").retry_after.is_none());
        let refused = limit.check_here("a");
        assert!(
            matches!(refused.retry_after, Some(1..=60)),
            "{:?}",
            refused.retry_after
        );
        assert!(
            limit.check_here("b").retry_after.is_none(),
            "another key is not held back"
        );
    }

    #[test]
    fn keys_whose_quota_is_whole_are_forgotten() {
        let limit = Limit::new("api", 1_000_000, None);
        for key in 0..100 {
            limit.check_here(&key.to_string());
        }
        assert_eq!(limit.limiter.len(), 100);
        // At a million a minute, a quota is whole again within microseconds.
        std::thread::sleep(Duration::from_millis(20));
        limit.prune();
        assert_eq!(limit.limiter.len(), 0);
    }
}
