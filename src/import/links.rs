//! Old URLs and links. Takes each imported file's source path, front matter and
//! new place under `content/`; gives the URL its old generator served it at, a
//! table from old URLs (and source paths) to new places, and page bodies whose
//! links to moved pages point at the new files.
//!
//! Old URLs are worked out the way static-site generators do it: the path without
//! its extension, `index`/`_index`/`README` standing for their folder, a `slug:`
//! replacing the last segment, a `url:`/`permalink:` replacing the whole path.
//! Links match old URLs without regard to case, a trailing slash, `.html` or
//! `index.html`, so `/docs/v2/install.html` and `/docs/v2/install/` both match.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};
use serde_json::{Map, Value};

use super::plan::SourcePath;
use crate::load::scan::markdown_options;

/// The URL path (without any mount prefix) a generator serves `path` at,
/// always with a leading and trailing `/`.
pub fn old_url(path: &SourcePath, fields: &Map<String, Value>) -> String {
    for key in ["url", "permalink"] {
        // A permalink pattern (`/:year/:title/`) is not one URL.
        if let Some(url) = fields.get(key).and_then(Value::as_str) {
            if url.starts_with('/') && !url.contains(':') {
                return directory_form(url);
            }
        }
    }
    let mut segments = path.folders.clone();
    if path.index_rank().is_none() {
        let slug = fields.get("slug").and_then(Value::as_str).map(str::trim);
        match slug {
            // Docusaurus: a slug starting with `/` is the whole path.
            Some(slug) if slug.starts_with('/') => return directory_form(slug),
            Some(slug) if !slug.is_empty() => segments.push(slug.to_string()),
            _ => segments.push(path.stem.clone()),
        }
    }
    directory_form(&segments.join("/"))
}

/// `/a/b/` for `a/b`, `/a/b.html` or `/a/b/index.html`; `/` for nothing.
pub fn directory_form(url: &str) -> String {
    let key = normalise(url);
    if key.is_empty() {
        "/".to_string()
    } else {
        format!("/{key}/")
    }
}

/// The form old URLs are compared in: no leading or trailing `/`, no `.html`
/// or `index.html`, `.` and `..` resolved; case is kept (see [`key`]).
fn normalise(url: &str) -> String {
    let mut segments = segments_of(url);
    if let Some(last) = segments.last_mut() {
        let lower = last.to_ascii_lowercase();
        if lower == "index.html" || lower == "index.htm" {
            segments.pop();
        } else if let Some(stem) = [".html", ".htm"].iter().find_map(|ext| {
            lower
                .ends_with(ext)
                .then(|| &last[..last.len() - ext.len()])
        }) {
            *last = stem;
        }
    }
    segments.join("/")
}

/// Lookup key: normalised and lowercased (Hugo, for one, lowercases every URL).
fn key(url: &str) -> String {
    normalise(url).to_lowercase()
}

/// Where old URLs and source paths lead: index into the caller's list of new paths.
#[derive(Debug, Default)]
pub struct Table {
    by_url: HashMap<String, usize>,
    by_file: HashMap<String, usize>,
}

impl Table {
    /// Adds an old URL (without mount) of target `id`; the first claim wins.
    pub fn add_url(&mut self, url: &str, id: usize) {
        self.by_url.entry(key(url)).or_insert(id);
    }

    /// Adds a source path (relative to the imported folder) of target `id`.
    pub fn add_file(&mut self, path: &str, id: usize) {
        self.by_file.entry(path.to_string()).or_insert(id);
        self.by_file.entry(path.to_lowercase()).or_insert(id);
    }

    fn url(&self, url: &str) -> Option<usize> {
        self.by_url.get(&key(url)).copied()
    }

    fn file(&self, path: &str) -> Option<usize> {
        let path = normalise_file(path);
        self.by_file
            .get(&path)
            .or_else(|| self.by_file.get(&path.to_lowercase()))
            .copied()
    }
}

/// A source path with `.` and `..` resolved and no empty segments.
fn normalise_file(path: &str) -> String {
    segments_of(path).join("/")
}

/// The `/`-separated segments of `path`, with `.` and `..` resolved lexically.
fn segments_of(path: &str) -> Vec<&str> {
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    segments
}

/// A link destination as written in a body, with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spot {
    /// Byte range of the destination text in the body.
    pub range: Range<usize>,
    pub dest: String,
}

