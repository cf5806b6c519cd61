//! Service agreements: creation, the life cycle and its history, expiry computed on read,
//! filters, and who may see which (another partner's agreement is a 404, not a 403).

mod access;
mod crud;
mod list;
mod transitions;
