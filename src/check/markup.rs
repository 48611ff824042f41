//! What page bodies hold that almanac does not process: template syntax of the
//! generators real trees come from (Liquid's `{% … %}` and `{{ … }}`, Hugo's
//! `{{< … >}}` and `{{% … %}}`). It would show as text, so each page that has
//! some gets one warning at the first tag; a warning never fails the build.

use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::model::{Site, Unprocessed};

/// One `unprocessed-template` warning per page or folder intro that needs one.
pub fn diagnostics(site: &Site) -> Vec<Diagnostic> {
    let pages = site.pages.iter().map(|p| (&p.file, &p.unprocessed));
    let intros = site.sections.iter().map(|s| (&s.file, &s.unprocessed));
    pages
        .chain(intros)
        .filter_map(|(file, found)| Some(unprocessed_template(file, found.as_ref()?)))
        .collect()
}

fn unprocessed_template(file: &Path, found: &Unprocessed) -> Diagnostic {
    Diagnostic::warning(
        "unprocessed-template",
        format!(
            "`{}` is {}, which almanac does not run: the page shows it as text",
            found.snippet,
            kind(&found.snippet)
        ),
    )
    .located(file, found.line, found.column)
    .with_span(found.len)
    .with_help(
        "this page still needs converting to Markdown: replace each template tag with what it \
         stands for (a link, an image, a note), or put it in `code` if it is an example; only \
         the first tag of the page is shown",
    )
}

fn kind(tag: &str) -> &'static str {
    if tag.starts_with("{{<") || tag.starts_with("{{%") {
        "a Hugo shortcode"
    } else if tag.starts_with("{%") {
        "a Liquid tag"
    } else {
        "a template expression (Liquid or Hugo)"
    }
}