/// The destinations of inline links, images and reference definitions in `body`
/// whose text can be found as written (a destination with escapes is left alone).
pub fn spots(body: &str) -> Vec<Spot> {
    let parser = Parser::new_ext(body, markdown_options());
    let mut spots: Vec<Spot> = parser
        .reference_definitions()
        .iter()
        .filter_map(|(_, def)| locate(body, def.span.clone(), &def.dest, "]:"))
        .collect();
    for (event, range) in parser.into_offset_iter() {
        if let Event::Start(
            Tag::Link {
                link_type: LinkType::Inline,
                dest_url,
                ..
            }
            | Tag::Image {
                link_type: LinkType::Inline,
                dest_url,
                ..
            },
        ) = event
        {
            spots.extend(locate(body, range, &dest_url, "]("));
        }
    }
    spots.sort_by_key(|s| s.range.start);
    spots.dedup_by_key(|s| s.range.start);
    spots
}

/// Finds `dest` right after one of the `opener`s (`](` or `]:`) in `body[range]`,
/// trying the last opener first: link text may contain brackets, a title may
/// repeat the destination, but the destination always follows the last opener
/// that it follows at all.
fn locate(body: &str, range: Range<usize>, dest: &str, opener: &str) -> Option<Spot> {
    if dest.is_empty() {
        return None;
    }
    let source = body.get(range.clone())?;
    let mut search_end = source.len();
    while let Some(at) = source[..search_end].rfind(opener) {
        let after = at + opener.len();
        let rest = &source[after..];
        let skipped = rest.len() - rest.trim_start().len();
        let mut start = after + skipped;
        if source[start..].starts_with('<') {
            start += 1;
        }
        if source[start..].starts_with(dest) {
            let begin = range.start + start;
            return Some(Spot {
                range: begin..begin + dest.len(),
                dest: dest.to_string(),
            });
        }
        search_end = at;
    }
    None
}

/// A link that is not external, not only an anchor, and not a template expression.
fn is_internal(dest: &str) -> bool {
    let scheme = dest.find(':').is_some_and(|i| {
        dest[..i]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
            && i > 0
    });
    !(dest.is_empty()
        || dest.starts_with('#')
        || dest.starts_with("//")
        || dest.contains("{{")
        || scheme)
}

/// `(path, "?query#fragment")`.
fn split_suffix(dest: &str) -> (&str, &str) {
    let at = dest.find(['?', '#']).unwrap_or(dest.len());
    dest.split_at(at)
}

/// The mount prefix of the old site (`/blog` when pages under `release/` were
/// linked as `/blog/release/…`): of `""` and the first one or two segments of
/// each root-relative link, the prefix under which most links find a page.
pub fn infer_mount<'a>(dests: impl IntoIterator<Item = &'a str>, table: &Table) -> String {
    let paths: Vec<&str> = dests
        .into_iter()
        .filter(|d| d.starts_with('/') && is_internal(d))
        .map(|d| split_suffix(d).0)
        .collect();
    let mut candidates: Vec<String> = vec![String::new()];
    for path in &paths {
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        for n in 1..=segments.len().saturating_sub(1).min(2) {
            let prefix = format!("/{}", segments[..n].join("/"));
            if !candidates.contains(&prefix) {
                candidates.push(prefix);
            }
        }
    }
    let score = |prefix: &str| {
        paths
            .iter()
            .filter(|p| under_mount(p, prefix).is_some_and(|rest| table.url(rest).is_some()))
            .count()
    };
    let mut best = (0, String::new());
    for candidate in candidates {
        let s = score(&candidate);
        // Strictly more: ties keep the shorter prefix found first (`""`).
        if s > best.0 {
            best = (s, candidate);
        }
    }
    best.1
}

/// The rest of `path` under `mount`, if it is under it.
fn under_mount<'p>(path: &'p str, mount: &str) -> Option<&'p str> {
    if mount.is_empty() {
        return Some(path);
    }
    let rest = path.strip_prefix(mount)?;
    (rest.is_empty() || rest.starts_with('/')).then_some(rest)
}

/// What a page needs to have its links rewritten.
pub struct Page<'a> {
    /// Source path relative to the imported folder.
    pub source: &'a str,
    /// The page's old URL, without mount.
    pub old_url: &'a str,
    /// The page's new path relative to `content/`.
    pub new_path: &'a str,
}

/// The outcome of rewriting one body.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Rewritten {
    pub body: String,
    /// How many destinations changed.
    pub rewritten: usize,
    /// Internal links that lead to nothing imported: (line offset in body, destination).
    pub unresolved: Vec<(usize, String)>,
}

