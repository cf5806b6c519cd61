//! Enrolments of co-ops in agreements, the overlap rule the database enforces, eligibility
//! on a date, who sees which enrolments, and the seeded partners.

mod crud;
mod database;
mod inputs;
mod list;
