//! The roles a caller can have: carried by tokens, stored with API clients.

use super::text_enum;

text_enum! {
    /// The four roles a token can carry.
    #[derive(clap::ValueEnum)]
    #[value(rename_all = "snake_case")]
    pub enum Role {
        /// Federation staff: everything.
        Admin = "admin",
        /// Read-only access to everything but partner-private data.
        Reader = "reader",
        /// Manager of one member co-op: reads, and edits its own co-op.
        CoopManager = "coop_manager",
        /// A partner's system: the directory and its own agreements.
        Partner = "partner",
    }
}
