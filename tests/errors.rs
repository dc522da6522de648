//! Bad input through the real binary: every error names file:line:col with a hint, the
//! build exits non-zero, all errors come at once, and the previous output survives.

mod common;

use common::TestSite;

/// A small valid site, built once so that `public/` exists.
fn built_site() -> TestSite {
    let site = TestSite::empty();
    site.write(
        "content/_index.md",
        "---\ntitle: Home\n---\nWelcome. See [a](a.md).\n",
    );
    site.write("content/a.md", "---\ntitle: A\n---\n## Part\n\nText.\n");
    site.build().assert_ok();
    site
}

#[track_caller]
fn assert_kept(site: &TestSite) {
    let home = site.read("public/index.html");
    assert!(home.contains("Welcome"), "previous output must survive");
    let leftovers: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no staging folders left: {leftovers:?}"
    );
}

#[test]
fn invalid_utf8() {
    let site = built_site();
    site.write(
        "content/bad.md",
        b"---\ntitle: Bad\n---\nok line\nbad \xff byte\n",
    );
    site.build()
        .assert_fails_with("content/bad.md:5:5: error[encoding]: the file is not valid UTF-8")
        .assert_fails_with("hint: save the file as UTF-8");
    assert_kept(&site);
}

#[test]
fn unclosed_front_matter() {
    let site = built_site();
    site.write(
        "content/bad.md",
        "---\ntitle: Bad\n\nBody without a closing line.\n",
    );
    site.build()
        .assert_fails_with("content/bad.md:1:1: error[front-matter]: front matter is not closed");
    assert_kept(&site);
}

#[test]
fn malformed_front_matter_yaml() {
    let site = built_site();
    site.write(
        "content/bad.md",
        "---\ntitle: Bad\ndescription: \"unclosed\n---\nBody\n",
    );
    site.build()
        .assert_fails_with("content/bad.md:4:1: error[front-matter]: found unexpected end of stream, while scanning a quoted scalar that starts at line 3 column 14");
    assert_kept(&site);
}

#[test]
fn front_matter_wrong_type_and_unknown_key() {
    let site = built_site();
    site.write(
        "content/bad.md",
        "---\ntitle: Bad\nweight: heavy\n---\nBody\n",
    );
    site.write(
        "content/worse.md",
        "---\ntitle: Worse\ntitel: x\n---\nBody\n",
    );
    let run = site.build();
    run.assert_fails_with("content/bad.md:3:")
        .assert_fails_with(
            "content/worse.md:3:1: warning[unknown-key]: `titel` is not a front matter key",
        )
        .assert_fails_with("did you mean `title`?");
    assert_kept(&site);
}

#[test]
fn front_matter_that_is_not_a_mapping() {
    let site = built_site();
    site.write("content/bad.md", "---\njust a sentence\n---\nBody\n");
    site.build().assert_fails_with("content/bad.md:2:");
    assert_kept(&site);
}

#[test]
fn bad_review_date() {
    let site = built_site();
    site.write(
        "content/bad.md",
        "---\ntitle: Bad\nreviewed: last week\n---\nBody\n",
    );
    site.build().assert_fails_with(
        "content/bad.md:3:1: error[front-matter]: `reviewed: last week` is not a date",
    );
    assert_kept(&site);
}

#[test]
fn config_unknown_key_names_nearest() {
    let site = built_site();
    site.write(
        "handbook.yaml",
        "title: X\nbase_ulr: https://example.com/\n",
    );
    site.build()
        .assert_fails_with("handbook.yaml:2:1: error[config]: unknown field `base_ulr`")
        .assert_fails_with("did you mean `base_url`?");
    assert_kept(&site);
}

#[test]
fn config_yaml_syntax_error() {
    let site = built_site();
    site.write("handbook.yaml", "title: X\ntheme: \"unclosed\n");
    site.build()
        .assert_fails_with("handbook.yaml:3:1: error[config]: found unexpected end of stream, while scanning a quoted scalar that starts at line 2 column 8");
    assert_kept(&site);
}

#[test]
fn unknown_template() {
    let site = built_site();
    site.write(
        "content/bad.md",
        "---\ntitle: Bad\ntemplate: pgae.html\n---\nBody\n",
    );
    site.build()
        .assert_fails_with("content/bad.md:3:1: error[template]: unknown template `pgae.html`")
        .assert_fails_with("did you mean `page.html`?");
    assert_kept(&site);
}

