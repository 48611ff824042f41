//! Issue 3, links: every link form a writer can use, how it renders, and the
//! exact error (code, file:line:column, suggestion) when it does not resolve.

mod common;
use common::*;

const PRODUCTS: &str = TWO_PRODUCTS;

const INSTALL_BODY: &str =
    "Install the CLI.\n\n## Proxy\n\nSet HTTPS_PROXY.\n\n## Proxy settings (HTTP)\n\nMore.\n";

/// A small knowledge base: an install guide (acme) with two headings, a
/// configure guide, a guides intro and an image in static/.
fn kb() -> Site {
    Site::new()
        .file("content/products.yaml", PRODUCTS)
        .file(
            "content/guides/_index.md",
            "---\ntitle: All guides\n---\nEvery guide.\n",
        )
        .page(
            "guides/install.md",
            "title: Install Guide\nproduct: acme\naliases: [/guides/setup-acme/]",
            INSTALL_BODY,
        )
        .page(
            "guides/configure.md",
            "title: Configure\nproduct: acme",
            "Configure it.\n",
        )
        .file("static/img/x.png", "PNG")
}

/// A site with one page `faq/q.md` whose body is `body` (body line 1 is file line 4).
fn linking(body: &str) -> Site {
    kb().page("faq/q.md", "title: Question", body)
}

/// The rendered Markdown of `faq/q.md`, without the navigation and lists around it.
fn q_html(site: &Site) -> String {
    site.build_ok().content("/faq/q/")
}

// ---------------------------------------------------------------- link forms

