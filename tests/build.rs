//! The build pipeline, end to end: kinds, listings, Markdown, errors, drafts,
//! theme overrides, atomic output and determinism (issue 2).

mod common;
use common::*;

#[test]
fn every_kind_becomes_a_page_at_a_pretty_url() {
    let site = Site::fixture("basic");
    let built = site.build_ok();
    for url in [
        "/guides/install/",
        "/guides/configure/",
        "/faq/general/",
        "/releases/3-2-0/",
        "/eol/acme-2/",
    ] {
        assert!(built.exists(url), "{url} was not written");
    }
    assert!(built
        .main("/releases/3-0-0/")
        .contains(r#"<span class="badge badge-danger">Breaking changes</span>"#));
    assert!(
        !built.page("/guides/install/").contains("__almanac"),
        "a build for publishing has no live-reload script"
    );
    let eol = built.page("/eol/acme-2/");
    let facts = between(&eol, "<dl class=\"facts\">", "</dl>");
    assert!(
        facts.contains("<dt>End of life</dt><dd>30 June 2026 (reached)</dd>"),
        "EOL notice shows its date: {facts}"
    );
    assert!(
        facts.contains(
            r#"<dt>Migration guide</dt><dd><a href="/guides/configure/">Configure Acme Cloud</a></dd>"#
        ),
        "migration link resolves: {facts}"
    );
    assert!(
        facts.contains(r#"<dt>Replacement</dt><dd><a href="/products/acme/">Acme Cloud</a></dd>"#),
        "replacement product links to its page: {facts}"
    );
}

#[test]
fn listings_exist_for_home_sections_and_products() {
    let site = Site::fixture("basic");
    let built = site.build_ok();
    let home = built.main("/");
    assert!(home.contains("Welcome to the <strong>Basic Docs</strong>"));
    assert!(
        between(&home, "<h3>Latest releases</h3>", "</section>")
            .contains(r#"<a class="card-title" href="/releases/3-10-0/">Acme Cloud 3.10.0</a>"#),
        "latest releases on the home page"
    );
    let guides = built.main("/guides/");
    assert!(guides.contains("User guides") && guides.contains("Step-by-step guides."));
    assert!(
        guides.find("Install Acme Cloud").unwrap() < guides.find("Configure Acme Cloud").unwrap(),
        "ordered by weight"
    );
    let faq = built.main("/faq/");
    assert!(
        faq.contains(r##"<a href="/faq/general/#which-platforms-are-supported">Which platforms are supported?</a>"##),
        "the FAQ index lists questions"
    );
    assert!(built.exists("/products/acme/"));
}

#[test]
fn the_changelog_is_newest_first_by_version_number_not_text() {
    let site = Site::fixture("basic");
    let built = site.build_ok();
    let changelog = built.main("/releases/");
    let position = |title: &str| {
        changelog
            .find(title)
            .unwrap_or_else(|| panic!("{title} missing"))
    };
    assert!(position("Acme Cloud 3.10.0") < position("Acme Cloud 3.2.0"));
    assert!(position("Acme Cloud 3.2.0") < position("Acme Cloud 3.0.0"));
}

#[test]
fn eol_notices_are_listed_by_date_newest_first() {
    let site = Site::fixture("basic");
    let built = site.build_ok();
    let eol = built.main("/eol/");
    assert!(
        eol.find("Acme Cloud 2 end of life").unwrap()
            < eol.find("Acme Cloud 1 end of life").unwrap()
    );
}

#[test]
fn faq_questions_are_the_level_two_headings() {
    let site = Site::fixture("basic");
    let built = site.build_ok();
    let faq = built.page("/faq/general/");
    let faq = between(&faq, "<nav class=\"faq-index\"", "</nav>");
    assert!(faq.contains(
        r##"<li><a href="#which-platforms-are-supported">Which platforms are supported?</a></li>"##
    ));
    assert!(faq.contains(r##"<li><a href="#how-do-i-get-a-token">How do I get a token?</a></li>"##));
}

#[test]
fn markdown_features_render() {
    let site = Site::fixture("basic");
    let built = site.build_ok();
    let page = built.content("/guides/install/");
    assert!(page.contains("“smart quotes”"), "smart punctuation");
    assert!(
        page.contains(r##"<h2 id="requirements"><a href="#requirements">Requirements</a></h2>"##),
        "heading ids and self-links"
    );
    assert!(
        page.contains(r#"<input disabled="" type="checkbox" checked=""/>"#),
        "task lists"
    );
    assert!(page.contains("<div class=\"table-wrap\"><table>"), "tables");
    assert!(
        page.contains("callout callout-warning") && page.contains("Back up your config first."),
        "alerts"
    );
    assert!(
        page.contains(r#"<pre class="code" data-lang="bash"><code><span class="#),
        "highlighting"
    );
    assert!(page.contains("<del>Old way</del>"), "strikethrough");
    assert!(page.contains("footnote-definition"), "footnotes");
    let toc = between(
        &built.page("/guides/install/"),
        "<aside class=\"toc\"",
        "</aside>",
    )
    .to_string();
    assert!(
        toc.contains(r##"<a href="#proxy-settings">Proxy settings</a>"##),
        "table of contents: {toc}"
    );
    assert!(
        page.contains(r#"<a href="/faq/general/">link to the FAQ</a>"#),
        "relative .md links resolve to the page URL"
    );
    assert!(built.exists("/syntax.css"));
}

#[test]
fn user_strings_are_escaped() {
    let site = Site::new()
        .file("content/products.yaml", "products: []\n")
        .page(
            "guides/x.md",
            "title: \"<script>alert(1)</script> & co\"\ndescription: \"\\\"quoted\\\" <b>\"",
            "Body.",
        );
    let built = site.build_ok();
    let page = built.page("/guides/x/");
    assert!(
        !page.contains("<script>alert(1)"),
        "raw title must not appear"
    );
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt; &amp; co")
            || page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co")
    );
    assert!(page.contains("content=\"&quot;quoted&quot; &lt;b&gt;\""));
}

#[test]
fn drafts_and_scheduled_pages_are_left_out_unless_asked_for() {
    let site = Site::new()
        .page("guides/draft.md", "title: Draft\ndraft: true", "Not yet.")
        .page(
            "guides/future.md",
            "title: Future\ndate: 2026-11-24",
            "Tomorrow.",
        )
        .page(
            "guides/today.md",
            "title: Today\ndate: 2026-11-23",
            "Today.",
        );
    let built = site.build_ok();
    assert!(!built.exists("/guides/draft/"));
    assert!(!built.exists("/guides/future/"));
    assert!(
        built.exists("/guides/today/"),
        "a page dated today is published"
    );
    let site = site.drafts();
    let built = site.build_ok();
    assert!(built.exists("/guides/draft/") && built.exists("/guides/future/"));
}

#[test]
fn a_site_template_overrides_the_theme_file_by_file() {
    let site = Site::fixture("basic")
        .file("templates/page.html", "{% extends \"base.html\" %}{% block main %}<p class=\"custom\">{{ page.title }}</p>{% endblock main %}")
        .file("static/style.css", "body { color: hotpink }\n");
    let built = site.build_ok();
    let page = built.page("/guides/install/");
    assert!(
        page.contains("<p class=\"custom\">Install Acme Cloud</p>"),
        "site template used"
    );
    assert!(
        page.contains("<link rel=\"stylesheet\" href=\"/style.css\">"),
        "theme base.html still used"
    );
    assert_eq!(
        std::fs::read_to_string(site.out().join("style.css")).unwrap(),
        "body { color: hotpink }\n"
    );
    assert!(
        site.out().join("almanac.js").exists(),
        "other theme assets still copied"
    );
}

#[test]
fn a_broken_template_is_reported_with_its_name() {
    let site = Site::fixture("basic").file("templates/page.html", "{% extends \"base.html\" %}{% block main %}{{ page.title | nosuchfilter }}{% endblock main %}");
    let built = site.build();
    assert!(!built.report.written);
    let error = built.error("template-error");
    assert!(error.message.contains("nosuchfilter"), "{}", error.message);
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = Site::fixture("basic");
    site.build_ok();
    let before = snapshot_dir(&site.out());
    site.write("content/guides/broken.md", "---\ntitle: [unclosed\n---\n");
    let built = site.build();
    assert!(!built.report.written);
    assert_eq!(
        snapshot_dir(&site.out()),
        before,
        "public/ must be byte-for-byte what the good build wrote"
    );
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        // The lock file stays (deleting it could let two builds hold two locks),
        // and so do the previous site and its manifest, which the next build reuses.
        .filter(|n| {
            n.contains("almanac-")
                && ![
                    ".public.almanac-lock",
                    ".public.almanac-prev",
                    ".public.almanac-manifests",
                ]
                .contains(&n.as_str())
        })
        .collect();
    assert!(
        leftovers.is_empty(),
        "no staging directories left behind: {leftovers:?}"
    );
}

#[test]
fn almanac_refuses_to_replace_a_directory_it_did_not_create() {
    let site = Site::fixture("basic").file("public/precious.txt", "keep me");
    let built = site.build();
    assert!(!built.report.written);
    built.error("foreign-output-directory");
    assert_eq!(
        std::fs::read_to_string(site.out().join("precious.txt")).unwrap(),
        "keep me"
    );
}

#[test]
fn the_same_input_gives_byte_identical_output() {
    let site = Site::fixture("basic");
    site.build_ok();
    let first = snapshot_dir(&site.out());
    site.build_ok();
    assert_eq!(snapshot_dir(&site.out()), first);
    assert!(first.len() > 20);
}

#[test]
fn init_creates_a_site_that_builds_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("docs");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_almanac"))
        .arg("init")
        .arg(&target)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report = almanac::build::build(&almanac::build::BuildOptions::new(
        &target,
        TODAY.parse().unwrap(),
    ));
    assert!(
        report.written,
        "{}",
        almanac::diagnostics::render_text(&report.diagnostics)
    );
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let ignored = std::fs::read_to_string(target.join(".gitignore")).unwrap();
    for what_builds_write in ["public/", ".public.almanac-*", ".almanac/"] {
        assert!(ignored.lines().any(|l| l == what_builds_write), "{ignored}");
    }
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_almanac"))
        .arg("init")
        .arg(&target)
        .output()
        .unwrap();
    assert!(!again.status.success(), "init refuses a non-empty folder");
}

#[test]
fn new_creates_a_page_with_the_kinds_front_matter_that_builds() {
    let site = Site::fixture("basic");
    for (kind, title, expect) in [
        (
            "guide",
            "Rotate API tokens",
            "content/guides/rotate-api-tokens.md",
        ),
        (
            "faq",
            "Billing questions",
            "content/faq/billing-questions.md",
        ),
        (
            "release",
            "Acme Cloud 3.3.0",
            "content/releases/acme-cloud-3-3-0.md",
        ),
        (
            "eol",
            "Acme Cloud 3 end of life",
            "content/eol/acme-cloud-3-end-of-life.md",
        ),
    ] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_almanac"))
            .args(["new", kind, title, "--product", "acme", "--root"])
            .arg(site.root())
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{kind}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let text = std::fs::read_to_string(site.root().join(expect)).unwrap();
        assert!(
            text.contains(&format!("title: \"{title}\"")) && text.contains("product: acme"),
            "{text}"
        );
    }
    let report = almanac::build::build(&site.options());
    assert!(
        report.written,
        "{}",
        almanac::diagnostics::render_text(&report.diagnostics)
    );
}

#[test]
fn new_refuses_a_product_the_site_does_not_define() {
    let site = Site::fixture("basic");
    // (arguments, what stderr must say)
    for (args, expect) in [
        (
            &["new", "guide", "Rotate tokens", "--product", "acne"][..],
            "unknown product `acne`; did you mean `acme`? known products: acme",
        ),
        (
            &["new", "release", "Zeta 1.0", "--product", "zeta"][..],
            "unknown product `zeta`; known products: acme",
        ),
        (
            &["new", "manual", "Something"][..],
            "invalid value 'manual'",
        ),
    ] {
        let (code, _, stderr) = site.run(args);
        assert_eq!(
            code,
            if args[1] == "manual" { 2 } else { 1 },
            "{args:?}: {stderr}"
        );
        assert!(stderr.contains(expect), "{args:?}: {stderr}");
        if args[1] == "manual" {
            assert!(stderr.contains("guide, faq, release, eol"), "{stderr}");
        }
    }
    assert!(
        !site.root().join("content/guides/rotate-tokens.md").exists()
            && !site.root().join("content/releases/zeta-1-0.md").exists(),
        "nothing is written for an unknown product"
    );
    let empty = Site::new();
    let (code, _, stderr) = empty.run(&["new", "faq", "Billing", "--product", "acme"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("this site defines no products yet"),
        "{stderr}"
    );
}

#[test]
fn the_binary_prints_a_one_line_summary_and_exit_codes() {
    let site = Site::fixture("basic");
    let (code, stdout, _) = site.run(&["build", "--today", TODAY]);
    assert_eq!(code, 0);
    let summary = stdout.lines().last().unwrap();
    assert!(
        summary.starts_with("Built 8 pages")
            && summary.contains("0 warnings")
            && summary.contains("stale page"),
        "{summary}"
    );
    site.write("content/guides/bad.md", "---\ntitel: x\n---\n");
    let (code, stdout, stderr) = site.run(&["build", "--today", TODAY]);
    assert_eq!(code, 1);
    assert!(stdout.starts_with("Build failed"), "{stdout}");
    assert!(stderr.contains("content/guides/bad.md:2:1"), "{stderr}");
}

#[test]
fn every_command_has_help() {
    for command in [
        &["--help"][..],
        &["build", "--help"],
        &["check", "--help"],
        &["new", "--help"],
        &["init", "--help"],
    ] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_almanac"))
            .args(command)
            .output()
            .unwrap();
        assert!(output.status.success(), "{command:?}");
        assert!(
            String::from_utf8_lossy(&output.stdout).contains("Usage: almanac"),
            "{command:?}"
        );
    }
}

#[test]
fn a_file_that_a_page_would_overwrite_is_an_error() {
    // (where the file is, as written in the message)
    for file in ["static/guides/a/index.html", "content/guides/a/index.html"] {
        let site = Site::new()
            .page("guides/a.md", "title: A", "Body.\n")
            .file(file, "<p>hand-written</p>\n");
        let built = site.build();
        assert!(!built.report.written, "{file}");
        let e = built.error("duplicate-url");
        assert_eq!(at(e), "content/guides/a.md:1:1", "{file}");
        assert!(
            e.message.contains(&format!(
                "the file {file} and this page both want to be /guides/a/"
            )),
            "{}",
            e.message
        );
    }
}