/// Rewrites the links of `body` that lead to imported files. `new_paths[id]` is the
/// new path (relative to `content/`) of target `id` of `table`.
pub fn rewrite(
    body: &str,
    page: &Page<'_>,
    table: &Table,
    new_paths: &[String],
    mount: &str,
) -> Rewritten {
    let mut out = Rewritten::default();
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    for spot in spots(body) {
        if !is_internal(&spot.dest) {
            continue;
        }
        let (path, suffix) = split_suffix(&spot.dest);
        let replacement = if path.starts_with('/') {
            under_mount(path, mount)
                .and_then(|rest| table.url(rest).or_else(|| table.file(rest)))
                .map(|id| format!("/{}{suffix}", new_paths[id]))
        } else {
            let folder = page.source.rsplit_once('/').map_or("", |(f, _)| f);
            table
                .file(&format!("{folder}/{path}"))
                .or_else(|| table.url(&format!("{}{path}", page.old_url)))
                // Hugo's link render hook looks a page path up from the site root
                // when it is not found beside the page.
                .or_else(|| table.url(path))
                .map(|id| format!("{}{suffix}", relative_path(page.new_path, &new_paths[id])))
        };
        match replacement {
            Some(new) if new != spot.dest => edits.push((spot.range, new)),
            Some(_) => {}
            None => {
                let line = body[..spot.range.start].matches('\n').count();
                out.unresolved.push((line, spot.dest.clone()));
            }
        }
    }
    out.rewritten = edits.len();
    let mut text = body.to_string();
    for (range, new) in edits.into_iter().rev() {
        text.replace_range(range, &new);
    }
    out.body = text;
    out
}

/// The path from the file `from` to the file `to`, both relative to one root.
pub fn relative_path(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = from
        .split('/')
        .collect::<Vec<_>>()
        .split_last()
        .map_or(Vec::new(), |(_, d)| d.to_vec());
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<&str> = vec![".."; from_dir.len() - common];
    parts.extend(&to_parts[common..]);
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(p: &str) -> SourcePath {
        SourcePath::new(p)
    }

    #[test]
    fn old_urls_follow_the_generators() {
        let none = Map::new();
        let with = |k: &str, v: &str| {
            let mut m = Map::new();
            m.insert(k.to_string(), Value::String(v.to_string()));
            m
        };
        assert_eq!(
            old_url(&path("functions/lang/translate.md"), &none),
            "/functions/lang/translate/"
        );
        assert_eq!(old_url(&path("functions/_index.md"), &none), "/functions/");
        assert_eq!(old_url(&path("docs/README.md"), &none), "/docs/");
        assert_eq!(old_url(&path("index.md"), &none), "/");
        assert_eq!(old_url(&path("a/b.md"), &with("slug", "c")), "/a/c/");
        assert_eq!(old_url(&path("a/b.md"), &with("slug", "/x/y")), "/x/y/");
        assert_eq!(old_url(&path("a/b.md"), &with("url", "/z/")), "/z/");
        assert_eq!(
            old_url(&path("a/b.md"), &with("permalink", "/:title/")),
            "/a/b/"
        );
    }

    #[test]
    fn url_forms_match_one_key() {
        for form in [
            "/docs/v2/install/",
            "/docs/v2/install",
            "/docs/v2/install.html",
            "/Docs/v2/Install/index.html",
            "docs/./v2/x/../install",
        ] {
            assert_eq!(key(form), "docs/v2/install", "{form}");
        }
    }

    #[test]
    fn relative_paths_between_files() {
        assert_eq!(relative_path("guides/a/b.md", "guides/a/c.md"), "c.md");
        assert_eq!(
            relative_path("guides/a/b.md", "guides/x/_index.md"),
            "../x/_index.md"
        );
        assert_eq!(
            relative_path("releases/v1.md", "guides/a/b.md"),
            "../guides/a/b.md"
        );
    }

    #[test]
    fn wikilink_lookalikes_are_escaped() {
        let body = "[[menus.main]]\nweight = 1\n\nSee [[Install]] and `[[code]]`.\n";
        let (text, escaped) = escape_wikilinks(body);
        assert_eq!(
            text,
            "\\[[menus.main]]\nweight = 1\n\nSee \\[[Install]] and `[[code]]`.\n"
        );
        assert_eq!(
            escaped,
            [
                (0, "[[menus.main]]".to_string()),
                (3, "[[Install]]".to_string())
            ]
        );
        let scanned = crate::load::scan::scan(&text, 1);
        assert!(scanned.links.is_empty(), "{:?}", scanned.links);
    }

    #[test]
    fn escaping_one_wikilink_that_makes_another_escapes_that_too() {
        // Found by fuzzing: escaping `[[x]]` once left `[[\[[x]]`, itself a wikilink.
        let (text, escaped) = escape_wikilinks("[[[[x]]\n");
        assert_eq!(text, "\\[\\[\\[[x]]\n"); // every `[[` the parser read as text, overlapping
        assert_eq!(escaped, [(0, "[[x]]".to_string())]);
        let scanned = crate::load::scan::scan(&text, 1);
        assert!(scanned.links.is_empty(), "{text:?}: {:?}", scanned.links);
        // In one pass, also for many levels (one pass per level took 14 s at 2,000).
        let deep = format!("{}x{}", "[[".repeat(20_000), "]]".repeat(20_000));
        let (text, _) = escape_wikilinks(&deep);
        assert!(crate::load::scan::scan(&text, 1).links.is_empty());
        assert_eq!(escape_wikilinks("\\[[x]] `[[y]]`").0, "\\[[x]] `[[y]]`");
    }

    #[test]
    fn spots_find_inline_and_reference_destinations() {
        let body = "See [a [b]](/x/ \"/x/\") and ![i](img.png).\n\n[ref]: </y/z.html#h> 'T'\n\nUse [r][ref].\n";
        let found: Vec<_> = spots(body)
            .into_iter()
            .map(|s| (body[s.range.clone()].to_string(), s.dest))
            .collect();
        assert_eq!(
            found,
            [
                ("/x/".to_string(), "/x/".to_string()),
                ("img.png".to_string(), "img.png".to_string()),
                ("/y/z.html#h".to_string(), "/y/z.html#h".to_string())
            ]
        );
    }
}

