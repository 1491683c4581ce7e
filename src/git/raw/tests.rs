use super::*;

#[test]
fn reads_commit_headers() {
    let data = b"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nparent 1111111111111111111111111111111111111111\nparent 2222222222222222222222222222222222222222\nauthor A <a@x> 1 +0000\ncommitter B <b> c> 1718204640 +0200\n\nmessage\ntree 0000\n";
    let (tree, parent, time) = commit_header(data).unwrap();
    assert_eq!(tree.to_string(), "4b825dc642cb6eb9a060e54bf8d69288fbee4904");
    assert_eq!(
        parent.unwrap().to_string(),
        "1111111111111111111111111111111111111111"
    );
    assert_eq!(time, 1718204640);
    assert!(commit_header(b"garbage").is_none());
}

#[test]
fn finds_tree_entries() {
    let mut data = b"100644 a.toml\0".to_vec();
    data.extend([1u8; 20]);
    data.extend(b"40000 environments\0");
    data.extend([2u8; 20]);
    let (mode, id) = tree_entry(&data, "environments").unwrap();
    assert_eq!((mode, id.as_bytes()[0]), (TREE_MODE, 2));
    assert!(tree_entry(&data, "env").is_none());
    assert!(tree_entry(&data[..30], "environments").is_none());
}

#[test]
fn finds_many_tree_entries_in_one_pass() {
    let mut data = b"40000 1.0.0\0".to_vec();
    data.extend([1u8; 20]);
    data.extend(b"100644 1.1.0\0");
    data.extend([2u8; 20]);
    data.extend(b"40000 2.0.0\0");
    data.extend([3u8; 20]);
    let found = tree_entries(&data, &["2.0.0", "1.1.0", "9.9.9"]);
    assert_eq!(found.len(), 2);
    assert_eq!(found["2.0.0"].0, TREE_MODE);
    assert_eq!(found["2.0.0"].1, Oid::from_bytes(&[3u8; 20]).unwrap());
    assert_eq!(found["1.1.0"].0, b"100644");
    // A truncated object ends the search without a panic.
    assert!(tree_entries(&data[..data.len() - 5], &["2.0.0"]).is_empty());
}
