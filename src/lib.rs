//! minutes: a static site generator for meeting-note archives.
//! See ARCHITECTURE.md for the stages and the invariants between them.

pub mod config;
pub mod diag;
pub mod frontmatter;
pub mod highlight;
pub mod markdown;
pub mod model;
pub mod slug;
