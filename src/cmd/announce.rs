use std::path::Path;

use crate::announce::{AnnounceError, Reader, Request, compose, email, envelope, site_host, slack};
use crate::cli::{AnnounceArgs, AnnounceAudience, AnnounceFormat};
use crate::load::{find_root, read_site_templates};
use crate::output::print;
use crate::site::{Renderer, SiteMeta};

use super::{Outcome, judged};
use crate::judgement::HistoryNeed;

pub fn run(cwd: &Path, args: &AnnounceArgs) -> anyhow::Result<Outcome> {
    let root = find_root(cwd)?;
    let judgement = judged(&root, args.now, HistoryNeed::Optional, None)?;
    crate::names::release(&judgement.registry, &args.version)?;
    // Customers, support and marketing are told only what a registry that
    // passes `check` says.
    if judgement.has_errors() {
        eprint!(
            "{}",
            crate::report::human(&judgement.errors(), crate::report::Style::Plain)
        );
        eprintln!("error: not announced: the registry has errors (`milepost check` shows them)");
        return Ok(Outcome::Problems);
    }
    let (checked, history) = (&judgement, &judgement.history);
    let overrides =
        read_site_templates(&root).map_err(|d| anyhow::anyhow!("{}: {}", d.file, d.message))?;
    let renderer = Renderer::new(&overrides)?;
    let reader = match args.audience {
        AnnounceAudience::Customers => Reader::Customers,
        AnnounceAudience::Internal => Reader::Internal,
    };
    let now = judgement.now;
    let request = Request {
        version: &args.version,
        reader,
        now,
        draft: args.draft,
    };
    let announcement = match compose(&checked.registry, history, &renderer, &request) {
        Ok(a) => a,
        Err(err @ (AnnounceError::NotPublished(..) | AnnounceError::UnknownRelease(_))) => {
            eprintln!("error: {err}");
            return Ok(Outcome::Problems);
        }
        Err(err) => return Err(err.into()),
    };
    let meta = SiteMeta::new(&checked.registry);
    let text = match args.format {
        AnnounceFormat::Markdown => announcement.markdown.clone(),
        AnnounceFormat::Email => {
            let host = site_host(&meta.site.base_url);
            let settings = checked.registry.settings.as_ref().map(|s| &s.data);
            let envelope = envelope(settings, reader, (args.from.as_deref(), &args.to), &host)?;
            email(&announcement, &envelope, reader, now, &host)
        }
        AnnounceFormat::Slack => slack(&announcement),
    };
    print(&text)?;
    Ok(Outcome::Success)
}
