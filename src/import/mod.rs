//! Bringing existing release records into a registry.

pub mod changelog;
pub mod github;
pub mod write;
