use super::*;

#[test]
fn crlf_and_bom_are_taken_off_and_put_back() {
    let raw = "\u{feff}name = \"A\"\r\nrelease = \"1.0.0\"\r\n";
    let (spelling, text) = Spelling::split(raw);
    assert_eq!(
        spelling,
        Spelling {
            bom: true,
            crlf: true
        }
    );
    assert_eq!(text, "name = \"A\"\nrelease = \"1.0.0\"\n");
    assert_eq!(spelling.apply(&text), raw);
}

#[test]
fn files_that_mix_line_ends_are_edited_as_they_are() {
    let raw = "a = 1\r\nb = 2\n";
    let (spelling, text) = Spelling::split(raw);
    assert_eq!(spelling, Spelling::default());
    assert_eq!(text, raw);
    assert_eq!(spelling.apply(&text), raw);
}

#[test]
fn a_file_changed_since_it_was_read_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("release.toml");
    fs::write(&path, "title = \"changed by someone else\"\n").unwrap();
    let err = replace_if_unchanged(&path, "title = \"as read\"\n", "title = \"formatted\"\n")
        .unwrap_err();
    assert!(matches!(err, EditError::Changed(_)), "{err}");
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "title = \"changed by someone else\"\n"
    );
    replace_if_unchanged(
        &path,
        "title = \"changed by someone else\"\n",
        "title = \"formatted\"\n",
    )
    .unwrap();
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "title = \"formatted\"\n"
    );
}

#[test]
fn an_update_reads_the_file_under_the_lock() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.toml");
    fs::write(&path, "n = 1\n").unwrap();
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let path = path.clone();
            std::thread::spawn(move || {
                update(&path, |text| {
                    let n: u32 = text.trim().trim_start_matches("n = ").parse().unwrap();
                    std::thread::sleep(std::time::Duration::from_millis(5));
                    Ok(format!("n = {}\n", n + 1))
                })
                .unwrap();
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert_eq!(fs::read_to_string(&path).unwrap(), "n = 9\n");
    let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "a temporary file was left");
}