#[test]
fn template_syntax_error_names_template_and_line() {
    let site = built_site();
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{{ page.title \n{% endblock main %}\n",
    );
    site.build().assert_fails_with("templates/page.html:");
    assert_kept(&site);
}

#[test]
fn template_rendering_error_names_template_and_line() {
    let site = built_site();
    site.write("templates/page.html", "{% extends \"base.html\" %}\n{% block main %}\n{{ page.no_such_field.deeper }}\n{% block after_content %}{% endblock after_content %}{% endblock main %}\n");
    site.build().assert_fails_with("templates/page.html:3:");
    assert_kept(&site);
}

#[test]
fn broken_link_and_missing_anchor() {
    let site = built_site();
    site.write(
        "content/bad.md",
        "---\ntitle: Bad\n---\n\nSee [gone](gone.md) and\n[part](a.md#prat) and [site](/nowhere/).\n",
    );
    let run = site.build();
    run.assert_fails_with("content/bad.md:5:5: error[broken-link]: `gone.md` points to `gone.md`, which does not exist")
        .assert_fails_with("content/bad.md:6:1: error[broken-anchor]: `a.md#prat`: content/a.md has no heading or record `#prat`")
        .assert_fails_with("did you mean `#part`?")
        .assert_fails_with("content/bad.md:6:23: error[broken-link]");
    // Sorted by line: the line-5 error comes before the line-6 ones.
    let first = run.stderr.find("bad.md:5:5").unwrap();
    let second = run.stderr.find("bad.md:6:1").unwrap();
    assert!(first < second);
    assert_kept(&site);
}

#[test]
fn missing_image() {
    let site = built_site();
    site.write(
        "content/bad.md",
        "---\ntitle: Bad\n---\n![chart](chart.png)\n",
    );
    site.build()
        .assert_fails_with("content/bad.md:4:1: error[missing-image]");
    assert_kept(&site);
}

#[test]
fn duplicate_urls_name_both_files() {
    let site = built_site();
    site.write("content/guide.md", "# Guide\n");
    site.write("content/guide/_index.md", "# Guide section\n");
    site.build()
        .assert_fails_with("error[duplicate-url]: `content/guide/_index.md` and `content/guide.md` would both be written to /guide/");
    assert_kept(&site);
}

#[test]
fn unreadable_file() {
    let site = built_site();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        site.root().join("nowhere.md"),
        site.root().join("content/broken.md"),
    )
    .unwrap();
    site.build()
        .assert_fails_with("content/broken.md: error[io]: cannot read the file");
    assert_kept(&site);
}

#[test]
fn all_errors_of_a_build_come_together() {
    let site = built_site();
    site.write(
        "content/one.md",
        "---\ntitle: One\n---\n[x](missing-one.md)\n",
    );
    site.write("content/two.md", "---\nweight: heavy\n---\n");
    site.write(
        "content/three.md",
        "---\ntitle: Three\n---\n[x](missing-three.md)\n",
    );
    let run = site.build();
    run.assert_fails_with("content/one.md:4:1")
        .assert_fails_with("content/three.md:4:1")
        .assert_fails_with("content/two.md:2:1")
        .assert_fails_with("Build failed: 3 errors");
    let one = run.stderr.find("one.md").unwrap();
    let three = run.stderr.find("three.md").unwrap();
    let two = run.stderr.find("two.md").unwrap();
    assert!(one < three && three < two, "sorted by file");
}

#[test]
fn missing_content_folder_is_a_clear_error() {
    let site = TestSite::empty();
    site.build()
        .assert_fails_with("content: error[content]: the content folder does not exist");
}

#[test]
fn nasty_markdown_never_panics() {
    let site = built_site();
    let inputs = [
        "{{< ",
        "{{< >}}",
        "{{< x a=\"unterminated >}}",
        "[](",
        "# \n## \n###### x {#}\n",
        "| a |\n|---|\n| {{< field >}} |\n",
        "> [!NOTE]\n",
        "```\nunclosed",
        "\u{0}\u{1}\u{feff}text",
        "[x]: <>\n[y][x]",
        "<script>alert(1)</script>",
        "* [ ] task\n* [x] done\n",
        "footnote[^1]\n\n[^1]: note",
        "---\n---\n",
    ];
    for (i, md) in inputs.iter().enumerate() {
        site.write(&format!("content/n{i}.md"), md);
    }
    let run = site.build();
    assert!(run.code == 0 || run.code == 1, "no crash: {}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

/// A build killed part-way (a CI timeout) leaves the previous output as it was; its
/// staging folder is removed by the next build of the same output folder.
#[test]
fn a_killed_build_keeps_the_output_and_its_leftovers_go_at_the_next_build() {
    let site = common::TestSite::empty();
    handbook::bench::generate(site.root(), 600).unwrap();
    site.build().assert_ok();
    let before = std::fs::read(site.root().join("public/index.html")).unwrap();
    site.write(
        "content/_index.md",
        "---\ntitle: Changed home\n---\n\nChanged.\n",
    );
    let mut child = std::process::Command::new(common::bin())
        .arg("--root")
        .arg(site.root())
        .arg("build")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let staging = site.root().join(format!(".public.staging-{}", child.id()));
    let started = std::time::Instant::now();
    // Kill it once it has written part of the new output.
    while !staging.join("index.html").exists() && !staging.join("404.html").exists() {
        let files = std::fs::read_dir(&staging).map(|d| d.count()).unwrap_or(0);
        if files > 3 {
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the build ended before it could be killed"
        );
        assert!(
            started.elapsed().as_secs() < 60,
            "no staging folder appeared"
        );
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        staging.exists(),
        "the killed build's staging folder is left"
    );
    assert_eq!(
        std::fs::read(site.root().join("public/index.html")).unwrap(),
        before
    );
    site.build().assert_ok();
    assert!(!staging.exists(), "the next build removed the leftover");
    assert!(site.read("public/index.html").contains("Changed home"));
}
