//! The addresses of a site and how each is rendered, in one table per
//! site: `build` renders every route, `serve` looks one address up in the
//! same table, so the two cannot drift apart.

use rayon::prelude::*;

use super::Page;
use super::render::TemplateError;

/// Some pages of a site, all rendered together.
pub type All<C> = fn(&C) -> Result<Vec<Page>, TemplateError>;
/// The page for one key (the `{}` of the pattern), if there is one.
pub type One<C> = fn(&C, &str) -> Result<Option<Page>, TemplateError>;

/// Addresses, with `{}` for a part that names a release, environment or
/// incident, `*` for any one folder or file name, and how their pages are
/// rendered.
pub struct Route<C> {
    pub patterns: &'static [&'static str],
    pub all: All<C>,
    /// Renders the page of one key alone; without it, the route's pages
    /// are rendered and the one asked for is picked.
    pub one: Option<One<C>>,
}

/// Every page of the routes, rendered in parallel.
pub fn render_all<C: Sync>(routes: &[Route<C>], ctx: &C) -> Result<Vec<Page>, TemplateError> {
    let parts: Vec<Vec<Page>> = routes
        .par_iter()
        .map(|route| (route.all)(ctx))
        .collect::<Result<_, _>>()?;
    Ok(parts.into_iter().flatten().collect())
}

/// The page at `path`, rendered as the route it matches renders it;
/// `None` if no route has it.
pub fn render_one<C>(
    routes: &[Route<C>],
    ctx: &C,
    path: &str,
) -> Result<Option<Page>, TemplateError> {
    for route in routes {
        let Some(key) = route.patterns.iter().find_map(|p| matches(p, path)) else {
            continue;
        };
        return match (route.one, key) {
            (Some(one), Some(key)) => one(ctx, key),
            _ => Ok((route.all)(ctx)?.into_iter().find(|p| p.path == path)),
        };
    }
    Ok(None)
}

/// Whether `path` fits `pattern`: `Some(None)` for a fixed address or one
/// of `*`s (any one folder or file name each), `Some(Some(key))` for the key
/// in place of `{}` (one folder name; with more than one `{}`, their folder
/// names joined with `/`).
fn matches<'p>(pattern: &str, path: &'p str) -> Option<Option<&'p str>> {
    if !pattern.contains("{}") && !pattern.contains('*') {
        return (pattern == path).then_some(None);
    }
    let (mut first, mut last) = (None, 0);
    let mut offset = 0;
    let mut parts = path.split('/');
    for want in pattern.split('/') {
        let part = parts.next()?;
        if want == "{}" {
            if part.is_empty() {
                return None;
            }
            first.get_or_insert(offset);
            last = offset + part.len();
        } else if want == "*" {
            if part.is_empty() {
                return None;
            }
        } else if want != part {
            return None;
        }
        offset += part.len() + 1;
    }
    if parts.next().is_some() {
        return None;
    }
    Some(first.map(|start| &path[start..last]))
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn patterns_match_one_folder_name() {
        assert_eq!(matches("index.html", "index.html"), Some(None));
        assert_eq!(matches("index.html", "x/index.html"), None);
        assert_eq!(
            matches("releases/{}/index.html", "releases/1.2.3/index.html"),
            Some(Some("1.2.3"))
        );
        assert_eq!(
            matches("releases/{}/index.html", "releases/a/b/index.html"),
            None
        );
        assert_eq!(
            matches("releases/{}/index.html", "releases//index.html"),
            None
        );
        assert_eq!(
            matches(
                "environments/{}/{}/index.html",
                "environments/prod/2025-03/index.html"
            ),
            Some(Some("prod/2025-03"))
        );
        assert_eq!(
            matches(
                "environments/{}/{}/index.html",
                "environments/prod/index.html"
            ),
            None
        );
        assert_eq!(
            matches(
                "environments/{}/{}/index.html",
                "environments/prod//index.html"
            ),
            None
        );
        assert_eq!(matches("releases/*/*", "releases/1.2.3/a.png"), Some(None));
        assert_eq!(matches("releases/*/*", "releases/1.2.3"), None);
        assert_eq!(matches("releases/*/*", "releases//a.png"), None);
        assert_eq!(matches("releases/*/*", "releases/1/a/b.png"), None);
        assert_eq!(matches("releases/*/*", "other/1/a.png"), None);
    }
}
