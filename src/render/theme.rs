//! The theme: templates, static assets and reader-facing strings. The default theme is compiled into the
//! binary; a site overrides any file by placing one with the same name in its own
//! `templates/` or `static/` (or in `themes/<name>/`).

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

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

/// Compiled templates, the theme's static files and its words.
pub struct Theme {
    pub tera: tera::Tera,
    pub assets: Vec<ThemeAsset>,
    /// Reader-facing texts in the site's `language:`.
    pub strings: super::strings::Strings,
    /// What is odd but not wrong about the theme: a translation lacking texts.
    pub warnings: Vec<Diagnostic>,
}

/// Points a template error at the file and line the engine named in `text` (its
/// ` --> name:line:column`), when that template is one of the site's files.
fn locate(files: &HashMap<String, PathBuf>, error: Diagnostic, text: &str) -> Diagnostic {
    let place = text
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("--> "));
    let Some((name, line, column)) = place.and_then(|at| {
        let (rest, column) = at.rsplit_once(':')?;
        let (name, line) = rest.rsplit_once(':')?;
        Some((name, line.parse().ok()?, column.parse().ok()?))
    }) else {
        return error;
    };
    let Some(file) = files.get(name) else {
        return error;
    };
    // The excerpt is printed under the location now; keep the engine's words only.
    let words = text.split(" --> ").next().unwrap_or(text).trim_end();
    let words = words.strip_prefix("error: ").unwrap_or(words);
    let message = match error.message.split_once('\n') {
        Some((heading, _)) => format!("{}: {words}", heading.trim_end_matches(':')),
        None => error.message.clone(),
    };
    let carets = text
        .lines()
        .skip_while(|l| !l.contains(" --> "))
        .find(|l| l.contains('^'))
        .map_or(1, |l| l.matches('^').count());
    Diagnostic {
        message,
        ..error.located(file, line, column).with_span(carets)
    }
}

/// A template's name and text, and its file when it was read from the site.
struct Template {
    name: String,
    text: String,
    file: Option<PathBuf>,
}

/// Loads templates in order of precedence: the site's `templates/`, then
/// `themes/<name>/templates/`, then the built-in default theme. Static files of
/// `themes/<name>/static/` override the built-in ones the same way.
pub fn load(root: &Path, config: &SiteConfig) -> Result<Theme, Diagnostic> {
    let theme_dir = root.join("themes").join(&config.theme);
    if config.theme != "default" && !theme_dir.is_dir() {
        return Err(missing_theme(root, &config.theme));
    }
    let templates = collect_templates(root, &theme_dir)?;
    // The file of each template read from the site, so an error can point at it.
    let files: HashMap<String, PathBuf> = templates
        .iter()
        .filter_map(|t| Some((t.name.clone(), t.file.clone()?)))
        .collect();
    let builtin = |name: &str| {
        let file = DEFAULT_THEME.get_file(format!("strings/{name}"))?;
        file.contents_utf8().map(str::to_string)
    };
    let (strings, warning) = super::strings::load(root, &theme_dir, &config.language, builtin)?;
    Ok(Theme {
        tera: compile(&templates).map_err(|(error, text)| locate(&files, error, &text))?,
        assets: collect_assets(&theme_dir),
        strings,
        warnings: warning.into_iter().collect(),
    })
}

/// `theme: x` names a folder that does not exist: point at the `theme:` line.
fn missing_theme(root: &Path, theme: &str) -> Diagnostic {
    let config = Path::new(crate::config::CONFIG_FILE);
    let line = std::fs::read_to_string(root.join(config))
        .ok()
        .and_then(|text| {
            crate::load::yaml::top_level_keys(&text)
                .into_iter()
                .find(|k| k.key == "theme")
                .map(|k| k.line)
        })
        .unwrap_or(1);
    Diagnostic::error(
        "missing-theme",
        format!("theme `{theme}` not found in themes/{theme}/"),
    )
    .located(config, line, 1)
    .with_span("theme".len())
    .with_help("remove `theme:` to use the built-in theme, or create the theme folder")
}

/// Every template, the first of each name winning, sorted by name.
fn collect_templates(root: &Path, theme_dir: &Path) -> Result<Vec<Template>, Diagnostic> {
    let mut templates: Vec<Template> = Vec::new();
    let mut add = |template: Template| {
        if !templates.iter().any(|t| t.name == template.name) {
            templates.push(template);
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
            let file = path.strip_prefix(root).ok().map(Path::to_path_buf);
            add(Template { name, text, file });
        }
    }
    for (name, file) in embedded_under("templates") {
        let text = String::from_utf8_lossy(file.contents()).into_owned();
        add(Template {
            name,
            text,
            file: None,
        });
    }
    templates.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(templates)
}

/// The compiled templates; on failure the error and the engine's own text.
fn compile(templates: &[Template]) -> Result<tera::Tera, (Diagnostic, String)> {
    let mut tera = tera::Tera::new();
    let raw = templates.iter().map(|t| (t.name.as_str(), t.text.as_str()));
    tera.add_raw_templates(raw.collect::<Vec<_>>()).map_err(|e| {
        let text = e.to_string();
        let error = Diagnostic::error("template-error", format!("the templates do not compile:\n{text}"))
            .with_help("fix the template named above; a site's templates/ folder overrides the theme's files of the same name");
        (error, text)
    })?;
    Ok(tera)
}

/// The theme folder's static files, then the built-in ones it does not override.
fn collect_assets(theme_dir: &Path) -> Vec<ThemeAsset> {
    let mut assets: Vec<ThemeAsset> = files_under(&theme_dir.join("static"))
        .into_iter()
        .filter_map(|(output, path)| {
            let bytes = std::fs::read(&path).ok()?;
            Some(ThemeAsset {
                output,
                bytes: Cow::Owned(bytes),
            })
        })
        .collect();
    for (output, file) in embedded_under("static") {
        if !assets.iter().any(|a| a.output == output) {
            assets.push(ThemeAsset {
                output,
                bytes: Cow::Borrowed(file.contents()),
            });
        }
    }
    assets.sort_by(|a, b| a.output.cmp(&b.output));
    assets
}

/// The built-in theme's files under `folder`, named relative to it with `/`.
fn embedded_under(folder: &str) -> Vec<(String, &'static include_dir::File<'static>)> {
    let Some(dir) = DEFAULT_THEME.get_dir(folder) else {
        return Vec::new();
    };
    embedded_files(dir)
        .into_iter()
        .map(|file| {
            let name = file
                .path()
                .strip_prefix(folder)
                .unwrap_or(file.path())
                .to_string_lossy()
                .replace('\\', "/");
            (name, file)
        })
        .collect()
}

/// Files under `dir` as (name relative to `dir` with `/`, path), sorted, as
/// `load` finds content files (hidden files and editor leftovers skipped).
fn files_under(dir: &Path) -> Vec<(String, std::path::PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    crate::load::source_files(dir)
        .into_iter()
        .map(|file| (file.relative, file.absolute))
        .collect()
}

fn embedded_files(dir: &'static Dir<'static>) -> Vec<&'static include_dir::File<'static>> {
    let mut files: Vec<_> = dir.files().collect();
    for sub in dir.dirs() {
        files.extend(embedded_files(sub));
    }
    files
}
