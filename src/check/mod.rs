//! Stage 3, check: pure judgements over the model — the site's shape
//! ([`site`]: duplicate URLs, unknown products), template syntax left in bodies
//! ([`markup`]), broken links, and stale rules
//! ([`stale::StaleReport`]) become diagnostics. Nothing here writes.

pub mod feedback;
pub mod health;
pub mod markup;
pub mod site;
pub mod stale;
pub mod topics;

use crate::diagnostics::{Diagnostic, Severity};
use crate::model::links::{BrokenCode, BrokenLink};

/// A broken link as a located diagnostic of `severity` (`links.broken` in almanac.yaml).
pub fn broken_link_diagnostic(link: &BrokenLink, severity: Severity) -> Diagnostic {
    let diagnostic = Diagnostic {
        severity,
        ..Diagnostic::error(link.broken.code.as_str(), link.broken.message.clone())
    }
    .located(&link.file, link.line, link.column)
    .with_span(link.len);
    match (&link.broken.suggestion, link.broken.code) {
        (Some(s), _) => diagnostic.with_help(format!("did you mean `{s}`?")),
        // Nothing close to suggest: say what the link may name instead.
        (None, BrokenCode::UnknownWikilink) => diagnostic.with_help(
            "a wikilink names a page by its title, its slug (the file name) or an alias, e.g. [[Install Acme Cloud]]; create the page, or name one that exists",
        ),
        (None, BrokenCode::MissingPage) => diagnostic.with_help(
            "a link to a .md file is relative to this page's folder (or to content/ when it starts with /); create the page, or fix the path",
        ),
        (None, _) => diagnostic,
    }
}
