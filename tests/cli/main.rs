#![allow(clippy::unwrap_used, clippy::expect_used)]

//! End-to-end tests of the `milepost` binary. One test binary, a module per
//! feature, so that it links once.

mod action;
mod announce;
mod board;
mod build_out;
mod check;
mod checklist;
mod ci_report;
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
mod incremental;
mod init;
mod metrics;
mod policy;
mod repo;
mod review;
mod schema;
mod serve;
mod shell;
mod site;
mod site_calendar;
mod site_meta;
mod site_public;
mod status;
mod support;
mod verified;
mod verify;
mod walkthrough;
