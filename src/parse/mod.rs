//! Text → data. TOML files become JSON values (what the schemas judge) with a
//! map from each value's JSON pointer back to where it was written.

mod spans;
mod toml_json;

pub use spans::{SpanMap, pointer_child};
pub use toml_json::{ParsedToml, parse_toml};
