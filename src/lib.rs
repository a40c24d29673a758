//! minutes: a static site generator for meeting-note archives.
//! See ARCHITECTURE.md for the stages and the invariants between them.

pub mod archive;
pub mod build;
pub mod config;
pub mod diag;
pub mod dialect;
pub mod engine;
pub mod frame;
pub mod frontmatter;
pub mod graph;
pub mod highlight;
pub mod infer;
pub mod init;
pub mod links;
pub mod load;
pub mod markdown;
pub mod model;
pub mod refs;
pub mod render;
pub mod repair;
pub mod sanitize;
pub mod search;
pub mod serve;
pub mod site;
pub mod slug;
pub mod theme;
pub mod views;
pub mod write;
