//! Link paths as text: normalising `.` and `..`, percent-decoding, the web forms
//! of a page's URL, and writing a path relative to a source file. No site data.

use std::path::{Component, Path};

use super::CONTENT;

/// `/x/` and `/x.html` as `/x`: what the web forms of a page's URL have in common.
pub(super) fn web_key(url: &str) -> &str {
    let url = url.strip_suffix('/').unwrap_or(url);
    url.strip_suffix(".html").unwrap_or(url)
}

/// A site path as a missing-file message shows it, with the source file it could
/// have been built from when it looks like a page's URL.
pub(super) fn looked_for(url: &str) -> String {
    let key = web_key(url);
    let last = key.rsplit('/').next().unwrap_or("");
    if key.is_empty() || (key.len() == url.len() && last.contains('.')) {
        url.to_string()
    } else {
        format!("{url} or {CONTENT}{key}.md")
    }
}

/// `url#anchor`: a link to a listing or a static file keeps its fragment
/// (`/doc.pdf#page=2`); only authored pages' heading ids are checked.
pub(super) fn with_fragment(url: String, anchor: Option<&str>) -> String {
    match anchor {
        Some(anchor) if !anchor.is_empty() => format!("{url}#{anchor}"),
        _ => url,
    }
}

/// Links with a scheme (`https:`, `mailto:`) or protocol-relative ones leave the site.
pub fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !dest[..i].contains('/')
        }
        None => false,
    }
}

/// Resolves `.` and `..` lexically and returns a `/`-separated path starting with `/`.
pub(crate) fn normalize(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            Component::ParentDir => {
                parts.pop();
            }
            Component::CurDir | Component::RootDir | Component::Prefix(_) => {}
        }
    }
    format!("/{}", parts.join("/"))
}

/// `target` written relative to the folder of `from`, as a writer would link it.
pub(super) fn relative_path(from: &Path, target: &Path) -> String {
    let from_dir: Vec<_> = from
        .parent()
        .unwrap_or(Path::new(""))
        .components()
        .collect();
    let target_parts: Vec<_> = target.components().collect();
    let common = from_dir
        .iter()
        .zip(&target_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out: Vec<String> = vec!["..".to_string(); from_dir.len() - common];
    out.extend(
        target_parts[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    out.join("/")
}

pub(super) fn percent_decode(text: &str) -> String {
    // Byte by byte, so a `%` before a multi-byte character never splits it.
    let bytes = text.as_bytes();
    let hex = |at: usize| bytes.get(at).and_then(|&b| char::from(b).to_digit(16));
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            if let (Some(high), Some(low)) = (hex(i + 1), hex(i + 2)) {
                out.push((high * 16 + low) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_links_are_recognised() {
        for ext in ["https://x.y", "mailto:a@b.c", "//cdn.x/y", "tel:+123"] {
            assert!(is_external(ext), "{ext}");
        }
        for local in ["../a.md", "/img/x.png", "a.md#x:y", "#top"] {
            assert!(!is_external(local), "{local}");
        }
    }

    #[test]
    fn paths_are_normalised_lexically() {
        assert_eq!(
            normalize(Path::new("guides/a/../b/./c.md")),
            "/guides/b/c.md"
        );
        assert_eq!(
            relative_path(
                Path::new("content/faq/a.md"),
                Path::new("content/guides/b.md")
            ),
            "../guides/b.md"
        );
        assert_eq!(percent_decode("a%20b%2"), "a b%2");
        // Not hex, or a `%` before a two-byte character: left as written, no panic.
        assert_eq!(percent_decode("%+f%aé%C3%A9%"), "%+f%aéé%");
    }

    #[test]
    fn the_web_forms_of_a_url_share_a_key() {
        for url in ["/guides/x/", "/guides/x.html", "/guides/x"] {
            assert_eq!(web_key(url), "/guides/x", "{url}");
        }
        assert_eq!(web_key("/"), "");
        assert_eq!(
            looked_for("/guides/x.html"),
            "/guides/x.html or content/guides/x.md"
        );
        assert_eq!(
            looked_for("/guides/x/"),
            "/guides/x/ or content/guides/x.md"
        );
        assert_eq!(looked_for("/img/a.png"), "/img/a.png");
        assert_eq!(looked_for("/"), "/");
    }
}
