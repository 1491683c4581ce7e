//! `milepost new VERSION`: a release folder ready to be filled in.

use std::path::Path;

use super::{EditError, create_folder_atomically};
use crate::model::Registry;

pub struct NewRelease<'a> {
    pub version: &'a str,
    pub title: Option<&'a str>,
    /// A person id; `None`: the person whose e-mail is the Git user's.
    pub owner: Option<&'a str>,
    /// The Git user's e-mail, to find the owner by.
    pub git_email: Option<String>,
}

/// Creates `releases/VERSION/` with release.toml (draft), notes.md and a
/// deploy.md with the policy's sections. Returns the files written.
pub fn new_release(
    root: &Path,
    registry: &Registry,
    request: &NewRelease<'_>,
) -> Result<Vec<String>, EditError> {
    let version = request.version;
    if semver::Version::parse(version).is_err() {
        return Err(EditError::Refused(format!(
            "`{version}` is not a semantic version (MAJOR.MINOR.PATCH, such as 2.4.1)"
        )));
    }
    let dir = root.join("releases").join(version);
    if dir.exists() {
        return Err(EditError::Refused(format!(
            "releases/{version} already exists"
        )));
    }
    let owner = resolve_owner(registry, request.owner, request.git_email.as_deref())?;
    let title = request
        .title
        .map_or_else(|| format!("Release {version}"), str::to_string);
    let schema = schema_line(registry, "release.schema.json");
    let release = format!(
        "{schema}version = \"{version}\"\n\
         title = {title}\n\
         status = \"draft\"               # draft | ready | approved | withdrawn\n\
         owner = \"{owner}\"\n\
         customer_facing = true         # then notes.md is what customers read\n\
         \n\
         # One entry per change:\n\
         # [[changes]]\n\
         # kind = \"added\"                 # added | changed | deprecated | removed | fixed | security\n\
         # summary = \"Export to Parquet\"\n\
         # audience = \"public\"            # public | internal\n\
         # tickets = [\"ACME-123\"]\n",
        title = toml_edit::Value::from(title.as_str()),
    );
    let notes = format!("Write here what customers should know about {version}.\n");
    let mut deploy = format!("# Deploying {version}\n");
    for section in &registry.policy().deploy_doc_sections {
        deploy.push_str(&format!("\n## {section}\n"));
    }
    create_folder_atomically(
        &dir,
        &[
            ("release.toml", release),
            ("notes.md", notes),
            ("deploy.md", deploy),
        ],
    )?;
    Ok(["release.toml", "notes.md", "deploy.md"]
        .iter()
        .map(|f| format!("releases/{version}/{f}"))
        .collect())
}

/// The owner named, or the person whose e-mail is the Git user's.
pub fn resolve_owner(
    registry: &Registry,
    owner: Option<&str>,
    git_email: Option<&str>,
) -> Result<String, EditError> {
    if let Some(owner) = owner {
        return if registry.has_person(owner) {
            Ok(owner.to_string())
        } else {
            Err(EditError::Refused(format!(
                "`{owner}` is not a person in teams.toml"
            )))
        };
    }
    let people = registry.teams.as_ref().map(|t| &t.data.people);
    let by_email = git_email.and_then(|email| {
        people?.iter().find(|(_, p)| {
            p.email
                .as_deref()
                .is_some_and(|e| e.eq_ignore_ascii_case(email))
        })
    });
    match by_email {
        Some((id, _)) => Ok(id.clone()),
        None => {
            let known: Vec<String> = people
                .map(|p| p.keys().map(|id| format!("`{id}`")).collect())
                .unwrap_or_default();
            let known = if known.is_empty() {
                "teams.toml names no people yet".to_string()
            } else {
                format!("the people are {}", known.join(", "))
            };
            let yourself = match git_email {
                Some(e) => {
                    format!("or add yourself under [people] in teams.toml with email = \"{e}\"")
                }
                None => {
                    "or set your Git e-mail (git config user.email) to your email in teams.toml"
                        .to_string()
                }
            };
            Err(EditError::Refused(format!(
                "who owns it? name the owner with --owner PERSON ({known}), {yourself}"
            )))
        }
    }
}

/// The `#:schema` line for a new file, pointing where milepost.toml's points.
pub fn schema_line(registry: &Registry, schema: &str) -> String {
    let Some(settings) = &registry.settings else {
        return String::new();
    };
    let first = settings.source.text.lines().next().unwrap_or_default();
    let Some(path) = first.strip_prefix("#:schema ") else {
        return String::new();
    };
    let Some(dir) = path.trim().strip_suffix("milepost.schema.json") else {
        return String::new();
    };
    if dir.contains("://") {
        format!("#:schema {dir}{schema}\n")
    } else {
        // release.toml sits two folders below milepost.toml.
        format!("#:schema ../../{dir}{schema}\n")
    }
}
