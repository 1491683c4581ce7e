#![allow(clippy::unwrap_used, clippy::expect_used)]

//! End-to-end tests of the `milepost` binary. One test binary, a module per
//! feature, so that it links once.

mod announce;
mod board;
mod build_out;
mod check;
mod checklist;
mod concurrency;
mod edit;
mod email;
mod example;
mod first_hour;
mod gate;
mod history;
mod hostile;
mod import;
mod import_corpus;
mod import_github;
mod init;
mod metrics;
mod policy;
mod repo;
mod schema;
mod serve;
mod site;
mod site_calendar;
mod site_meta;
mod site_public;
mod status;
mod support;
mod verify;
mod walkthrough;
