use super::*;

#[test]
fn reads_release_and_deployed_at() {
    let v =
        read_env_values(b"name = \"P\"\nrelease = \"1.2.3\"\ndeployed_at = 2024-06-12T15:04:00Z\n")
            .unwrap();
    assert_eq!(v.release.as_deref(), Some("1.2.3"));
    assert_eq!(v.deployed_at.unwrap().to_string(), "2024-06-12T15:04:00Z");
}

#[test]
fn broken_files_are_errors_not_panics() {
    assert!(read_env_values(b"release = ").is_err());
    assert!(read_env_values(b"release = 3").is_err());
    assert!(read_env_values(b"\xff").is_err());
    assert!(read_env_values(b"deployed_at = 2024-06-12T15:04:00").is_err());
}

#[test]
fn deployed_at_keeps_its_offset_and_fraction() {
    let at = |text: &str| {
        read_env_values(text.as_bytes())
            .unwrap()
            .deployed_at
            .unwrap()
            .to_string()
    };
    assert_eq!(
        at("release = \"1\"\ndeployed_at = 2024-06-12T17:04:00+02:00\n"),
        "2024-06-12T15:04:00Z"
    );
    assert_eq!(
        at("deployed_at = 2024-06-12 10:04:00.125-07:30\n"),
        "2024-06-12T17:34:00.125Z"
    );
    assert_eq!(
        at("deployed_at = \"2024-06-12T17:04:00+02:00\"\n"),
        "2024-06-12T15:04:00Z"
    );
    assert_eq!(
        read_env_values(b"deployed_at = 2024-06-12T17:04:00\n"),
        Err("`deployed_at` has no time zone offset".to_string())
    );
    assert_eq!(
        read_env_values(b"deployed_at = 2024-06-12\n"),
        Err("`deployed_at` has no time zone offset".to_string())
    );
}
