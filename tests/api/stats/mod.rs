//! Federation statistics: the definition at its edges, series, a property test against a
//! plain in-memory computation, and what small groups hide.

mod definition;
mod privacy;
mod property;
