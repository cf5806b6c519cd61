//! HTTP tests of the real app against a real PostgreSQL (one database per test).

mod agreements;
mod api_clients;
mod auth;
mod cooperatives;
mod directory;
mod eligibility;
mod enrollments;
mod fixtures;
mod helpers;
mod hostile;
mod idempotency;
mod keys;
mod list;
mod membership;
mod objectives;
mod openapi;
mod operations;
mod partners;
mod plans;
mod problems;
mod ratelimit;
mod references;
mod seed;
mod stats;
mod stats_privacy;
mod token;
