//! Asking the running systems what they run: the `[probe]` of environment
//! files checked once into a [`Probe`], the answers read into [`LiveResult`]s
//! (plain data that `verify`, `status --live` and `build --live` show).
//!
//! The answers are untrusted: a probe follows no redirect to another host,
//! reads at most [`MAX_ANSWER`] bytes within one deadline for the whole
//! request, and the version it reads is short text without control
//! characters, or the environment is reported as unreadable.

mod ask;
mod live;
mod read;
mod spec;

pub use ask::{Asker, MAX_ANSWER};
pub use live::{LiveResult, LiveState, Options, verify};
pub use read::{MAX_VERSION_LEN, Reader};
pub use spec::{
    DEFAULT_TIMEOUT, MAX_TIMEOUT, Probe, check, parse_timeout, probe_of, redact_secrets,
};