/// `[[x]]` written as text that almanac would read as a wikilink. The generators
/// imported from have no wikilinks, so this is text there (often a TOML table
/// such as `[[menus.main]]` shown in a shortcode) and gets a backslash
/// (`\[[menus.main]]`) to stay text, even when it happens to name a page.
/// Gives the body and the (line offset, text) of each escaped one.
///
/// Escaping only the wikilinks the parser sees is not enough: in `[[[[x]]` it sees
/// the inner one, and escaping it makes the outer `[[` one. So every `[[` the
/// parser reads as text is escaped too, in the same single pass (one pass per
/// nesting level would be quadratic in a body of many `[[`).
pub fn escape_wikilinks(body: &str) -> (String, Vec<(usize, String)>) {
    let mut at: Vec<usize> = Vec::new();
    let mut reported: Vec<(usize, String)> = Vec::new();
    // Where the parser read text (a `[[` may be cut into several text events).
    let mut text_ranges: Vec<Range<usize>> = Vec::new();
    let mut in_code_block = false;
    for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { .. },
                ..
            }) if body[range.clone()].starts_with("[[") => {
                let source = body[range.clone()].lines().next().unwrap_or("");
                reported.push((
                    body[..range.start].matches('\n').count(),
                    source.to_string(),
                ));
                at.push(range.start);
            }
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Text(_) if !in_code_block => text_ranges.push(range),
            _ => {}
        }
    }
    text_ranges.sort_by_key(|r| r.start);
    let in_text = |i: usize| {
        let after = text_ranges.partition_point(|r| r.start <= i);
        after > 0 && text_ranges[after - 1].contains(&i)
    };
    // Overlapping: in `[[[x]]` the `[[` at 1 matters as much as the one at 0.
    let bytes = body.as_bytes();
    let openers = (1..bytes.len()).filter(|&i| bytes[i - 1] == b'[' && bytes[i] == b'[');
    at.extend(openers.map(|i| i - 1).filter(|&i| in_text(i)));
    // An opener already escaped (`\[[`) stays as it is.
    let escaped_already =
        |i: usize| body[..i].bytes().rev().take_while(|&b| b == b'\\').count() % 2 == 1;
    at.sort_unstable();
    at.dedup();
    at.retain(|&i| !escaped_already(i));
    let mut text = body.to_string();
    for &start in at.iter().rev() {
        text.insert(start, '\\');
    }
    (text, reported)
}
