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
