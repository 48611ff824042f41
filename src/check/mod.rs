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
use crate::model::links::BrokenLink;

/// A broken link as a located diagnostic of `severity` (`links.broken` in almanac.yaml).
pub fn broken_link_diagnostic(link: &BrokenLink, severity: Severity) -> Diagnostic {
    let diagnostic = Diagnostic {
        severity,
        ..Diagnostic::error(link.broken.code.as_str(), link.broken.message.clone())
    }
    .located(&link.file, link.line, link.column)
    .with_span(link.len);
    match &link.broken.suggestion {
        Some(s) => diagnostic.with_help(format!("did you mean `{s}`?")),
        None => diagnostic,
    }
}
