//! Bearer tokens (HS256 JWTs signed by this service) and the callers they name.
//!
//! Verification is pure CPU work against keys built once at start: no database round-trip
//! per request. Handlers take a [`Caller`] (token required) and ask it for permissions.

mod caller;
pub mod revocation;
pub mod secret;
mod token;

pub use crate::domain::role::Role;
pub use caller::Caller;
pub use token::{Claims, TokenError, TokenKeys};