#[test]
fn a_relative_link_to_a_source_file_goes_to_the_target_pages_url() {
    let site = linking("See [Install](../guides/install.md).\n");
    assert!(q_html(&site).contains(r#"<a href="/guides/install/">Install</a>"#));
}

#[test]
fn a_link_to_a_sibling_source_file_keeps_its_heading_anchor() {
    let site = kb().page(
        "guides/b.md",
        "title: B",
        "See [proxy](install.md#proxy).\n",
    );
    let html = site.build_ok().content("/guides/b/");
    assert!(
        html.contains(r#"<a href="/guides/install/#proxy">proxy</a>"#),
        "{html}"
    );
}

#[test]
fn a_link_to_an_index_file_goes_to_the_folder_listing() {
    let site = linking("All [guides](../guides/_index.md).\n");
    assert!(q_html(&site).contains(r#"<a href="/guides/">guides</a>"#));
}

#[test]
fn a_wikilink_matches_a_title_case_insensitively() {
    let site = linking("See [[install guide]].\n");
    assert!(q_html(&site).contains(r#"<a href="/guides/install/">Install Guide</a>"#));
}

#[test]
fn a_wikilink_matches_a_slug() {
    let site = kb()
        .page(
            "guides/start.md",
            "title: First steps\nslug: getting-started",
            "Hi.\n",
        )
        .page(
            "faq/q.md",
            "title: Question",
            "See [[install]] and [[getting-started]].\n",
        );
    let html = q_html(&site);
    assert!(
        html.contains(r#"<a href="/guides/install/">Install Guide</a>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<a href="/guides/getting-started/">First steps</a>"#),
        "{html}"
    );
}

#[test]
fn a_wikilink_matches_the_slug_form_of_a_title() {
    let site = linking("See [[install-guide]].\n");
    assert!(q_html(&site).contains(r#"<a href="/guides/install/">Install Guide</a>"#));
}

#[test]
fn a_wikilink_matches_an_alias() {
    let site = linking("See [[setup-acme]].\n");
    assert!(q_html(&site).contains(r#"<a href="/guides/install/">Install Guide</a>"#));
}

#[test]
fn a_wikilink_with_custom_text_shows_that_text() {
    let site = linking("See [[Install Guide|see the guide]].\n");
    let html = q_html(&site);
    assert!(
        html.contains(r#"<a href="/guides/install/">see the guide</a>"#),
        "{html}"
    );
    assert!(!html.contains(">Install Guide</a>"), "{html}");
}

#[test]
fn a_bare_wikilink_shows_the_target_title() {
    let site = linking("See [[INSTALL GUIDE]].\n");
    let html = q_html(&site);
    assert!(
        html.contains(r#"<a href="/guides/install/">Install Guide</a>"#),
        "{html}"
    );
    assert!(!html.contains("INSTALL GUIDE"), "{html}");
}

#[test]
fn a_wikilink_to_a_heading_goes_to_the_heading_id() {
    let site = linking("See [[Install Guide#Proxy settings (HTTP)]].\n");
    let html = q_html(&site);
    assert!(
        html.contains(r#"href="/guides/install/#proxy-settings-http""#),
        "{html}"
    );
}

#[test]
fn a_product_scoped_wikilink_picks_the_page_of_that_product() {
    let site = kb()
        .page(
            "guides/tessera-install.md",
            "title: Install Guide\nproduct: tessera",
            "Sync.\n",
        )
        .page(
            "faq/q.md",
            "title: Question",
            "Acme: [[acme:Install Guide]]. Tessera: [[tessera:Install Guide]].\n",
        );
    let html = q_html(&site);
    assert!(
        html.contains(r#"Acme: <a href="/guides/install/">Install Guide</a>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"Tessera: <a href="/guides/tessera-install/">Install Guide</a>"#),
        "{html}"
    );
}

#[test]
fn wikilinks_in_code_spans_and_code_blocks_are_left_alone() {
    let site = linking("Write `[[Nowhere Page]]` inline.\n\n```\n[[Also Nowhere]]\n```\n");
    let built = site.build_ok();
    assert!(built.errors().is_empty());
    let html = built.content("/faq/q/");
    assert!(html.contains("<code>[[Nowhere Page]]</code>"), "{html}");
    assert!(html.contains("[[Also Nowhere]]"), "{html}");
    assert!(!html.contains("href=\"Nowhere"), "{html}");
}

#[test]
fn a_link_to_a_static_file_resolves() {
    let site = linking("![diagram](/img/x.png) and [download](/img/x.png).\n");
    let built = site.build_ok();
    let html = built.content("/faq/q/");
    assert!(
        html.contains(r#"<img src="/img/x.png" alt="diagram""#),
        "{html}"
    );
    assert!(
        html.contains(r#"<a href="/img/x.png">download</a>"#),
        "{html}"
    );
    assert!(built.exists("/img/x.png"));
}

#[test]
fn links_to_listings_and_static_files_keep_their_fragment() {
    let site =
        linking("[a](../guides/_index.md#intro), [b](/guides/#intro), [c](/img/x.png#frame=2).\n");
    let html = q_html(&site);
    assert!(
        html.contains(r##"<a href="/guides/#intro">a</a>"##),
        "{html}"
    );
    assert!(
        html.contains(r##"<a href="/guides/#intro">b</a>"##),
        "{html}"
    );
    assert!(
        html.contains(r##"<a href="/img/x.png#frame=2">c</a>"##),
        "{html}"
    );
}

#[test]
fn external_links_are_untouched_and_never_errors() {
    let site = linking("See [docs](https://example.org/missing.md), <https://example.net/x> and [mail](mailto:a@b.c).\n");
    let built = site.build_ok();
    assert!(built.errors().is_empty());
    assert!(site.analyse().graph.broken.is_empty());
    let html = built.content("/faq/q/");
    assert!(
        html.contains(r#"<a href="https://example.org/missing.md">docs</a>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<a href="https://example.net/x">https://example.net/x</a>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<a href="mailto:a@b.c">mail</a>"#),
        "{html}"
    );
}

// ---------------------------------------------------------------- link forms, one row each

/// What a link must become.
#[derive(Debug)]
enum Want {
    /// The build succeeds and the first link's `href` (an image's `src`) is this.
    Href(&'static str),
    /// The build fails with exactly one error: this code at `file:line:column`.
    Error(&'static str, &'static str),
}
use Want::{Error, Href};

/// One link form: files added to [`kb`] (path under the site root, whole text),
/// the page that links (path under `content/`, body; its front matter is one
/// line, so body line 1 is file line 4), and what its first link becomes.
struct Form {
    name: &'static str,
    files: &'static [(&'static str, &'static str)],
    page: (&'static str, &'static str),
    want: Want,
}

/// The value of the first `href` or `src` attribute in `html`.
fn first_target(html: &str) -> Option<&str> {
    let at = [" href=\"", " src=\""]
        .iter()
        .filter_map(|attr| html.find(attr).map(|i| i + attr.len()))
        .min()?;
    html[at..].split('"').next()
}

/// Builds every row and reports every mismatch at once.
fn check_forms(forms: &[Form]) {
    let mut failures = Vec::new();
    for form in forms {
        let mut site = kb();
        for (path, text) in form.files {
            site = site.file(path, text);
        }
        let (path, body) = form.page;
        let site = site.page(path, "title: Linking page", body);
        let built = site.build();
        let errors: Vec<(&str, String)> = built.errors().iter().map(|d| (d.code, at(d))).collect();
        match &form.want {
            Href(want) if errors.is_empty() => {
                let url = format!("/{}/", path.trim_end_matches(".md"));
                let html = built.content(&url);
                if first_target(&html) != Some(want) {
                    failures.push(format!(
                        "{}: want href {want}, got {:?}",
                        form.name,
                        first_target(&html)
                    ));
                }
            }
            Error(code, location) if errors == [(*code, location.to_string())] => {}
            want => failures.push(format!(
                "{}: want {want:?}, got errors {errors:?}:\n{}",
                form.name,
                almanac::diagnostics::render_text(&built.report.diagnostics)
            )),
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// Pages linking pages as the web does (`x.html`, `x/`, `x/index.html`, `x`)
/// and as other generators lay them out (a `slug:`, `x/index.md`, `x/_index.md`).
const START: (&str, &str) = (
    "content/guides/start.md",
    "---\ntitle: First steps\nslug: getting-started\n---\nHi.\n",
);
const BUNDLE: (&str, &str) = (
    "content/guides/bundle/index.md",
    "---\ntitle: Bundle\n---\n## Part\n",
);
const ACME_INTRO: (&str, &str) = (
    "content/guides/acme/_index.md",
    "---\ntitle: Acme guides\n---\nIntro.\n",
);
const ACME_PAGE: (&str, &str) = ("content/guides/acme/a.md", "---\ntitle: A\n---\nA.\n");

#[test]
fn links_resolve_the_way_the_web_does() {
    check_forms(&[
        Form {
            name: "x.html",
            files: &[],
            page: ("faq/q.md", "[x](../guides/install.html)\n"),
            want: Href("/guides/install/"),
        },
        Form {
            name: "x/",
            files: &[],
            page: ("faq/q.md", "[x](../guides/install/)\n"),
            want: Href("/guides/install/"),
        },
        Form {
            name: "x/index.html#anchor",
            files: &[],
            page: ("faq/q.md", "[x](../guides/install/index.html#proxy)\n"),
            want: Href("/guides/install/#proxy"),
        },
        Form {
            name: "x",
            files: &[],
            page: ("faq/q.md", "[x](../guides/install)\n"),
            want: Href("/guides/install/"),
        },
        Form {
            name: "/x.html",
            files: &[],
            page: ("faq/q.md", "[x](/guides/install.html)\n"),
            want: Href("/guides/install/"),
        },
        Form {
            name: "/x/index.html",
            files: &[],
            page: ("faq/q.md", "[x](/guides/install/index.html)\n"),
            want: Href("/guides/install/"),
        },
        Form {
            name: "a sibling x.html",
            files: &[],
            page: ("guides/b.md", "[x](install.html)\n"),
            want: Href("/guides/install/"),
        },
        Form {
            name: "from the page's URL, as a browser does",
            files: &[],
            page: ("guides/b.md", "[x](../install/)\n"),
            want: Href("/guides/install/"),
        },
        Form {
            name: "x.md%20 decoded",
            files: &[],
            page: ("faq/q.md", "[x](../guides/inst%61ll.html)\n"),
            want: Href("/guides/install/"),
        },
        Form {
            name: "/a/b/ tries content/a/b.md, whatever its slug",
            files: &[START],
            page: ("faq/q.md", "[x](/guides/start/)\n"),
            want: Href("/guides/getting-started/"),
        },
        Form {
            name: "…and so does a.html",
            files: &[START],
            page: ("faq/q.md", "[x](../guides/start.html)\n"),
            want: Href("/guides/getting-started/"),
        },
        Form {
            name: "x.md for x/index.md",
            files: &[BUNDLE],
            page: ("faq/q.md", "[x](../guides/bundle.md#part)\n"),
            want: Href("/guides/bundle/index/#part"),
        },
        Form {
            name: "x/ for x/index.md",
            files: &[BUNDLE],
            page: ("faq/q.md", "[x](/guides/bundle/)\n"),
            want: Href("/guides/bundle/index/"),
        },
        Form {
            name: "x/index.html for x/index.md",
            files: &[BUNDLE],
            page: ("faq/q.md", "[x](../guides/bundle/index.html)\n"),
            want: Href("/guides/bundle/index/"),
        },
        Form {
            name: "x.md for x/_index.md",
            files: &[ACME_INTRO, ACME_PAGE],
            page: ("faq/q.md", "[x](../guides/acme.md)\n"),
            want: Href("/guides/acme/"),
        },
        Form {
            name: "x.html for a listing",
            files: &[ACME_INTRO, ACME_PAGE],
            page: ("faq/q.md", "[x](/guides/acme.html)\n"),
            want: Href("/guides/acme/"),
        },
        Form {
            name: "a listing keeps working",
            files: &[],
            page: ("faq/q.md", "[x](/guides/#intro)\n"),
            want: Href("/guides/#intro"),
        },
        Form {
            name: "a file at exactly the URL wins",
            files: &[("content/guides/install.html", "<p>old</p>")],
            page: ("faq/q.md", "[x](../guides/install.html)\n"),
            want: Href("/guides/install.html"),
        },
        Form {
            name: "x.html for x.md and x/index.md",
            files: &[
                ("content/guides/dup.md", "---\ntitle: Dup\n---\n"),
                (
                    "content/guides/dup/index.md",
                    "---\ntitle: Dup index\n---\n",
                ),
            ],
            page: ("faq/q.md", "Go [x](../guides/dup.html)\n"),
            want: Error("ambiguous-link", "content/faq/q.md:4:4"),
        },
        Form {
            name: "…while x/ is x.md's URL",
            files: &[
                ("content/guides/dup.md", "---\ntitle: Dup\n---\n"),
                (
                    "content/guides/dup/index.md",
                    "---\ntitle: Dup index\n---\n",
                ),
            ],
            page: ("faq/q.md", "[x](../guides/dup/)\n"),
            want: Href("/guides/dup/"),
        },
        Form {
            name: "x.md for x/_index.md and x/index.md",
            files: &[
                ("content/guides/both/_index.md", "---\ntitle: Both\n---\n"),
                (
                    "content/guides/both/index.md",
                    "---\ntitle: Both index\n---\n",
                ),
            ],
            page: ("faq/q.md", "[x](../guides/both.md)\n"),
            want: Error("ambiguous-link", "content/faq/q.md:4:1"),
        },
        Form {
            name: "x.html for a slug and a file",
            files: &[
                ("content/guides/old.md", "---\ntitle: Old\nslug: new\n---\n"),
                (
                    "content/guides/other.md",
                    "---\ntitle: Other\nslug: old\n---\n",
                ),
            ],
            page: ("faq/q.md", "[x](/guides/old.html)\n"),
            want: Error("ambiguous-link", "content/faq/q.md:4:1"),
        },
        Form {
            name: "missing",
            files: &[],
            page: ("faq/q.md", "[x](../guides/nope.html)\n"),
            want: Error("missing-file", "content/faq/q.md:4:1"),
        },
        Form {
            name: "a stray % before a two-byte letter",
            files: &[],
            page: ("faq/q.md", "[x](%aé.png)\n"),
            want: Error("missing-file", "content/faq/q.md:4:1"),
        },
        Form {
            name: "template syntax is no URL",
            files: &[],
            page: (
                "faq/q.md",
                "See [alias][t].\n\n[t]: <{{% eturl alias %}}>\n",
            ),
            want: Error("missing-file", "content/faq/q.md:4:5"),
        },
    ]);
}

#[test]
fn an_ambiguous_link_names_every_candidate_and_a_missing_one_the_source_it_looked_for() {
    let site = kb()
        .page("guides/dup.md", "title: Dup", "")
        .page("guides/dup/index.md", "title: Dup index", "")
        .page(
            "faq/q.md",
            "title: Question",
            "[a](../guides/dup.html) [b](/guides/nope.html)\n",
        );
    let built = site.build();
    let e = built.error("ambiguous-link");
    assert_eq!(
        e.message,
        "`/guides/dup.html` could be any of 2 pages: content/guides/dup/index.md, content/guides/dup.md"
    );
    assert_eq!(
        e.help.as_deref(),
        Some("did you mean `../guides/dup/index.md`?")
    );
    let e = built.error("missing-file");
    assert_eq!(
        e.message,
        "`/guides/nope.html` does not exist in the site (looked for /guides/nope.html or content/guides/nope.md)"
    );
    let site = linking("[alias](<{{% eturl alias %}}>)\n");
    assert_eq!(
        site.build().error("missing-file").message,
        "`{{% eturl alias %}}` is template syntax (Liquid or Hugo) that almanac does not run, so this link goes nowhere"
    );
}

/// Files beside pages in content/: a Hugo page bundle, an image in a page's
/// folder, one in the page's own folder of the same name.
const BUNDLE_IMG: (&str, &str) = ("content/guides/bundle/img.png", "PNG");
const BESIDE: (&str, &str) = ("content/guides/diagram.png", "PNG");
const UNDER: (&str, &str) = ("content/guides/setup/shot.png", "PNG");
const PDF: (&str, &str) = ("content/guides/manual.pdf", "PDF");

#[test]
fn colocated_files_are_linked_where_they_are_written() {
    check_forms(&[
        Form {
            name: "an image beside x.md",
            files: &[BESIDE],
            page: ("guides/x.md", "![d](diagram.png)\n"),
            want: Href("/guides/diagram.png"),
        },
        Form {
            name: "…with ./",
            files: &[BESIDE],
            page: ("guides/x.md", "![d](./diagram.png)\n"),
            want: Href("/guides/diagram.png"),
        },
        Form {
            name: "…from a page in a subfolder",
            files: &[BESIDE],
            page: ("guides/deep/x.md", "![d](../diagram.png)\n"),
            want: Href("/guides/diagram.png"),
        },
        Form {
            name: "an image in x/, written from x.md's folder",
            files: &[UNDER],
            page: ("guides/setup.md", "![d](setup/shot.png)\n"),
            want: Href("/guides/setup/shot.png"),
        },
        Form {
            name: "…or from x.md's URL /guides/setup/",
            files: &[UNDER],
            page: ("guides/setup.md", "![d](shot.png)\n"),
            want: Href("/guides/setup/shot.png"),
        },
        Form {
            name: "a page bundle's image",
            files: &[BUNDLE_IMG],
            page: ("guides/bundle/index.md", "![i](img.png)\n"),
            want: Href("/guides/bundle/img.png"),
        },
        Form {
            name: "a link to a file beside the page",
            files: &[PDF],
            page: ("guides/x.md", "[manual](manual.pdf#page=2)\n"),
            want: Href("/guides/manual.pdf#page=2"),
        },
        Form {
            name: "a missing image",
            files: &[BESIDE],
            page: ("guides/x.md", "Look:\n\n![d](diagam.png)\n"),
            want: Error("missing-file", "content/guides/x.md:6:1"),
        },
    ]);
}

#[test]
fn colocated_files_are_written_beside_their_pages_under_the_base_path() {
    let site = kb()
        .file(BESIDE.0, BESIDE.1)
        .file(BUNDLE_IMG.0, BUNDLE_IMG.1)
        .page("guides/x.md", "title: X", "![d](diagram.png)\n")
        .page("guides/bundle/index.md", "title: Bundle", "![i](img.png)\n")
        .base_url("https://example.com/kb/");
    let built = site.build_ok();
    assert!(built.exists("/guides/diagram.png"));
    assert!(built.exists("/guides/bundle/img.png"));
    assert!(built
        .content("/guides/x/")
        .contains(r#"<img src="/kb/guides/diagram.png" alt="d""#));
    assert!(built
        .content("/guides/bundle/index/")
        .contains(r#"<img src="/kb/guides/bundle/img.png" alt="i""#));
    let e = built
        .report
        .diagnostics
        .iter()
        .find(|d| d.code == "missing-file");
    assert!(e.is_none(), "{e:?}");
    let site = kb().page("guides/x.md", "title: X", "![d](diagram.png)\n");
    let missing = site.build();
    let e = missing.error("missing-file");
    assert_eq!(
        e.message,
        "`diagram.png` does not exist in the site (looked for /guides/diagram.png, then /guides/x/diagram.png)"
    );
}

/// A page with headings whose ids show the rules: GitHub's ids, made unique
/// around the ids set with `{#…}`.
const IDS: (&str, &str) = (
    "content/guides/ids.md",
    "---\ntitle: Ids\n---\n## People & Body\n\n## Setup\n\n## Setup\n\n## Upgrade from 2.x\n\n## Ελληνικά\n\n## Custom {#my-id}\n\n## Other {#setup}\n",
);

#[test]
fn heading_ids_are_githubs_and_explicit_ids_are_kept() {
    check_forms(&[
        Form {
            name: "`&` leaves two hyphens",
            files: &[IDS],
            page: ("faq/q.md", "[x](../guides/ids.md#people--body)\n"),
            want: Href("/guides/ids/#people--body"),
        },
        Form {
            name: "hyphens are not merged",
            files: &[IDS],
            page: ("faq/q.md", "[x](../guides/ids.md#people-body)\n"),
            want: Error("missing-anchor", "content/faq/q.md:4:1"),
        },
        Form {
            name: "punctuation is dropped",
            files: &[IDS],
            page: ("faq/q.md", "[x](../guides/ids.md#upgrade-from-2x)\n"),
            want: Href("/guides/ids/#upgrade-from-2x"),
        },
        Form {
            name: "letters of any script stay",
            files: &[IDS],
            page: ("faq/q.md", "[x](../guides/ids.md#ελληνικά)\n"),
            want: Href("/guides/ids/#%CE%B5%CE%BB%CE%BB%CE%B7%CE%BD%CE%B9%CE%BA%CE%AC"),
        },
        Form {
            name: "…also percent-encoded",
            files: &[IDS],
            page: (
                "faq/q.md",
                "[x](../guides/ids.md#%CE%B5%CE%BB%CE%BB%CE%B7%CE%BD%CE%B9%CE%BA%CE%AC)\n",
            ),
            want: Href("/guides/ids/#%CE%B5%CE%BB%CE%BB%CE%B7%CE%BD%CE%B9%CE%BA%CE%AC"),
        },
        Form {
            name: "a duplicate gets -2",
            files: &[IDS],
            page: ("faq/q.md", "[x](../guides/ids.md#setup-2)\n"),
            want: Href("/guides/ids/#setup-2"),
        },
        Form {
            name: "an explicit id keeps its name",
            files: &[IDS],
            page: ("faq/q.md", "[x](../guides/ids.md#setup)\n"),
            want: Href("/guides/ids/#setup"),
        },
        Form {
            name: "`{#my-id}` is the id",
            files: &[IDS],
            page: ("faq/q.md", "[x](../guides/ids.md#my-id)\n"),
            want: Href("/guides/ids/#my-id"),
        },
        Form {
            name: "…and the text is not",
            files: &[IDS],
            page: ("faq/q.md", "[x](../guides/ids.md#custom)\n"),
            want: Error("missing-anchor", "content/faq/q.md:4:1"),
        },
        Form {
            name: "a wikilink finds a heading by text",
            files: &[IDS],
            page: ("faq/q.md", "[[Ids#People & Body]]\n"),
            want: Href("/guides/ids/#people--body"),
        },
        Form {
            name: "…the first of equal texts",
            files: &[IDS],
            page: ("faq/q.md", "[[Ids#setup]]\n"),
            want: Href("/guides/ids/#setup-1"),
        },
        Form {
            name: "…a heading with an explicit id",
            files: &[IDS],
            page: ("faq/q.md", "[[Ids#Custom]]\n"),
            want: Href("/guides/ids/#my-id"),
        },
        Form {
            name: "…or by its id",
            files: &[IDS],
            page: ("faq/q.md", "[[Ids#people--body]]\n"),
            want: Href("/guides/ids/#people--body"),
        },
    ]);
}

#[test]
fn explicit_ids_are_used_at_render_and_kept_out_of_the_text() {
    let site = kb().file(IDS.0, IDS.1);
    let built = site.build_ok();
    let page = built.page("/guides/ids/");
    let content = built.content("/guides/ids/");
    for id in [
        "people--body",
        "setup-1",
        "setup-2",
        "upgrade-from-2x",
        "my-id",
        "setup",
    ] {
        assert!(
            content.contains(&format!("<h2 id=\"{id}\">")),
            "{id}: {content}"
        );
        assert!(
            page.contains(&format!("href=\"#{id}\"")),
            "{id} in the table of contents: {page}"
        );
    }
    assert!(
        content.contains("<h2 id=\"my-id\"><a href=\"#my-id\">Custom</a></h2>"),
        "{content}"
    );
    assert!(!page.contains("{#"), "{page}");
}

/// A page whose raw HTML defines anchors, and one with a footnote.
const HTML_ANCHORS: (&str, &str) = (
    "content/guides/html.md",
    "---\ntitle: Html\n---\n<a name=\"legacy\"></a>\n\nText <span id=\"inline\">x</span> <input name=\"field\">.\n\n<div class=\"box\"\n     id=\"block\">\n\nInside.\n\n</div>\n\n<!-- <a id=\"commented\"></a> -->\n\n`<a id=\"code\">`\n",
);
const NOTES: (&str, &str) = (
    "content/guides/notes.md",
    "---\ntitle: Notes\n---\nA claim.[^src]\n\n[^src]: The source.\n",
);

#[test]
fn ids_in_raw_html_and_footnotes_are_anchors() {
    check_forms(&[
        Form {
            name: "<a name>",
            files: &[HTML_ANCHORS],
            page: ("faq/q.md", "[x](../guides/html.md#legacy)\n"),
            want: Href("/guides/html/#legacy"),
        },
        Form {
            name: "inline id",
            files: &[HTML_ANCHORS],
            page: ("faq/q.md", "[x](../guides/html.md#inline)\n"),
            want: Href("/guides/html/#inline"),
        },
        Form {
            name: "a block's id over two lines",
            files: &[HTML_ANCHORS],
            page: ("faq/q.md", "[x](../guides/html.md#block)\n"),
            want: Href("/guides/html/#block"),
        },
        Form {
            name: "name is an anchor on <a> only",
            files: &[HTML_ANCHORS],
            page: ("faq/q.md", "[x](../guides/html.md#field)\n"),
            want: Error("missing-anchor", "content/faq/q.md:4:1"),
        },
        Form {
            name: "not in a comment",
            files: &[HTML_ANCHORS],
            page: ("faq/q.md", "[x](../guides/html.md#commented)\n"),
            want: Error("missing-anchor", "content/faq/q.md:4:1"),
        },
        Form {
            name: "not in code",
            files: &[HTML_ANCHORS],
            page: ("faq/q.md", "[x](../guides/html.md#code)\n"),
            want: Error("missing-anchor", "content/faq/q.md:4:1"),
        },
        // pulldown-cmark writes `[^n]: …` as <div class="footnote-definition" id="n">
        // and `[^n]` as <a href="#n">, with no id of its own.
        Form {
            name: "a footnote's id is its label",
            files: &[],
            page: (
                "faq/q.md",
                "[see the note](#n), said.[^n]\n\n[^n]: The note.\n",
            ),
            want: Href("/faq/q/#n"),
        },
        Form {
            name: "…not fn-label",
            files: &[],
            page: (
                "faq/q.md",
                "[see the note](#fn-n), said.[^n]\n\n[^n]: The note.\n",
            ),
            want: Error("missing-anchor", "content/faq/q.md:4:1"),
        },
        Form {
            name: "…nor fnref-label",
            files: &[],
            page: (
                "faq/q.md",
                "[back](#fnref-n), said.[^n]\n\n[^n]: The note.\n",
            ),
            want: Error("missing-anchor", "content/faq/q.md:4:1"),
        },
        Form {
            name: "a footnote of another page",
            files: &[NOTES],
            page: ("faq/q.md", "[source](../guides/notes.md#src)\n"),
            want: Href("/guides/notes/#src"),
        },
    ]);
}

#[test]
fn every_anchor_the_checker_accepts_is_an_id_in_the_html() {
    let site = kb()
        .file(HTML_ANCHORS.0, HTML_ANCHORS.1)
        .file(NOTES.0, NOTES.1);
    let built = site.build_ok();
    let html = built.content("/guides/html/");
    for id in ["name=\"legacy\"", "id=\"inline\"", "id=\"block\""] {
        assert!(html.contains(id), "{id}: {html}");
    }
    let notes = built.content("/guides/notes/");
    assert!(
        notes.contains("<div class=\"footnote-definition\" id=\"src\">"),
        "{notes}"
    );
    // Anchors of raw HTML are not headings: the table of contents leaves them out.
    let page = built.page("/guides/html/");
    assert!(!page.contains("href=\"#legacy\""), "{page}");
}

#[test]
fn reference_links_resolve_like_inline_ones() {
    check_forms(&[
        Form {
            name: "[text][ref]",
            files: &[],
            page: (
                "faq/q.md",
                "See [the guide][install].\n\n[install]: ../guides/install.md\n",
            ),
            want: Href("/guides/install/"),
        },
        Form {
            name: "[text][]",
            files: &[],
            page: (
                "faq/q.md",
                "See [install][].\n\n[install]: ../guides/install.md#proxy\n",
            ),
            want: Href("/guides/install/#proxy"),
        },
        Form {
            name: "[ref]",
            files: &[],
            page: (
                "faq/q.md",
                "See [Install].\n\n[install]: <../guides/install.md> \"The guide\"\n",
            ),
            want: Href("/guides/install/"),
        },
        Form {
            name: "a definition before its use",
            files: &[],
            page: (
                "faq/q.md",
                "[g]: /guides/configure/\n\nSee [configure][g].\n",
            ),
            want: Href("/guides/configure/"),
        },
        Form {
            name: "an image",
            files: &[],
            page: ("faq/q.md", "![diagram][d]\n\n[d]: /img/x.png\n"),
            want: Href("/img/x.png"),
        },
        Form {
            name: "broken, at the use",
            files: &[],
            page: (
                "faq/q.md",
                "Intro.\n\nSee [the guide][g] now.\n\n[g]: ../guides/instal.md\n",
            ),
            want: Error("missing-page", "content/faq/q.md:6:5"),
        },
        Form {
            name: "an unused definition is no link",
            files: &[],
            page: (
                "faq/q.md",
                "[x](../guides/install.md)\n\n[unused]: ../guides/nowhere.md\n",
            ),
            want: Href("/guides/install/"),
        },
        Form {
            name: "an email autolink",
            files: &[],
            page: ("faq/q.md", "Write to <help@example.com>.\n"),
            want: Href("mailto:help@example.com"),
        },
    ]);
}

#[test]
fn a_broken_reference_is_reported_at_each_use_and_underlines_it() {
    let site =
        linking("[a][g] and [b][] and [g].\n\n[g]: ../guides/nope.md\n[b]: ../guides/nope.md\n");
    let built = site.build();
    let found: Vec<(String, usize)> = built.errors().iter().map(|d| (at(d), d.span)).collect();
    assert_eq!(
        found,
        [
            ("content/faq/q.md:4:1".to_string(), "[a][g]".len()),
            ("content/faq/q.md:4:12".to_string(), "[b][]".len()),
            ("content/faq/q.md:4:22".to_string(), "[g]".len()),
        ]
    );
}

// ---------------------------------------------------------------- errors, each at its exact location

#[test]
fn a_link_to_a_missing_page_is_an_error_at_the_link_with_a_suggestion() {
    // Line 4 is the first body line; the link starts at column 5 of line 6.
    let site = linking("Intro.\n\nSee [the guide](../guides/instal.md) now.\n");
    let built = site.build();
    let e = built.error("missing-page");
    assert_eq!(at(e), "content/faq/q.md:6:5");
    assert!(e.message.contains("../guides/instal.md"), "{}", e.message);
    assert_eq!(
        e.help.as_deref(),
        Some("did you mean `../guides/install.md`?")
    );
}

#[test]
fn a_link_to_a_missing_anchor_is_an_error_with_the_closest_heading() {
    let site = linking("One.\nTwo [proxy](../guides/install.md#proxi).\n");
    let built = site.build();
    let e = built.error("missing-anchor");
    assert_eq!(at(e), "content/faq/q.md:5:5");
    assert!(e.message.contains("#proxi"), "{}", e.message);
    assert_eq!(e.help.as_deref(), Some("did you mean `#proxy`?"));
}

#[test]
fn a_wikilink_to_a_missing_heading_is_a_missing_anchor() {
    let site = linking("[[Install Guide#Proxy setings (HTTP)]]\n");
    let built = site.build();
    let e = built.error("missing-anchor");
    assert_eq!(at(e), "content/faq/q.md:4:1");
    assert_eq!(
        e.help.as_deref(),
        Some("did you mean `#proxy-settings-http`?")
    );
}

#[test]
fn an_unknown_wikilink_is_an_error_at_the_wikilink() {
    let site = linking("Text first, then [[Instal Guide]].\n");
    let built = site.build();
    let e = built.error("unknown-wikilink");
    assert_eq!(at(e), "content/faq/q.md:4:18");
    assert!(e.message.contains("Instal Guide"), "{}", e.message);
    assert_eq!(e.help.as_deref(), Some("did you mean `[[Install Guide]]`?"));
}

#[test]
fn an_ambiguous_wikilink_is_an_error_listing_every_candidate() {
    let site = kb()
        .page(
            "guides/tessera-install.md",
            "title: Install Guide\nproduct: tessera",
            "Sync.\n",
        )
        .page("faq/q.md", "title: Question", "\n  [[Install Guide]]\n");
    let built = site.build();
    let e = built.error("ambiguous-wikilink");
    assert_eq!(at(e), "content/faq/q.md:5:3");
    assert!(
        e.message.contains("content/guides/install.md"),
        "{}",
        e.message
    );
    assert!(
        e.message.contains("content/guides/tessera-install.md"),
        "{}",
        e.message
    );
    let help = e.help.as_deref().unwrap_or_default();
    assert!(
        help.contains("[[acme:Install Guide]]") || help.contains("[[tessera:Install Guide]]"),
        "{help}"
    );
}

#[test]
fn a_link_to_a_missing_static_file_is_an_error() {
    let site = linking("![chart](/img/y.png)\n");
    let built = site.build();
    let e = built.error("missing-file");
    assert_eq!(at(e), "content/faq/q.md:4:1");
    assert!(e.message.contains("/img/y.png"), "{}", e.message);
}

#[test]
fn every_broken_link_is_reported_in_one_build_and_nothing_is_written() {
    let site = kb()
        .page("guides/tessera-install.md", "title: Install Guide\nproduct: tessera", "Sync.\n")
        .page(
            "faq/q.md",
            "title: Question",
            "[a](../guides/nope.md)\n[b](../guides/configure.md#nope)\n[[No Such Page]]\n[[Install Guide]]\n![c](/img/nope.png)\n",
        )
        .page("faq/r.md", "title: Another", "[[Configure#Missing]]\n");
    let built = site.build();
    assert!(!built.report.written);
    assert!(
        !site.out().exists(),
        "a failed build leaves no output directory"
    );
    let mut found: Vec<(String, &str)> = built.errors().iter().map(|d| (at(d), d.code)).collect();
    found.sort();
    assert_eq!(
        found,
        [
            ("content/faq/q.md:4:1".to_string(), "missing-page"),
            ("content/faq/q.md:5:1".to_string(), "missing-anchor"),
            ("content/faq/q.md:6:1".to_string(), "unknown-wikilink"),
            ("content/faq/q.md:7:1".to_string(), "ambiguous-wikilink"),
            ("content/faq/q.md:8:1".to_string(), "missing-file"),
            ("content/faq/r.md:4:1".to_string(), "missing-anchor"),
        ]
    );
}

#[test]
fn a_build_that_fails_on_a_broken_link_leaves_the_previous_output_untouched() {
    let site = linking("[[Install Guide]]\n");
    site.build_ok();
    let before = snapshot_dir(&site.out());
    site.write(
        "content/faq/q.md",
        "---\ntitle: Question\n---\n[[Install Guid]]\n",
    );
    let built = site.build();
    assert_eq!(at(built.error("unknown-wikilink")), "content/faq/q.md:4:1");
    assert!(!built.report.written);
    assert!(
        snapshot_dir(&site.out()) == before,
        "the output changed after a failed build"
    );
}

#[test]
fn a_broken_link_in_a_folder_intro_is_reported_too() {
    let site = kb().file(
        "content/faq/_index.md",
        "---\ntitle: FAQ\n---\nStart with [[Instal Guide]].\n",
    );
    let built = site.build();
    assert_eq!(
        at(built.error("unknown-wikilink")),
        "content/faq/_index.md:4:12"
    );
}

// ---------------------------------------------------------------- template syntax of other generators

#[test]
fn template_syntax_outside_code_is_one_warning_per_page_at_the_first_tag() {
    // (body of faq/q.md, where its one `unprocessed-template` warning is, if any)
    let rows: &[(&str, Option<&str>)] = &[
        ("{% include note.html %}\n", Some("content/faq/q.md:4:1")),
        ("Hello {{ page.title }}.\n", Some("content/faq/q.md:4:7")),
        (
            "Intro.\n\n{{< figure src=\"a.png\" >}}\n",
            Some("content/faq/q.md:6:1"),
        ),
        (
            "{{% notice tip %}}\nText.\n{{% /notice %}}\n",
            Some("content/faq/q.md:4:1"),
        ),
        (
            "See [it]({{< ref \"install.md\" >}}).\n",
            Some("content/faq/q.md:4:10"),
        ),
        (
            "`{{ a }}` first, then {{< b >}}, then {% c %}.\n",
            Some("content/faq/q.md:4:23"),
        ),
        ("Inline `{% raw %}` is code.\n", None),
        (
            "```liquid\n{% for x in y %}{{ x }}{% endfor %}\n```\n",
            None,
        ),
        ("Indented:\n\n    {{< highlight go >}}\n", None),
        (
            "Braces {like this} and {{ unclosed.\n\nNext paragraph }}.\n",
            None,
        ),
    ];
    let mut failures = Vec::new();
    for (body, want) in rows {
        let site = linking(body);
        let built = site.build();
        let warnings: Vec<String> = built
            .report
            .diagnostics
            .iter()
            .filter(|d| d.code == "unprocessed-template")
            .map(|d| {
                assert!(!d.is_error(), "{body}: {d:?}");
                at(d)
            })
            .collect();
        let want: Vec<String> = want.iter().map(|w| w.to_string()).collect();
        if warnings != want || !built.report.written {
            failures.push(format!(
                "{body:?}: want {want:?}, got {warnings:?} (written: {})",
                built.report.written
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn a_template_warning_says_what_the_tag_is_and_that_the_page_needs_converting() {
    let site = kb().file(
        "content/faq/_index.md",
        "---\ntitle: FAQ\n---\nAll questions. {{< children >}}\n",
    );
    let built = site.build_ok();
    let d = built
        .report
        .diagnostics
        .iter()
        .find(|d| d.code == "unprocessed-template")
        .expect("a warning for the folder intro");
    assert_eq!(at(d), "content/faq/_index.md:4:16");
    assert_eq!(d.span, "{{< children >}}".len());
    assert_eq!(
        d.source_line.as_deref(),
        Some("All questions. {{< children >}}")
    );
    assert!(d.message.contains("Hugo shortcode"), "{}", d.message);
    assert!(
        d.help
            .as_deref()
            .unwrap_or("")
            .contains("still needs converting"),
        "{d:?}"
    );
    assert!(built.main("/faq/").contains("{{&lt; children &gt;}}"));
}

// ---------------------------------------------------------------- almanac check

fn check_json(site: &Site) -> (i32, serde_json::Value) {
    let (code, stdout, stderr) = site.run(&["check", "--format", "json", "--today", TODAY]);
    let json = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}\n{stderr}"));
    (code, json)
}

#[test]
fn check_json_reports_each_broken_link_as_a_record() {
    let site = linking("Intro.\n\nSee [the guide](../guides/instal.md) now.\n");
    let (code, json) = check_json(&site);
    assert_eq!(code, 1);
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for key in ["errors", "warnings", "broken_links", "stale", "summary"] {
        assert!(keys.contains(&key), "missing `{key}` in {json}");
    }
    let links = json["broken_links"].as_array().unwrap();
    assert_eq!(links.len(), 1, "{json}");
    let record = links[0].as_object().unwrap();
    let mut record_keys: Vec<&str> = record.keys().map(String::as_str).collect();
    record_keys.sort_unstable();
    assert_eq!(
        record_keys,
        [
            "code",
            "column",
            "file",
            "line",
            "message",
            "severity",
            "suggestion"
        ]
    );
    assert_eq!(record["severity"], "error");
    assert_eq!(record["file"], "content/faq/q.md");
    assert_eq!(record["line"], 6);
    assert_eq!(record["column"], 5);
    assert_eq!(record["code"], "missing-page");
    assert_eq!(record["suggestion"], "../guides/install.md");
    assert!(record["message"].as_str().unwrap().contains("instal.md"));
}

#[test]
fn check_json_lists_broken_links_sorted_by_file_and_line() {
    let site = kb()
        .page("guides/z.md", "title: Zed", "[[Nope One]]\n")
        .page(
            "faq/q.md",
            "title: Question",
            "x\n[[Nope Two]]\n[[Nope Three]]\n",
        );
    let (_, json) = check_json(&site);
    let places: Vec<(String, u64)> = json["broken_links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["file"].as_str().unwrap().to_string(),
                r["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            ("content/faq/q.md".into(), 5),
            ("content/faq/q.md".into(), 6),
            ("content/guides/z.md".into(), 4)
        ]
    );
}

#[test]
fn check_exits_zero_without_broken_links() {
    let site = linking("See [[Install Guide]] and [it](../guides/install.md#proxy).\n");
    let (code, json) = check_json(&site);
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["broken_links"], serde_json::json!([]));
    assert_eq!(json["errors"], serde_json::json!([]));
    assert_eq!(json["summary"]["errors"], 0);
}

#[test]
fn check_writes_no_output_directory() {
    let site = linking("[[Install Guide]]\n");
    let (code, _, _) = site.run(&["check", "--today", TODAY]);
    assert_eq!(code, 0);
    assert!(!site.out().exists());
    let (code, _, _) = site.run(&["check", "--format", "json", "--today", TODAY]);
    assert_eq!(code, 0);
    assert!(!site.out().exists());
}

#[test]
fn check_text_prints_the_error_with_its_location() {
    let site = linking("Intro.\n\nSee [the guide](../guides/instal.md) now.\n");
    let (code, stdout, _) = site.run(&["check", "--today", TODAY]);
    assert_eq!(code, 1);
    assert!(stdout.contains("error[missing-page]"), "{stdout}");
    assert!(stdout.contains("--> content/faq/q.md:6:5"), "{stdout}");
    assert!(
        stdout.contains("did you mean `../guides/install.md`?"),
        "{stdout}"
    );
}

// ------------------------------------------- links outside page bodies

/// An EOL notice for acme 2 whose `replacement:` and `migration:` are `fields`.
fn eol_notice(fields: &str) -> Site {
    kb().page(
        "eol/acme-2.md",
        &format!("title: Acme Cloud 2 end of life\nproduct: acme\neol_date: 2026-06-30\ncycle: \"2\"\n{fields}"),
        "Upgrade.\n",
    )
}

#[test]
fn eol_replacement_and_migration_links_resolve_like_body_links() {
    // (fields, expected href of the replacement, expected href of the migration guide)
    for (fields, replacement, migration) in [
        (
            "replacement: tessera\nmigration: ../guides/install.md",
            r#"href="/products/tessera/">Tessera Sync</a>"#,
            r#"href="/guides/install/">Install Guide</a>"#,
        ),
        (
            "replacement: \"[[Configure]]\"\nmigration: \"[[Install Guide#Proxy]]\"",
            r#"href="/guides/configure/">Configure</a>"#,
            r#"href="/guides/install/#proxy">Install Guide</a>"#,
        ),
        (
            "replacement: /guides/configure/\nmigration: https://example.com/upgrade",
            r#"href="/guides/configure/">Configure</a>"#,
            r#"href="https://example.com/upgrade">https://example.com/upgrade</a>"#,
        ),
    ] {
        let site = eol_notice(fields);
        let html = site.build_ok().main("/eol/acme-2/");
        assert!(html.contains(replacement), "{fields}: {html}");
        assert!(html.contains(migration), "{fields}: {html}");
    }
    // The migration guide lists the notice among the pages that link to it.
    let site = eol_notice("migration: ../guides/install.md");
    assert!(site
        .build_ok()
        .main("/guides/install/")
        .contains("/eol/acme-2/"));
}

#[test]
fn a_broken_eol_link_is_an_error_at_the_fields_value() {
    // (fields, code, location): front matter starts on line 2, so `replacement`
    // on its own fifth line is file line 6.
    for (fields, code, location) in [
        (
            "replacement: tesera",
            "missing-file",
            "content/eol/acme-2.md:6:14",
        ),
        (
            "replacement: \"[[Configur]]\"",
            "unknown-wikilink",
            "content/eol/acme-2.md:6:15",
        ),
        (
            "replacement: tessera\nmigration: ../guides/upgrade.md",
            "missing-page",
            "content/eol/acme-2.md:7:12",
        ),
        (
            "migration:   '../guides/install.md#nope'",
            "missing-anchor",
            "content/eol/acme-2.md:6:15",
        ),
    ] {
        let site = eol_notice(fields);
        let built = site.build();
        assert!(!built.report.written, "{fields}");
        let e = built.error(code);
        assert_eq!(at(e), location, "{fields}");
    }
}

/// A product file in endoflife.date's format with `overview` as its body
/// (front matter of 5 lines, so the body's first line is file line 7).
fn product_with_overview(overview: &str) -> Site {
    kb().file(
        "content/products/widget.md",
        &format!("---\ntitle: Widget\npermalink: /widget\nreleases:\n  - releaseCycle: \"1\"\n---\n{overview}"),
    )
}

#[test]
fn product_overview_links_are_resolved_and_checked() {
    // (overview, expected in the product page's HTML)
    for (overview, expected) in [
        (
            "See [the guide](../guides/install.md).\n",
            r#"<a href="/guides/install/">the guide</a>"#,
        ),
        (
            "See [[Configure]].\n",
            r#"<a href="/guides/configure/">Configure</a>"#,
        ),
        // endoflife.date links products as `/id`: to the site's page when it has it…
        (
            "Replaced by [Acme](/acme).\n",
            r#"<a href="/products/acme/">Acme</a>"#,
        ),
        // …and to endoflife.date when it does not.
        (
            "Runs on [MySQL](/mysql).\n",
            r#"<a href="https://endoflife.date/mysql">MySQL</a>"#,
        ),
    ] {
        let site = product_with_overview(overview);
        let html = site.build_ok().main("/products/widget/");
        assert!(html.contains(expected), "{overview}: {html}");
    }
    // A product file that is not endoflife.date's has no such fallback.
    let site = kb().file(
        "content/products/gadget.md",
        "---\ntitle: Gadget\nreleases:\n  - releaseCycle: \"1\"\n---\nSee [MySQL](/mysql).\n",
    );
    assert_eq!(
        at(site.build().error("missing-file")),
        "content/products/gadget.md:6:5"
    );
}

#[test]
fn a_broken_product_overview_link_is_located_in_the_product_file() {
    let site =
        product_with_overview("Intro.\n\nSee [setup](../guides/setup.md) and [[Nothing here]].\n");
    let built = site.build();
    assert!(!built.report.written);
    assert_eq!(
        at(built.error("missing-page")),
        "content/products/widget.md:9:5"
    );
    assert_eq!(
        at(built.error("unknown-wikilink")),
        "content/products/widget.md:9:37"
    );
}
