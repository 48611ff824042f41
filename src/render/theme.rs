//! The theme: templates and static assets. The default theme is compiled into the
//! binary; a site overrides any file by placing one with the same name in its own
//! `templates/` or `static/` (or in `themes/<name>/`).

use std::borrow::Cow;
use std::path::Path;

use include_dir::{include_dir, Dir};

use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A static file of the theme.
#[derive(Debug, Clone)]
pub struct ThemeAsset {
    /// Output path relative to the output root.
    pub output: String,
    pub bytes: Cow<'static, [u8]>,
}

/// Compiled templates and the theme's static files.
pub struct Theme {
    pub tera: tera::Tera,
    pub assets: Vec<ThemeAsset>,
    /// Template names with where each came from (for error messages).
    pub template_sources: Vec<(String, String)>,
}

/// Loads templates in order of precedence: the site's `templates/`, then
/// `themes/<name>/templates/`, then the built-in default theme.
pub fn load(root: &Path, config: &SiteConfig) -> Result<Theme, Diagnostic> {
    let theme_dir = root.join("themes").join(&config.theme);
    if config.theme != "default" && !theme_dir.is_dir() {
        return Err(Diagnostic::error(
            "missing-theme",
            format!(
                "theme `{}` not found in themes/{}/",
                config.theme, config.theme
            ),
        )
        .in_file(Path::new(crate::config::CONFIG_FILE))
        .with_help("remove `theme:` to use the built-in theme, or create the theme folder"));
    }
    let mut templates: Vec<(String, String, String)> = Vec::new();
    let mut add = |name: String, text: String, origin: String| {
        if !templates.iter().any(|(n, _, _)| *n == name) {
            templates.push((name, text, origin));
        }
    };
    for dir in [root.join("templates"), theme_dir.join("templates")] {
        for (name, path) in files_under(&dir) {
            let text = std::fs::read_to_string(&path).map_err(|e| {
                Diagnostic::error(
                    "unreadable-file",
                    format!("cannot read template {}: {e}", path.display()),
                )
            })?;
            add(
                name,
                text,
                path.strip_prefix(root)
                    .unwrap_or(&path)
                    .display()
                    .to_string(),
            );
        }
    }
    if let Some(dir) = DEFAULT_THEME.get_dir("templates") {
        for file in embedded_files(dir) {
            let name = file
                .path()
                .strip_prefix("templates")
                .unwrap_or(file.path())
                .to_string_lossy()
                .replace('\\', "/");
            let text = String::from_utf8_lossy(file.contents()).into_owned();
            add(
                name,
                text,
                format!("(built-in) themes/default/{}", file.path().display()),
            );
        }
    }
    templates.sort_by(|a, b| a.0.cmp(&b.0));

    let mut tera = tera::Tera::new();
    let raw: Vec<(&str, &str)> = templates
        .iter()
        .map(|(n, t, _)| (n.as_str(), t.as_str()))
        .collect();
    tera.add_raw_templates(raw).map_err(|e| {
        Diagnostic::error("template-error", format!("the templates do not compile:\n{e}"))
            .with_help("fix the template named above; a site's templates/ folder overrides the theme's files of the same name")
    })?;

    let mut assets: Vec<ThemeAsset> = Vec::new();
    for (name, path) in files_under(&theme_dir.join("static")) {
        if let Ok(bytes) = std::fs::read(&path) {
            assets.push(ThemeAsset {
                output: name,
                bytes: Cow::Owned(bytes),
            });
        }
    }
    if let Some(dir) = DEFAULT_THEME.get_dir("static") {
        for file in embedded_files(dir) {
            let output = file
                .path()
                .strip_prefix("static")
                .unwrap_or(file.path())
                .to_string_lossy()
                .replace('\\', "/");
            if !assets.iter().any(|a| a.output == output) {
                assets.push(ThemeAsset {
                    output,
                    bytes: Cow::Borrowed(file.contents()),
                });
            }
        }
    }
    assets.sort_by(|a, b| a.output.cmp(&b.output));
    Ok(Theme {
        tera,
        assets,
        template_sources: templates
            .into_iter()
            .map(|(n, _, origin)| (n, origin))
            .collect(),
    })
}

/// Files under `dir` as (name relative to `dir` with `/`, path), sorted.
fn files_under(dir: &Path) -> Vec<(String, std::path::PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_type().is_file() && !crate::load::is_ignored(&e.file_name().to_string_lossy())
        })
        .filter_map(|e| {
            let name = e
                .path()
                .strip_prefix(dir)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            Some((name, e.path().to_path_buf()))
        })
        .collect()
}

fn embedded_files(dir: &'static Dir<'static>) -> Vec<&'static include_dir::File<'static>> {
    let mut files: Vec<_> = dir.files().collect();
    for sub in dir.dirs() {
        files.extend(embedded_files(sub));
    }
    files
}
