//! coopsante: the API of record of the Fédération québécoise des coopératives de santé.
//!
//! Requests flow `routes` -> `domain` -> `db`, never back up.

pub mod app;
pub mod auth;
pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod idempotency;
pub mod openapi;
pub mod request_id;
pub mod routes;
pub mod seed;
